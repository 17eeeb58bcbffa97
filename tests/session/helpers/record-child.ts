/** Child process for the crash test: records events as fast as it can until killed. argv: FILE */
import { SessionWriter } from '../../../src/session/log-writer.ts';

const file = process.argv[2];
const w = new SessionWriter(file, { fsync: { kind: 'every', records: 50 } });
let i = 0;
const burst = (): void => {
  for (let k = 0; k < 200; k++, i++) {
    w.append({ type: 'appendData', id: `item${i % 7}`, seq: i, data: { energy: new Float64Array([i, i + 0.5, NaN]), mu: new Float32Array(i % 50) } });
  }
  if (i === 2000) process.stdout.write('ready\n');
  setImmediate(burst);
};
burst();
