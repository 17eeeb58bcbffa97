/**
 * Parallel-beam tomography for XRD-CT: forward projection (for phantoms and simulation) and filtered
 * back-projection with the Ram-Lak or Shepp-Logan filter, as spatial-domain kernels (Kak & Slaney, ch. 3).
 * Sinograms are rotation-major: row r holds the nDet detector (translation) samples at angle r.
 * Coordinates are centred; one detector sample equals one image pixel.
 */

export type FbpFilter = 'ram-lak' | 'shepp-logan';
export const FBP_FILTERS: readonly FbpFilter[] = ['ram-lak', 'shepp-logan'];

/** Bilinear sample of a size×size image at centred coordinates (x right, y down); 0 outside. */
function sample(img: Float64Array, size: number, x: number, y: number): number {
  const c = (size - 1) / 2;
  const fx = x + c;
  const fy = y + c;
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  if (x0 < -1 || y0 < -1 || x0 >= size || y0 >= size) return 0;
  const ax = fx - x0;
  const ay = fy - y0;
  const at = (i: number, j: number) => (i >= 0 && j >= 0 && i < size && j < size ? img[j * size + i] : 0);
  return (1 - ay) * ((1 - ax) * at(x0, y0) + ax * at(x0 + 1, y0)) + ay * ((1 - ax) * at(x0, y0 + 1) + ax * at(x0 + 1, y0 + 1));
}

/** Line integrals p(θ, s) = ∫ f(s·cosθ − t·sinθ, s·sinθ + t·cosθ) dt, by sampling every half pixel. */
export function projectParallel(img: Float64Array, size: number, anglesDeg: Float64Array, nDet: number): Float64Array {
  const out = new Float64Array(anglesDeg.length * nDet);
  const half = size * 0.75;
  const step = 0.5;
  const cd = (nDet - 1) / 2;
  for (let r = 0; r < anglesDeg.length; r++) {
    const th = (anglesDeg[r] * Math.PI) / 180;
    const c = Math.cos(th), s = Math.sin(th);
    for (let d = 0; d < nDet; d++) {
      const u = d - cd;
      let acc = 0;
      for (let t = -half; t <= half; t += step) acc += sample(img, size, u * c - t * s, u * s + t * c);
      out[r * nDet + d] = acc * step;
    }
  }
  return out;
}

/** The discrete filter kernel h[n], n = −(len−1)..(len−1), for unit sample spacing. */
export function filterKernel(filter: FbpFilter, len: number): Float64Array {
  const h = new Float64Array(2 * len - 1);
  for (let n = -(len - 1); n <= len - 1; n++) {
    let v: number;
    if (filter === 'ram-lak') v = n === 0 ? 0.25 : n % 2 === 0 ? 0 : -1 / (Math.PI * Math.PI * n * n);
    else v = -2 / (Math.PI * Math.PI * (4 * n * n - 1));
    h[n + len - 1] = v;
  }
  return h;
}

/** Convolves each projection with the filter (zero padding, so no wrap-around). */
export function filterSinogram(sino: Float64Array, nRot: number, nDet: number, filter: FbpFilter): Float64Array {
  const h = filterKernel(filter, nDet);
  const out = new Float64Array(sino.length);
  for (let r = 0; r < nRot; r++) {
    const row = r * nDet;
    for (let i = 0; i < nDet; i++) {
      let acc = 0;
      for (let j = 0; j < nDet; j++) acc += sino[row + j] * h[i - j + nDet - 1];
      out[row + i] = acc;
    }
  }
  return out;
}

/** Smears each filtered projection back over a size×size image (linear interpolation), times π/nRot. */
export function backProject(filtered: Float64Array, nRot: number, nDet: number, anglesDeg: Float64Array, size: number): Float64Array {
  const img = new Float64Array(size * size);
  const c = (size - 1) / 2;
  const cd = (nDet - 1) / 2;
  for (let r = 0; r < nRot; r++) {
    const th = (anglesDeg[r] * Math.PI) / 180;
    const cs = Math.cos(th), sn = Math.sin(th);
    const row = r * nDet;
    for (let y = 0; y < size; y++) {
      const yy = y - c;
      for (let x = 0; x < size; x++) {
        const u = (x - c) * cs + yy * sn + cd;
        const d0 = Math.floor(u);
        if (d0 < 0 || d0 >= nDet - 1) {
          if (d0 === nDet - 1 && u === d0) img[y * size + x] += filtered[row + d0];
          continue;
        }
        const a = u - d0;
        img[y * size + x] += (1 - a) * filtered[row + d0] + a * filtered[row + d0 + 1];
      }
    }
  }
  const k = Math.PI / nRot;
  for (let i = 0; i < img.length; i++) img[i] *= k;
  return img;
}

/** Filtered back-projection of a sinogram (nRot × nDet) onto a size×size image (default size nDet). */
export function fbp(sino: Float64Array, anglesDeg: Float64Array, nDet: number, filter: FbpFilter = 'ram-lak', size = nDet): Float64Array {
  const nRot = anglesDeg.length;
  if (sino.length !== nRot * nDet) throw new RangeError(`sinogram has ${sino.length} values, expected ${nRot} × ${nDet}`);
  return backProject(filterSinogram(sino, nRot, nDet, filter), nRot, nDet, anglesDeg, size);
}
