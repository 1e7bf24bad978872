/// Every hyper-parameter of the input-agnostic map. The defaults follow the specification in
/// shared/papers/input-agnostic.md where it is the paper's, and a sweep on shapes-cnn where it is
/// ours (T and R; see `iterations`); `nil` means "derived from the model", resolved by `resolved(for:)`.
public struct InputAgnosticParameters: Sendable, Equatable, Encodable {
    /// T. The specification starts from 300 with R = 4; a sweep over the ten classes of shapes-cnn chose
    /// 100 with R = 1, at a quarter of a 300-iteration run's cost and a twelfth of 300 × 4. Fooling rates
    /// are the same (0.48–1.00 against 0.50–1.00); the 100-iteration map has a median cosine of 0.92 to
    /// the 300 × 4 one. More iterations do not converge to one map: two seeds' maps are nearly orthogonal
    /// (median cosine 0.01 at 300 iterations, 0.02 at 100), each one of many perturbations that fool.
    public var iterations = 100
    /// b.
    public var samplesPerIteration = 32
    /// k: gradient-descent nudges per sample and iteration.
    public var nudges = 1
    /// α, the length of one nudge (a normalised-gradient step); default η/10.
    public var nudgeSize: Float?
    /// ‖·‖ and the surface of Ψ.
    public var norm: NormBound.Norm = .l2
    public var surface: NormBound.Surface = .sphere
    /// η; default 0.15·√m·(range width) for ℓ2 with m input elements, 0.1·(range width) for ℓ∞.
    public var bound: Float?
    public var distribution: SampleDistribution = .uniform
    /// The model's valid input range; samples and nudged samples are clipped to it.
    public var inputRange: ClosedRange<Float> = 0...1
    /// First- and second-moment estimates of the update (β₁ = 0.9, β₂ = 0.999). Off by default,
    /// unlike the specification's suggestion: dividing by √v makes every element's step ±λ, so ρ
    /// becomes a sign pattern of equal magnitudes and the map loses where the evidence is (measured
    /// on linear models, see the tests); it also breaks the linear-model direction check.
    public var moments = false
    /// λ; default η/T·10.
    public var learningRate: Float?
    /// R: restarts with different seeds averaged by the refinement. One by default: at R = 4 the refinement
    /// rejected the average for nine classes of ten, because the restarts' nearly orthogonal perturbations
    /// cancel in it, and the map was then restart 0's alone, at four times the cost.
    public var restarts = 1
    /// Held-out samples on which the fooling rate is measured.
    public var fidelitySamples = 256
    public var seed: UInt64 = 0

    public init() {}

    /// The parameters with every derived value filled in for inputs of `inputShape`.
    public func resolved(for inputShape: [Int]) -> InputAgnosticParameters {
        var resolved = self
        let width = inputRange.upperBound - inputRange.lowerBound
        let elements = Float(inputShape.reduce(1, *))
        let bound = bound ?? (norm == .l2 ? 0.15 * elements.squareRoot() * width : 0.1 * width)
        resolved.bound = bound
        resolved.nudgeSize = nudgeSize ?? bound / 10
        resolved.learningRate = learningRate ?? bound / Float(iterations) * 10
        return resolved
    }

    func validate() throws {
        for (name, value) in [("iterations", iterations), ("samples per iteration", samplesPerIteration),
                              ("restarts", restarts), ("fidelity samples", fidelitySamples)] where value < 1 {
            throw AttributionError.invalidArgument("\(name) must be at least 1, got \(value)")
        }
        guard nudges >= 0 else { throw AttributionError.invalidArgument("nudges must be at least 0, got \(nudges)") }
        if let bound, bound <= 0 { throw AttributionError.invalidArgument("the bound η must be positive, got \(bound)") }
        if case .images(let images) = distribution, images.shape.first ?? 0 < 1 {
            throw AttributionError.invalidArgument("the image distribution needs at least one image")
        }
    }
}
