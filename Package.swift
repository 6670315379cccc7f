// swift-tools-version:6.0
import PackageDescription

// One system-library target per C library (module.modulemap), one thin Swift wrapper per
// library inside the stage that uses it, one folder per pipeline stage.
let package = Package(
    name: "portald",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "portald", targets: ["portald"]),
    ],
    targets: [
        .systemLibrary(name: "CInotifyTools", path: "Sources/CInotifyTools"),
        .systemLibrary(name: "CArchive", path: "Sources/CArchive", pkgConfig: "libarchive"),
        .systemLibrary(name: "CMicroHTTPD", path: "Sources/CMicroHTTPD", pkgConfig: "libmicrohttpd"),
        .systemLibrary(name: "CCmark", path: "Sources/CCmark", pkgConfig: "libcmark-gfm"),
        .systemLibrary(name: "CYAML", path: "Sources/CYAML", pkgConfig: "yaml-0.1"),
        .systemLibrary(name: "CXXHash", path: "Sources/CXXHash", pkgConfig: "libxxhash"),
        .target(name: "CSupport", path: "Sources/CSupport"),
        .target(name: "Diagnostics"),
        .target(name: "HTMLEscaping"),

        .target(name: "Archive", dependencies: ["CArchive", "CSupport", "Diagnostics"]),
        .target(name: "HTTPServer", dependencies: ["CMicroHTTPD", "CSupport", "Diagnostics"]),
        .target(name: "Preview", dependencies: ["HTTPServer", "CSupport", "CXXHash", "Diagnostics", "HTMLEscaping"]),
        .target(name: "Swapper", dependencies: ["CSupport", "Diagnostics"]),
        .target(name: "Watcher", dependencies: ["CInotifyTools", "Diagnostics"]),
        .target(name: "BuildInput", dependencies: ["Archive", "CXXHash", "Diagnostics"]),
        .target(name: "APIMatic", dependencies: ["HTTPServer", "Archive", "Diagnostics"]),
        .target(name: "Emulator", dependencies: ["HTTPServer", "Archive", "BuiltinGenerator", "Diagnostics", "HTMLEscaping"]),
        .target(name: "BuiltinGenerator", dependencies: ["CCmark", "CYAML", "Diagnostics", "HTMLEscaping"]),
        .target(name: "Debouncer"),
        .target(name: "Scheduler"),
        .target(name: "ManualClock"),
        .target(name: "LoopbackTestClient"),  // tests only: raw HTTP over loopback
        .target(name: "PortaldTestSupport"),  // tests only: runs the real portald binary
        .target(name: "PortaldCore", dependencies: [
            "Diagnostics",
            "Archive", "HTTPServer", "Swapper", "BuildInput", "APIMatic", "Emulator",
            "Watcher", "Debouncer", "Scheduler", "Preview",
        ]),
        .executableTarget(name: "portald", dependencies: ["PortaldCore"]),
        // Benchmarks only (scripts/bench): the stages as commands, timed against zip/unzip/xxhsum.
        .executableTarget(name: "portald-bench", dependencies: ["BuiltinGenerator", "BuildInput", "Archive"]),

        .testTarget(name: "ArchiveTests", dependencies: ["Archive"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "LoopbackTestClient"]),
        .testTarget(name: "PreviewTests", dependencies: ["LoopbackTestClient", "Preview", "HTTPServer", "Swapper", "ManualClock", "CSupport"]),
        .testTarget(name: "SwapperTests", dependencies: ["Swapper"]),
        .testTarget(name: "WatcherTests", dependencies: ["Watcher"]),
        .testTarget(name: "BuildInputTests", dependencies: ["BuildInput", "Archive"]),
        .testTarget(name: "APIMaticTests", dependencies: ["APIMatic", "Emulator", "Archive", "HTTPServer"]),
        .testTarget(name: "EmulatorTests", dependencies: ["Emulator", "Archive", "HTTPServer", "ManualClock", "LoopbackTestClient"]),
        .testTarget(name: "BuiltinGeneratorTests", dependencies: ["BuiltinGenerator"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PortaldCoreTests", dependencies: ["PortaldCore"]),
        .testTarget(name: "DebouncerTests", dependencies: ["Debouncer", "ManualClock"]),
        .testTarget(name: "SchedulerTests", dependencies: ["Scheduler"]),
        .testTarget(name: "EndToEndTests", dependencies: ["portald", "Archive", "PortaldTestSupport"]),
        .testTarget(name: "BrowserTests", dependencies: ["portald", "PortaldTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
