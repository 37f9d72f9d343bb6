import CMilepostKernels

/// The implementations of the optimised convolution. All give the same bytes; tests run each
/// one this CPU supports against the reference (NEON, on x86, through
/// `tools/kernel-cross-test` under qemu).
public enum ConvolutionInstructionSet: String, CaseIterable, Sendable {
    case portable, sse2, avx2, neon

    /// The fastest one this CPU runs (what `OptimisedKernels.conv2d` uses by default).
    public static var best: ConvolutionInstructionSet {
        ConvolutionInstructionSet(milepost_conv2d_best_instruction_set()) ?? .portable
    }

    public static var supported: [ConvolutionInstructionSet] {
        allCases.filter { milepost_conv2d_supports($0.cValue) != 0 }
    }

    var cValue: milepost_instruction_set {
        switch self {
        case .portable: MILEPOST_ISA_PORTABLE
        case .sse2: MILEPOST_ISA_SSE2
        case .avx2: MILEPOST_ISA_AVX2
        case .neon: MILEPOST_ISA_NEON
        }
    }

    init?(_ value: milepost_instruction_set) {
        guard let match = Self.allCases.first(where: { $0.cValue == value }) else { return nil }
        self = match
    }
}
