// Worker entry for the piscina pool. Plain JavaScript so Node can start it without a loader; it registers
// tsx so that the TypeScript worker code and the transforms' modules load as they do on the main thread.
import { register } from 'tsx/esm/api';

register();
const { runBatch } = await import('./pool-worker.ts');
export default runBatch;
