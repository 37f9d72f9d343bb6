#include "CMilepostKernels.h"
#include "requantize.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define MILEPOST_X86 1
#endif

// Every activation pair (x[2i], x[2i+1]) is read as one 32-bit word and multiplied with
// the matching weight pair of 8 output channels at once; pairs of int8 products always fit
// the int32 lanes of pmaddwd, so the sums are exact and equal the reference's in any order.

static inline int32_t load_pair(const int16_t *x) {
    int32_t v;
    memcpy(&v, x, sizeof v);
    return v;
}

#define GROUP_WEIGHTS(blocks) ((blocks) * MILEPOST_CONV_BLOCK * 2)

static inline void accumulate_portable(const int16_t *origin, int32_t rowStride, int32_t rows, int32_t pairs,
                                       const int16_t *w, int32_t blocks, int32_t *acc) {
    for (int32_t ky = 0; ky < rows; ky++) {
        const int16_t *x = origin + (int64_t)ky * rowStride;
        for (int32_t p = 0; p < pairs; p++, w += GROUP_WEIGHTS(blocks)) {
            int32_t x0 = x[2 * p], x1 = x[2 * p + 1];
            if ((x0 | x1) == 0) continue;
            for (int32_t lane = 0; lane < blocks * MILEPOST_CONV_BLOCK; lane++) {
                acc[lane] += x0 * w[2 * lane] + x1 * w[2 * lane + 1];
            }
        }
    }
}

#ifdef MILEPOST_X86
// `blocks` is a constant at each call site, so the accumulators stay in registers.
static inline __attribute__((always_inline)) void accumulate_sse2(
    const int16_t *origin, int32_t rowStride, int32_t rows, int32_t pairs,
    const int16_t *w, const int32_t blocks, int32_t *acc) {
    __m128i a[2 * MILEPOST_CONV_GROUP_BLOCKS];
    for (int32_t i = 0; i < 2 * blocks; i++) a[i] = _mm_loadu_si128((const __m128i *)(acc + 4 * i));
    for (int32_t ky = 0; ky < rows; ky++) {
        const int16_t *x = origin + (int64_t)ky * rowStride;
        for (int32_t p = 0; p < pairs; p++, w += GROUP_WEIGHTS(blocks)) {
            int32_t v = load_pair(x + 2 * p);
            if (v == 0) continue;
            __m128i b = _mm_set1_epi32(v);
            for (int32_t i = 0; i < 2 * blocks; i++) {
                a[i] = _mm_add_epi32(a[i], _mm_madd_epi16(b, _mm_loadu_si128((const __m128i *)(w + 8 * i))));
            }
        }
    }
    for (int32_t i = 0; i < 2 * blocks; i++) _mm_storeu_si128((__m128i *)(acc + 4 * i), a[i]);
}

// Requantizes 8 accumulators exactly as milepost_requantize does, lane by lane. The doubled
// high multiply with ties toward +infinity is floor((a * b + 2^30) / 2^31) whatever the
// product's sign, so it needs no sign fix-ups: one 64-bit add and a logical shift, whose low
// 32 bits equal the arithmetic shift's. Multipliers are never INT32_MIN (QuantizedMultiplier
// keeps them in [2^30, 2^31) or 0), so the one saturating case cannot occur.
__attribute__((target("avx2"))) static inline __attribute__((always_inline)) __m256i requantize_avx2(
    __m256i x, __m256i multiplier, __m256i shift, __m256i low, __m256i high) {
    const __m256i zero = _mm256_setzero_si256(), one = _mm256_set1_epi32(1);
    const __m256i half = _mm256_set1_epi64x(1LL << 30);
    __m256i left = _mm256_max_epi32(shift, zero), right = _mm256_sub_epi32(zero, _mm256_min_epi32(shift, zero));
    __m256i a = _mm256_sllv_epi32(x, left);
    __m256i even = _mm256_srli_epi64(_mm256_add_epi64(_mm256_mul_epi32(a, multiplier), half), 31);
    __m256i odd = _mm256_srli_epi64(_mm256_add_epi64(_mm256_mul_epi32(_mm256_srli_epi64(a, 32), _mm256_srli_epi64(multiplier, 32)), half), 31);
    __m256i high_mul = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
    __m256i mask = _mm256_sub_epi32(_mm256_sllv_epi32(one, right), one);
    __m256i remainder = _mm256_and_si256(high_mul, mask);
    __m256i threshold = _mm256_sub_epi32(_mm256_srai_epi32(mask, 1), _mm256_cmpgt_epi32(zero, high_mul));
    __m256i v = _mm256_sub_epi32(_mm256_srav_epi32(high_mul, right), _mm256_cmpgt_epi32(remainder, threshold));
    return _mm256_min_epi32(_mm256_max_epi32(v, low), high);
}

// Accumulates one output pixel's group of `blocks` x 8 channels from the bias and writes
// its `count` int8 outputs.
__attribute__((target("avx2"))) static inline __attribute__((always_inline)) void convolve_group_avx2(
    const int16_t *origin, int32_t rowStride, int32_t rows, int32_t pairs, const int16_t *w,
    const int32_t *bias, const int32_t *multipliers, const int32_t *shifts, __m256i low, __m256i high,
    int8_t *out, int32_t count, const int32_t blocks) {
    __m256i a[MILEPOST_CONV_GROUP_BLOCKS];
    for (int32_t i = 0; i < blocks; i++) a[i] = _mm256_loadu_si256((const __m256i *)(bias + 8 * i));
    for (int32_t ky = 0; ky < rows; ky++) {
        const int16_t *x = origin + (int64_t)ky * rowStride;
        int32_t p = 0;
        // Two pairs per step: one zero test for both, and two independent multiply-adds.
        for (; p + 1 < pairs; p += 2, w += 2 * GROUP_WEIGHTS(blocks)) {
            int64_t v;
            memcpy(&v, x + 2 * p, sizeof v);
            if (v == 0) continue;
            __m256i b0 = _mm256_set1_epi32((int32_t)v), b1 = _mm256_set1_epi32((int32_t)(v >> 32));
            for (int32_t i = 0; i < blocks; i++) {
                __m256i m0 = _mm256_madd_epi16(b0, _mm256_loadu_si256((const __m256i *)(w + 16 * i)));
                __m256i m1 = _mm256_madd_epi16(b1, _mm256_loadu_si256((const __m256i *)(w + GROUP_WEIGHTS(blocks) + 16 * i)));
                a[i] = _mm256_add_epi32(a[i], _mm256_add_epi32(m0, m1));
            }
        }
        if (p < pairs) {
            int32_t v = load_pair(x + 2 * p);
            if (v != 0) {
                __m256i b = _mm256_set1_epi32(v);
                for (int32_t i = 0; i < blocks; i++) {
                    a[i] = _mm256_add_epi32(a[i], _mm256_madd_epi16(b, _mm256_loadu_si256((const __m256i *)(w + 16 * i))));
                }
            }
            w += GROUP_WEIGHTS(blocks);
        }
    }
    for (int32_t i = 0; i < blocks; i++) {
        __m256i r = requantize_avx2(a[i], _mm256_loadu_si256((const __m256i *)(multipliers + 8 * i)),
                                    _mm256_loadu_si256((const __m256i *)(shifts + 8 * i)), low, high);
        // Already clamped to int8, so the saturating packs only narrow.
        __m128i words = _mm_packs_epi32(_mm256_castsi256_si128(r), _mm256_extracti128_si256(r, 1));
        __m128i bytes = _mm_packs_epi16(words, words);
        int32_t n = count - 8 * i;
        if (n >= 8) {
            _mm_storel_epi64((__m128i *)(out + 8 * i), bytes);
        } else {
            int8_t lanes[16];
            _mm_storeu_si128((__m128i *)lanes, bytes);
            memcpy(out + 8 * i, lanes, (size_t)n);
        }
    }
}
#endif

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
    default: return 0;
    }
}

#define DISPATCH_BLOCKS(fn, blocks, ...)          \
    switch (blocks) {                             \
    case 1: fn(__VA_ARGS__, 1, acc); break;       \
    case 2: fn(__VA_ARGS__, 2, acc); break;       \
    case 3: fn(__VA_ARGS__, 3, acc); break;       \
    default: fn(__VA_ARGS__, 4, acc); break;      \
    }

// One body per instruction set, so the dispatch happens once per layer.
#define CONV_BODY(ACCUMULATE)                                                                          \
    for (int32_t oy = 0; oy < s->outputHeight; oy++) {                                                 \
        for (int32_t ox = 0; ox < s->outputWidth; ox++) {                                              \
            const int16_t *origin = scratch + ((int64_t)oy * s->strideY * paddedWidth + (int64_t)ox * s->strideX) * c; \
            memcpy(accumulators, bias, (size_t)s->outputChannels * sizeof *bias);                      \
            const int16_t *w = packedWeights;                                                          \
            for (int32_t first = 0; first < blocks; first += MILEPOST_CONV_GROUP_BLOCKS) {             \
                int32_t n = blocks - first < MILEPOST_CONV_GROUP_BLOCKS ? blocks - first : MILEPOST_CONV_GROUP_BLOCKS; \
                int32_t *acc = accumulators + first * MILEPOST_CONV_BLOCK;                             \
                DISPATCH_BLOCKS(ACCUMULATE, n, origin, rowStride, s->kernelHeight, pairs, w)           \
                w += (int64_t)s->kernelHeight * pairs * GROUP_WEIGHTS(n);                              \
            }                                                                                          \
            int8_t *out = output + ((int64_t)oy * s->outputWidth + ox) * s->outputChannels;           \
            for (int32_t oc = 0; oc < s->outputChannels; oc++) {                                       \
                out[oc] = milepost_requantize(accumulators[oc], multipliers[oc], shifts[oc], s->outputMin, s->outputMax); \
            }                                                                                          \
        }                                                                                              \
    }

#define CONV_LOCALS                                                                                    \
    int32_t c = s->inputChannels, paddedWidth = s->inputWidth + 2 * s->padX;                          \
    int32_t rowStride = paddedWidth * c, pairs = milepost_conv2d_pairs_per_row(s);                    \
    int32_t blocks = (s->outputChannels + MILEPOST_CONV_BLOCK - 1) / MILEPOST_CONV_BLOCK;             \
    int32_t padded = blocks * MILEPOST_CONV_BLOCK;                                                     \
    memset(accumulators, 0, (size_t)padded * sizeof *accumulators);

static void conv_portable(const milepost_conv_shape *s, const int16_t *packedWeights, const int32_t *bias,
                          const int32_t *multipliers, const int32_t *shifts, int8_t *output,
                          const int16_t *scratch, int32_t *accumulators) {
    CONV_LOCALS
    CONV_BODY(accumulate_portable)
}

#ifdef MILEPOST_X86
static void conv_sse2(const milepost_conv_shape *s, const int16_t *packedWeights, const int32_t *bias,
                      const int32_t *multipliers, const int32_t *shifts, int8_t *output,
                      const int16_t *scratch, int32_t *accumulators) {
    CONV_LOCALS
    CONV_BODY(accumulate_sse2)
}

// Bias, multipliers and shifts are padded with zeros to whole blocks.
__attribute__((target("avx2"))) static void conv_avx2(
    const milepost_conv_shape *s, const int16_t *packedWeights, const int32_t *bias,
    const int32_t *multipliers, const int32_t *shifts, int8_t *output, const int16_t *scratch) {
    int32_t c = s->inputChannels, paddedWidth = s->inputWidth + 2 * s->padX;
    int32_t rowStride = paddedWidth * c, pairs = milepost_conv2d_pairs_per_row(s);
    int32_t blocks = (s->outputChannels + MILEPOST_CONV_BLOCK - 1) / MILEPOST_CONV_BLOCK;
    __m256i low = _mm256_set1_epi32(s->outputMin), high = _mm256_set1_epi32(s->outputMax);
    for (int32_t oy = 0; oy < s->outputHeight; oy++) {
        for (int32_t ox = 0; ox < s->outputWidth; ox++) {
            const int16_t *origin = scratch + ((int64_t)oy * s->strideY * paddedWidth + (int64_t)ox * s->strideX) * c;
            int8_t *out = output + ((int64_t)oy * s->outputWidth + ox) * s->outputChannels;
            const int16_t *w = packedWeights;
            for (int32_t first = 0; first < blocks; first += MILEPOST_CONV_GROUP_BLOCKS) {
                int32_t n = blocks - first < MILEPOST_CONV_GROUP_BLOCKS ? blocks - first : MILEPOST_CONV_GROUP_BLOCKS;
                int32_t channel = first * MILEPOST_CONV_BLOCK;
                int32_t count = s->outputChannels - channel < n * MILEPOST_CONV_BLOCK ? s->outputChannels - channel : n * MILEPOST_CONV_BLOCK;
                const int32_t *b = bias + channel, *m = multipliers + channel, *sh = shifts + channel;
                switch (n) {
                case 1: convolve_group_avx2(origin, rowStride, s->kernelHeight, pairs, w, b, m, sh, low, high, out + channel, count, 1); break;
                case 2: convolve_group_avx2(origin, rowStride, s->kernelHeight, pairs, w, b, m, sh, low, high, out + channel, count, 2); break;
                case 3: convolve_group_avx2(origin, rowStride, s->kernelHeight, pairs, w, b, m, sh, low, high, out + channel, count, 3); break;
                default: convolve_group_avx2(origin, rowStride, s->kernelHeight, pairs, w, b, m, sh, low, high, out + channel, count, 4); break;
                }
                w += (int64_t)s->kernelHeight * pairs * GROUP_WEIGHTS(n);
            }
        }
    }
}
#endif

int milepost_conv2d_s8(const milepost_conv_shape *s, milepost_instruction_set instructionSet,
                       const int8_t *input, const int16_t *packedWeights, const int32_t *bias,
                       const int32_t *multipliers, const int32_t *shifts,
                       int8_t *output, int16_t *scratch, int32_t *accumulators) {
    if (!milepost_conv2d_supports(instructionSet)) return -1;
    if (instructionSet == MILEPOST_ISA_BEST) instructionSet = milepost_conv2d_best_instruction_set();
    widen_with_padding(s, input, scratch);
    switch (instructionSet) {
#ifdef MILEPOST_X86
    case MILEPOST_ISA_AVX2: conv_avx2(s, packedWeights, bias, multipliers, shifts, output, scratch); break;
    case MILEPOST_ISA_SSE2: conv_sse2(s, packedWeights, bias, multipliers, shifts, output, scratch, accumulators); break;
#endif
    default: conv_portable(s, packedWeights, bias, multipliers, shifts, output, scratch, accumulators); break;
    }
    return 0;
}
