#!/bin/bash
# Builds tools/recognition-bench/.build/recognition-bench: MilepostCore, MilepostImaging,
# MilepostRecognition and MilepostEvaluation (the code of the recognize/evaluate commands), compiled with -O by swiftc
# directly (a release build of exactly the per-frame path, without rebuilding the whole
# package's dependencies).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/tools/recognition-bench/.build"
mkdir -p "$out"
cd "$out"
swiftc -O -wmo -parse-as-library -module-name MilepostCore \
    -emit-module -emit-module-path MilepostCore.swiftmodule -c -o MilepostCore.o $(find "$root/Sources/MilepostCore" -name '*.swift')
swiftc -O -wmo -parse-as-library -module-name MilepostImaging -I . -I "$root/Sources/CTurboJPEG" -I "$root/Sources/CPNG" -I "$root/Sources/CGlibcMalloc" \
    -emit-module -emit-module-path MilepostImaging.swiftmodule -c -o MilepostImaging.o $(find "$root/Sources/MilepostImaging" -name '*.swift')
kernels="$root/Sources/CMilepostKernels"
kernelObjects=()
for source in "$kernels"/*.c; do
    object="CMilepostKernels-$(basename "$source" .c).o"
    clang -O2 -I "$kernels/include" -c -o "$object" "$source"
    kernelObjects+=("$object")
done
swiftc -O -wmo -parse-as-library -module-name MilepostRecognition -I . -I "$kernels/include" \
    -emit-module -emit-module-path MilepostRecognition.swiftmodule -c -o MilepostRecognition.o \
    $(find "$root/Sources/MilepostRecognition" -name '*.swift')
swiftc -O -wmo -parse-as-library -module-name MilepostEvaluation -I . -I "$root/Sources/CTurboJPEG" -I "$root/Sources/CPNG" \
    -I "$root/Sources/CGlibcMalloc" -I "$kernels/include" \
    -emit-module -emit-module-path MilepostEvaluation.swiftmodule -c -o MilepostEvaluation.o $(find "$root/Sources/MilepostEvaluation" -name '*.swift')
swiftc -O -wmo -module-name RecognitionBench -I . -I "$root/Sources/CTurboJPEG" -I "$root/Sources/CPNG" -I "$root/Sources/CGlibcMalloc" -I "$kernels/include" \
    "$root/tools/recognition-bench/main.swift" MilepostEvaluation.o MilepostImaging.o MilepostRecognition.o MilepostCore.o "${kernelObjects[@]}" \
    -lturbojpeg -lpng16 -o recognition-bench
echo "$out/recognition-bench"
