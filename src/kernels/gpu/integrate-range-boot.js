// Piscina worker entry of the workers integration backend. Plain JavaScript so Node starts it without a
// loader; it registers tsx, then serves integrateRange (a range of bins of a shared CSR plan).
import { register } from 'tsx/esm/api';

register();
const { integrateRange } = await import('./integrate-range.ts');

export default integrateRange;
