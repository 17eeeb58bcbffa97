// Worker thread entry for the XAFS bench: registers tsx, then runs the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
