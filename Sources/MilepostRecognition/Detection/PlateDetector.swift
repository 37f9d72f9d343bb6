/// A plate found in a frame, before reading: box in frame pixels and the centre logit.
public struct PlateDetection: Equatable, Sendable {
    public let box: PixelBox
    public let score: Int8
}

/// Runs the heat-map detector on a frame shrunk by the model's downscale factor and turns
/// local maxima of the centre logit into boxes (integer arithmetic only).
struct PlateDetector {
    let network: Network
    let head: DetectorHead
    let kernels: KernelChoice
    let maxDetections: Int

    func detect(_ frame: GreyImage) -> [PlateDetection] {
        let d = head.downscale
        let w = frame.width / d, h = frame.height / d
        guard w >= 16, h >= 16 else { return [] }
        let full = PixelBox(x: 0, y: 0, width: w * d, height: h * d)
        let small = kernels == .reference
            ? ReferenceKernels.resize(frame, source: full, width: w, height: h)
            : OptimisedKernels.resize(frame, source: full, width: w, height: h)
        return decode(network.run(small, kernels: kernels))
    }

    /// Peaks of channel 0 at or above the threshold that no neighbour beats (ties go to the
    /// first in scan order), strongest first, with overlapping boxes suppressed.
    func decode(_ map: Int8Tensor) -> [PlateDetection] {
        var found: [PlateDetection] = []
        for y in 0..<map.height {
            for x in 0..<map.width {
                let v = map[y, x, 0]
                guard v >= head.threshold, isPeak(map, x, y, v) else { continue }
                let scale = head.downscale
                let cx = (x * head.stride + head.stride / 2) * scale
                let cy = (y * head.stride + head.stride / 2) * scale
                let bw = max(4, Int(head.sizeScale.apply(Int32(map[y, x, 1]))) * scale)
                let bh = max(2, Int(head.sizeScale.apply(Int32(map[y, x, 2]))) * scale)
                found.append(PlateDetection(box: PixelBox(x: cx - bw / 2, y: cy - bh / 2, width: bw, height: bh), score: v))
            }
        }
        found.sort { $0.score != $1.score ? $0.score > $1.score : ($0.box.y, $0.box.x) < ($1.box.y, $1.box.x) }
        var kept: [PlateDetection] = []
        for candidate in found where kept.count < maxDetections {
            let overlaps = kept.contains { k in
                let inter = k.box.intersection(candidate.box)
                return inter * 10 > (k.box.area + candidate.box.area - inter) * 3
            }
            if !overlaps { kept.append(candidate) }
        }
        return kept
    }

    private func isPeak(_ map: Int8Tensor, _ x: Int, _ y: Int, _ v: Int8) -> Bool {
        for dy in -1...1 {
            for dx in -1...1 where dx != 0 || dy != 0 {
                let nx = x + dx, ny = y + dy
                guard nx >= 0, ny >= 0, nx < map.width, ny < map.height else { continue }
                let n = map[ny, nx, 0]
                let earlier = dy < 0 || (dy == 0 && dx < 0)
                if n > v || (earlier && n == v) { return false }
            }
        }
        return true
    }
}
