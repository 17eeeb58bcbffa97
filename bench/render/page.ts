/**
 * The render bench page: the same curves drawn by our PixiJS renderer and by uPlot in the same headless
 * Chromium, one at a time in the same host element. Every timing forces the drawing to finish (a 1-pixel
 * read back) so deferred GPU work is counted.
 */
import { Application, Graphics, RenderTexture, Sprite } from 'pixi.js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { LinePlot } from '../../src/render/line-plot.ts';
import { curveColor } from '../../src/render/colormap.ts';
import { makeCurves, viewAt, type CurveSet } from './data.ts';

const W = 1000;
const H = 600;

export interface Timings {
  firstFrameMs: number;
  initMs?: number;
  resharpenMs?: number;
  frameMs: number[];
  updateMs: number[];
  updateOnScreenMs: number[];
  uploadBytes?: number;
}

let cached: { key: string; set: CurveSet } | null = null;
function curves(n: number, p: number): CurveSet {
  const key = `${n}x${p}`;
  if (cached?.key !== key) cached = { key, set: makeCurves(n, p) };
  return cached.set;
}

function host(): HTMLElement {
  const h = document.getElementById('host')!;
  h.innerHTML = '';
  const d = document.createElement('div');
  h.appendChild(d);
  return d;
}

const nextFrame = () => new Promise<number>((r) => requestAnimationFrame(r));

async function ours(n: number, p: number, frames: number, updates: number, painter: 'gpu' | 'cpu' | 'auto' = 'auto'): Promise<Timings> {
  const set = curves(n, p);
  const el = host();
  const t0 = performance.now();
  const plot = await LinePlot.create(el, { width: W, height: H, xTitle: 'energy (eV)', yTitle: 'µ', painter });
  const initMs = performance.now() - t0;
  for (let c = 0; c < n; c++) plot.setCurve(`c${c}`, { name: `c${c}`, x: set.x, y: set.ys[c], color: curveColor(c) });
  plot.frame.commitNow();
  plot.frame.sync();
  const firstFrameMs = performance.now() - t0;
  const updateMs: number[] = [];
  const updateOnScreenMs: number[] = [];
  let uploadBytes = 0;
  for (let u = 0; u < updates; u++) {
    const y = set.ys[u % n].map((v) => v + 0.01 * (u + 1));
    let t = performance.now();
    plot.setCurve(`c${u % n}`, { name: 'live', x: set.x, y, color: 0xd62728 });
    plot.frame.commitNow();
    plot.frame.sync();
    updateMs.push(performance.now() - t);
    uploadBytes = plot.lastUploadBytes;
    // The live path: setter, then the scheduled commit of the next animation frame.
    await nextFrame();
    t = performance.now();
    plot.setCurve(`c${u % n}`, { name: 'live', x: set.x, y: set.ys[u % n], color: curveColor(u) });
    const c0 = plot.frame.commits;
    while (plot.frame.commits === c0) await nextFrame();
    plot.frame.sync();
    updateOnScreenMs.push(performance.now() - t);
  }
  const frameMs: number[] = [];
  for (let f = 0; f < frames; f++) {
    const t = performance.now();
    plot.setView({ ...viewAt(f, set), logY: false });
    plot.frame.commitNow();
    plot.frame.sync();
    frameMs.push(performance.now() - t);
  }
  // How long a 2× zoom takes to be sharp again (progressive rebuild), from a settled picture.
  for (let k = 0; k < 100_000 && plot.cacheState.busy; k++) plot.frame.commitNow();
  const v = plot.view;
  const t1 = performance.now();
  plot.setView({ ...v, x0: v.x0 + (v.x1 - v.x0) / 4, x1: v.x1 - (v.x1 - v.x0) / 4 });
  for (let k = 0; k < 100_000 && (k === 0 || plot.cacheState.busy); k++) plot.frame.commitNow();
  plot.frame.sync();
  const resharpenMs = performance.now() - t1;
  plot.destroy();
  return { firstFrameMs, initMs, frameMs, updateMs, updateOnScreenMs, uploadBytes, resharpenMs };
}

function readPixel(el: HTMLElement): void {
  const c = el.querySelector('canvas');
  c?.getContext('2d')?.getImageData(0, 0, 1, 1);
}

async function uplot(n: number, p: number, frames: number, updates: number): Promise<Timings> {
  const set = curves(n, p);
  const el = host();
  const series: uPlot.Series[] = [{}];
  for (let c = 0; c < n; c++) series.push({ stroke: `#${curveColor(c).toString(16).padStart(6, '0')}`, width: 1, points: { show: false } });
  const data: uPlot.AlignedData = [set.x, ...set.ys];
  const v0 = viewAt(0, set);
  const t0 = performance.now();
  const u = new uPlot({ width: W, height: H, series, legend: { show: false }, cursor: { show: false }, pxAlign: 0, scales: { x: { time: false }, y: { auto: false, range: [v0.y0, v0.y1] } } }, data, el);
  await Promise.resolve();
  readPixel(el);
  const firstFrameMs = performance.now() - t0;
  const frameMs: number[] = [];
  for (let f = 0; f < frames; f++) {
    const t = performance.now();
    const v = viewAt(f, set);
    u.setScale('x', { min: v.x0, max: v.x1 });
    await Promise.resolve();
    readPixel(el);
    frameMs.push(performance.now() - t);
  }
  const updateMs: number[] = [];
  const updateOnScreenMs: number[] = [];
  for (let k = 0; k < updates; k++) {
    const ys = data.slice(1) as Float64Array[];
    ys[k % n] = set.ys[k % n].map((v) => v + 0.01 * (k + 1));
    const t = performance.now();
    // uPlot has no per-series update: new data redraws every series.
    u.setData([set.x, ...ys], false);
    u.redraw(true);
    await Promise.resolve();
    readPixel(el);
    updateMs.push(performance.now() - t);
  }
  u.destroy();
  return { firstFrameMs, frameMs, updateMs, updateOnScreenMs };
}

declare global {
  interface Window {
    renderBench: { ours: typeof ours; uplot: typeof uplot; ready: boolean };
  }
}

window.renderBench = { ours, uplot, ready: true };

/** Diagnostics: where a frame's time goes (not part of the bench table). */
async function profile(n: number, p: number): Promise<Record<string, number>> {
  const set = curves(n, p);
  const el = host();
  const plot = await LinePlot.create(el, { width: W, height: H });
  for (let c = 0; c < n; c++) plot.setCurve(`c${c}`, { name: `c${c}`, x: set.x, y: set.ys[c], color: curveColor(c) });
  plot.frame.commitNow();
  plot.frame.sync();
  const out: Record<string, number> = {};
  const time = (label: string, f: () => void, k = 10) => {
    f();
    const t = performance.now();
    for (let i = 0; i < k; i++) f();
    out[label] = (performance.now() - t) / k;
  };
  const v = plot.view;
  let i = 0;
  time('pan within cache (commit+sync)', () => {
    plot.setView({ ...v, x0: v.x0 + (i % 2) * 5, x1: v.x1 + (i++ % 2) * 5 });
    plot.frame.commitNow();
    plot.frame.sync();
  });
  time('sync only', () => plot.frame.sync());
  time('render only + sync', () => {
    plot.frame.render();
    plot.frame.sync();
  });
  let u = 0;
  time('update one curve (commit+sync)', () => {
    const y = set.ys[3].map((q) => q + 0.001 * (u++ % 5));
    plot.setCurve('c3', { name: 'c3', x: set.x, y, color: 0xff0000 });
    plot.frame.commitNow();
    plot.frame.sync();
  });
  out.busyAfterUpdates = Number(plot.cacheState.busy);
  out.builds2 = plot.cacheState.builds;
  const ctx = plot.frame.ctx;
  time('overlay axes', () => {
    ctx.clearRect(0, 0, 10, 10);
    plot.frame.commitNow();
  });
  out.builds = plot.cacheState.builds;
  plot.destroy();
  return out;
}
(window.renderBench as unknown as Record<string, unknown>).profile = profile;

async function profileSprite(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const app = new Application();
  await app.init({ width: W, height: H, preference: 'webgl', antialias: false, autoStart: false, sharedTicker: false, background: 0xffffff });
  host().appendChild(app.canvas);
  const gl = (app.renderer as unknown as { gl: WebGL2RenderingContext }).gl;
  const sync = () => gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
  const time = (label: string, f: () => void, k = 10) => {
    f();
    sync();
    const t = performance.now();
    for (let i = 0; i < k; i++) {
      f();
      sync();
    }
    out[label] = (performance.now() - t) / k;
  };
  time('empty stage', () => app.renderer.render(app.stage));
  const rt = RenderTexture.create({ width: 1500, height: 900 });
  const g = new Graphics().rect(0, 0, 1500, 900).fill(0xff0000);
  app.renderer.render({ container: g, target: rt });
  const s = new Sprite(rt);
  s.width = W;
  s.height = H;
  app.stage.addChild(s);
  time('sprite 1500x900 → 1000x600 linear', () => app.renderer.render(app.stage));
  rt.source.scaleMode = 'nearest';
  time('sprite nearest', () => app.renderer.render(app.stage));
  s.width = 1500;
  s.height = 900;
  time('sprite 1:1 nearest', () => app.renderer.render(app.stage));
  s.visible = false;
  time('sprite hidden', () => app.renderer.render(app.stage));
  app.destroy(true);
  return out;
}
(window.renderBench as unknown as Record<string, unknown>).profileSprite = profileSprite;

async function profileRawQuad(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const c = document.createElement('canvas');
  c.width = W;
  c.height = H;
  host().appendChild(c);
  const gl = c.getContext('webgl2')!;
  const sh = (type: number, src: string) => {
    const s = gl.createShader(type)!;
    gl.shaderSource(s, src);
    gl.compileShader(s);
    return s;
  };
  const pr = gl.createProgram()!;
  gl.attachShader(pr, sh(gl.VERTEX_SHADER, '#version 300 es\nin vec2 p; out vec2 uv; void main(){ uv = p * 0.5 + 0.5; gl_Position = vec4(p,0,1);}'));
  gl.attachShader(pr, sh(gl.FRAGMENT_SHADER, '#version 300 es\nprecision highp float; in vec2 uv; uniform sampler2D t; out vec4 o; void main(){ o = texture(t, uv);}'));
  gl.linkProgram(pr);
  gl.useProgram(pr);
  const b = gl.createBuffer();
  gl.bindBuffer(gl.ARRAY_BUFFER, b);
  gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-1, -1, 1, -1, -1, 1, 1, 1]), gl.STATIC_DRAW);
  gl.enableVertexAttribArray(0);
  gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
  const tex = gl.createTexture();
  gl.bindTexture(gl.TEXTURE_2D, tex);
  gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, 1500, 900, 0, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(1500 * 900 * 4).fill(128));
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
  const px = new Uint8Array(4);
  const time = (label: string, f: () => void) => {
    f();
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
    const t = performance.now();
    for (let i = 0; i < 10; i++) {
      f();
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
    }
    out[label] = (performance.now() - t) / 10;
  };
  time('clear', () => gl.clear(gl.COLOR_BUFFER_BIT));
  time('quad linear', () => gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4));
  gl.enable(gl.BLEND);
  gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
  time('quad linear blend', () => gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4));
  return out;
}
(window.renderBench as unknown as Record<string, unknown>).profileRawQuad = profileRawQuad;

/** Draws a few curves and leaves the plot on the page (for looking at it). */
async function show(n: number, p: number, painter: 'gpu' | 'cpu' = 'cpu'): Promise<Record<string, number | string>> {
  const set = curves(n, p);
  const plot = await LinePlot.create(host(), { width: W, height: H, xTitle: 'energy (eV)', yTitle: 'µ', painter });
  for (let c = 0; c < n; c++) plot.setCurve(`c${c}`, { name: `c${c}`, x: set.x, y: set.ys[c], color: curveColor(c) });
  plot.frame.commitNow();
  plot.setCurve('c0', { name: 'c0', x: set.x, y: set.ys[0].map((v) => v + 0.1), color: 0xff0000 });
  plot.frame.commitNow();
  return { builds: plot.cacheState.builds, busy: Number(plot.cacheState.busy), painter: plot.cacheState.painter };
}
(window.renderBench as unknown as Record<string, unknown>).show = show;

async function debugCache(): Promise<Record<string, unknown>> {
  const set = curves(20, 200);
  const plot = await LinePlot.create(host(), { width: W, height: H });
  for (let c = 0; c < 20; c++) plot.setCurve(`c${c}`, { name: `c${c}`, x: set.x, y: set.ys[c], color: curveColor(c) });
  plot.frame.commitNow();
  const anyPlot = plot as unknown as { cache: { targets: { texture: import('pixi.js').RenderTexture; view: unknown }[]; sprite: import('pixi.js').Mesh }; coldLayer: { container: import('pixi.js').Container; chunkCount: number } };
  const r = plot.frame.app.renderer;
  const out: Record<string, unknown> = {};
  for (const [i, t] of anyPlot.cache.targets.entries()) {
    const px = r.extract.pixels(t.texture);
    let nonzero = 0;
    for (let k = 3; k < px.pixels.length; k += 4) if (px.pixels[k] > 0) nonzero++;
    out[`target${i}`] = { w: px.width, h: px.height, nonzero, view: t.view };
  }
  out.sprite = { x: anyPlot.cache.sprite.x, y: anyPlot.cache.sprite.y, sx: anyPlot.cache.sprite.scale.x, sy: anyPlot.cache.sprite.scale.y, visible: anyPlot.cache.sprite.visible };
  out.chunks = anyPlot.coldLayer.chunkCount;
  const fgl = (plot.frame.front!.renderer as unknown as { gl: WebGL2RenderingContext }).gl;
  out.frontAttrs = fgl.getContextAttributes();
  plot.frame.renderFront();
  const fp = new Uint8Array(4);
  fgl.readPixels(5, 5, 1, 1, fgl.RGBA, fgl.UNSIGNED_BYTE, fp);
  out.frontPixel = Array.from(fp);
  plot.frame.render();
  const bgl = (plot.frame.app.renderer as unknown as { gl: WebGL2RenderingContext }).gl;
  const bp = new Uint8Array(4 * 1000 * 600);
  bgl.readPixels(0, 0, 1000, 600, bgl.RGBA, bgl.UNSIGNED_BYTE, bp);
  let nonwhite = 0;
  for (let k = 0; k < bp.length; k += 4) if (bp[k] < 250 || bp[k + 1] < 250 || bp[k + 2] < 250) nonwhite++;
  out.backNonWhite = nonwhite;
  out.backPixel = Array.from(bp.slice(0, 4));
  return out;
}
(window.renderBench as unknown as Record<string, unknown>).debugCache = debugCache;

async function profileFirst(n: number, p: number): Promise<Record<string, number>> {
  const set = curves(n, p);
  const out: Record<string, number> = {};
  let t = performance.now();
  const plot = await LinePlot.create(host(), { width: W, height: H });
  out.create = performance.now() - t;
  t = performance.now();
  for (let c = 0; c < n; c++) plot.setCurve(`c${c}`, { name: `c${c}`, x: set.x, y: set.ys[c], color: curveColor(c) });
  out.setCurves = performance.now() - t;
  const anyPlot = plot as unknown as { cold: { set(id: string, s: unknown): void }; coldLayer: { commit(): number }; cache: unknown };
  t = performance.now();
  plot.frame.commitNow();
  out.commit = performance.now() - t;
  t = performance.now();
  plot.frame.sync();
  out.sync = performance.now() - t;
  // A second full draw of the same picture (no upload): the GPU part alone.
  t = performance.now();
  plot.setView({ ...plot.view, x0: plot.view.x0 + (plot.view.x1 - plot.view.x0) / 2 });
  for (let k = 0; k < 100_000 && (k === 0 || plot.cacheState.busy); k++) plot.frame.commitNow();
  plot.frame.sync();
  out.redrawProgressive = performance.now() - t;
  void anyPlot;
  plot.destroy();
  return out;
}
(window.renderBench as unknown as Record<string, unknown>).profileFirst = profileFirst;
