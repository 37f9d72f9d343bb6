import MilepostCore

/// A plate read in a frame.
public struct PlateReading: Equatable, Sendable {
    /// Best reading: upper case, no spaces or dashes, zero rather than letter O.
    public let text: String
    /// Probability of `text` under the reader, in thousandths.
    public let confidence: Int
    /// One confidence (thousandths) per character of `text`.
    public let characterConfidences: [Int]
    /// Up to `maxCandidates` readings allowed by `PlateFormat`, best first (the first is
    /// `text`): ranked by confidence weighted by `RecognizerOptions.standardFormatWeight`.
    public let candidates: [PlateCandidate]
    /// Where the plate is, in frame pixels.
    public let box: PixelBox
    /// The plate's grey pixels, for evidence.
    public let crop: LumaImage
    /// The detector's centre logit.
    public let detectionScore: Int
}

/// The recognition core's boundary, so the service can run on a fake in tests.
public protocol PlateRecognizing: Sendable {
    func recognize(_ frame: LumaImage) -> [PlateReading]
}

public struct RecognizerOptions: Sendable {
    /// Which convolution kernels run the networks. Default: the optimised kernels with the
    /// fastest convolution this CPU runs.
    public var kernels: KernelChoice = .optimised
    /// Prefix beam search width of the reader's decoder. Default 16.
    public var beamWidth = 16
    /// Most candidate readings kept per plate. Default 10.
    public var maxCandidates = 10
    /// Most detections of a frame that are read. Default 6.
    public var maxPlates = 6
    /// Also search a frame shrunk twice as much, for plates too large for the main pass.
    /// Default on.
    public var coarseDetection = true
    /// Centres between the detector's cells (parabola through neighbouring logits).
    /// Default on.
    public var subCellCentres = true
    /// Plate sizes averaged over the 3x3 cells around a peak, instead of the peak cell's own.
    /// Default off.
    public var averageSizes = false
    /// Readings below this confidence (thousandths) are dropped as not plates, and so are
    /// readings of at most `shortTextLength` characters below `shortTextMinimumConfidence`
    /// (grilles, signs and stickers read as two or three characters). Defaults 200, 3 and 500,
    /// chosen on held-out data (tools/training/choose_threshold.py), never on the evaluation
    /// folders.
    public var minimumConfidence = 200
    public var shortTextLength = 3
    public var shortTextMinimumConfidence = 500
    /// The crop read around a detection grows by these percentages of the box on each side
    /// (negative values shrink it towards the characters). Defaults 0 and 0.
    public var cropMarginXPercent = 0
    public var cropMarginYPercent = 0
    /// When the text read from a detection reaches the first or last `edgeSteps` time steps
    /// of the reader, the detector's box has probably cut a character off: the crop is widened
    /// on that side by `edgeWideningPercent` of its width and read again, and the more
    /// confident reading is kept. Defaults 20% and 3 steps (of the reader's 23); 0% turns this
    /// off.
    public var edgeWideningPercent = 20
    public var edgeSteps = 3
    /// Extra crops read around each plate, each grown on the left and right by this
    /// percentage of its width (negative values shrink it). The candidates' confidences are
    /// averaged over all the reads (a text a read did not rank counts 0 there), which
    /// outvotes a character one crop's framing invents or loses. Default [-5, 5]; empty: one
    /// read.
    public var votingGrowthsPercent = [-5, 5]
    /// Extra crops read for the same vote, each grown at the top and the bottom by this
    /// percentage of its height (negative values shrink it): the detector's box height is
    /// less certain than its width. Default [-8, 8]; empty: none. Two more reader passes per
    /// voted plate (see `heightVoteOnlyOnDisagreement`).
    public var votingHeightGrowthsPercent = [-8, 8]
    /// The height crops are read only when the width crops' first readings are not all the
    /// same text: a unanimous vote hardly ever turns. Default on.
    public var heightVoteOnlyOnDisagreement = true
    /// Only plates whose first reading reaches this confidence (thousandths) are read again
    /// for the vote: the others are mostly not plates. Default 100.
    public var votingMinimumConfidence = 100
    /// Plates whose first reading reaches this confidence are not read again: the vote
    /// hardly ever changes so sure a reading. Default 950.
    public var votingMaximumConfidence = 950
    /// When positive, each detection is first read from a crop grown by this percentage of
    /// its width on each side, and the crop is then centred on the text that read found
    /// (the detector's centre can sit a character off on real plates). One more reader pass
    /// per detection. Default 25; 0 turns this off.
    public var recentringProbePercent = 25
    /// When positive, the probe's text also sizes the crop: a crop wider than the text's width
    /// times 100 / this is shrunk about its centre (height too, by the same scale) so that the
    /// text covers this percentage of it, as on the tight crops the reader was trained on.
    /// Only texts of at least `textSizingMinimumCharacters` characters size the crop (shorter
    /// ones do not fill their plate), and never below `textSizingMinimumScalePercent` of the
    /// crop. Defaults 86%, 6 characters and 60%; 0% turns this off.
    public var textSizingPercent = 86
    public var textSizingMinimumCharacters = 6
    public var textSizingMinimumScalePercent = 60
    /// With text sizing on, read the sized crop as well as the unsized one and keep the more
    /// confident reading (true), instead of reading the sized crop alone (false). The sized
    /// crop is read only when it is at least `textSizingRereadMinimumShrinkPercent` narrower,
    /// so a tight crop keeps its reading and a loose one (the detector's boxes on real frames
    /// are looser than the plate) gets the better of both. Defaults on and 5%.
    public var textSizingRereads = true
    public var textSizingRereadMinimumShrinkPercent = 5
    /// A detection whose reading so far is too unsure to report (below `minimumConfidence`)
    /// is read again from its crop shrunk about its centre to each of these percentages of
    /// its width and height, and the most confident reading is kept: a box much larger than a
    /// small plate, especially too tall, costs the reader most of what it reads. Readings
    /// already reported are never changed. Default [80, 65]; empty: off.
    public var rescueShrinksPercent = [80, 65]
    /// Only the strongest this many detections of a frame are rescued: the weaker ones are
    /// mostly not plates. Default 1.
    public var rescuedDetections = 1
    /// When no detection of a frame reads well enough to report, the detector runs again on
    /// the frame itself instead of shrunk by 2, in windows around the strongest places of the
    /// main pass's map (`fineWindowCount`, `fineWindowHalfWidth`), and its detections are read
    /// the same way. Why: a plate 45-60 px wide is 22-30 px at the detector's input, the low
    /// end of the 14-80 px it was trained on, where it misses the plate or boxes it too
    /// loosely; at full resolution the same plate sits mid-range. Default on.
    public var fineDetectionWhenNothingRead = true
    /// How many of the main pass's strongest local maxima get a full-resolution window, and
    /// the window's half width in frame pixels (its height is five eighths of its width).
    /// Defaults 8 and 64 (128x80 windows).
    public var fineWindowCount = 8
    public var fineWindowHalfWidth = 64
    /// With `fineDetectionWhenNothingRead` on, a frame whose readings are reported but some
    /// below this confidence is searched the same way; the search's detections that overlap
    /// such a reading are read, and a more confident reading replaces the one it overlaps
    /// (the main pass often boxes a small plate loosely, or only in part, and reads it
    /// unsurely). Default 500; 0: only frames with nothing read are searched.
    public var fineDetectionBelowConfidence = 500
    /// A reading whose shape is a standard US serial (`StandardSerialFormat`) ranks as if its
    /// confidence were this many times higher; confidences themselves stay the reader's own.
    /// It mends the reader's letter-for-digit swaps (CJ1P5G read as CJIP5G); a vanity plate
    /// the reader is sure of still ranks first. Default 4; 1 turns the prior off.
    public var standardFormatWeight = 4
    /// Default reporting threshold (thousandths) used for calibration figures.
    public static let defaultThreshold = 500

    public init() {}

    /// Whether a frame's best reading is confident enough to report as a plate.
    public func reports(text: String, confidence: Int) -> Bool {
        confidence >= (text.count <= shortTextLength ? max(minimumConfidence, shortTextMinimumConfidence) : minimumConfidence)
    }
}

/// Finds and reads plates in a grey frame with the fixed-point networks of a `PlateModel`.
public struct PlateRecognizer: PlateRecognizing {
    public let model: PlateModel
    public let options: RecognizerOptions

    public init(model: PlateModel, options: RecognizerOptions = RecognizerOptions()) {
        self.model = model
        self.options = options
    }

    /// Plate boxes in a frame, strongest first, before reading.
    public func detect(_ frame: LumaImage) -> [PlateDetection] {
        detector.detect(frame)
    }

    public func recognize(_ frame: LumaImage) -> [PlateReading] {
        let main = detector.mainPass(frame)
        var readings = read(frame, main.detections)
        guard options.fineDetectionWhenNothingRead, let map = main.map else { return readings }
        let unsure = readings.indices.filter { readings[$0].confidence < options.fineDetectionBelowConfidence }
        guard readings.isEmpty || !unsure.isEmpty else { return readings }
        let fine = detector.detectFine(frame, around: map, windows: options.fineWindowCount, halfWidth: options.fineWindowHalfWidth)
        if readings.isEmpty { return read(frame, fine) }
        // Only detections that could replace an unsure reading are worth reading.
        let overlapping = fine.filter { detection in unsure.contains { readings[$0].box.intersection(detection.box) > 0 } }
        for second in read(frame, overlapping) {
            if let index = unsure.first(where: { readings[$0].box.intersection(second.box) > 0 && readings[$0].confidence < second.confidence }) {
                readings[index] = second
            }
        }
        readings.sort { $0.confidence != $1.confidence ? $0.confidence > $1.confidence : $0.detectionScore > $1.detectionScore }
        return readings
    }

    private var detector: PlateDetector {
        PlateDetector(network: model.detector, head: model.detectorHead, kernels: options.kernels,
                      maxDetections: options.maxPlates, coarsePass: options.coarseDetection,
                      subCellCentres: options.subCellCentres, averageSizes: options.averageSizes)
    }

    /// Plate boxes the detector finds at full resolution where the main pass's map is
    /// strongest (the pass `fineDetectionWhenNothingRead` adds), strongest first.
    func detectFine(_ frame: LumaImage) -> [PlateDetection] {
        guard let map = detector.mainPass(frame).map else { return [] }
        return detector.detectFine(frame, around: map, windows: options.fineWindowCount, halfWidth: options.fineWindowHalfWidth)
    }

    /// The reported readings of `detections` (strongest first), most confident first.
    func read(_ frame: LumaImage, _ detections: [PlateDetection]) -> [PlateReading] {
        var readings: [PlateReading] = []
        for (rank, detection) in detections.enumerated() {
            let box = detection.box
            let mx = box.width * options.cropMarginXPercent / 100, my = box.height * options.cropMarginYPercent / 100
            var source = PixelBox(x: box.x - mx, y: box.y - my, width: box.width + 2 * mx, height: box.height + 2 * my)
            // The box reported (and cut as evidence) follows the crop whose reading won, so the
            // evidence shows every character that was read.
            var readBox = box
            var sizedAlternative: (source: PixelBox, box: PixelBox)?
            if options.recentringProbePercent > 0, let text = textExtent(frame, around: grown(source, by: options.recentringProbePercent)) {
                let shift = (text.columns.lowerBound + text.columns.upperBound) / 2 - (source.x + source.width / 2)
                source.x += shift
                readBox.x += shift
                if let characters = text.characters, characters >= options.textSizingMinimumCharacters,
                   let sizedCrop = textSized(source, box: readBox, textWidth: text.columns.upperBound - text.columns.lowerBound) {
                    if options.textSizingRereads {
                        sizedAlternative = sizedCrop
                    } else {
                        (source, readBox) = sizedCrop
                    }
                }
            }
            var (candidates, edges) = read(frame, source: source)
            if let alternative = sizedAlternative {
                let (again, againEdges) = read(frame, source: alternative.source)
                if let b = again.first, b.reading.confidence > candidates.first?.reading.confidence ?? -1 {
                    (candidates, edges) = (again, againEdges)
                    source = alternative.source
                    readBox = alternative.box
                }
            }
            if let widened = widened(source, at: edges) {
                let (again, _) = read(frame, source: widened)
                if let b = again.first, b.reading.confidence > candidates.first?.reading.confidence ?? -1 {
                    candidates = again
                    source = widened
                    readBox = widened
                }
            }
            if rank < options.rescuedDetections, let rescue = rescued(frame, source: source, below: candidates.first?.reading.confidence ?? -1) {
                (candidates, source, readBox) = (rescue.candidates, rescue.source, rescue.source)
            }
            candidates = rankedByFormat(votedIfConfident(candidates, image: frame, source: source))
            guard let best = candidates.first, options.reports(text: best.reading.text, confidence: best.reading.confidence) else { continue }
            readings.append(PlateReading(
                text: best.reading.text, confidence: best.reading.confidence,
                characterConfidences: best.characters, candidates: candidates.map(\.reading),
                box: readBox, crop: frame.cropped(to: readBox), detectionScore: Int(detection.score)))
        }
        readings.sort { $0.confidence != $1.confidence ? $0.confidence > $1.confidence : $0.detectionScore > $1.detectionScore }
        return readings
    }

    /// Reads a plate crop that fills `image` (no detection): ranked candidates.
    public func readCrop(_ image: LumaImage) -> [PlateCandidate] {
        let whole = PixelBox(x: 0, y: 0, width: image.width, height: image.height)
        return rankedByFormat(votedIfConfident(read(image, source: whole).candidates, image: image, source: whole)).map(\.reading)
    }

    /// `candidates` ordered by confidence times `standardFormatWeight` for standard serial
    /// shapes (times 1 for the others); ties keep their order.
    func rankedByFormat(_ candidates: [(reading: PlateCandidate, characters: [Int])]) -> [(reading: PlateCandidate, characters: [Int])] {
        guard options.standardFormatWeight != 1 else { return candidates }
        let scores = candidates.map { $0.reading.confidence * (StandardSerialFormat.matches($0.reading.text) ? options.standardFormatWeight : 1) }
        return candidates.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }.map { candidates[$0] }
    }

    /// `candidates`, read from `source`, voted with the reads of the grown and shrunk crops
    /// when voting is on and the first reading is confident enough; otherwise unchanged.
    private func votedIfConfident(_ candidates: [(reading: PlateCandidate, characters: [Int])], image: LumaImage,
                                  source: PixelBox) -> [(reading: PlateCandidate, characters: [Int])] {
        guard !options.votingGrowthsPercent.isEmpty || !options.votingHeightGrowthsPercent.isEmpty,
              let first = candidates.first?.reading.confidence,
              first >= options.votingMinimumConfidence, first < options.votingMaximumConfidence else { return candidates }
        let widthReads = [candidates] + options.votingGrowthsPercent.map { read(image, source: grown(source, by: $0)).candidates }
        if options.heightVoteOnlyOnDisagreement, widthReads.count > 1, !Self.firstReadingsDiffer(widthReads) {
            return vote(widthReads)
        }
        return vote(widthReads + options.votingHeightGrowthsPercent.map { read(image, source: grown(source, heightBy: $0)).candidates })
    }

    /// Whether the reads do not all rank the same text first (a read with no candidate
    /// differs from any that has one).
    static func firstReadingsDiffer(_ reads: [[(reading: PlateCandidate, characters: [Int])]]) -> Bool {
        let top = reads.first?.first?.reading.text
        return reads.dropFirst().contains { $0.first?.reading.text != top }
    }

    func grown(_ source: PixelBox, by percent: Int) -> PixelBox {
        let grow = source.width * percent / 100
        return PixelBox(x: source.x - grow, y: source.y, width: source.width + 2 * grow, height: source.height)
    }

    func grown(_ source: PixelBox, heightBy percent: Int) -> PixelBox {
        let grow = source.height * percent / 100
        return PixelBox(x: source.x, y: source.y - grow, width: source.width, height: source.height + 2 * grow)
    }

    /// Candidates ranked by their mean confidence over `reads`; each keeps the character
    /// confidences of a read that ranked it first, if any did, else of the first read that
    /// listed it with them.
    func vote(_ reads: [[(reading: PlateCandidate, characters: [Int])]]) -> [(reading: PlateCandidate, characters: [Int])] {
        var total: [String: Int] = [:], characters: [String: [Int]] = [:], listed: [String: [Int]] = [:], order: [String] = []
        for read in reads {
            for (rank, candidate) in read.enumerated() {
                let text = candidate.reading.text
                if total[text] == nil { order.append(text) }
                total[text, default: 0] += candidate.reading.confidence
                if rank == 0, characters[text] == nil { characters[text] = candidate.characters }
                if !candidate.characters.isEmpty, listed[text] == nil { listed[text] = candidate.characters }
            }
        }
        let ranked = order.enumerated().sorted { a, b in
            total[a.element]! != total[b.element]! ? total[a.element]! > total[b.element]! : a.offset < b.offset
        }
        return ranked.prefix(options.maxCandidates).map { _, text in
            let confidence = total[text]! / reads.count
            return (PlateCandidate(text: text, confidence: confidence),
                    characters[text] ?? listed[text] ?? [Int](repeating: confidence, count: text.count))
        }
    }

    /// Which sides of a crop the read text reached (within `edgeSteps` time steps).
    struct TouchedEdges: Equatable {
        var left = false
        var right = false
    }

    /// `source` grown by `edgeWideningPercent` on each side the text reached, or nil when it
    /// reached neither.
    func widened(_ source: PixelBox, at edges: TouchedEdges) -> PixelBox? {
        guard options.edgeWideningPercent > 0, edges.left || edges.right else { return nil }
        let grow = source.width * options.edgeWideningPercent / 100
        let left = edges.left ? grow : 0, right = edges.right ? grow : 0
        return PixelBox(x: source.x - left, y: source.y, width: source.width + left + right, height: source.height)
    }

    /// The frame column at the centre of the text the reader finds in `source`, or nil when
    /// it finds none.
    func textCentre(_ image: LumaImage, around source: PixelBox) -> Int? {
        textColumns(image, around: source).map { ($0.lowerBound + $0.upperBound) / 2 }
    }

    /// The frame columns the text the reader finds in `source` covers, or nil when it finds none.
    public func textColumns(_ image: LumaImage, around source: PixelBox) -> ClosedRange<Int>? {
        textExtent(image, around: source)?.columns
    }

    /// The frame columns the text the reader finds in `source` covers and, when text sizing
    /// is on (the only use of it), how many characters its greedy reading has; nil when it
    /// finds no text.
    func textExtent(_ image: LumaImage, around source: PixelBox) -> (columns: ClosedRange<Int>, characters: Int?)? {
        let probabilities = readerOutput(image, source: source)
        let decoder = CTCDecoder(head: model.readerHead, beamWidth: options.beamWidth)
        guard let span = decoder.characterSpan(probabilities) else { return nil }
        let characters = options.textSizingPercent > 0 ? decoder.greedy(probabilities).count : nil
        return (Self.columns(of: span, steps: probabilities.steps, in: source), characters)
    }

    /// The crop text sizing reads, and the box it reports, for `source` (reported as `box`)
    /// holding text `textWidth` columns wide; nil when sizing leaves the crop as it is or, when
    /// it is read as well as `source`, shrinks it by less than `textSizingRereadMinimumShrinkPercent`.
    func textSized(_ source: PixelBox, box: PixelBox, textWidth: Int) -> (source: PixelBox, box: PixelBox)? {
        let sizedSource = sized(source, toTextWidth: textWidth)
        let minimumShrink = options.textSizingRereads ? max(options.textSizingRereadMinimumShrinkPercent, 1) : 1
        guard sizedSource.width * 100 <= source.width * (100 - minimumShrink) else { return nil }
        return (sizedSource, sized(box, toTextWidth: textWidth))
    }

    /// The most confident reading of `source` shrunk to each of `rescueShrinksPercent`, when
    /// `confidence` (the reading so far) is below `minimumConfidence` and a shrunk crop reads
    /// more confidently than that; nil otherwise.
    func rescued(_ frame: LumaImage, source: PixelBox, below confidence: Int)
        -> (candidates: [(reading: PlateCandidate, characters: [Int])], source: PixelBox)? {
        guard confidence < options.minimumConfidence else { return nil }
        var best: (candidates: [(reading: PlateCandidate, characters: [Int])], source: PixelBox)?
        var bestConfidence = confidence
        for percent in options.rescueShrinksPercent {
            let shrunk = Self.scaled(source, percent: percent)
            let (candidates, _) = read(frame, source: shrunk)
            if let first = candidates.first?.reading.confidence, first > bestConfidence {
                (best, bestConfidence) = ((candidates, shrunk), first)
            }
        }
        return best
    }

    /// `box` scaled about its centre to `percent` of its width and height.
    static func scaled(_ box: PixelBox, percent: Int) -> PixelBox {
        let width = max(box.width * percent / 100, 1), height = max(box.height * percent / 100, 1)
        return PixelBox(x: box.x + (box.width - width) / 2, y: box.y + (box.height - height) / 2, width: width, height: height)
    }

    /// `source` shrunk about its centre so that `textWidth` covers `textSizingPercent` of its
    /// width, never below `textSizingMinimumScalePercent` of it; `source` itself when the text
    /// already covers that much (or sizing is off).
    func sized(_ source: PixelBox, toTextWidth textWidth: Int) -> PixelBox {
        guard options.textSizingPercent > 0 else { return source }
        let wanted = textWidth * 100 / options.textSizingPercent
        guard wanted < source.width else { return source }
        return Self.scaled(source, percent: max(wanted * 100 / max(source.width, 1), options.textSizingMinimumScalePercent))
    }

    /// The frame columns time steps `span` of a crop of `source` cover: step t covers the
    /// crop's columns [t, t + 1) * width / steps.
    static func columns(of span: ClosedRange<Int>, steps: Int, in source: PixelBox) -> ClosedRange<Int> {
        (source.x + span.lowerBound * source.width / steps)...(source.x + (span.upperBound + 1) * source.width / steps)
    }

    /// The reader's per-step class probabilities for the crop `source` of `image`.
    private func readerOutput(_ image: LumaImage, source: PixelBox) -> StepProbabilities {
        let head = model.readerHead
        // Filtered, not point-sampled: the reader was trained on crops shrunk this way.
        let crop = options.kernels == .reference
            ? ReferenceKernels.stretchContrast(ReferenceKernels.resizeFiltered(image, source: source, width: head.inputWidth, height: head.inputHeight),
                                               clipPercent: head.contrastClipPercent)
            : OptimisedKernels.stretchContrast(OptimisedKernels.resizeFiltered(image, source: source, width: head.inputWidth, height: head.inputHeight),
                                               clipPercent: head.contrastClipPercent)
        return StepProbabilities(logits: model.reader.run(crop, kernels: options.kernels), head: head)
    }

    private func read(_ image: LumaImage, source: PixelBox)
        -> (candidates: [(reading: PlateCandidate, characters: [Int])], edges: TouchedEdges) {
        let head = model.readerHead
        let probabilities = readerOutput(image, source: source)
        let decoder = CTCDecoder(head: head, beamWidth: options.beamWidth)
        var out: [(PlateCandidate, [Int])] = []
        for (labels, confidence) in decoder.beamSearch(probabilities) {
            let text = String(labels.map { head.alphabet[$0] })
            guard PlateFormat.allows(text), !out.contains(where: { $0.0.text == text }) else { continue }
            // Every candidate carries its own: the format ranking may put any of them first.
            let characters = decoder.characterConfidences(labels, probabilities)
            out.append((PlateCandidate(text: text, confidence: confidence), characters))
            if out.count == options.maxCandidates { break }
        }
        var edges = TouchedEdges()
        if options.edgeWideningPercent > 0, let span = decoder.characterSpan(probabilities) {
            edges = TouchedEdges(left: span.lowerBound < options.edgeSteps, right: span.upperBound >= probabilities.steps - options.edgeSteps)
        }
        return (out, edges)
    }
}
