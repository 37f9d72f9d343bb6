import MilepostCore

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
    /// Also search the frame shrunk by twice the model's factor, for plates larger than
    /// the detector was trained on (close cars).
    var coarsePass = true
    /// Place each centre between cells by a parabola through the peak's logit and its two
    /// neighbours on each axis (the map's cells are 16 frame pixels apart, a sixth of a plate).
    var subCellCentres = true
    /// Read plate sizes as the mean over the peak's 3x3 neighbourhood.
    var averageSizes = false

    /// What the main passes found, and the main pass's output map (nil when the frame is too
    /// small to shrink), which `detectFine(_:around:windows:halfWidth:)` searches from.
    struct MainPass {
        let detections: [PlateDetection]
        let map: Int8Tensor?
    }

    func detect(_ frame: LumaImage) -> [PlateDetection] {
        mainPass(frame).detections
    }

    func mainPass(_ frame: LumaImage) -> MainPass {
        let d = head.downscale
        guard let small = shrink(frame, d) else { return MainPass(detections: [], map: nil) }
        let map = network.run(small, kernels: kernels)
        var found = peaks(map, scale: d)
        if coarsePass, let coarse = shrink(small, 2) {
            found += peaks(network.run(coarse, kernels: kernels), scale: 2 * d)
        }
        return MainPass(detections: suppress(found), map: map)
    }

    /// The detector run on the frame itself (not shrunk): plates of 24-80 frame pixels fall
    /// where the network was trained (14-80 of its input pixels) instead of at its lower end.
    /// Empty when the model's downscale is already 1.
    func detectFine(_ frame: LumaImage) -> [PlateDetection] {
        suppress(finePeaks(frame))
    }

    /// `detectFine` in windows of the frame only, around the `windows` strongest local maxima
    /// of the main pass's centre logits (`map`) whatever their level: a plate too small for
    /// the main pass still raises the logit where it is, so a small part of the whole frame's
    /// work (8 windows of 128x80 are 9% of a 1280x720 frame) finds what it finds (see
    /// `fineWindows`).
    func detectFine(_ frame: LumaImage, around map: Int8Tensor, windows: Int, halfWidth: Int) -> [PlateDetection] {
        var found: [PlateDetection] = []
        for window in fineWindows(map, count: windows, halfWidth: halfWidth, frameWidth: frame.width, frameHeight: frame.height) {
            found += finePeaks(frame.cropped(to: window)).map {
                PlateDetection(box: PixelBox(x: $0.box.x + window.x, y: $0.box.y + window.y, width: $0.box.width, height: $0.box.height),
                               score: $0.score)
            }
        }
        return suppress(found)
    }

    /// Frame windows centred on the `count` strongest local maxima of the main pass's centre
    /// logits (ties in scan order), `2 * halfWidth` wide and five eighths of that high (a
    /// plate's shape with room around it), clipped to the frame; windows smaller than the
    /// network's 16-pixel minimum are left out.
    func fineWindows(_ map: Int8Tensor, count: Int, halfWidth: Int, frameWidth: Int, frameHeight: Int) -> [PixelBox] {
        var maxima: [(logit: Int8, x: Int, y: Int)] = []
        for y in 0..<map.height {
            for x in 0..<map.width where isPeak(map, x, y, map[y, x, 0]) {
                maxima.append((map[y, x, 0], x, y))
            }
        }
        let strongest = maxima.enumerated().sorted { a, b in a.element.logit != b.element.logit ? a.element.logit > b.element.logit : a.offset < b.offset }
        let halfHeight = halfWidth * 5 / 8
        var windows: [PixelBox] = []
        for (_, peak) in strongest.prefix(count) {
            let cx = (peak.x * head.stride + head.stride / 2) * head.downscale
            let cy = (peak.y * head.stride + head.stride / 2) * head.downscale
            let x0 = max(0, cx - halfWidth), y0 = max(0, cy - halfHeight)
            let x1 = min(frameWidth, cx + halfWidth), y1 = min(frameHeight, cy + halfHeight)
            if x1 - x0 >= 16, y1 - y0 >= 16 { windows.append(PixelBox(x: x0, y: y0, width: x1 - x0, height: y1 - y0)) }
        }
        return windows
    }

    private func finePeaks(_ image: LumaImage) -> [PlateDetection] {
        guard head.downscale > 1, image.width >= 16, image.height >= 16 else { return [] }
        return peaks(network.run(image, kernels: kernels), scale: 1)
    }

    private func shrink(_ image: LumaImage, _ factor: Int) -> LumaImage? {
        let w = image.width / factor, h = image.height / factor
        guard w >= 16, h >= 16 else { return nil }
        let source = PixelBox(x: 0, y: 0, width: w * factor, height: h * factor)
        return kernels == .reference
            ? ReferenceKernels.resize(image, source: source, width: w, height: h)
            : OptimisedKernels.resize(image, source: source, width: w, height: h)
    }

    func decode(_ map: Int8Tensor) -> [PlateDetection] {
        suppress(peaks(map, scale: head.downscale))
    }

    /// Peaks of channel 0 at or above the threshold that no neighbour beats (ties go to the
    /// first in scan order), as boxes in frame pixels for a map computed at `scale`.
    private func peaks(_ map: Int8Tensor, scale: Int) -> [PlateDetection] {
        var found: [PlateDetection] = []
        for y in 0..<map.height {
            for x in 0..<map.width {
                let v = map[y, x, 0]
                guard v >= head.threshold, isPeak(map, x, y, v) else { continue }
                var cx = (x * head.stride + head.stride / 2) * scale
                var cy = (y * head.stride + head.stride / 2) * scale
                if subCellCentres {
                    let cell = head.stride * scale
                    // At the map's border the missing neighbour mirrors the present one, which
                    // leaves the centre in its cell (taking the peak's own value would pull it
                    // half a cell towards the frame's edge).
                    let left = x > 0 ? map[y, x - 1, 0] : nil, right = x + 1 < map.width ? map[y, x + 1, 0] : nil
                    let above = y > 0 ? map[y - 1, x, 0] : nil, below = y + 1 < map.height ? map[y + 1, x, 0] : nil
                    cx += Self.parabolaPeakOffset(before: left ?? right ?? v, peak: v, after: right ?? left ?? v, spacing: cell)
                    cy += Self.parabolaPeakOffset(before: above ?? below ?? v, peak: v, after: below ?? above ?? v, spacing: cell)
                }
                let bw = max(4, Int(head.sizeScale.apply(sizeValue(map, x, y, channel: 1))) * scale)
                let bh = max(2, Int(head.sizeScale.apply(sizeValue(map, x, y, channel: 2))) * scale)
                found.append(PlateDetection(box: PixelBox(x: cx - bw / 2, y: cy - bh / 2, width: bw, height: bh), score: v))
            }
        }
        return found
    }

    /// Strongest first; a box overlapping a stronger one by IoU > 0.3 is dropped.
    private func suppress(_ candidates: [PlateDetection]) -> [PlateDetection] {
        var found = candidates
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

    /// The size channel at a peak: its own value, or with `averageSizes` the rounded mean over
    /// the 3x3 cells around it (all trained to predict the same plate's size).
    private func sizeValue(_ map: Int8Tensor, _ x: Int, _ y: Int, channel: Int) -> Int32 {
        guard averageSizes else { return Int32(map[y, x, channel]) }
        var sum = 0, count = 0
        for ny in max(0, y - 1)...min(map.height - 1, y + 1) {
            for nx in max(0, x - 1)...min(map.width - 1, x + 1) {
                sum += Int(map[ny, nx, channel])
                count += 1
            }
        }
        return Int32((2 * sum + count * (sum < 0 ? -1 : 1)) / (2 * count))
    }

    /// Where the parabola through three equally spaced samples peaks, relative to the middle
    /// one, in the units of `spacing`; rounded half away from zero and kept within half a
    /// spacing. Zero when the samples are flat.
    static func parabolaPeakOffset(before: Int8, peak: Int8, after: Int8, spacing: Int) -> Int {
        let a = Int(before), l = Int(peak), b = Int(after)
        let curvature = 2 * (2 * l - a - b)
        guard curvature > 0 else { return 0 }
        let numerator = (b - a) * spacing
        let rounded = (abs(numerator) + curvature / 2) / curvature * (numerator < 0 ? -1 : 1)
        return min(max(rounded, -spacing / 2), spacing / 2)
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
