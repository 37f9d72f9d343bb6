#ifndef MILEPOST_CONV2D_INTERNAL_H
#define MILEPOST_CONV2D_INTERNAL_H

// Shared by the convolution's implementations (one file per instruction set).
//
// Every activation pair (x[2i], x[2i+1]) is read as one 32-bit word and multiplied with the
// matching weight pair of 8 output channels; pairs of int8 products always fit int32, so the
// sums are exact and equal the reference's in any order. The input arrives widened to int16
// with its padding written out (`scratch`), so no loop tests for borders.

#include "CMilepostKernels.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#define MILEPOST_X86 1
#endif
#if defined(__aarch64__)
#define MILEPOST_NEON 1
#endif

#define GROUP_WEIGHTS(blocks) ((blocks) * MILEPOST_CONV_BLOCK * 2)

static inline int32_t milepost_load_pair(const int16_t *x) {
    int32_t v;
    memcpy(&v, x, sizeof v);
    return v;
}

/// Arguments every implementation takes. `bias`, `multipliers` and `shifts` are padded with
/// zeros to whole blocks; `accumulators` has one int32 per padded channel.
#define MILEPOST_CONV_PARAMETERS                                                              \
    const milepost_conv_shape *s, const int16_t *packedWeights, const int32_t *bias,         \
    const int32_t *multipliers, const int32_t *shifts, int8_t *output, const int16_t *scratch, \
    int32_t *accumulators

void milepost_conv_portable(MILEPOST_CONV_PARAMETERS);
#ifdef MILEPOST_X86
void milepost_conv_sse2(MILEPOST_CONV_PARAMETERS);
void milepost_conv_avx2(MILEPOST_CONV_PARAMETERS);
#endif
#ifdef MILEPOST_NEON
void milepost_conv_neon(MILEPOST_CONV_PARAMETERS);
#endif

/// The loop of the implementations that requantize one value at a time (portable, SSE2):
/// for each output pixel, `ACCUMULATE(origin, rowStride, rows, pairs, weights, blocks, acc)`
/// adds each channel group's products to `accumulators` (set to the bias first), then every
/// channel is requantized with `milepost_requantize` (include requantize.h).
#define MILEPOST_ACCUMULATING_CONV_BODY(ACCUMULATE)                                                       \
    int32_t c = s->inputChannels, paddedWidth = s->inputWidth + 2 * s->padX;                               \
    int32_t rowStride = paddedWidth * c, pairs = milepost_conv2d_pairs_per_row(s);                         \
    int32_t blocks = (s->outputChannels + MILEPOST_CONV_BLOCK - 1) / MILEPOST_CONV_BLOCK;                  \
    for (int32_t oy = 0; oy < s->outputHeight; oy++) {                                                     \
        for (int32_t ox = 0; ox < s->outputWidth; ox++) {                                                  \
            const int16_t *origin = scratch + ((int64_t)oy * s->strideY * paddedWidth + (int64_t)ox * s->strideX) * c; \
            memcpy(accumulators, bias, (size_t)blocks * MILEPOST_CONV_BLOCK * sizeof *bias);              \
            const int16_t *w = packedWeights;                                                              \
            for (int32_t first = 0; first < blocks; first += MILEPOST_CONV_GROUP_BLOCKS) {                 \
                int32_t n = blocks - first < MILEPOST_CONV_GROUP_BLOCKS ? blocks - first : MILEPOST_CONV_GROUP_BLOCKS; \
                int32_t *acc = accumulators + first * MILEPOST_CONV_BLOCK;                                 \
                switch (n) {                                                                               \
                case 1: ACCUMULATE(origin, rowStride, s->kernelHeight, pairs, w, 1, acc); break;           \
                case 2: ACCUMULATE(origin, rowStride, s->kernelHeight, pairs, w, 2, acc); break;           \
                case 3: ACCUMULATE(origin, rowStride, s->kernelHeight, pairs, w, 3, acc); break;           \
                default: ACCUMULATE(origin, rowStride, s->kernelHeight, pairs, w, 4, acc); break;          \
                }                                                                                          \
                w += (int64_t)s->kernelHeight * pairs * GROUP_WEIGHTS(n);                                  \
            }                                                                                              \
            int8_t *out = output + ((int64_t)oy * s->outputWidth + ox) * s->outputChannels;               \
            for (int32_t oc = 0; oc < s->outputChannels; oc++) {                                           \
                out[oc] = milepost_requantize(accumulators[oc], multipliers[oc], shifts[oc], s->outputMin, s->outputMax); \
            }                                                                                              \
        }                                                                                                  \
    }

/// The loop over channel groups of the vector implementations. For each group of up to
/// MILEPOST_CONV_GROUP_BLOCKS blocks, `GROUP(s, pairs, weights, bias, multipliers, shifts,
/// output, scratch, count, blocks)` convolves every output pixel and writes the group's
/// `count` channels of each; `blocks` is a literal at each call, so the group's accumulators
/// stay in registers across the whole pixel loop.
#define MILEPOST_VECTOR_CONV_BODY(GROUP)                                                                  \
    int32_t pairs = milepost_conv2d_pairs_per_row(s);                                                      \
    int32_t blocks = (s->outputChannels + MILEPOST_CONV_BLOCK - 1) / MILEPOST_CONV_BLOCK;                  \
    (void)accumulators;                                                                                    \
    const int16_t *w = packedWeights;                                                                      \
    for (int32_t first = 0; first < blocks; first += MILEPOST_CONV_GROUP_BLOCKS) {                         \
        int32_t n = blocks - first < MILEPOST_CONV_GROUP_BLOCKS ? blocks - first : MILEPOST_CONV_GROUP_BLOCKS; \
        int32_t channel = first * MILEPOST_CONV_BLOCK;                                                     \
        int32_t count = s->outputChannels - channel < n * MILEPOST_CONV_BLOCK                              \
            ? s->outputChannels - channel : n * MILEPOST_CONV_BLOCK;                                       \
        const int32_t *b = bias + channel, *m = multipliers + channel, *sh = shifts + channel;             \
        switch (n) {                                                                                       \
        case 1: GROUP(s, pairs, w, b, m, sh, output + channel, scratch, count, 1); break;                  \
        case 2: GROUP(s, pairs, w, b, m, sh, output + channel, scratch, count, 2); break;                  \
        case 3: GROUP(s, pairs, w, b, m, sh, output + channel, scratch, count, 3); break;                  \
        default: GROUP(s, pairs, w, b, m, sh, output + channel, scratch, count, 4); break;                 \
        }                                                                                                  \
        w += (int64_t)s->kernelHeight * pairs * GROUP_WEIGHTS(n);                                          \
    }

#endif
