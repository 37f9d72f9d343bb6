#ifndef CMILEPOSTKERNELS_H
#define CMILEPOSTKERNELS_H

#include <stdint.h>

/// Shape of one int8 convolution (NHWC activations, zero points 0, symmetric padding).
typedef struct {
    int32_t inputHeight, inputWidth, inputChannels;
    int32_t outputHeight, outputWidth, outputChannels;
    int32_t kernelHeight, kernelWidth, strideY, strideX, padY, padX;
    int8_t outputMin, outputMax;
} milepost_conv_shape;

/// The convolution's implementations: plain C (any CPU), x86 SSE2, x86 AVX2, AArch64 NEON.
typedef enum {
    MILEPOST_ISA_BEST = 0,
    MILEPOST_ISA_PORTABLE = 1,
    MILEPOST_ISA_SSE2 = 2,
    MILEPOST_ISA_AVX2 = 3,
    MILEPOST_ISA_NEON = 4,
} milepost_instruction_set;

/// Output channels per block of the pair-packed weights, and blocks per group (one pass
/// over the receptive field accumulates a whole group in registers).
enum { MILEPOST_CONV_BLOCK = 8, MILEPOST_CONV_GROUP_BLOCKS = 4 };

/// Int16 elements of the scratch buffer `milepost_conv2d_s8` needs: the input widened to
/// int16 with its padding written out, plus two elements of slack for the last odd pair.
int64_t milepost_conv2d_scratch_count(const milepost_conv_shape *shape);

/// Weight pairs per kernel row: `(kernelWidth * inputChannels + 1) / 2`.
int32_t milepost_conv2d_pairs_per_row(const milepost_conv_shape *shape);

/// The optimised convolution. `packedWeights` is laid out, for each group of up to
/// MILEPOST_CONV_GROUP_BLOCKS blocks of 8 output channels in order:
/// `[kernel row][pair][block in group][channel in block][2]` (int16, the second of an odd
/// row's last pair is 0). `bias`, `multipliers` and `shifts` are padded with zeros to whole
/// blocks; `accumulators` holds one int32 per padded output channel.
/// Requantization is TFLite's two-rounding `MultiplyByQuantizedMultiplier`, exactly as
/// `QuantizedMultiplier.apply` in Swift.
/// Every implementation gives the same bytes; `MILEPOST_ISA_BEST` picks the fastest this CPU
/// runs. Returns 0, or -1 (and writes nothing) when the CPU lacks the instruction set asked for.
int milepost_conv2d_s8(const milepost_conv_shape *shape, milepost_instruction_set instructionSet,
                       const int8_t *input, const int16_t *packedWeights, const int32_t *bias,
                       const int32_t *multipliers, const int32_t *shifts,
                       int8_t *output, int16_t *scratch, int32_t *accumulators);

/// Whether this CPU runs `instructionSet` (MILEPOST_ISA_BEST and PORTABLE always).
int milepost_conv2d_supports(milepost_instruction_set instructionSet);

/// The instruction set `MILEPOST_ISA_BEST` means on this CPU.
milepost_instruction_set milepost_conv2d_best_instruction_set(void);

#endif
