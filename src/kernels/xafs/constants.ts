/** ħ²/(2mₑ) in eV·Å², CODATA-2022 (the value scipy ≥ 1.15 gives larch 2026.3). */
export const KTOE = 3.8099821109685847;
export const ETOK = 1 / KTOE;

/** k (Å⁻¹) of an energy offset E − E0 (eV), signed like larch's etok. */
export function etok(de: number): number {
  return Math.sign(de) * Math.sqrt(ETOK * Math.abs(de));
}
