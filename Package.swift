// swift-tools-version:6.0
// The Saliency Workbench: a Jupyter kernel whose cells are magic commands over a native
// attribution library. Layers import one way only (see README, "Layers").
import PackageDescription

/// System libraries from Debian, each a module map and one header, found through pkg-config.
let systemLibraries: [Target] = [
    .systemLibrary(name: "CZeroMQ", pkgConfig: "libzmq", providers: [.apt(["libzmq3-dev"])]),
    // No pkg-config: its `-lopenblas` would link the shared library (see Tensor); the header comes from
    // the alternative Debian's libopenblas-dev installs under that name for OpenBLAS alone.
    .systemLibrary(name: "COpenBLAS", providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
    .systemLibrary(name: "CHeap"),
]

/// Tensor, Networks, ONNX: the native network engine.
let engineTargets: [Target] = [
    // OpenBLAS is linked statically: as a shared library its 10 000 exported symbols cost every kernel
    // start about 1.5 ms in the dynamic linker. Its Fortran LAPACK half needs libgfortran, which stays shared.
    .target(name: "Tensor", dependencies: ["COpenBLAS", "CHeap"], linkerSettings: [
        .unsafeFlags(["-Xlinker", "-l:libopenblas.a", "-Xlinker", "-l:libgfortran.so.5"]),
    ]),
    .target(name: "Networks", dependencies: ["Tensor"]),
    .testTarget(name: "TensorTests", dependencies: ["Tensor"]),
    .testTarget(name: "NetworksTests", dependencies: ["Networks", "Tensor"]),
]

/// ONNX: protobuf model import into the engine's graph, and export of the project's own networks.
let onnxTargets: [Target] = [
    .target(name: "ONNX", dependencies: [
        "Networks", "Tensor",
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
    ]),
    .testTarget(name: "ONNXTests", dependencies: ["ONNX", "Networks", "Tensor", "Attribution"], resources: [.copy("Fixtures")]),
]

/// Imaging and Plotting: pictures in and out, figures through Cairo.
let imagingTargets: [Target] = [
    .systemLibrary(name: "CJPEG", pkgConfig: "libjpeg", providers: [.apt(["libjpeg62-turbo-dev"])]),
    .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
    .target(name: "Imaging", dependencies: ["Tensor", "CPNG", "CJPEG"]),
    .target(name: "Plotting", dependencies: ["Imaging", "CCairo"]),
    .executableTarget(name: "bench-imaging", dependencies: ["Tensor", "Imaging", "Plotting"]),
    .testTarget(name: "ImagingTests", dependencies: ["Tensor", "Imaging"], resources: [.copy("Fixtures")]),
    .testTarget(name: "PlottingTests", dependencies: ["Tensor", "Imaging", "Plotting"], exclude: ["Fixtures"]),
]

/// Datasets: the synthetic shapes scenes with ground truth, labelled sets on disk (folders, CSV lists, masks, boxes),
/// GridPG mosaics and backdoor triggers.
let datasetTargets: [Target] = [
    .target(name: "Datasets", dependencies: ["Tensor", "Imaging"]),
    .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "Imaging", "Tensor"]),
]

/// Attribution: every method behind one protocol, VAR, input-agnostic maps, the backdoor scan.
let attributionTargets: [Target] = [
    .target(name: "Attribution", dependencies: ["Tensor", "Networks", "Imaging"]),
    .testTarget(name: "AttributionTests", dependencies: ["Attribution", "Networks", "ONNX"], resources: [.copy("Fixtures")]),
    // `make bench-engine`, `make bench-attribution`: timings of an ONNX model, compared by tools/bench_engine.py.
    .executableTarget(name: "bench-engine", dependencies: ["Tensor", "Networks", "ONNX", "Attribution"]),
]

/// Zoo: the recipes of the embedded models and their loading.
let zooTargets: [Target] = [
    // The shipped ONNX files of models/, compiled in (C23 #embed) so the kernel carries its default models.
    .target(name: "CEmbeddedModels"),
    .target(name: "Zoo", dependencies: ["CEmbeddedModels", "Tensor", "Networks", "ONNX", "Datasets", "Imaging"]),
    .testTarget(name: "ZooTests", dependencies: ["Zoo", "Networks", "ONNX", "Datasets", "Tensor"]),
]

/// Evaluation: localisation, faithfulness and randomization metrics over attribution maps.
let evaluationTargets: [Target] = [
    .target(name: "Evaluation", dependencies: ["Tensor", "Imaging", "Datasets", "Attribution"]),
    .testTarget(name: "EvaluationTests", dependencies: ["Evaluation"], resources: [.copy("Fixtures")]),
]

/// JupyterKernel, Workbench and the saliency-kernel executable.
let kernelTargets: [Target] = [
    .target(name: "JupyterKernel", dependencies: [
        "CZeroMQ",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Logging", package: "swift-log"),
    ]),
    // Comms' widget protocol (ipywidgets 8): widget models as values; nothing of saliency.
    .target(name: "JupyterWidgets", dependencies: ["JupyterKernel"]),
    .target(name: "Workbench", dependencies: [
        "JupyterKernel", "JupyterWidgets", "Tensor", "Networks", "ONNX", "Imaging", "Plotting", "Datasets", "Attribution", "Zoo",
        "Evaluation",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Logging", package: "swift-log"),
    ]),
    .executableTarget(name: "saliency-kernel", dependencies: [
        "JupyterKernel", "Workbench", "Zoo", "ONNX", "Tensor",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
    ], linkerSettings: [
        // Jupyter starts a kernel process per notebook. Linking the Swift runtime and Foundation
        // statically spares the dynamic loader most of the startup time (about 40 ms down to 15 ms).
        // The flag is given here, not as `swift build --static-swift-stdlib`, because that one also
        // applies to the test bundles, and Swift Testing exists only as a shared library.
        .unsafeFlags(["-static-stdlib", "-Xlinker", "--start-group"]
            + ["Foundation", "FoundationEssentials", "FoundationInternationalization", "CoreFoundation",
               "_FoundationICU", "_FoundationCShims", "_FoundationCollections"].flatMap { ["-Xlinker", "-l\($0)"] }
            + ["-Xlinker", "--end-group"]
            // Swift exports every symbol of an executable by default (for dladdr in backtraces); the
            // dynamic linker then searches a 17 800-entry table for each of its 16 000 symbol lookups.
            // Not exporting them takes about 0.6 ms off every kernel start.
            + ["-Xlinker", "--no-export-dynamic"]),
    ]),
    .testTarget(name: "JupyterKernelTests", dependencies: ["JupyterKernel"], exclude: ["Fixtures"]),
    .testTarget(name: "JupyterWidgetsTests", dependencies: ["JupyterWidgets", "JupyterKernel"], exclude: ["Fixtures"]),
    .testTarget(name: "WorkbenchTests", dependencies: ["Workbench", "JupyterKernel", "JupyterWidgets"]),
]

/// libFuzzer entry points over the parsers of outside input (`make fuzz`; see Fuzz/). An ordinary build
/// makes them replay tools: each runs the files named on its command line through the parser.
let fuzzTargets: [Target] = [
    .target(name: "FuzzDriver"),
    .executableTarget(name: "fuzz-wire", dependencies: ["FuzzDriver", "JupyterKernel"]),
    .executableTarget(name: "fuzz-comm", dependencies: ["FuzzDriver", "JupyterKernel", "JupyterWidgets"]),
    .executableTarget(name: "fuzz-onnx", dependencies: ["FuzzDriver", "ONNX"]),
    .executableTarget(name: "fuzz-image", dependencies: ["FuzzDriver", "Imaging"]),
    .executableTarget(name: "fuzz-annotations", dependencies: ["FuzzDriver", "Datasets"]),
]

let package = Package(
    name: "SaliencyWorkbench",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: systemLibraries + engineTargets + onnxTargets + imagingTargets + datasetTargets + attributionTargets
        + zooTargets + evaluationTargets + kernelTargets + fuzzTargets
)
