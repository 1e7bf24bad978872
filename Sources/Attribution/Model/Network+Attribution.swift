import Networks
import Synchronization
import Tensor

extension Network {
    /// The number of classes: the width of the first output, from one forward pass on zeros.
    public func classCount() throws -> Int {
        try forward(Tensor(shape: [1] + inputShape)).shape.last ?? 0
    }

    /// The shape of one input (without the batch dimension).
    public var inputShape: [Int] { Array((inputs.first?.shape ?? []).dropFirst()) }

    /// One-hot seeds on the logits, N×K, scaled per row by `scale` (1 for gradients).
    static func seeds(for targets: [Int], classes: Int, scale: [Float]? = nil) throws -> Tensor {
        var seed = Tensor(shape: [targets.count, classes])
        for (row, target) in targets.enumerated() {
            guard (0..<classes).contains(target) else {
                throw AttributionError.invalidArgument("target \(target) is out of range: the model has classes 0…\(classes - 1)")
            }
            seed.scalars[row * classes + target] = scale?[row] ?? 1
        }
        return seed
    }

    /// The memory one chunk of traced inputs may take when no chunk size is given, 1 GiB unless a
    /// caller (the workbench's `%set memory`) changes it for the process.
    public static var chunkMemoryBudget: Int {
        get { ChunkMemoryBudget.bytes.load(ordering: .relaxed) }
        set { ChunkMemoryBudget.bytes.store(max(newValue, 1), ordering: .relaxed) }
    }

    public static let defaultChunkMemoryBudget = 1 << 30

    /// ∂f_target/∂input for every input under `composite`, in chunks of `chunkSize` inputs (by
    /// default as many as fit `chunkMemoryBudget`, at most 32); with `seedWithLogits`, each seed is
    /// the target's logit instead of 1 (LRP starts from the score).
    public func inputGradients(_ inputs: Tensor, targets: [Int], composite: Composite = .gradient,
                               chunkSize: Int? = nil, seedWithLogits: Bool = false,
                               progress: Progress = .silent) throws -> Tensor {
        guard targets.count == inputs.batchCount else {
            throw AttributionError.invalidArgument("\(targets.count) targets for \(inputs.batchCount) inputs")
        }
        let size = try chunkSize ?? (inputs.batchCount <= 1 ? 1 : min(32, batchSize(forMemoryBudget: Self.chunkMemoryBudget)))
        let ranges = Tensor.chunks(of: inputs.batchCount, size: size)
        var parts: [Tensor] = []
        for (position, range) in ranges.enumerated() {
            try progress.checkCancellation()
            // One traced pass per chunk: its logits give LRP's seeds, its tensors the backward.
            let trace = try trace(inputs.batch(range))
            let logits = try trace.value(outputs[0])
            let chunkTargets = Array(targets[range])
            let classes = logits.shape.last ?? 0
            let scale = seedWithLogits ? chunkTargets.enumerated().map { logits.scalars[$0.offset * classes + $0.element] } : nil
            let seed = try Self.seeds(for: chunkTargets, classes: classes, scale: scale)
            guard let gradient = try backward(trace, seed: seed, composite: composite).input else {
                throw AttributionError.invalidArgument("the model has \(self.inputs.count) inputs; attribution needs one")
            }
            parts.append(gradient)
            progress.report(Double(position + 1) / Double(ranges.count), "backward")
        }
        return try Tensor.concatenated(parts, alongAxis: 0)
    }

    /// The activation of `layer` and the gradient of f_target with respect to it for a batch, both as
    /// N×C×h×w whatever the layer's layout; the backward stops at the layer. Without a layer, the
    /// `defaultCAMLayer()` is found first (a pass of its own: callers that repeat keep it).
    public func layerActivationAndGradient(_ inputs: Tensor, targets: [Int], layer: String?,
                                           composite: Composite = .gradient) throws -> (layer: String, activation: Tensor, gradient: Tensor) {
        let layer = try layer ?? defaultCAMLayer()
        let trace = try trace(inputs)
        let output = try valueName(forTap: layer)
        let layout = try spatialLayout(of: output, in: trace)
        let logits = try trace.value(outputs[0])
        let seed = try Self.seeds(for: targets, classes: logits.shape.last ?? 0)
        let gradients = try backward(trace, seed: seed, composite: composite, taps: [layer], stoppingAtTaps: true)
        guard let gradient = gradients.taps[layer] else {
            throw AttributionError.invalidArgument("no gradient reaches layer '\(layer)': it does not depend on the input")
        }
        let (height, width) = (inputs.shape[2], inputs.shape[3])
        return (layer, try layout.channelsFirst(trace.value(output), imageHeight: height, imageWidth: width),
                try layout.channelsFirst(gradient, imageHeight: height, imageWidth: width))
    }
}

private enum ChunkMemoryBudget {
    static let bytes = Atomic<Int>(Network.defaultChunkMemoryBudget)
}
