import MilepostCore
import MilepostSystem

/// Creating a store directory and reading its `store.meta`.
///
/// Creation order (each step durable before the next): directories, preallocated empty
/// segment files, then `store.meta` replaced atomically (temporary file, sync, rename).
/// `store.meta` is the commit point: a directory without it holds no reads, so an
/// interrupted creation is simply redone.
enum StoreLayout {
    static func segmentPath(_ directory: String, _ index: Int) -> String {
        let digits = String(index)
        return directory + "/ring/segment-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }

    /// The store's geometry, and why `store.meta` was not used for it when it was damaged.
    static func openOrCreate(
        _ configuration: StoreConfiguration, fileSystem: any FileSystem, clock: any WallClock, create: Bool
    ) throws(StoreError) -> (StoreMetadata, damagedMetadata: String?) {
        let directory = configuration.directory
        let metaPath = directory + "/store.meta"
        if fileSystem.exists(metaPath) {
            let bytes: [UInt8]
            do throws(FileError) {
                let file = try fileSystem.openFileReadOnly(metaPath)
                defer { file.close() }
                bytes = try file.read(count: Format.headerSize, at: 0)
            } catch {
                throw .ioFailed(error)
            }
            do throws(DecodeError) {
                return (try StoreMetadata.decode(bytes), nil)
            } catch {
                guard let (metadata, headers) = geometryFromSegmentHeaders(directory, fileSystem: fileSystem) else {
                    throw .damaged(path: metaPath, error)
                }
                return (metadata, "\(error); geometry taken from \(headers) agreeing segment header(s)")
            }
        }
        guard create else { throw .noStore(directory: directory) }
        return (try createStore(configuration, fileSystem: fileSystem, clock: clock), nil)
    }

    /// The geometry every segment header that checks out repeats, when `store.meta` is
    /// damaged: used only if at least one does, they all agree, and the ring directory holds
    /// exactly that many segment files. The creation time is not repeated; it reads as 0.
    static func geometryFromSegmentHeaders(_ directory: String, fileSystem: any FileSystem) -> (StoreMetadata, Int)? {
        guard let names = try? fileSystem.listDirectory(directory + "/ring") else { return nil }
        let segmentFiles = names.filter { $0.hasPrefix("segment-") }
        var headers: [SegmentHeader] = []
        for name in segmentFiles {
            guard let file = try? fileSystem.openFileReadOnly(directory + "/ring/" + name) else { return nil }
            defer { file.close() }
            if let bytes = try? file.readExactly(count: Format.headerSize, at: 0), let header = try? SegmentHeader.decode(bytes) {
                headers.append(header)
            }
        }
        guard let first = headers.first,
              headers.allSatisfy({ ($0.storeID, $0.segmentCount, $0.segmentSize) == (first.storeID, first.segmentCount, first.segmentSize) }),
              Int(first.segmentCount) == segmentFiles.count,
              segmentFiles == (0..<segmentFiles.count).map({ String(segmentPath("", $0).dropFirst("/ring/".count)) }),
              Format.segmentCountRange.contains(Int64(first.segmentCount)),
              Int64(exactly: first.segmentSize).map(Format.segmentSizeRange.contains) == true
        else { return nil }
        let metadata = StoreMetadata(
            storeID: first.storeID, segmentSize: first.segmentSize, segmentCount: first.segmentCount,
            createdAt: UTCTime(millisecondsSinceEpoch: 0))
        return (metadata, headers.count)
    }

    private static func createStore(
        _ configuration: StoreConfiguration, fileSystem: any FileSystem, clock: any WallClock
    ) throws(StoreError) -> StoreMetadata {
        let directory = configuration.directory
        var generator = SystemRandomNumberGenerator()
        let metadata = StoreMetadata(
            storeID: generator.next(), segmentSize: UInt64(configuration.segmentSize),
            segmentCount: UInt32(configuration.segmentCount), createdAt: clock.now())
        do throws(FileError) {
            try fileSystem.makeDirectory(directory)
            try fileSystem.makeDirectory(directory + "/ring")
            try fileSystem.makeDirectory(directory + "/evidence")
            try fileSystem.syncDirectory(directory)
            for index in 0..<configuration.segmentCount {
                let file = try fileSystem.openFile(segmentPath(directory, index), create: true)
                defer { file.close() }
                try file.allocate(size: configuration.segmentSize)
                // A leftover file from an interrupted creation may hold anything.
                try file.zeroRange(at: 0, count: Int64(Format.headerSize))
                try file.dataSync()
            }
            try fileSystem.syncDirectory(directory + "/ring")
            try fileSystem.replaceAtomically(directory + "/store.meta", with: metadata.encode())
        } catch {
            throw StoreError.fromWrite(error)
        }
        return metadata
    }
}
