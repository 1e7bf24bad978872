import Networks
import Tensor

/// DeepLIFT with the rescale rule (Shrikumar et al. 2017), as Captum's `DeepLift` computes it:
/// (x − x′) ⊙ m, where the multipliers m are a backward pass that replaces the gradient of every
/// nonlinearity by Δoutput/Δinput between the input and its reference (`Composite.deepLift`).
/// Each chunk runs its inputs and their references as one batch, the layout the rules read.
public struct DeepLift: CompletenessReporting {
    public var baseline: Baseline
    /// Below this |Δinput| a nonlinearity keeps its gradient (Captum's `eps`).
    public var epsilon: Float
    /// Inputs per pass (each pass carries twice as many rows); by default what fits the memory budget.
    public var chunkSize: Int?

    public init(baseline: Baseline = .zeros, epsilon: Float = 1e-10, chunkSize: Int? = nil) {
        self.baseline = baseline
        self.epsilon = epsilon
        self.chunkSize = chunkSize
    }

    public var name: String { "deeplift" }
    public var parameters: [String: String] {
        ["rule": "rescale", "baseline": baseline.name, "eps": "\(epsilon)"]
    }

    /// The attributions and, per input, the convergence delta Σ A − (f(x) − f(x′)), which the
    /// rescale rule makes zero up to rounding on networks of linear layers, elementwise
    /// nonlinearities and max pooling.
    public func attributeWithDelta(_ inputs: Tensor, targets: [Int], model: Network,
                                   progress: Progress = .silent) throws -> (attributions: Tensor, delta: [Float]) {
        guard targets.count == inputs.batchCount else {
            throw AttributionError.invalidArgument("\(targets.count) targets for \(inputs.batchCount) inputs")
        }
        let references = try baseline.tensor(for: inputs)
        let size = try chunkSize ?? max(1, min(16, model.batchSize(forMemoryBudget: Network.chunkMemoryBudget) / 2))
        let ranges = Tensor.chunks(of: inputs.batchCount, size: size)
        let composite = Composite.deepLift(epsilon: epsilon)
        var multipliers: [Tensor] = []
        for (position, range) in ranges.enumerated() {
            try progress.checkCancellation()
            let pairs = try Tensor.concatenated([inputs.batch(range), references.batch(range)], alongAxis: 0)
            let chunkTargets = Array(targets[range])
            let gradients = try model.inputGradients(pairs, targets: chunkTargets + chunkTargets, composite: composite,
                                                     chunkSize: pairs.batchCount)
            multipliers.append(try gradients.batch(0..<range.count))
            progress.report(Double(position + 1) / Double(ranges.count), "multipliers")
        }
        let attributions = try (inputs - references) * Tensor.concatenated(multipliers, alongAxis: 0)
        let delta = try model.completenessGap(attributions, inputs: inputs, references: references, targets: targets)
        return (attributions, delta)
    }
}
