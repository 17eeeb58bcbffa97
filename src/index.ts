/** beamflow: the public API for scripts. */
export * from './graph/index.ts';
