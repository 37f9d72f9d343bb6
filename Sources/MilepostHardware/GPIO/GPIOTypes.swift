/// Internal bias of an input (or output) line.
public enum GPIOBias: String, Codable, Sendable, CaseIterable {
    case asIs = "as-is"
    case disabled
    case pullUp = "pull-up"
    case pullDown = "pull-down"
}

/// How a line is requested. `active` values are logical: with `activeLow` the
/// kernel inverts them, so the rest of the code always speaks of "on" and "off".
public struct GPIOLineSettings: Equatable, Sendable {
    public var consumer: String
    public var activeLow: Bool
    public var bias: GPIOBias

    public init(consumer: String, activeLow: Bool = false, bias: GPIOBias = .asIs) {
        self.consumer = consumer
        self.activeLow = activeLow
        self.bias = bias
    }
}

public enum GPIOEdge: String, Sendable, Equatable {
    case rising
    case falling
}

/// An input edge with the kernel's timestamp (CLOCK_MONOTONIC for libgpiod 1.6 on Linux 5.7+).
public struct GPIOEdgeEvent: Equatable, Sendable {
    public var edge: GPIOEdge
    public var timestamp: MonotonicInstant

    public init(edge: GPIOEdge, timestamp: MonotonicInstant) {
        self.edge = edge
        self.timestamp = timestamp
    }
}

/// What the kernel reports about a line without requesting it.
public struct GPIOLineInfo: Equatable, Sendable {
    public var offset: Int
    public var name: String?
    public var consumer: String?
    public var isUsed: Bool
    public var isOutput: Bool
    public var activeLow: Bool

    public init(offset: Int, name: String?, consumer: String?, isUsed: Bool, isOutput: Bool, activeLow: Bool) {
        self.offset = offset
        self.name = name
        self.consumer = consumer
        self.isUsed = isUsed
        self.isOutput = isOutput
        self.activeLow = activeLow
    }
}
