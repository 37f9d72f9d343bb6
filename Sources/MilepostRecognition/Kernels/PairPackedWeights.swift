import CMilepostKernels

/// The weight layout of the C convolution (`milepost_conv2d_s8`). Output channels are padded
/// to blocks of 8 and the blocks gathered in groups of up to 4; each group stores, for every
/// kernel row and every pair of consecutive taps along that row (`kx` then input channel),
/// each block's 8 channels as `[tap 2i, tap 2i + 1]`. A row with an odd tap count ends with a
/// zero weight, so the kernel can multiply whole pairs without a remainder loop.
enum PairPackedWeights {
    static let block = Int(MILEPOST_CONV_BLOCK)
    static let groupBlocks = Int(MILEPOST_CONV_GROUP_BLOCKS)

    /// Output channels rounded up to whole blocks.
    static func paddedChannels(_ outputChannels: Int) -> Int {
        (outputChannels + block - 1) / block * block
    }

    /// `weights` as `[out][ky][kx][in]`.
    static func pack(_ weights: [Int8], outputChannels: Int, inputChannels: Int, kernelHeight: Int, kernelWidth: Int) -> [Int16] {
        let rowTaps = kernelWidth * inputChannels
        let pairs = (rowTaps + 1) / 2
        let blocks = (outputChannels + block - 1) / block
        var packed = [Int16](repeating: 0, count: blocks * block * kernelHeight * pairs * 2)
        var offset = 0
        for first in stride(from: 0, to: blocks, by: groupBlocks) {
            let count = min(groupBlocks, blocks - first)
            for ky in 0..<kernelHeight {
                for pair in 0..<pairs {
                    for lane in 0..<(count * block) {
                        let oc = first * block + lane
                        for half in 0..<2 {
                            let tap = 2 * pair + half
                            guard oc < outputChannels, tap < rowTaps else { continue }
                            packed[offset + ((ky * pairs + pair) * count * block + lane) * 2 + half] =
                                Int16(weights[(oc * kernelHeight + ky) * rowTaps + tap])
                        }
                    }
                }
            }
            offset += kernelHeight * pairs * count * block * 2
        }
        return packed
    }
}
