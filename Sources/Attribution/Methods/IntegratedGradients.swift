import Networks
import Tensor

/// Integrated Gradients (Sundararajan et al. 2017): (x − x′) ⊙ ∫₀¹ ∇f(x′ + α(x − x′)) dα, with
/// Captum's defaults (50 steps, Gauss–Legendre, zero baseline). All steps of all inputs run as
/// one batched stream of gradients, chunked to `chunkSize` (by default what fits the memory budget
/// of `Network.inputGradients`).
public struct IntegratedGradients: CompletenessReporting {
    public var steps: Int
    public var rule: IntegrationRule
    public var baseline: Baseline
    public var chunkSize: Int?

    public init(steps: Int = 50, rule: IntegrationRule = .gaussLegendre, baseline: Baseline = .zeros, chunkSize: Int? = nil) {
        self.steps = steps
        self.rule = rule
        self.baseline = baseline
        self.chunkSize = chunkSize
    }

    public var name: String { "ig" }
    public var parameters: [String: String] {
        ["steps": String(steps), "method": rule.rawValue, "baseline": baseline.name]
    }

    /// The attributions and, per input, the convergence delta Σ A − (f(x) − f(x′)): how far the
    /// numerical integral is from completeness.
    public func attributeWithDelta(_ inputs: Tensor, targets: [Int], model: Network,
                                   progress: Progress = .silent) throws -> (attributions: Tensor, delta: [Float]) {
        guard steps >= 1 else { throw AttributionError.invalidArgument("IG needs at least 1 step, got \(steps)") }
        let references = try baseline.tensor(for: inputs)
        let difference = try inputs - references
        let points = rule.points(steps)
        let size = inputs.count / max(1, inputs.batchCount)

        // Every (input, step) pair is one row of the path batch, input-major.
        var path = [Float](repeating: 0, count: inputs.batchCount * steps * size)
        var pathTargets: [Int] = []
        for item in 0..<inputs.batchCount {
            for (step, point) in points.enumerated() {
                let row = (item * steps + step) * size
                for element in 0..<size {
                    let index = item * size + element
                    path[row + element] = references.scalars[index] + Float(point.alpha) * difference.scalars[index]
                }
                pathTargets.append(targets[item])
            }
        }
        let pathShape = [inputs.batchCount * steps] + inputs.shape.dropFirst()
        let gradients = try model.inputGradients(Tensor(shape: pathShape, scalars: path), targets: pathTargets,
                                                 chunkSize: chunkSize, progress: progress)
        var attributions = Tensor(shape: inputs.shape)
        for item in 0..<inputs.batchCount {
            for (step, point) in points.enumerated() {
                let row = (item * steps + step) * size
                for element in 0..<size {
                    attributions.scalars[item * size + element] += Float(point.weight) * gradients.scalars[row + element]
                }
            }
        }
        attributions = try attributions * difference
        let delta = try model.completenessGap(attributions, inputs: inputs, references: references, targets: targets)
        return (attributions, delta)
    }
}
