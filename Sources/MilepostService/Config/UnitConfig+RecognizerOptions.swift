import MilepostRecognition

extension UnitConfig {
    /// The recognizer's options with this unit's overrides applied.
    var recognizerOptions: RecognizerOptions {
        var options = RecognizerOptions()
        if let weight = plateFormatWeight { options.standardFormatWeight = weight }
        if let fullResolution = fullResolutionPass { options.fineDetectionWhenNothingRead = fullResolution }
        return options
    }
}
