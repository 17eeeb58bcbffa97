#!/usr/bin/env bash
# On the accelerator machine, from the repository root, after bench/gpu/prepare-device.sh here and with
# carry [".gpubench", ".gl"]: unpacks node and Dawn, installs the Vulkan loader, runs the measurements and
# writes gpu-results.md / gpu-results.json / log.txt to $OUT (or ./gpu-out).
set -uo pipefail
out=${OUT:-$PWD/gpu-out}; mkdir -p "$out"
for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig
xz -dc .gpubench/node.xz > /tmp/node && chmod +x /tmp/node
xz -dc .gpubench/dawn.node.xz > .gpubench/node_modules/webgpu/dist/linux-x64/dawn.node
export VK_DRIVER_FILES=${VK_DRIVER_FILES:-/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json}
nvidia-smi --query-gpu=name,memory.total,pcie.link.gen.max,pcie.link.width.max,clocks.max.memory --format=csv > "$out/nvidia-smi.csv" 2>&1
cat "$out/nvidia-smi.csv"
BEAMFLOW_XRD_DATA=$PWD/.gpubench/xrd/ /tmp/node .gpubench/device-run.mjs "$out" 2>&1 | tee "$out/log.txt"
