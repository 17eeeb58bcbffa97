#!/usr/bin/env node
// The beamflow command line. Sources are TypeScript, loaded through tsx (no separate build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
