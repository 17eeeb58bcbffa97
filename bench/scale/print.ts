/** Prints the scale bench's markdown section to stdout without touching bench/RESULTS.md (for lent machines). */
import { bench } from '../scale.bench.ts';

console.log(await bench());
