import Tensor

/// What a backward pass returns: gradients (or relevances, under LRP rules) of named tensors.
public struct Gradients: Sendable {
    /// ∂/∂ each graph input, by input name.
    public var inputs: [String: Tensor]
    /// The gradient at each requested tap, by the tap name as given.
    public var taps: [String: Tensor]
    /// ∂/∂ each parameter that received a gradient, filled only when requested (training).
    public var parameters: [String: Tensor]

    /// The gradient of the single graph input.
    public var input: Tensor? { inputs.count == 1 ? inputs.first?.value : nil }
}

extension Network {
    /// Backward from `seed` on the first output through the nodes, each by the rule `composite` assigns.
    ///
    /// Only tensors that depend on a graph input (or on a parameter, if `parameterGradients`) get
    /// gradients, so attribution never pays for weight gradients. With `stoppingAtTaps`, only tensors
    /// that depend on a tap do: the pass ends at the taps, as a layer attribution (Grad-CAM) needs, and
    /// the input gradients are left at zero.
    public func backward(_ trace: Trace, seed: Tensor, composite: Composite = .gradient, taps: [String] = [],
                         parameterGradients: Bool = false, stoppingAtTaps: Bool = false) throws -> Gradients {
        if !trace.chunks.isEmpty {
            return try backwardInChunks(trace, seed: seed, composite: composite, taps: taps, parameterGradients: parameterGradients,
                                        stoppingAtTaps: stoppingAtTaps)
        }
        let output = try trace.value(outputs[0])
        guard seed.shape == output.shape else {
            throw NetworkError.invalidInput("seed shape \(seed.shape) differs from output '\(outputs[0])' shape \(output.shape)")
        }
        let tapped = try Dictionary(taps.map { ($0, try valueName(forTap: $0)) }, uniquingKeysWith: { first, _ in first })
        var differentiable = stoppingAtTaps ? Set(tapped.values) : Set(inputs.map(\.name))
        if parameterGradients { differentiable.formUnion(parameters.keys) }
        for node in nodes where node.presentInputs.contains(where: differentiable.contains) {
            differentiable.formUnion(node.outputs)
        }
        let rules = composite.rules(for: self)
        var gradients: [String: Tensor] = [outputs[0]: seed]
        let keep = Set(tapped.values).union(inputs.map(\.name)).union(parameterGradients ? Set(parameters.keys) : [])
        for node in nodes.reversed() {
            guard node.outputs.contains(where: { gradients[$0] != nil }) else { continue }
            let inputNames = node.presentInputs
            let needs = inputNames.map { differentiable.contains($0) }
            guard needs.contains(true) else { continue }
            let pass = OperatorPass(inputs: try inputNames.map(trace.value), outputs: try node.outputs.map(trace.value),
                                    needsGradient: needs, mode: trace.mode)
            let outputGradients = node.outputs.enumerated().map { position, name in
                gradients[name] ?? Tensor(shape: pass.outputs[position].shape)
            }
            let rule = rules[node.name] ?? GradientRule()
            let inputGradients: [Tensor?]
            do {
                inputGradients = try rule.backward(node.op, pass: pass, outputGradients: outputGradients)
            } catch {
                throw NetworkError.operatorFailed(node: node.name, type: node.op.type, message: "backward: \(error)")
            }
            for name in node.outputs where !keep.contains(name) { gradients[name] = nil }
            for (name, gradient) in zip(inputNames, inputGradients) {
                guard let gradient, differentiable.contains(name) else { continue }
                if gradients[name] == nil {
                    gradients[name] = gradient
                } else {
                    try gradients[name]?.add(gradient)
                }
            }
        }
        func gradient(of name: String) throws -> Tensor {
            if let gradient = gradients[name] { return gradient }
            return Tensor(shape: try trace.value(name).shape)
        }
        return Gradients(
            inputs: try Dictionary(uniqueKeysWithValues: inputs.map { ($0.name, try gradient(of: $0.name)) }),
            taps: try tapped.mapValues(gradient),
            parameters: parameterGradients ? gradients.filter { parameters[$0.key] != nil } : [:])
    }

    /// ∂(seed · output)/∂input for a single-input network: forward and backward in one call.
    public func inputGradient(_ input: Tensor, seed: Tensor, composite: Composite = .gradient) throws -> Tensor {
        let gradients = try backward(trace(input), seed: seed, composite: composite)
        return try gradients.inputs[self.inputs[0].name] ?? { throw NetworkError.invalidInput("no input gradient") }()
    }
}
