// Compares every convolution implementation the build target has (portable and NEON on
// AArch64; portable, SSE2 and AVX2 on x86) with a naive reference written here from the
// definition, on random layers, inputs and multipliers, with tolerance zero.
// Built and run by run.sh, natively and for AArch64 under qemu-user.
#include "CMilepostKernels.h"
#include "../../Sources/CMilepostKernels/requantize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 0x9E3779B97F4A7C15ULL;

static int32_t random_in(int32_t low, int32_t high) {  // inclusive
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return low + (int32_t)(state % (uint64_t)(high - low + 1));
}

typedef struct {
    milepost_conv_shape shape;
    int8_t *weights;  // [out][ky][kx][in]
    int32_t *bias, *multipliers, *shifts;  // padded to whole blocks
} layer;

static void reference(const layer *l, const int8_t *input, int8_t *output) {
    const milepost_conv_shape *s = &l->shape;
    for (int32_t oy = 0; oy < s->outputHeight; oy++)
        for (int32_t ox = 0; ox < s->outputWidth; ox++)
            for (int32_t oc = 0; oc < s->outputChannels; oc++) {
                int32_t sum = l->bias[oc];
                for (int32_t ky = 0; ky < s->kernelHeight; ky++)
                    for (int32_t kx = 0; kx < s->kernelWidth; kx++) {
                        int32_t y = oy * s->strideY + ky - s->padY, x = ox * s->strideX + kx - s->padX;
                        if (y < 0 || x < 0 || y >= s->inputHeight || x >= s->inputWidth) continue;
                        for (int32_t ic = 0; ic < s->inputChannels; ic++)
                            sum += input[(y * s->inputWidth + x) * s->inputChannels + ic]
                                 * l->weights[((oc * s->kernelHeight + ky) * s->kernelWidth + kx) * s->inputChannels + ic];
                    }
                output[(oy * s->outputWidth + ox) * s->outputChannels + oc] =
                    milepost_requantize(sum, l->multipliers[oc], l->shifts[oc], s->outputMin, s->outputMax);
            }
}

// The layout documented in CMilepostKernels.h (written independently of the Swift packer).
static int16_t *pack(const layer *l, size_t *count) {
    const milepost_conv_shape *s = &l->shape;
    int32_t rowTaps = s->kernelWidth * s->inputChannels, pairs = (rowTaps + 1) / 2;
    int32_t blocks = (s->outputChannels + MILEPOST_CONV_BLOCK - 1) / MILEPOST_CONV_BLOCK;
    *count = (size_t)blocks * MILEPOST_CONV_BLOCK * s->kernelHeight * pairs * 2;
    int16_t *packed = calloc(*count, sizeof *packed), *w = packed;
    for (int32_t first = 0; first < blocks; first += MILEPOST_CONV_GROUP_BLOCKS) {
        int32_t n = blocks - first < MILEPOST_CONV_GROUP_BLOCKS ? blocks - first : MILEPOST_CONV_GROUP_BLOCKS;
        for (int32_t ky = 0; ky < s->kernelHeight; ky++)
            for (int32_t p = 0; p < pairs; p++)
                for (int32_t lane = 0; lane < n * MILEPOST_CONV_BLOCK; lane++, w += 2) {
                    int32_t oc = first * MILEPOST_CONV_BLOCK + lane;
                    for (int32_t half = 0; half < 2; half++) {
                        int32_t tap = 2 * p + half;
                        if (oc < s->outputChannels && tap < rowTaps)
                            w[half] = l->weights[(oc * s->kernelHeight + ky) * rowTaps + tap];
                    }
                }
    }
    return packed;
}

static const char *name(milepost_instruction_set isa) {
    switch (isa) {
    case MILEPOST_ISA_PORTABLE: return "portable";
    case MILEPOST_ISA_SSE2: return "sse2";
    case MILEPOST_ISA_AVX2: return "avx2";
    case MILEPOST_ISA_NEON: return "neon";
    default: return "best";
    }
}

int main(void) {
    // The shipped networks' shapes, then random ones.
    const int32_t fixed[][6] = {  // cin, cout, kh, kw, stride, pad
        {1, 8, 3, 3, 2, 1}, {8, 16, 3, 3, 2, 1}, {16, 24, 3, 3, 2, 1}, {24, 24, 3, 3, 1, 1}, {24, 3, 1, 1, 1, 0},
        {1, 16, 3, 3, 1, 1}, {16, 48, 3, 3, 1, 1}, {48, 64, 3, 3, 1, 1}, {64, 64, 3, 3, 1, 1}, {64, 128, 6, 1, 1, 0},
        {128, 37, 1, 1, 1, 0},
    };
    const milepost_instruction_set all[] = {MILEPOST_ISA_PORTABLE, MILEPOST_ISA_SSE2, MILEPOST_ISA_AVX2, MILEPOST_ISA_NEON};
    int cases = 0, compared = 0, failures = 0;
    for (int t = 0; t < 300; t++) {
        int32_t cin, cout, kh, kw, stride, pad;
        if (t < (int)(sizeof fixed / sizeof fixed[0])) {
            cin = fixed[t][0]; cout = fixed[t][1]; kh = fixed[t][2]; kw = fixed[t][3]; stride = fixed[t][4]; pad = fixed[t][5];
        } else {
            cin = random_in(1, 40); cout = random_in(1, 70); kh = random_in(1, 4); kw = random_in(1, 4);
            stride = random_in(1, 2); pad = random_in(0, (kh < kw ? kh : kw) - 1);
        }
        layer l;
        milepost_conv_shape *s = &l.shape;
        s->inputChannels = cin; s->outputChannels = cout; s->kernelHeight = kh; s->kernelWidth = kw;
        s->strideY = s->strideX = stride; s->padY = s->padX = pad;
        s->inputHeight = random_in(kh, 12); s->inputWidth = random_in(kw, 14);
        s->outputHeight = (s->inputHeight + 2 * pad - kh) / stride + 1;
        s->outputWidth = (s->inputWidth + 2 * pad - kw) / stride + 1;
        int relu = random_in(0, 1);
        s->outputMin = relu ? 0 : -128; s->outputMax = 127;
        int32_t padded = (cout + MILEPOST_CONV_BLOCK - 1) / MILEPOST_CONV_BLOCK * MILEPOST_CONV_BLOCK;
        int32_t weightCount = cout * kh * kw * cin, inputCount = s->inputHeight * s->inputWidth * cin;
        int32_t outputCount = s->outputHeight * s->outputWidth * cout;
        int extreme = t % 25 == 24;  // all -128: the largest pair sums
        l.weights = malloc((size_t)weightCount);
        for (int32_t i = 0; i < weightCount; i++) l.weights[i] = extreme ? -128 : (int8_t)random_in(-128, 127);
        l.bias = calloc((size_t)padded, sizeof(int32_t));
        l.multipliers = calloc((size_t)padded, sizeof(int32_t));
        l.shifts = calloc((size_t)padded, sizeof(int32_t));
        for (int32_t oc = 0; oc < cout; oc++) {
            l.bias[oc] = random_in(-20000, 20000);
            l.multipliers[oc] = random_in(0, 9) == 0 ? 0 : random_in(1 << 30, INT32_MAX);
            l.shifts[oc] = random_in(0, 3) == 0 ? random_in(-30, 8) : random_in(-14, -4);
        }
        int8_t *input = malloc((size_t)inputCount);
        for (int32_t i = 0; i < inputCount; i++)
            input[i] = extreme ? -128 : (random_in(0, 9) < 4 ? 0 : (int8_t)random_in(-128, 127));
        int8_t *expected = malloc((size_t)outputCount), *actual = malloc((size_t)outputCount);
        reference(&l, input, expected);
        size_t packedCount;
        int16_t *packed = pack(&l, &packedCount);
        int16_t *scratch = malloc((size_t)milepost_conv2d_scratch_count(s) * sizeof(int16_t));
        int32_t *accumulators = malloc((size_t)padded * sizeof(int32_t));
        for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) {
            if (!milepost_conv2d_supports(all[k])) continue;
            memset(actual, 0x55, (size_t)outputCount);
            if (milepost_conv2d_s8(s, all[k], input, packed, l.bias, l.multipliers, l.shifts, actual, scratch, accumulators) != 0
                || memcmp(actual, expected, (size_t)outputCount) != 0) {
                failures++;
                fprintf(stderr, "MISMATCH %s: case %d cin %d cout %d kernel %dx%d stride %d pad %d input %dx%d\n", name(all[k]),
                        t, cin, cout, kh, kw, stride, pad, s->inputHeight, s->inputWidth);
            }
            compared++;
        }
        cases++;
        free(l.weights); free(l.bias); free(l.multipliers); free(l.shifts);
        free(input); free(expected); free(actual); free(packed); free(scratch); free(accumulators);
    }
    printf("kernel-cross-test: %d layers, %d comparisons (", cases, compared);
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++)
        if (milepost_conv2d_supports(all[k])) printf(" %s", name(all[k]));
    printf(" ; best: %s), %d mismatches\n", name(milepost_conv2d_best_instruction_set()), failures);
    return failures == 0 ? 0 : 1;
}
