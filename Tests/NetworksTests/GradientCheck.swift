import Testing
import Tensor
import Networks

/// Compares an operator's backward with central finite differences of L = Σ seed ⊙ output.
///
/// Inputs are kept away from kinks by the caller; Float32 differences with step 1e-2 agree
/// with exact gradients to about 1e-4 relative for smooth functions of order-one values.
struct GradientCheck {
    var step: Float = 1e-2
    var tolerance: Float = 2e-3

    func loss(_ op: any Operator, _ inputs: [Tensor], _ seeds: [Tensor], _ mode: ExecutionMode) throws -> Double {
        let outputs = try op.forward(inputs, mode: mode)
        var total = 0.0
        for (output, seed) in zip(outputs, seeds) {
            for index in output.scalars.indices { total += Double(output.scalars[index]) * Double(seed.scalars[index]) }
        }
        return total
    }

    /// Checks every element of every input in `checked` (all inputs by default).
    func verify(_ op: any Operator, _ inputs: [Tensor], checked: [Int]? = nil, mode: ExecutionMode = .inference,
                sourceLocation: SourceLocation = #_sourceLocation) throws {
        let outputs = try op.forward(inputs, mode: mode)
        var generator = SeededGenerator(seed: 99)
        let seeds = outputs.map { Tensor.uniform(shape: $0.shape, low: -1, high: 1, generator: &generator) }
        let indices = checked ?? Array(inputs.indices)
        let pass = OperatorPass(inputs: inputs, outputs: outputs,
                                needsGradient: inputs.indices.map { indices.contains($0) }, mode: mode)
        let analytic = try op.backward(pass, outputGradients: seeds)
        for position in indices {
            let gradient = try #require(analytic[position], "no gradient for input \(position) of \(op.type)",
                                        sourceLocation: sourceLocation)
            #expect(gradient.shape == inputs[position].shape, sourceLocation: sourceLocation)
            for element in inputs[position].scalars.indices {
                var plus = inputs, minus = inputs
                plus[position].scalars[element] += step
                minus[position].scalars[element] -= step
                let numeric = Float((try loss(op, plus, seeds, mode) - loss(op, minus, seeds, mode)) / Double(2 * step))
                let exact = gradient.scalars[element]
                #expect(abs(numeric - exact) <= tolerance * max(1, abs(numeric)),
                        "\(op.type) input \(position) element \(element): backward \(exact), finite difference \(numeric)",
                        sourceLocation: sourceLocation)
            }
        }
    }
}

/// Test inputs: seeded uniform values pushed at least `margin` away from the given kinks.
func sample(_ shape: [Int], seed: UInt64, low: Float = -1, high: Float = 1, avoiding kinks: [Float] = [], margin: Float = 0.05) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    return Tensor.uniform(shape: shape, low: low, high: high, generator: &generator).map { value in
        var moved = value
        for kink in kinks where abs(moved - kink) < margin { moved = kink + (moved >= kink ? margin : -margin) }
        return moved
    }
}
