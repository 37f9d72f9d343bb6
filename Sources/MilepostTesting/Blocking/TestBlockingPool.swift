import MilepostSystem

extension BlockingPool {
    /// One pool for every test in a process, never shut down: tests make lanes on it freely,
    /// as the unit makes its lanes on its one pool.
    public static let forTests = BlockingPool(threadCount: 4)
}
