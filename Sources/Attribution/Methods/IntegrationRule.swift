import Foundation

/// How Integrated Gradients approximates its path integral: the points α ∈ [0, 1] where the
/// gradient is taken and their weights, as Captum's `approximation_parameters` defines them.
public enum IntegrationRule: String, Sendable, CaseIterable {
    case riemannLeft = "riemann_left"
    case riemannRight = "riemann_right"
    case riemannMiddle = "riemann_middle"
    /// Captum's trapezoid: α on linspace(0, 1, n), weights 1/n with halved ends, so the weights sum to
    /// (n − 1)/n rather than 1 (a Captum convention, kept so that maps match Captum's).
    case riemannTrapezoid = "riemann_trapezoid"
    case gaussLegendre = "gausslegendre"

    /// (α_k, w_k) for `steps` points.
    public func points(_ steps: Int) -> [(alpha: Double, weight: Double)] {
        let n = Double(steps)
        switch self {
        case .gaussLegendre:
            return Self.legendreNodes(steps).map { (0.5 * (1 + $0.node), 0.5 * $0.weight) }
        case .riemannTrapezoid:
            return (0..<steps).map { k in
                let weight = (k == 0 || k == steps - 1) ? 0.5 / n : 1 / n
                return (steps == 1 ? 0 : Double(k) / (n - 1), weight)
            }
        case .riemannLeft:
            return (0..<steps).map { (Double($0) / n, 1 / n) }
        case .riemannRight:
            return (0..<steps).map { (Double($0 + 1) / n, 1 / n) }
        case .riemannMiddle:
            return (0..<steps).map { ((Double($0) + 0.5) / n, 1 / n) }
        }
    }

    /// Gauss–Legendre nodes and weights on [−1, 1], ascending, by Newton's method on Pₙ.
    static func legendreNodes(_ n: Int) -> [(node: Double, weight: Double)] {
        (1...n).map { i in
            var x = cos(Double.pi * (Double(i) - 0.25) / (Double(n) + 0.5))
            var slope = 0.0
            for _ in 0..<100 {
                // Three-term recurrence: afterwards `current` is Pₙ(x) and `previous` Pₙ₋₁(x).
                var (previous, current) = (1.0, x)
                for k in stride(from: 2, through: n, by: 1) {
                    (previous, current) = (current, ((2 * Double(k) - 1) * x * current - (Double(k) - 1) * previous) / Double(k))
                }
                slope = Double(n) * (x * current - previous) / (x * x - 1)
                let step = current / slope
                x -= step
                if abs(step) < 1e-15 { break }
            }
            return (x, 2 / ((1 - x * x) * slope * slope))
        }.reversed()
    }
}
