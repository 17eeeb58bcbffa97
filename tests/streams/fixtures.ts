/** Paths of the shared bluesky fixtures (read in place, never copied). */
import { fileURLToPath } from 'node:url';

export const DATA = fileURLToPath(new URL('../../../shared/data/', import.meta.url));
export const APS_SCAN = `${DATA}bluesky/aps-4id-polar-qxscan-624e776a.msgpack`;
export const SIM_IMG = `${DATA}bluesky/sim-count-img-resource-1069c439.jsonl`;
