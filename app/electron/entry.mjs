// Electron's main-process entry: loads the TypeScript shell through tsx (no build step), as bin/beamflow.js does.
import { register } from 'tsx/esm/api';

register();
process.env.BEAMFLOW_ELECTRON_ENTRY = '1';
await import('./main.ts');
