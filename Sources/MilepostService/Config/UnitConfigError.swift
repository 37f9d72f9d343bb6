import MilepostCore

/// Why a unit configuration was refused.
public typealias UnitConfigError = ConfigFileError
