/// Ψ: the projection that keeps the accumulated signal ρ norm-bounded.
public struct NormBound: Sendable, Equatable, Codable {
    public enum Norm: String, Sendable, Codable, CaseIterable { case l2, infinity }
    public enum Surface: String, Sendable, Codable, CaseIterable {
        /// ρ always has norm η: it accumulates a direction (our reading of "norm-bounded surface").
        case sphere
        /// ρ has norm at most η.
        case ball
    }

    public var norm: Norm
    public var surface: Surface
    /// η.
    public var bound: Float

    public init(norm: Norm = .l2, surface: Surface = .sphere, bound: Float) {
        self.norm = norm
        self.surface = surface
        self.bound = bound
    }

    public func norm(of values: [Float]) -> Float {
        switch norm {
        case .l2: values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        case .infinity: values.reduce(0) { max($0, abs($1)) }
        }
    }

    /// Ψ(ρ). On the ℓ∞ sphere the largest element is scaled to ±η and the rest clipped.
    public func project(_ values: [Float]) -> [Float] {
        let size = norm(of: values)
        guard size > 0 else { return values }
        switch (norm, surface) {
        case (.l2, .ball) where size <= bound, (.infinity, .ball) where size <= bound:
            return values
        case (.l2, _):
            return values.map { $0 * bound / size }
        case (.infinity, .ball):
            return values.map { min(bound, max(-bound, $0)) }
        case (.infinity, .sphere):
            return values.map { $0 * bound / size }
        }
    }
}
