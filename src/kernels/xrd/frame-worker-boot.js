// Piscina worker entry for the frame pool. Plain JavaScript so Node starts it without a loader; it registers
// tsx, then serves integrateFrameFile (read + decode + integrate one frame; plan cached per worker).
// Replies are a few 2000-bin arrays: copying them costs less than arranging a transfer.
import { register } from 'tsx/esm/api';

register();
const { integrateFrameFile } = await import('./frame-task.ts');

export default integrateFrameFile;
