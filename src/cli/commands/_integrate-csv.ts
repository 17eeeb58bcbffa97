/** A pattern as CSV: header `radial,intensity,sigma`, numbers in shortest round-trip form. */
export function patternCsv(radial: Float64Array, intensity: Float64Array, sigma: Float64Array): string {
  const lines = ['radial,intensity,sigma'];
  for (let i = 0; i < radial.length; i++) lines.push(`${radial[i]},${intensity[i]},${sigma[i]}`);
  return lines.join('\n') + '\n';
}
