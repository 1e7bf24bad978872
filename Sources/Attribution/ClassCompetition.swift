import Foundation
import Tensor

/// VAR's class competition (Walter, Vreeken & Fischer 2025): given the base maps of several
/// classes for one input, keep at every element only the attribution of the class that clearly
/// wins that element, so that the map shows what is relevant to the target and not to the others.
///
///     S_k = |A_k|   (or A_k)
///     M_k(p) = exp(S_k(p)/T) / Σ_j exp(S_j(p)/T)          — softmax over classes, per element
///     V_c = A_c ⊙ M_c ⊙ 1[M_c − 1/|K| > τ]                 — keeps the sign of A_c
public struct ClassCompetition: Sendable, Equatable, Codable {
    /// What competes: the magnitude of each class's attribution (the released code) or its signed
    /// value (the formula on the project page).
    public enum Score: String, Sendable, Codable, CaseIterable { case absolute, signed }

    /// How the maps are scaled before the softmax. The released code does not scale, so the result
    /// depends on the raw size of the base maps; `joint` divides all maps by their common max |A|.
    public enum Normalization: String, Sendable, Codable, CaseIterable { case none, joint }

    public var temperature: Float
    public var threshold: Float
    public var score: Score
    public var normalization: Normalization

    public init(temperature: Float = 0.1, threshold: Float = 0.01, score: Score = .absolute,
                normalization: Normalization = .none) {
        self.temperature = temperature
        self.threshold = threshold
        self.score = score
        self.normalization = normalization
    }

    /// V for the class at `targetPosition` in `maps` (one base map per competing class, all the
    /// same shape).
    public func combine(_ maps: [Tensor], targetPosition: Int) throws -> Tensor {
        guard maps.count >= 2 else {
            throw AttributionError.invalidArgument(
                "VAR needs at least two competing classes; with one, every element is gated off (V ≡ 0)")
        }
        guard maps.indices.contains(targetPosition) else {
            throw AttributionError.invalidArgument("target position \(targetPosition) is not among the \(maps.count) maps")
        }
        guard temperature > 0 else { throw AttributionError.invalidArgument("the temperature must be positive, got \(temperature)") }
        let shape = maps[0].shape
        if let odd = maps.first(where: { $0.shape != shape }) {
            throw AttributionError.shapeMismatch("VAR's base maps differ in shape: \(shape) and \(odd.shape)")
        }
        let scale = normalization == .joint ? jointScale(maps) : 1
        let chance = 1 / Float(maps.count)
        var combined = maps[targetPosition]
        var scores = [Float](repeating: 0, count: maps.count)
        for element in 0..<combined.count {
            for (k, map) in maps.enumerated() {
                let value = map.scalars[element] * scale
                scores[k] = (score == .absolute ? abs(value) : value) / temperature
            }
            let largest = scores.max()!
            let total = scores.reduce(0) { $0 + exp($1 - largest) }
            let share = exp(scores[targetPosition] - largest) / total
            combined.scalars[element] *= share - chance > threshold ? share : 0
        }
        return combined
    }

    /// 1 / max_k ‖A_k‖∞, or 1 when every map is zero.
    private func jointScale(_ maps: [Tensor]) -> Float {
        let largest = maps.map { $0.scalars.reduce(0) { max($0, abs($1)) } }.max() ?? 0
        return largest > 0 ? 1 / largest : 1
    }

    /// The classes that compete for an input by default: the `topK` most probable classes and the
    /// least probable one; when the target is not among them, it replaces the last top-k entry.
    /// Returns the classes and the target's position among them.
    public static func competingClasses(scores: [Float], target: Int, topK: Int = 2) throws -> (classes: [Int], targetPosition: Int) {
        guard scores.indices.contains(target) else {
            throw AttributionError.invalidArgument("target \(target) is not a class of a model with \(scores.count) classes")
        }
        guard topK >= 1, topK < scores.count else {
            throw AttributionError.invalidArgument("top-k must be between 1 and \(scores.count - 1), got \(topK)")
        }
        let ranked = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        var classes = Array(ranked.prefix(topK))
        let least = ranked.last!
        if !classes.contains(target), target != least { classes[topK - 1] = target }
        if !classes.contains(least) { classes.append(least) }
        return (classes, classes.firstIndex(of: target)!)
    }
}
