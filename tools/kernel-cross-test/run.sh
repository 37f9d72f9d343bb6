#!/bin/bash
# Bit-exactness of every convolution implementation against a naive C reference, natively
# and, for the NEON code of the Arm boards (Board/rpi4.json, rpi5.json, jetson-orin-nano.json),
# cross-compiled for AArch64 and run under qemu-user. Needs `tools/install-deps cross-test`.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
kernels="$root/Sources/CMilepostKernels"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

cc -O2 -Wall -Wextra -Werror -I "$kernels/include" -o "$out/native" "$root/tools/kernel-cross-test/main.c" "$kernels"/*.c
echo "native ($(uname -m)):"
"$out/native"

for tool in aarch64-linux-gnu-gcc qemu-aarch64; do
    command -v "$tool" > /dev/null || { echo "kernel-cross-test: $tool not found (tools/install-deps cross-test)" >&2; exit 1; }
done
aarch64-linux-gnu-gcc -O2 -Wall -Wextra -Werror -I "$kernels/include" -o "$out/aarch64" "$root/tools/kernel-cross-test/main.c" "$kernels"/*.c
echo "aarch64 (qemu-user):"
qemu-aarch64 -L /usr/aarch64-linux-gnu "$out/aarch64"
