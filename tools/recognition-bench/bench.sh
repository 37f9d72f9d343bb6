#!/bin/bash
# Recognition benchmark: accuracy on the evaluation folders, CPU time and peak memory of the
# whole process per 1280x720 frame (JPEG decode included), and callgrind instruction counts.
# Optimised build (swiftc -O, see build.sh), one thread. Run from anywhere:
#     tools/recognition-bench/bench.sh [DATASETS_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
datasets=${1:-$root/../shared/datasets}
[ -d "$datasets/openalpr-us-dev" ] || datasets=/work/shared/datasets
"$root/tools/install-deps" build bench   # libjpeg-turbo; valgrind, bc and file for the figures below
bench=$("$root/tools/recognition-bench/build.sh" | tail -1)
cd "$root"
echo "== $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "== model: $(ls -l Config/model/milepost-plates.mpw | awk '{print $5}') bytes, sha256 $(sha256sum Config/model/milepost-plates.mpw | cut -c1-16)"
echo "== accuracy (openalpr-us-dev end to end, openalpr-us-plates reading alone)"
"$bench" evaluate "$datasets/openalpr-us-dev" "$datasets/openalpr-us-plates"

# 1280x720 frames only, for the per-frame CPU figure.
frames=()
for f in "$datasets"/openalpr-us-dev/*.jpg; do
    if file "$f" | grep -q '1280x720'; then frames+=("$f"); fi
done
echo "== CPU per 1280x720 frame, whole process (${#frames[@]} frames, one process, model load included)"
/usr/bin/time -f "%U %S %M" -o /tmp/recognition-bench.time "$bench" recognize "${frames[@]}" > /dev/null
read -r user sys rss < /tmp/recognition-bench.time
echo "user+sys: $user s + $sys s for ${#frames[@]} frames = $(echo "($user + $sys) * 1000 / ${#frames[@]}" | bc -l | xargs printf '%.1f') ms/frame"
echo "peak RSS: $((rss / 1024)) MB"
# Frames with no plate pay for the full-resolution search (fineDetectionWhenNothingRead).
negatives=("$datasets"/training/negatives/neg-00[0-1]*.jpg)
echo "== CPU per frame with no plate, whole process (${#negatives[@]} training negatives, 640 px wide), the search on and off"
for fine in 1 0; do
    /usr/bin/time -f "%U %S" -o /tmp/recognition-bench.time env MILEPOST_FINE=$fine "$bench" recognize "${negatives[@]}" > /dev/null
    read -r user sys < /tmp/recognition-bench.time
    echo "MILEPOST_FINE=$fine: $(echo "($user + $sys) * 1000 / ${#negatives[@]}" | bc -l | xargs printf '%.1f') ms/frame"
done
echo "== the same, with each convolution implementation this CPU runs (same run, for ratios)"
for isa in avx2 sse2 neon portable; do
    if MILEPOST_CONV_ISA=$isa /usr/bin/time -f "%U %S" -o /tmp/recognition-bench.time "$bench" recognize "${frames[0]}" | grep -q '"plates"'; then
        /usr/bin/time -f "%U %S" -o /tmp/recognition-bench.time env MILEPOST_CONV_ISA=$isa "$bench" recognize "${frames[@]}" > /dev/null
        read -r user sys < /tmp/recognition-bench.time
        echo "$isa: $(echo "($user + $sys) * 1000 / ${#frames[@]}" | bc -l | xargs printf '%.1f') ms/frame"
    else
        echo "$isa: not supported by this CPU"
    fi
done
echo "== single frame, process start to exit"
/usr/bin/time -f "%e s wall, %U s user, %M KB peak" "$bench" recognize "${frames[0]}" > /dev/null

if command -v valgrind > /dev/null; then
    echo "== callgrind instructions, one process reading one 1280x720 frame (${frames[0]##*/})"
    valgrind --tool=callgrind --callgrind-out-file=/tmp/recognition-bench.cg "$bench" recognize "${frames[0]}" 2>&1 | grep -E "Collected" | sed 's/.*Collected/instructions:/'
    callgrind_annotate --inclusive=yes /tmp/recognition-bench.cg 2>/dev/null \
        | grep -E "PlateDetector.*detect|PlateRecognizer.*read|decodeLuma|WeightsFile.*load" | cut -c1-60 | head -6
fi
