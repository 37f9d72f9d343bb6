#include "conv2d_internal.h"

// The public entry: widen the input with its padding, then run the chosen implementation.

int64_t milepost_conv2d_scratch_count(const milepost_conv_shape *s) {
    return (int64_t)(s->inputHeight + 2 * s->padY) * (s->inputWidth + 2 * s->padX) * s->inputChannels + 2;
}

int32_t milepost_conv2d_pairs_per_row(const milepost_conv_shape *s) {
    return (s->kernelWidth * s->inputChannels + 1) / 2;
}

static void widen_with_padding(const milepost_conv_shape *s, const int8_t *input, int16_t *scratch) {
    int32_t c = s->inputChannels, paddedWidth = s->inputWidth + 2 * s->padX;
    int64_t rowElements = (int64_t)paddedWidth * c, sideElements = (int64_t)s->padX * c;
    memset(scratch, 0, (size_t)(s->padY * rowElements) * sizeof *scratch);
    for (int32_t y = 0; y < s->inputHeight; y++) {
        const int8_t *src = input + (int64_t)y * s->inputWidth * c;
        int16_t *row = scratch + (int64_t)(y + s->padY) * rowElements;
        memset(row, 0, (size_t)sideElements * sizeof *row);
        for (int32_t i = 0; i < s->inputWidth * c; i++) row[sideElements + i] = src[i];
        memset(row + rowElements - sideElements, 0, (size_t)sideElements * sizeof *row);
    }
    int16_t *tail = scratch + (int64_t)(s->padY + s->inputHeight) * rowElements;
    memset(tail, 0, (size_t)(milepost_conv2d_scratch_count(s) - (tail - scratch)) * sizeof *tail);
}

milepost_instruction_set milepost_conv2d_best_instruction_set(void) {
#ifdef MILEPOST_X86
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = __builtin_cpu_supports("avx2") ? MILEPOST_ISA_AVX2 : MILEPOST_ISA_SSE2;
    }
    return (milepost_instruction_set)cached;
#elif defined(MILEPOST_NEON)
    return MILEPOST_ISA_NEON;
#else
    return MILEPOST_ISA_PORTABLE;
#endif
}

int milepost_conv2d_supports(milepost_instruction_set instructionSet) {
    switch (instructionSet) {
    case MILEPOST_ISA_BEST:
    case MILEPOST_ISA_PORTABLE: return 1;
#ifdef MILEPOST_X86
    case MILEPOST_ISA_SSE2: return 1;
    case MILEPOST_ISA_AVX2: return milepost_conv2d_best_instruction_set() == MILEPOST_ISA_AVX2;
#endif
#ifdef MILEPOST_NEON
    case MILEPOST_ISA_NEON: return 1;
#endif
    default: return 0;
    }
}

int milepost_conv2d_s8(const milepost_conv_shape *s, milepost_instruction_set instructionSet,
                       const int8_t *input, const int16_t *packedWeights, const int32_t *bias,
                       const int32_t *multipliers, const int32_t *shifts,
                       int8_t *output, int16_t *scratch, int32_t *accumulators) {
    if (!milepost_conv2d_supports(instructionSet)) return -1;
    if (instructionSet == MILEPOST_ISA_BEST) instructionSet = milepost_conv2d_best_instruction_set();
    widen_with_padding(s, input, scratch);
    switch (instructionSet) {
#ifdef MILEPOST_X86
    case MILEPOST_ISA_AVX2: milepost_conv_avx2(s, packedWeights, bias, multipliers, shifts, output, scratch, accumulators); break;
    case MILEPOST_ISA_SSE2: milepost_conv_sse2(s, packedWeights, bias, multipliers, shifts, output, scratch, accumulators); break;
#endif
#ifdef MILEPOST_NEON
    case MILEPOST_ISA_NEON: milepost_conv_neon(s, packedWeights, bias, multipliers, shifts, output, scratch, accumulators); break;
#endif
    default: milepost_conv_portable(s, packedWeights, bias, multipliers, shifts, output, scratch, accumulators); break;
    }
    return 0;
}
