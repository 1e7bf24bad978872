// swift-tools-version:6.0
// The Saliency Workbench: a Jupyter kernel whose cells are magic commands over a native
// attribution library. Layers import one way only (see README, "Layers").
import PackageDescription

/// System libraries from Debian, each a module map and one header, found through pkg-config.
let systemLibraries: [Target] = [
    .systemLibrary(name: "CZeroMQ", pkgConfig: "libzmq", providers: [.apt(["libzmq3-dev"])]),
    .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
]

/// Tensor, Networks, ONNX: the native network engine.
let engineTargets: [Target] = [
    .target(name: "Tensor", dependencies: ["COpenBLAS"]),
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
    .testTarget(name: "ONNXTests", dependencies: ["ONNX", "Networks", "Tensor"], resources: [.copy("Fixtures")]),
]

/// Imaging and Plotting: pictures in and out, figures through Cairo.
let imagingTargets: [Target] = [
]

/// JupyterKernel, Workbench and the saliency-kernel executable.
let kernelTargets: [Target] = [
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
    targets: systemLibraries + engineTargets + onnxTargets + imagingTargets + kernelTargets
)
