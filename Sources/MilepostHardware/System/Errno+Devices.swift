import SystemPackage

extension Errno {
    /// EACCES or EPERM: the process may not use the device.
    public var isPermissionProblem: Bool { self == .permissionDenied || self == .notPermitted }
    /// The device went away (unplugged, driver unbound, reset): ENODEV, ENXIO or EIO.
    public var isDeviceGone: Bool {
        self == .operationNotSupportedByDevice || self == .noSuchAddressOrDevice || self == .ioError
    }
}
