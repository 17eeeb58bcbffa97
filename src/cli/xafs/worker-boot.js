// Worker thread entry of `beamflow xafs --workers N`: registers tsx, then runs the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
