import Networks
import Tensor

/// LayerNorm as exporters of opsets before 17 write it: mean over the last axes, the deviation, its
/// mean square plus ε under a square root, the quotient, then the scale γ and the shift β:
///
///     m = ReduceMean(x); d = x − m; v = ReduceMean(d²) (Pow 2 or d·d); y = d / √(v + ε) · γ + β
///
/// Fused only with a scale of more than one element (the affine LayerNorm of torchvision, timm and
/// Hugging Face models), whose size then fixes the normalized length the engine's operator needs.
enum LayerNormalizationFusion {
    static func fuse(_ graph: inout FusionGraph) {
        for index in graph.nodes.indices {
            guard let mean = graph.nodes[index], let match = match(mean, at: index, in: graph) else { continue }
            let name = graph.name(for: "LayerNormalization", replacing: match.last)
            let fused = Node(name: name, op: LayerNormalization(axis: match.axis, epsilon: match.epsilon),
                             inputs: [match.input, match.scale] + (match.bias.map { [$0] } ?? []), outputs: [match.output])
            _ = graph.replace(match.nodes, with: fused)
        }
    }

    private struct Match {
        var nodes: Set<Int>
        var input: String
        var axis: Int
        var epsilon: Float
        var scale: String
        var bias: String?
        var output: String
        var last: Node
    }

    private static func match(_ node: Node, at index: Int, in graph: FusionGraph) -> Match? {
        guard let mean = node.op as? ReduceMean, mean.keepsDimensions, let x = node.presentInputs.first,
              let axis = trailingAxis(mean.axes),
              let subtraction = graph.onlyReader(of: node.output), subtraction.node.op is Sub,
              subtraction.node.presentInputs == [x, node.output] else { return nil }
        let deviation = subtraction.node.output
        let deviationReaders = graph.readers(of: deviation)
        guard deviationReaders.count == 2 || deviationReaders.count == 3 else { return nil }
        // The square: Pow(d, 2), or Mul(d, d) (read twice by the same node).
        guard let square = deviationReaders.first(where: { reader in
            (reader.node.op is Pow && graph.scalar(reader.node.presentInputs[1]) == 2 && reader.node.presentInputs[0] == deviation)
                || (reader.node.op is Mul && reader.node.presentInputs == [deviation, deviation])
        }), let variance = graph.onlyReader(of: square.node.output),
              let varianceMean = variance.node.op as? ReduceMean, varianceMean.keepsDimensions, varianceMean.axes == mean.axes,
              let shifted = graph.onlyReader(of: variance.node.output), shifted.node.op is Add,
              let epsilonName = graph.partner(of: variance.node.output, in: shifted.node), let epsilon = graph.scalar(epsilonName),
              let root = graph.onlyReader(of: shifted.node.output), root.node.op is Sqrt,
              let quotient = graph.onlyReader(of: root.node.output), quotient.node.op is Div,
              quotient.node.presentInputs == [deviation, root.node.output],
              let scaling = graph.onlyReader(of: quotient.node.output), scaling.node.op is Mul,
              let scale = graph.partner(of: quotient.node.output, in: scaling.node),
              let gamma = graph.parameters[scale], fitsNormalizedAxes(gamma, count: -axis) else { return nil }
        var nodes: Set<Int> = [index, subtraction.index, square.index, variance.index, shifted.index, root.index,
                               quotient.index, scaling.index]
        var output = scaling.node.output, last = scaling.node
        var bias: String?
        if let shift = graph.onlyReader(of: scaling.node.output), shift.node.op is Add,
           let beta = graph.partner(of: scaling.node.output, in: shift.node), graph.parameters[beta]?.count == gamma.count,
           let betaTensor = graph.parameters[beta], fitsNormalizedAxes(betaTensor, count: -axis) {
            nodes.insert(shift.index)
            (output, last, bias) = (shift.node.output, shift.node, beta)
        }
        return Match(nodes: nodes, input: x, axis: axis, epsilon: epsilon, scale: scale, bias: bias, output: output, last: last)
    }

    /// The first axis of `axes` when they are the last ones, given from the end (-k … -1).
    private static func trailingAxis(_ axes: [Int]) -> Int? {
        let sorted = axes.sorted()
        guard let first = sorted.first, first < 0, sorted == Array(first...(-1)) else { return nil }
        return first
    }

    /// Whether a scale or shift varies over the `count` normalized axes only, with more than one
    /// element: its size is then the normalized length.
    private static func fitsNormalizedAxes(_ parameter: Tensor, count: Int) -> Bool {
        parameter.count > 1 && parameter.rank >= count && parameter.shape.dropLast(count).allSatisfy { $0 == 1 }
    }
}
