#include "conv2d_internal.h"

#ifdef MILEPOST_X86
#include "requantize.h"

#include <immintrin.h>

// SSE2 (every x86-64 CPU): pmaddwd over 4 channels per register, scalar requantization
// (SSE2 has neither the signed 64-bit multiply nor per-lane shifts it would need).

static inline __attribute__((always_inline)) void accumulate_sse2(
    const int16_t *origin, int32_t rowStride, int32_t rows, int32_t pairs,
    const int16_t *w, const int32_t blocks, int32_t *acc) {
    __m128i a[2 * MILEPOST_CONV_GROUP_BLOCKS];
    for (int32_t i = 0; i < 2 * blocks; i++) a[i] = _mm_loadu_si128((const __m128i *)(acc + 4 * i));
    for (int32_t ky = 0; ky < rows; ky++) {
        const int16_t *x = origin + (int64_t)ky * rowStride;
        for (int32_t p = 0; p < pairs; p++, w += GROUP_WEIGHTS(blocks)) {
            int32_t v = milepost_load_pair(x + 2 * p);
            if (v == 0) continue;
            __m128i b = _mm_set1_epi32(v);
            for (int32_t i = 0; i < 2 * blocks; i++) {
                a[i] = _mm_add_epi32(a[i], _mm_madd_epi16(b, _mm_loadu_si128((const __m128i *)(w + 8 * i))));
            }
        }
    }
    for (int32_t i = 0; i < 2 * blocks; i++) _mm_storeu_si128((__m128i *)(acc + 4 * i), a[i]);
}

void milepost_conv_sse2(MILEPOST_CONV_PARAMETERS) {
    MILEPOST_ACCUMULATING_CONV_BODY(accumulate_sse2)
}

// AVX2: 8 channels per register, two pairs per step, and vector requantization.

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

// Every output pixel's channels of one group: `out` points at the group's first channel of
// pixel 0, and pixels are `outputChannels` apart.
__attribute__((target("avx2"))) static inline __attribute__((always_inline)) void convolve_group_avx2(
    const milepost_conv_shape *s, int32_t pairs, const int16_t *weights, const int32_t *bias,
    const int32_t *multipliers, const int32_t *shifts, int8_t *out, const int16_t *scratch,
    int32_t count, const int32_t blocks) {
    int32_t c = s->inputChannels, paddedWidth = s->inputWidth + 2 * s->padX, rowStride = paddedWidth * c;
    __m256i low = _mm256_set1_epi32(s->outputMin), high = _mm256_set1_epi32(s->outputMax);
    __m256i start[MILEPOST_CONV_GROUP_BLOCKS], multiplier[MILEPOST_CONV_GROUP_BLOCKS], shift[MILEPOST_CONV_GROUP_BLOCKS];
    for (int32_t i = 0; i < blocks; i++) {
        start[i] = _mm256_loadu_si256((const __m256i *)(bias + 8 * i));
        multiplier[i] = _mm256_loadu_si256((const __m256i *)(multipliers + 8 * i));
        shift[i] = _mm256_loadu_si256((const __m256i *)(shifts + 8 * i));
    }
    for (int32_t oy = 0; oy < s->outputHeight; oy++) {
        for (int32_t ox = 0; ox < s->outputWidth; ox++, out += s->outputChannels) {
            const int16_t *origin = scratch + ((int64_t)oy * s->strideY * paddedWidth + (int64_t)ox * s->strideX) * c;
            const int16_t *w = weights;
            __m256i a[MILEPOST_CONV_GROUP_BLOCKS];
            for (int32_t i = 0; i < blocks; i++) a[i] = start[i];
            for (int32_t ky = 0; ky < s->kernelHeight; ky++) {
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
                    int32_t v = milepost_load_pair(x + 2 * p);
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
                __m256i r = requantize_avx2(a[i], multiplier[i], shift[i], low, high);
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
    }
}

__attribute__((target("avx2"))) void milepost_conv_avx2(MILEPOST_CONV_PARAMETERS) {
    MILEPOST_VECTOR_CONV_BODY(convolve_group_avx2)
}

#endif
