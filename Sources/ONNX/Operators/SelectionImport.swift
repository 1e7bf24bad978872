import Networks
import Tensor

/// Operators that select, split, pad or reduce parts of a tensor, with constant arguments.
enum SelectionImport {
    static func slice(_ node: NodeImport) throws -> ImportedOperator {
        let arguments = try SliceArguments(inputs: (0..<node.inputs.count).map { $0 == 0 ? nil : try node.constant($0) },
                                           attributes: node.attributes)
        let axes = arguments.axes ?? Array(arguments.starts.indices)
        let slices = axes.indices.map { position in
            AxisSlice(axis: axes[position], start: arguments.starts[position], end: arguments.ends[position],
                      step: arguments.steps?[position] ?? 1)
        }
        return ImportedOperator(Slice(slices: slices), inputs: [.node(0)])
    }

    /// Constant indices become part of the operator; indices that follow the batch are computed at run time.
    static func gather(_ node: NodeImport) throws -> ImportedOperator {
        let axis = try node.attributes.int("axis", default: 0)
        guard node.inputs.count > 1, let indices = node.inputs[1] else { throw node.invalid("Gather needs indices") }
        guard case .constant(let constant) = indices else { return ImportedOperator(Gather(axis: axis), inputs: [.node(0), .node(1)]) }
        return ImportedOperator(Gather(axis: axis, indices: constant.integers, indicesShape: constant.shape), inputs: [.node(0)])
    }

    /// Sizes are an attribute before opset 13, a constant input from then on; opset 18 may give
    /// only the number of outputs.
    static func split(_ node: NodeImport) throws -> ImportedOperator {
        let sizes = try node.integers(input: 1, orAttribute: "split") ?? []
        guard sizes.isEmpty || sizes.count == node.outputCount else {
            throw node.invalid("split sizes \(sizes) do not match its \(node.outputCount) outputs")
        }
        return ImportedOperator(Split(axis: try node.attributes.int("axis", default: 0), sizes: sizes, outputCount: node.outputCount),
                                inputs: [.node(0)])
    }

    /// Pads and the fill value are constant inputs from opset 11 on (with opset 18's optional axes),
    /// the `pads` and `value` attributes before.
    static func pad(_ node: NodeImport) throws -> ImportedOperator {
        let modeName = try node.attributes.string("mode", default: "constant")
        guard let mode = PaddingMode(rawValue: modeName) else {
            throw node.invalid("padding mode '\(modeName)' is not supported (constant, reflect, edge are)")
        }
        guard var pads = try node.integers(input: 1, orAttribute: "pads") else { throw node.invalid("Pad needs pads") }
        let value = try node.scalar(2) ?? Double(node.attributes.float("value", default: 0))
        let rank = try node.rank(0)
        if let axes = try node.constant(3)?.integers {
            guard pads.count == 2 * axes.count else { throw node.invalid("pads \(pads) do not match axes \(axes)") }
            var full = Array(repeating: 0, count: 2 * rank)
            for (position, axis) in axes.enumerated() {
                let resolved = try ShapeArithmetic.axis(axis, rank: rank, node.attributes)
                full[resolved] = pads[position]
                full[rank + resolved] = pads[axes.count + position]
            }
            pads = full
        }
        guard pads.count == 2 * rank else { throw node.invalid("\(pads.count) pads for a rank-\(rank) input") }
        try node.checkProbeOutputs(node.shapes(0).map { shape in
            shape.indices.map { axis in shape[axis] + pads[axis] + pads[rank + axis] }
        })
        return ImportedOperator(Pad(pads: pads, mode: mode, value: Float(value)), inputs: [.node(0)])
    }

    /// Axes are an attribute before opset 18 and a constant input from then on.
    static func reduceMean(_ node: NodeImport) throws -> ImportedOperator {
        let axes = try node.integers(input: 1, orAttribute: "axes") ?? []
        if axes.isEmpty, try node.attributes.int("noop_with_empty_axes", default: 0) != 0 {
            return ImportedOperator(Identity(), inputs: [.node(0)])
        }
        let op = ReduceMean(axes: axes, keepsDimensions: try node.attributes.int("keepdims", default: 1) != 0)
        return ImportedOperator(op, inputs: [.node(0)])
    }
}
