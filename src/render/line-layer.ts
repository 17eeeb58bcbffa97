/**
 * The GPU side of a set of curves: one PixiJS Mesh per vertex chunk, all sharing one shader whose uniforms
 * hold the view (pan/zoom/log). Moving the view changes only uniforms; a commit uploads only each chunk's
 * dirty byte range (Buffer.update(size, offset)), or the whole array when the chunk grew.
 */
import { Buffer, BufferUsage, Container, Geometry, Mesh, Shader, UniformGroup } from 'pixi.js';
import { FLOATS_PER_VERTEX, type VertexChunks } from './vertex-chunks.ts';

const VERTEX = /* glsl */ `
in vec2 aXY;
in float aColor;
uniform mat3 uProjectionMatrix;
uniform mat3 uWorldTransformMatrix;
uniform mat3 uTransformMatrix;
uniform vec4 uView;      // x0 (relative to the data origin), pixels per x unit, y1 (top), pixels per y unit
uniform vec4 uStyle;     // log y (0/1), alpha, offset x, offset y (pixels)
uniform vec4 uOverride;  // colour replacing the curve's own when alpha > 0
out vec4 vColor;
void main() {
  if (aColor < 0.0) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    vColor = vec4(0.0);
    return;
  }
  float y = aXY.y;
  if (uStyle.x > 0.5) y = log(max(y, 1e-30)) * 0.4342944819;
  // Target pixels (y down), then PixiJS's own projection (which also handles render-texture orientation).
  vec2 px = vec2((aXY.x - uView.x) * uView.y + uStyle.z, (uView.z - y) * uView.w + uStyle.w);
  gl_Position = vec4((uProjectionMatrix * uWorldTransformMatrix * uTransformMatrix * vec3(px, 1.0)).xy, 0.0, 1.0);
  float c = aColor;
  float r = floor(c / 65536.0);
  float g = floor((c - r * 65536.0) / 256.0);
  float b = c - r * 65536.0 - g * 256.0;
  vec3 rgb = uOverride.a > 0.0 ? uOverride.rgb : vec3(r, g, b) / 255.0;
  vColor = vec4(rgb * uStyle.y, uStyle.y);
}`;

const FRAGMENT = /* glsl */ `
in vec4 vColor;
out vec4 finalColor;
void main() { finalColor = vColor; }`;

export interface LayerView {
  /** View range in data units; y in log10 units when logY. */
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
  readonly logY: boolean;
}

export interface LayerPass {
  readonly alpha: number;
  /** Pixel offset of this pass (a halo is drawn as a few offset passes). */
  readonly dx: number;
  readonly dy: number;
  /** 0xRRGGBB replacing the curve colours, or null. */
  readonly override: number | null;
}

interface GpuChunk {
  buffer: Buffer;
  geometry: Geometry;
  meshes: Mesh<Geometry, Shader>[];
}

export class LineLayer {
  readonly container = new Container();
  private readonly gpu: GpuChunk[] = [];
  private readonly passes: { shader: Shader; group: UniformGroup; container: Container }[];
  /** Bytes uploaded by the last commit (for tests and the bench). */
  lastUploadBytes = 0;

  private readonly offsets: readonly LayerPass[];

  constructor(
    readonly store: VertexChunks,
    passes: readonly LayerPass[],
  ) {
    this.offsets = passes;
    this.passes = passes.map((p) => {
      const group = new UniformGroup({
        uView: { value: new Float32Array([0, 1, 0, 1]), type: 'vec4<f32>' },
        uStyle: { value: new Float32Array([0, p.alpha, 0, 0]), type: 'vec4<f32>' },
        uOverride: { value: overrideColor(p.override), type: 'vec4<f32>' },
      });
      const shader = Shader.from({ gl: { vertex: VERTEX, fragment: FRAGMENT, name: 'beamflow-lines' }, resources: { plot: group } });
      const container = new Container();
      container.eventMode = 'none';
      this.container.addChild(container);
      return { shader, group, container };
    });
    this.container.eventMode = 'none';
  }

  setPassAlpha(i: number, alpha: number): void {
    const g = this.passes[i].group;
    (g.uniforms.uStyle as Float32Array)[1] = alpha;
    g.update();
  }

  /** The view transform onto a target of widthPx × heightPx: uniforms only, no geometry touched. */
  setView(v: LayerView, widthPx: number, heightPx: number): void {
    const kx = widthPx / (v.x1 - v.x0);
    const ky = heightPx / (v.y1 - v.y0);
    this.passes.forEach((p, i) => {
      const u = p.group.uniforms;
      const view = u.uView as Float32Array;
      view[0] = v.x0 - this.store.originX;
      view[1] = kx;
      view[2] = v.y1;
      view[3] = ky;
      const style = u.uStyle as Float32Array;
      style[0] = v.logY ? 1 : 0;
      style[2] = this.offsets[i].dx;
      style[3] = this.offsets[i].dy;
      p.group.update();
    });
  }

  get chunkCount(): number {
    return this.gpu.length;
  }

  /** Shows only chunks [lo, hi) (a progressive render draws a few chunks per frame). */
  showChunks(lo: number, hi: number): void {
    this.gpu.forEach((g, i) => {
      for (const m of g.meshes) m.visible = i >= lo && i < hi;
    });
  }

  /** Segments held by chunks [lo, hi), for budgeting a progressive render. */
  chunkVertices(i: number): number {
    return this.store.chunks[i]?.used ?? 0;
  }

  /** Pushes the store's dirty ranges to the GPU buffers; returns the bytes uploaded. */
  commit(): number {
    let bytes = 0;
    const chunks = this.store.chunks;
    for (let i = 0; i < chunks.length; i++) {
      const c = chunks[i];
      let g = this.gpu[i];
      if (!g) {
        g = this.createChunk(c.data);
        this.gpu[i] = g;
        bytes += c.data.byteLength;
        continue;
      }
      if (c.resized || g.buffer.data !== c.data) {
        g.buffer.data = c.data;
        bytes += c.data.byteLength;
      } else if (c.dirtyHi > c.dirtyLo) {
        const off = c.dirtyLo * FLOATS_PER_VERTEX * 4;
        const size = (c.dirtyHi - c.dirtyLo) * FLOATS_PER_VERTEX * 4;
        g.buffer.update(size, off);
        bytes += size;
      }
    }
    this.store.markClean();
    this.lastUploadBytes = bytes;
    return bytes;
  }

  private createChunk(data: Float32Array): GpuChunk {
    const buffer = new Buffer({ data, usage: BufferUsage.VERTEX | BufferUsage.COPY_DST, shrinkToFit: true });
    const stride = FLOATS_PER_VERTEX * 4;
    const geometry = new Geometry({
      attributes: {
        aXY: { buffer, format: 'float32x2', stride, offset: 0 },
        aColor: { buffer, format: 'float32', stride, offset: 8 },
      },
      topology: 'line-list',
    });
    // Pass-major order: every chunk of pass 0 is drawn before any chunk of pass 1.
    const meshes = this.passes.map((p) => {
      const m = new Mesh<Geometry, Shader>({ geometry, shader: p.shader });
      m.eventMode = 'none';
      p.container.addChild(m);
      return m;
    });
    return { buffer, geometry, meshes };
  }

  destroy(): void {
    for (const g of this.gpu) {
      for (const m of g.meshes) m.destroy();
      g.geometry.destroy();
      g.buffer.destroy();
    }
    for (const p of this.passes) p.shader.destroy();
    this.container.destroy();
  }
}

function overrideColor(rgb: number | null): Float32Array {
  if (rgb === null) return new Float32Array([0, 0, 0, 0]);
  return new Float32Array([((rgb >> 16) & 255) / 255, ((rgb >> 8) & 255) / 255, (rgb & 255) / 255, 1]);
}
