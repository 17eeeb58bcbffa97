#!/usr/bin/env bash
# Prepares .gpubench/ (git-ignored) for a GPU measurement run on the lent accelerator machine, which has no
# Node and cannot see ../shared: the bench as one ESM bundle, Dawn's linux-x64 binary, the node binary, and
# the geometry and four frames it measures (transient copies for the run, never committed).
# Then run bench/gpu/device-run.sh there with carry [".gpubench", ".gl"] (see docs/gpu.md).
set -euo pipefail
root=$(git rev-parse --show-toplevel); cd "$root"
shared=${SHARED:-$root/../shared}
out=.gpubench
grep -qx '/.gpubench/' .git/info/exclude || echo '/.gpubench/' >> .git/info/exclude
rm -rf "$out"; mkdir -p "$out/node_modules/webgpu/dist/linux-x64" "$out/xrd/frames" "$out/xrd/geometry"
node_modules/.bin/esbuild bench/gpu/device-run.ts --bundle --platform=node --format=esm --target=node20 \
  --external:webgpu --external:gl --outfile="$out/device-run.mjs" --log-level=warning \
  --banner:js="import { createRequire as __bfRequire } from 'node:module'; const require = __bfRequire(import.meta.url);"
cp node_modules/webgpu/package.json node_modules/webgpu/index.js "$out/node_modules/webgpu/"
xz -T2 -6 -c node_modules/webgpu/dist/linux-x64/dawn.node > "$out/dawn.node.xz"
if [ -f .device/node.xz ]; then cp .device/node.xz "$out/node.xz"; else xz -T2 -6 -c "$(command -v node)" > "$out/node.xz"; fi
cp "$shared/data/xrd/geometry/pilatus2m_87keV.poni" "$shared/data/xrd/geometry/mask_int8.raw" "$out/xrd/geometry/"
for i in 00000 00100 00101 00102; do cp "$shared/data/xrd/frames/frame_$i.cbf" "$out/xrd/frames/"; done
du -sh "$out"
