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
    MILEPOST_ACCUMULATING_CONV_BODY(accumulate)
}
