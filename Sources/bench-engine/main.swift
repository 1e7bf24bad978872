// `make bench-engine`, `make bench-attribution`: the engine and the attribution methods timed on an
// ONNX model (release build), for tools/bench_engine.py to set beside PyTorch and Captum.
//
//   bench-engine MODEL.onnx [--tasks a,b:runs,…] [--runs N] [--warmup W] [--input FILE] [--target K]
//
// Tasks: sgemm, forward, trace, forward_gradient, forward_batch16, saliency, ig50, gbp, gradcam, gradcam_default_layer,
// smoothgrad25, ig64. Each runs W warm-up and N timed times; its median, best, every run and the peak resident
// memory during it (VmHWM, reset before the task through /proc/self/clear_refs) go to stdout as JSON.
// The task `layers` instead times each node of N forward passes and reports milliseconds per kind of layer.
// The input is a 1×3×224×224 Float32 little-endian file (--input) or seeded normal noise.
import Attribution
import Foundation
import Networks
import ONNX
import Tensor

struct Options {
    var model = ""
    var tasks = ["sgemm", "forward", "forward_gradient", "forward_batch16"]
    var runs = 5
    var warmup = 1
    var input: String?
    var target = 7
    var sgemmSize = 2048
}

func parseOptions() -> Options {
    var options = Options()
    var arguments = CommandLine.arguments.dropFirst().makeIterator()
    func value(_ flag: String) -> String {
        guard let value = arguments.next() else { fail("\(flag) needs a value") }
        return value
    }
    while let argument = arguments.next() {
        switch argument {
        case "--tasks": options.tasks = value(argument).split(separator: ",").map(String.init)
        case "--runs": options.runs = Int(value(argument)) ?? options.runs
        case "--warmup": options.warmup = Int(value(argument)) ?? options.warmup
        case "--input": options.input = value(argument)
        case "--target": options.target = Int(value(argument)) ?? options.target
        case "--sgemm-size": options.sgemmSize = Int(value(argument)) ?? options.sgemmSize
        case "-h", "--help":
            print("usage: bench-engine MODEL.onnx [--tasks a,b,…] [--runs N] [--warmup W] [--input FILE] [--target K]")
            exit(0)
        default:
            if argument.hasPrefix("-") || !options.model.isEmpty { fail("unknown argument \(argument)") }
            options.model = argument
        }
    }
    if options.model.isEmpty, options.tasks.contains(where: { !$0.hasPrefix("sgemm") }) { fail("give the path of an ONNX model") }
    return options
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("bench-engine: \(message)\n".utf8))
    exit(2)
}

/// A line of /proc/self/status in bytes (VmHWM, VmRSS), 0 where there is no procfs.
func statusBytes(_ key: String) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix(key + ":") {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        if fields.count >= 2, let kilobytes = Int(fields[1]) { return kilobytes * 1024 }
    }
    return 0
}

/// Sets the peak resident size back to the current one, so the next VmHWM is one task's peak.
func resetPeakMemory() -> Bool {
    guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
    defer { try? handle.close() }
    return (try? handle.write(contentsOf: Data("5".utf8))) != nil
}

func milliseconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
}

let options = parseOptions()
HeapTuning.keepLargeBuffersInHeap()
let loadStart = DispatchTime.now().uptimeNanoseconds
let network: Network? = options.model.isEmpty ? nil
    : try ONNXModel.network(contentsOf: URL(fileURLWithPath: options.model), inputShape: [-1, 3, 224, 224])
let loadMilliseconds = Double(DispatchTime.now().uptimeNanoseconds - loadStart) / 1e6

var generator = SeededGenerator(seed: 0)
let input: Tensor = try {
    let shape = [1, 3, 224, 224]
    guard let path = options.input else {
        return try Tensor(shape: shape, scalars: (0..<(3 * 224 * 224)).map { _ in generator.nextNormal() })
    }
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    guard data.count == 3 * 224 * 224 * 4 else { fail("\(path) holds \(data.count) bytes, not 1×3×224×224 Float32") }
    let scalars = data.withUnsafeBytes { raw in (0..<(3 * 224 * 224)).map { raw.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) } }
    return try Tensor(shape: shape, scalars: scalars)
}()
let batch16 = try Tensor.concatenated([Tensor](repeating: input, count: 16), alongAxis: 0)
let targets = [options.target]

/// Each task: what one timed run does. The attribution methods go through `attribute`, as the workbench calls them.
func work(_ task: String, model: Network) throws -> () throws -> Void {
    func attribution(_ method: any AttributionMethod) -> () throws -> Void {
        { _ = try method.attribute(input, targets: targets, model: model, progress: .silent) }
    }
    switch task {
    case "forward": return { _ = try model.forward(input) }
    case "forward_gradient":
        let classes = try model.forward(input).shape[1]
        var seed = Tensor(shape: [1, classes])
        seed.scalars[options.target] = 1
        return { _ = try model.inputGradient(input, seed: seed) }
    case "forward_batch16": return { _ = try model.forward(batch16) }
    case "trace": return { _ = try model.trace(input) }  // the forward that keeps every activation for a backward
    case "saliency": return attribution(Saliency())
    case "ig50": return attribution(IntegratedGradients(steps: 50))
    case "ig64": return attribution(IntegratedGradients(steps: 64))
    case "gbp": return attribution(ModifiedBackprop(.guidedBackprop))
    case "gradcam", "gradcam_default_layer":
        // Captum's LayerGradCam + LayerAttribution.interpolate: the map at layer4, then to 224². `gradcam`
        // finds the default layer once, as the workbench does per model; `gradcam_default_layer` on every call.
        let layer = task == "gradcam" ? try model.defaultCAMLayer() : nil
        let method = ClassActivationMapping(.gradCAM, layer: layer)
        return {
            let maps = try method.attribute(input, targets: targets, model: model, progress: .silent)
            _ = try ClassActivationMapping.upsampled(maps, height: 224, width: 224)
        }
    case "smoothgrad25": return attribution(NoiseTunnel(Saliency(), samples: 25))
    default: fail("unknown task \(task)")
    }
}

/// Milliseconds per forward of each kind of layer, summed over the layers of that kind: a convolution by its
/// weight shape and input height ("Conv [256, 64, 1, 1] 56"), any other node by its type.
func layerTimes(_ model: Network, runs: Int) throws -> [String: Double] {
    for _ in 0..<max(1, options.warmup) { _ = try model.timedForward(input) }
    var totals: [String: Double] = [:]
    for _ in 0..<max(1, runs) {
        for timing in try model.timedForward(input) {
            let shapes = timing.inputShapes
            let key = timing.type == "Conv" && shapes.count > 1 && shapes[0].count == 4
                ? "Conv \(shapes[1]) \(shapes[0][2])" : timing.type
            totals[key, default: 0] += timing.duration / .milliseconds(1) / Double(max(1, runs))
        }
    }
    return totals
}

var results: [String: Any] = [:]
var peak = statusBytes("VmHWM")  // loading the model and the inputs
let loadPeak = peak
let canResetPeak = resetPeakMemory()
for entry in options.tasks {
    // `task` or `task:runs`, to spend fewer runs on the long tasks.
    let parts = entry.split(separator: ":").map(String.init)
    let task = parts[0]
    let runs = parts.count > 1 ? Int(parts[1]) ?? options.runs : options.runs
    if task == "sgemm" {
        // The peak the kernels can hope for: one large square sgemm through the same OpenBLAS.
        let n = options.sgemmSize
        let a = try Tensor(shape: [n, n], scalars: (0..<(n * n)).map { _ in generator.nextUniform() - 0.5 })
        let b = try Tensor(shape: [n, n], scalars: (0..<(n * n)).map { _ in generator.nextUniform() - 0.5 })
        for _ in 0..<max(1, options.warmup) { _ = try Tensor.matmul(a, b) }
        let times = try (0..<max(3, runs)).map { _ in try milliseconds { _ = try Tensor.matmul(a, b) } }.sorted()
        let median = times[times.count / 2]
        results[task] = ["median_ms": median, "best_ms": times[0], "runs_ms": times, "size": n,
                         "gflops": 2 * Double(n * n * n) / (median * 1e6),
                         "best_gflops": 2 * Double(n * n * n) / (times[0] * 1e6)]
        continue
    }
    guard let network else { fail("task \(task) needs a model") }
    if task == "layers" {
        results[task] = try layerTimes(network, runs: runs)
        continue
    }
    _ = resetPeakMemory()
    let body = try work(task, model: network)
    for _ in 0..<options.warmup { try body() }
    let times = try (0..<max(1, runs)).map { _ in try milliseconds(body) }.sorted()
    let taskPeak = statusBytes("VmHWM")
    peak = max(peak, taskPeak)
    results[task] = ["median_ms": times[times.count / 2], "best_ms": times[0], "runs_ms": times,
                     "peak_rss_bytes": taskPeak]
}

var report: [String: Any] = [
    "tasks": results,
    "load_ms": loadMilliseconds,
    "cores": ProcessInfo.processInfo.activeProcessorCount,
    "peak_rss_bytes": max(peak, statusBytes("VmHWM")),
    "load_peak_rss_bytes": loadPeak,
    "peak_rss_is_per_task": canResetPeak,
]
if let network {
    // The first logits, for the caller to check that both engines run the same model.
    report["logits"] = Array(try network.forward(input).scalars.prefix(16))
}
let json = try JSONSerialization.data(withJSONObject: report, options: [.prettyPrinted, .sortedKeys])
print(String(decoding: json, as: UTF8.self))
