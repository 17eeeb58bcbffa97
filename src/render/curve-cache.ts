/**
 * The cold curves of a plot rendered once into a texture, which pan and zoom then only move and scale (one
 * textured quad). A software rasteriser (SwiftShader) spends about a microsecond per line segment, so
 * redrawing 10^6 segments every frame cannot reach interactive rates; drawing them once and transforming
 * the picture can. When the view leaves the cached region or the zoom drifts too far, or the set of cold
 * curves changes, the cache is rebuilt into a second texture a few chunks per frame and swapped in when
 * complete, so the plot stays interactive while it sharpens.
 */
import { BufferImageSource, Mesh, MeshGeometry, RenderTexture, Shader, UniformGroup, type Renderer } from 'pixi.js';
import type { LineLayer } from './line-layer.ts';
import { rasterize, rasterizeRange } from './raster.ts';
import type { Size, View } from './view.ts';

// A quad with one sampler and no blending: PixiJS's batched sprite shader branches over 16 texture units,
// which a software rasteriser runs for every pixel (measured 145 ms per full-plot sprite against 17 ms here).
const QUAD_VERTEX = /* glsl */ `
in vec2 aPosition;
in vec2 aUV;
uniform mat3 uProjectionMatrix;
uniform mat3 uWorldTransformMatrix;
uniform mat3 uTransformMatrix;
out vec2 vUV;
void main() {
  vUV = aUV;
  gl_Position = vec4((uProjectionMatrix * uWorldTransformMatrix * uTransformMatrix * vec3(aPosition, 1.0)).xy, 0.0, 1.0);
}`;

const QUAD_FRAGMENT = /* glsl */ `
in vec2 vUV;
uniform sampler2D uTexture;
uniform float uFade;
out vec4 finalColor;
void main() {
  vec4 c = texture(uTexture, vUV);
  // Curves were drawn premultiplied on a transparent background: composite on white, then fade to white.
  vec3 rgb = c.rgb + (1.0 - c.a);
  finalColor = vec4(mix(rgb, vec3(1.0), uFade), 1.0);
}`;

/** The cached region extends the view by this fraction of its size on every side. */
const MARGIN = 0.25;

interface Target {
  readonly texture: RenderTexture;
  view: View;
}

/** Who draws the cached picture: WebGL lines into a render texture, or the CPU painter (raster.ts). */
export type Painter = 'gpu' | 'cpu';

export class CurveCache {
  readonly sprite: Mesh<MeshGeometry, Shader>;
  private readonly shader: Shader;
  private readonly fade = new UniformGroup({ uFade: { value: 0, type: 'f32' } });
  private readonly targets: [Target, Target];
  private shown: Target | null = null;
  private building: { target: Target; next: number } | null = null;
  private stale = true;
  private texSize: Size = { width: 1, height: 1 };
  /** Completed rebuilds (tests, bench). */
  builds = 0;

  private cpu: { source: BufferImageSource; pixels: Uint32Array; view: View } | null = null;

  constructor(
    private readonly renderer: Renderer,
    private readonly layer: LineLayer,
    readonly painter: Painter = 'gpu',
  ) {
    const blank: View = { x0: 0, x1: 1, y0: 0, y1: 1, logY: false };
    this.targets = [
      { texture: RenderTexture.create({ width: 1, height: 1 }), view: blank },
      { texture: RenderTexture.create({ width: 1, height: 1 }), view: blank },
    ];
    const geometry = new MeshGeometry({ positions: new Float32Array([0, 0, 1, 0, 1, 1, 0, 1]), uvs: new Float32Array([0, 0, 1, 0, 1, 1, 0, 1]), indices: new Uint32Array([0, 1, 2, 0, 2, 3]) });
    this.shader = Shader.from({ gl: { vertex: QUAD_VERTEX, fragment: QUAD_FRAGMENT, name: 'beamflow-cache' }, resources: { uTexture: this.targets[0].texture.source, fade: this.fade } });
    this.sprite = new Mesh<MeshGeometry, Shader>({ geometry, shader: this.shader });
    this.sprite.state.blend = false;
    this.sprite.eventMode = 'none';
    this.sprite.visible = false;
  }

  /** Fades the cached curves towards the background (while a selection is highlighted). */
  setFade(f: number): void {
    this.fade.uniforms.uFade = f;
    this.fade.update();
  }

  /** Whether a picture is shown at all (the first one is drawn in full, not progressively). */
  get hasPicture(): boolean {
    return this.shown !== null || this.cpu !== null;
  }

  /** The cold set changed (curve written, removed, hidden): the picture must be redrawn. */
  invalidate(): void {
    this.stale = true;
  }

  /** Vertex ranges of curves new to the cold set, to paint over the current picture (CPU painter). */
  private additions: { chunk: number; start: number; end: number }[] = [];

  /**
   * A curve joined the cold set that the picture never showed: the CPU painter draws just its segments
   * over the picture (no full redraw while spectra arrive); the GPU painter redraws.
   */
  add(range: { readonly chunk: number; readonly start: number; readonly end: number }): void {
    if (this.painter === 'cpu' && this.cpu) this.additions.push({ ...range });
    else this.stale = true;
  }

  get busy(): boolean {
    return this.building !== null;
  }

  /** Whether the shown picture covers `view` at a close enough zoom. */
  private covers(view: View, plot: Size): boolean {
    const s = this.painter === 'cpu' ? (this.cpu ? { view: this.cpu.view } : null) : this.shown;
    if (!s || s.view.logY !== view.logY) return false;
    const inside = Math.min(s.view.x0, s.view.x1) <= Math.min(view.x0, view.x1) && Math.max(s.view.x0, s.view.x1) >= Math.max(view.x0, view.x1) && Math.min(s.view.y0, s.view.y1) <= Math.min(view.y0, view.y1) && Math.max(s.view.y0, s.view.y1) >= Math.max(view.y0, view.y1);
    const zx = (s.view.x1 - s.view.x0) / (1 + 2 * MARGIN) / (view.x1 - view.x0);
    const zy = (s.view.y1 - s.view.y0) / (1 + 2 * MARGIN) / (view.y1 - view.y0);
    const sizeOk = this.texSize.width === Math.ceil(plot.width * (1 + 2 * MARGIN)) && this.texSize.height === Math.ceil(plot.height * (1 + 2 * MARGIN));
    return inside && sizeOk && zx > 0.8 && zx < 1.25 && zy > 0.8 && zy < 1.25;
  }

  /**
   * Advances the cache for this frame: starts a rebuild when needed, draws chunks into the texture being
   * built until `budgetMs` is used (all of them when `budgetMs` is Infinity), swaps it in when done, and
   * places the shown picture for `view`. Returns whether a rebuild is still in progress.
   */
  update(view: View, plot: Size, budgetMs: number, sync: () => void): boolean {
    const needs = this.stale || !this.covers(view, plot);
    if (this.painter === 'cpu') {
      // The CPU painter redraws the whole picture within the frame: no progressive state.
      if (needs) this.paintCpu(view, plot);
      else if (this.additions.length > 0) this.paintAdditions();
      this.additions.length = 0;
      this.place(view, plot);
      return false;
    }
    // A rebuild already under way finishes first (the view moved on: the next one catches up).
    if (needs && !this.building) this.start(view, plot);
    if (this.building) this.step(budgetMs, sync);
    this.place(view, plot);
    return this.building !== null;
  }

  private paintCpu(view: View, plot: Size): void {
    const w = Math.ceil(plot.width * (1 + 2 * MARGIN));
    const h = Math.ceil(plot.height * (1 + 2 * MARGIN));
    this.texSize = { width: w, height: h };
    const dx = (view.x1 - view.x0) * MARGIN;
    const dy = (view.y1 - view.y0) * MARGIN;
    const target: View = { x0: view.x0 - dx, x1: view.x1 + dx, y0: view.y0 - dy, y1: view.y1 + dy, logY: view.logY };
    let c = this.cpu;
    if (!c || c.source.width !== w || c.source.height !== h) {
      c?.source.destroy();
      const pixels = new Uint32Array(w * h);
      const source = new BufferImageSource({ resource: new Uint8Array(pixels.buffer), width: w, height: h, format: 'rgba8unorm' });
      c = { source, pixels, view: target };
      this.cpu = c;
    }
    rasterize(this.layer.store.chunks, this.layer.store.originX, target, w, h, c.pixels);
    c.view = target;
    c.source.update();
    this.stale = false;
    this.shader.resources.uTexture = c.source;
    this.builds++;
    this.sprite.visible = true;
  }

  /** The picture changed in place since the last call (curves painted in): the back canvas must redraw. */
  takePainted(): boolean {
    const p = this.paintedIn;
    this.paintedIn = false;
    return p;
  }

  private paintedIn = false;

  private paintAdditions(): void {
    this.paintedIn = true;
    const c = this.cpu!;
    const chunks = this.layer.store.chunks;
    for (const a of this.additions) {
      const ch = chunks[a.chunk];
      if (ch) rasterizeRange(ch, a.start, a.end, this.layer.store.originX, c.view, c.source.width, c.source.height, c.pixels);
    }
    c.source.update();
  }

  private start(view: View, plot: Size): void {
    const w = Math.ceil(plot.width * (1 + 2 * MARGIN));
    const h = Math.ceil(plot.height * (1 + 2 * MARGIN));
    if (w !== this.texSize.width || h !== this.texSize.height) {
      for (const t of this.targets) t.texture.resize(w, h);
      this.texSize = { width: w, height: h };
    }
    const dx = (view.x1 - view.x0) * MARGIN;
    const dy = (view.y1 - view.y0) * MARGIN;
    const target = this.targets[0] === this.shown ? this.targets[1] : this.targets[0];
    target.view = { x0: view.x0 - dx, x1: view.x1 + dx, y0: view.y0 - dy, y1: view.y1 + dy, logY: view.logY };
    this.building = { target, next: 0 };
    this.stale = false;
    this.layer.setView(target.view, w, h);
    this.layer.commit();
    this.layer.showChunks(0, 0);
    this.renderer.render({ container: this.layer.container, target: target.texture, clear: true, clearColor: [0, 0, 0, 0] });
    this.layer.showChunks(0, this.layer.chunkCount);
  }

  private step(budgetMs: number, sync: () => void): void {
    const b = this.building!;
    const t0 = performance.now();
    const n = this.layer.chunkCount;
    this.layer.setView(b.target.view, this.texSize.width, this.texSize.height);
    while (b.next < n) {
      // Whole budget at once when unlimited; otherwise one chunk at a time, timed with a read back.
      const hi = Number.isFinite(budgetMs) ? b.next + 1 : n;
      this.layer.showChunks(b.next, hi);
      this.renderer.render({ container: this.layer.container, target: b.target.texture, clear: false });
      b.next = hi;
      if (!Number.isFinite(budgetMs)) break;
      sync();
      if (performance.now() - t0 > budgetMs) break;
    }
    this.layer.showChunks(0, n);
    if (b.next >= n) {
      this.shown = b.target;
      this.building = null;
      this.builds++;
      this.shader.resources.uTexture = b.target.texture.source;
      this.sprite.visible = true;
    }
  }

  /** Maps the shown picture's region onto the current view: a translate and a scale. */
  private place(view: View, plot: Size): void {
    const s = this.painter === 'cpu' ? this.cpu : this.shown;
    if (!s) return;
    const kx = plot.width / (view.x1 - view.x0);
    const ky = plot.height / (view.y1 - view.y0);
    this.sprite.x = (s.view.x0 - view.x0) * kx;
    this.sprite.y = (view.y1 - s.view.y1) * ky;
    this.sprite.scale.set((s.view.x1 - s.view.x0) * kx, (s.view.y1 - s.view.y0) * ky);
  }

  destroy(): void {
    this.sprite.destroy();
    this.shader.destroy();
    this.cpu?.source.destroy();
    for (const t of this.targets) t.texture.destroy(true);
  }
}
