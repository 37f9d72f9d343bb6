import Foundation
@testable import MilepostHardware

/// The repository's Board/ folder, found from this file's path.
let repositoryBoardDirectory: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("Board").path
}()

func loadShippedBoard(_ name: String) throws -> BoardFile {
    try BoardLoader(directory: repositoryBoardDirectory).load(name)
}

/// A valid board file's JSON, as text, for tests to break in one place.
let validBoardJSON = """
{
  "name": "test",
  "gpio": {
    "trigger":  { "chip": "gpiochip0", "line": 0 },
    "ir":       [ { "chip": "gpiochip0", "line": 1 } ],
    "presence": { "chip": "gpiochip0", "line": 2, "activeLow": true, "bias": "pull-up" }
  },
  "irProtection": { "maxDutyCycle": 0.1, "windowMs": 1000, "maxDelayMs": 20 },
  "sequencer": { "irLeadUs": 500, "triggerWidthUs": 100, "exposureUs": 2000 },
  "camera": { "source": "v4l2", "device": "/dev/video0", "format": "GREY", "width": 640, "height": 480, "fps": 30 }
}
"""
