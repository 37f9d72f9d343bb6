// swift-tools-version:6.1
import PackageDescription

// Dependencies are pinned exactly; Package.resolved is not committed (see README).
let package = Package(
    name: "Milepost",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "milepost", targets: ["milepost"]),
        .executable(name: "milepost-server", targets: ["milepost-server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", exact: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", exact: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", exact: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "3.12.3"),
        .package(url: "https://github.com/apple/swift-system.git", exact: "1.8.1"),
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", exact: "2.37.6"),
        .package(url: "https://github.com/vapor/postgres-nio.git", exact: "1.33.2"),
    ],
    targets: [
        // C libraries, each through a small system-library target found with pkg-config.
        .systemLibrary(name: "CGPIOD", pkgConfig: "libgpiod", providers: [.apt(["libgpiod-dev"])]),
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        .systemLibrary(name: "CV4L2", pkgConfig: "libv4l2", providers: [.apt(["libv4l-dev"])]),
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        // glibc's mallopt (malloc.h), for HeapRetention
        .systemLibrary(name: "CGlibcMalloc"),

        // Layer 1. Shared value types and building blocks every module uses; depends on nothing.
        .target(name: "MilepostCore"),
        // Layer 2. The system layer over swift-system: durable files, clocks, the blocking pool.
        .target(
            name: "MilepostSystem",
            dependencies: [
                "MilepostCore", "CSystemd",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // Test doubles (fault-injecting file system, manual clocks); only tests and tools use it.
        .target(
            name: "MilepostTesting",
            dependencies: ["MilepostCore", "MilepostSystem", .product(name: "SystemPackage", package: "swift-system")]
        ),

        // Layer 3. The capabilities.

        // Hardware access: GPIO (libgpiod v1), V4L2 capture, board files, capture sequencer.
        .target(
            name: "MilepostHardware",
            dependencies: [
                "MilepostCore", "MilepostSystem", "CGPIOD", "CV4L2", "MilepostImaging",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The hardware module's test doubles (a scripted camera, a virtual monotonic clock); tests only.
        .target(name: "MilepostHardwareTesting", dependencies: ["MilepostCore", "MilepostHardware", "MilepostImaging"]),
        // JPEG (libjpeg-turbo) and PNG (libpng) decode to luma; grey JPEG encode.
        .target(name: "MilepostImaging", dependencies: ["MilepostCore", "CTurboJPEG", "CPNG", "CGlibcMalloc"]),
        // Plate detection and reading; fixed-point kernels. Depends on the core's image type only.
        .target(name: "CMilepostKernels"),
        .target(name: "MilepostRecognition", dependencies: ["MilepostCore", "CMilepostKernels"]),
        // The power-loss-safe read ring, retention, evidence holds, queries.
        .target(
            name: "MilepostStorage",
            dependencies: [
                "MilepostCore", "MilepostSystem",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Signed authorizations, search approvals, revocation, clock floor, audit log.
        .target(
            name: "MilepostPolicy",
            dependencies: [
                "MilepostCore", "MilepostSystem",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The policy module's test double (an in-memory audit file with faults); tests and tools only.
        .target(
            name: "MilepostPolicyTesting",
            dependencies: ["MilepostPolicy", "MilepostSystem", .product(name: "SystemPackage", package: "swift-system")]
        ),
        // Hotlist import and matching, hit notices, durable outbox, webhook delivery.
        .target(
            name: "MilepostHotlist",
            dependencies: [
                "MilepostCore", "MilepostSystem",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The wire between a unit and the department server: signed batches of sequenced reads.
        .target(
            name: "MilepostIngest",
            dependencies: ["MilepostCore", "MilepostPolicy", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // A scripted department server for the read uploader; only tests and tools use it.
        .target(name: "MilepostIngestTesting", dependencies: ["MilepostCore", "MilepostIngest"]),
        // A stand-in for hotlist approvals; only tests and tools use it.
        .target(name: "MilepostHotlistTesting", dependencies: ["MilepostCore", "MilepostHotlist"]),
        // Layer 4. The long-running unit as a library: wires hardware, recognition, store, policy and notices.
        .target(
            name: "MilepostService",
            dependencies: [
                "MilepostCore", "MilepostSystem", "MilepostHardware", "MilepostImaging", "MilepostRecognition",
                "MilepostStorage", "MilepostPolicy", "MilepostHotlist", "MilepostIngest",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // Layer 4. The department server as a library: PostgreSQL storage, signed-batch ingest, retention, every unit's hit notices.
        .target(
            name: "MilepostServer",
            dependencies: [
                "MilepostCore", "MilepostSystem", "MilepostPolicy", "MilepostIngest", "MilepostHotlist",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Scoring the recogniser on labelled datasets, and the recognition commands' file and output helpers.
        .target(name: "MilepostEvaluation", dependencies: ["MilepostCore", "MilepostImaging", "MilepostRecognition"]),
        // The benchmarks and demonstration data behind `milepost hotlist|audit|notices bench` and the demo commands.
        .target(
            name: "MilepostBenchmarks",
            dependencies: [
                "MilepostCore", "MilepostSystem", "MilepostImaging", "MilepostStorage", "MilepostPolicy", "MilepostHotlist",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Layer 5. The command-line front end: thin commands.
        .executableTarget(
            name: "milepost",
            dependencies: [
                "MilepostCore", "MilepostSystem", "MilepostHardware", "MilepostImaging", "MilepostRecognition",
                "MilepostStorage", "MilepostPolicy", "MilepostHotlist", "MilepostService", "MilepostEvaluation",
                "MilepostBenchmarks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The department server's command-line front end: thin commands.
        .executableTarget(
            name: "milepost-server",
            dependencies: [
                "MilepostCore", "MilepostSystem", "MilepostServer", "MilepostIngest",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Storage tools: the power-cut campaign (tools/crash-test) and the benchmark (tools/store-bench).
        .executableTarget(name: "StoreCrashTest", dependencies: ["MilepostCore", "MilepostStorage", "MilepostTesting"], path: "tools/storage/StoreCrashTest"),
        .executableTarget(name: "StoreBench", dependencies: ["MilepostCore", "MilepostStorage", "MilepostTesting"], path: "tools/storage/StoreBench"),
        // Power-cut campaigns for the policy state, the audit log, hotlist import and the notice outbox (tools/crash-test).
        .executableTarget(
            name: "DurabilityCampaigns",
            dependencies: ["MilepostCore", "MilepostPolicy", "MilepostHotlist", "MilepostHotlistTesting", "MilepostService", "MilepostSystem", "MilepostTesting"],
            path: "tools/durability/DurabilityCampaigns"
        ),

        // /health latency while recognition runs flat out (tools/health-under-load).
        .executableTarget(
            name: "HealthUnderLoad",
            dependencies: [
                "MilepostCore", "MilepostService", "MilepostSystem", "MilepostRecognition", "MilepostImaging",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "tools/service/HealthUnderLoad"
        ),

        .testTarget(
            name: "MilepostIngestTests",
            dependencies: ["MilepostIngest", "MilepostCore", "MilepostPolicy", "MilepostTesting"]
        ),
        .testTarget(name: "MilepostCoreTests", dependencies: ["MilepostCore"]),
        .testTarget(
            name: "MilepostSystemTests",
            dependencies: ["MilepostSystem", "MilepostTesting", .product(name: "SystemPackage", package: "swift-system")]
        ),
        .testTarget(
            name: "MilepostHardwareTests",
            dependencies: [
                "MilepostHardware", "MilepostHardwareTesting", "MilepostCore", "MilepostTesting", .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .testTarget(name: "MilepostImagingTests", dependencies: ["MilepostCore", "MilepostImaging"]),
        .testTarget(
            name: "MilepostRecognitionTests",
            dependencies: ["MilepostCore", "MilepostRecognition"],
            resources: [.copy("Vectors")]
        ),
        .testTarget(name: "MilepostEvaluationTests", dependencies: ["MilepostCore", "MilepostEvaluation", "MilepostImaging", "MilepostRecognition"]),
        .testTarget(
            name: "MilepostBenchmarksTests",
            dependencies: ["MilepostBenchmarks", "MilepostHotlist", "MilepostStorage", "MilepostImaging", "MilepostCore"]
        ),
        .testTarget(name: "MilepostStorageTests", dependencies: ["MilepostCore", "MilepostStorage", "MilepostTesting"]),
        .testTarget(
            name: "MilepostPolicyTests",
            dependencies: ["MilepostCore", "MilepostPolicy", "MilepostPolicyTesting", "MilepostTesting", .product(name: "SystemPackage", package: "swift-system")]
        ),
        .testTarget(
            name: "MilepostHotlistTests",
            dependencies: [
                "MilepostHotlist", "MilepostHotlistTesting", "MilepostCore", "MilepostTesting", .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .testTarget(
            name: "MilepostServerTests",
            dependencies: [
                "MilepostServer", "MilepostIngest", "MilepostHotlist", "MilepostCore", "MilepostPolicy", "MilepostSystem", "MilepostTesting",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "MilepostServiceTests",
            dependencies: [
                "MilepostService", "MilepostCore", "MilepostTesting", "MilepostPolicyTesting", "MilepostHardwareTesting", "MilepostHotlistTesting",
                "MilepostIngest", "MilepostIngestTesting",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
