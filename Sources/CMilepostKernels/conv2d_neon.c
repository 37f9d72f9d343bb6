#include "conv2d_internal.h"

#ifdef MILEPOST_NEON
#include <arm_neon.h>

// AArch64 NEON (Raspberry Pi 4 and 5, Jetson Orin): each weight pair is de-interleaved on
// load (vld2q) and multiplied into 4-channel int32 accumulators with widening
// multiply-accumulates by the scalar activations.

// Requantizes 4 accumulators exactly as milepost_requantize does. vqrdmulh is the doubled
// high multiply with ties toward +infinity (and the same one saturating case); the rounding
// shift rounds ties up, so negative values are first moved down by one to round ties away
// from zero, as TFLite's RoundingDivideByPOT does on NEON.
static inline int32x4_t requantize_neon(int32x4_t x, int32x4_t multiplier, int32x4_t shift, int32x4_t low, int32x4_t high) {
    const int32x4_t zero = vdupq_n_s32(0);
    int32x4_t left = vmaxq_s32(shift, zero), negativeRight = vminq_s32(shift, zero);
    int32x4_t h = vqrdmulhq_s32(vshlq_s32(x, left), multiplier);
    int32x4_t fixup = vshrq_n_s32(vandq_s32(h, negativeRight), 31);
    int32x4_t v = vrshlq_s32(vqaddq_s32(h, fixup), negativeRight);
    return vminq_s32(vmaxq_s32(v, low), high);
}

static inline __attribute__((always_inline)) void multiply_pair(int32x4_t *lo, int32x4_t *hi, const int16_t *w, int16_t x0, int16_t x1) {
    int16x8x2_t taps = vld2q_s16(w);
    *lo = vmlal_n_s16(vmlal_n_s16(*lo, vget_low_s16(taps.val[0]), x0), vget_low_s16(taps.val[1]), x1);
    *hi = vmlal_n_s16(vmlal_n_s16(*hi, vget_high_s16(taps.val[0]), x0), vget_high_s16(taps.val[1]), x1);
}

// Every output pixel's channels of one group: `out` points at the group's first channel of
// pixel 0, and pixels are `outputChannels` apart.
static inline __attribute__((always_inline)) void convolve_group_neon(
    const milepost_conv_shape *s, int32_t pairs, const int16_t *weights, const int32_t *bias,
    const int32_t *multipliers, const int32_t *shifts, int8_t *out, const int16_t *scratch,
    int32_t count, const int32_t blocks) {
    int32_t c = s->inputChannels, paddedWidth = s->inputWidth + 2 * s->padX, rowStride = paddedWidth * c;
    int32x4_t low = vdupq_n_s32(s->outputMin), high = vdupq_n_s32(s->outputMax);
    for (int32_t oy = 0; oy < s->outputHeight; oy++) {
        for (int32_t ox = 0; ox < s->outputWidth; ox++, out += s->outputChannels) {
            const int16_t *origin = scratch + ((int64_t)oy * s->strideY * paddedWidth + (int64_t)ox * s->strideX) * c;
            const int16_t *w = weights;
            int32x4_t lo[MILEPOST_CONV_GROUP_BLOCKS], hi[MILEPOST_CONV_GROUP_BLOCKS];
            for (int32_t i = 0; i < blocks; i++) {
                lo[i] = vld1q_s32(bias + 8 * i);
                hi[i] = vld1q_s32(bias + 8 * i + 4);
            }
            for (int32_t ky = 0; ky < s->kernelHeight; ky++) {
                const int16_t *x = origin + (int64_t)ky * rowStride;
                for (int32_t p = 0; p < pairs; p++, w += GROUP_WEIGHTS(blocks)) {
                    if (milepost_load_pair(x + 2 * p) == 0) continue;
                    int16_t x0 = x[2 * p], x1 = x[2 * p + 1];
                    for (int32_t i = 0; i < blocks; i++) multiply_pair(&lo[i], &hi[i], w + 16 * i, x0, x1);
                }
            }
            for (int32_t i = 0; i < blocks; i++) {
                int32x4_t r0 = requantize_neon(lo[i], vld1q_s32(multipliers + 8 * i), vld1q_s32(shifts + 8 * i), low, high);
                int32x4_t r1 = requantize_neon(hi[i], vld1q_s32(multipliers + 8 * i + 4), vld1q_s32(shifts + 8 * i + 4), low, high);
                int8x8_t bytes = vqmovn_s16(vcombine_s16(vqmovn_s32(r0), vqmovn_s32(r1)));
                int32_t n = count - 8 * i;
                if (n >= 8) {
                    vst1_s8(out + 8 * i, bytes);
                } else {
                    int8_t lanes[8];
                    vst1_s8(lanes, bytes);
                    memcpy(out + 8 * i, lanes, (size_t)n);
                }
            }
        }
    }
}

void milepost_conv_neon(MILEPOST_CONV_PARAMETERS) {
    MILEPOST_VECTOR_CONV_BODY(convolve_group_neon)
}

#endif
