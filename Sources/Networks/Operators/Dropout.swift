import Tensor

/// Identity in inference; in training zeroes each element with probability `ratio` and scales the
/// rest by 1/(1 − ratio). The mask comes from the pass's seed, so backward redraws the same one.
public struct Dropout: Operator {
    public var ratio: Float
    public init(ratio: Float = 0.5) { self.ratio = ratio }
    public var type: String { "Dropout" }

    private func mask(count: Int, mode: ExecutionMode) -> [Float]? {
        guard case .training(let seed) = mode, ratio > 0 else { return nil }
        var generator = SeededGenerator(seed: seed)
        let keep = 1 / (1 - ratio)
        return (0..<count).map { _ in generator.nextUniform() < ratio ? 0 : keep }
    }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let x = try onlyInput(inputs)
        guard let mask = mask(count: x.count, mode: mode) else { return [x] }
        return [try x.zip(Tensor(shape: x.shape, scalars: mask), *)]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        guard pass.needsGradient[0] else { return [nil] }
        let dy = outputGradients[0]
        guard let mask = mask(count: dy.count, mode: pass.mode) else { return [dy] }
        return [try dy.zip(Tensor(shape: dy.shape, scalars: mask), *)]
    }
}
