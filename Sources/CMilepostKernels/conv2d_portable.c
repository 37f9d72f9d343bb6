#include "conv2d_internal.h"
#include "requantize.h"

// Plain C for any CPU: whole-pixel int32 accumulators, then scalar requantization.

static void accumulate(const int16_t *origin, int32_t rowStride, int32_t rows, int32_t pairs,
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

void milepost_conv_portable(MILEPOST_CONV_PARAMETERS) {
    int32_t c = s->inputChannels, paddedWidth = s->inputWidth + 2 * s->padX;
    int32_t rowStride = paddedWidth * c, pairs = milepost_conv2d_pairs_per_row(s);
    int32_t blocks = (s->outputChannels + MILEPOST_CONV_BLOCK - 1) / MILEPOST_CONV_BLOCK;
    for (int32_t oy = 0; oy < s->outputHeight; oy++) {
        for (int32_t ox = 0; ox < s->outputWidth; ox++) {
            const int16_t *origin = scratch + ((int64_t)oy * s->strideY * paddedWidth + (int64_t)ox * s->strideX) * c;
            memcpy(accumulators, bias, (size_t)blocks * MILEPOST_CONV_BLOCK * sizeof *bias);
            const int16_t *w = packedWeights;
            for (int32_t first = 0; first < blocks; first += MILEPOST_CONV_GROUP_BLOCKS) {
                int32_t n = blocks - first < MILEPOST_CONV_GROUP_BLOCKS ? blocks - first : MILEPOST_CONV_GROUP_BLOCKS;
                accumulate(origin, rowStride, s->kernelHeight, pairs, w, n, accumulators + first * MILEPOST_CONV_BLOCK);
                w += (int64_t)s->kernelHeight * pairs * GROUP_WEIGHTS(n);
            }
            int8_t *out = output + ((int64_t)oy * s->outputWidth + ox) * s->outputChannels;
            for (int32_t oc = 0; oc < s->outputChannels; oc++) {
                out[oc] = milepost_requantize(accumulators[oc], multipliers[oc], shifts[oc], s->outputMin, s->outputMax);
            }
        }
    }
}
