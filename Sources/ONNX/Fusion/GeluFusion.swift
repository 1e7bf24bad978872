import Networks
import Tensor

/// Exact GELU as exporters of opsets before 20 write it, x · ½ · (1 + erf(x / √2)):
///
///     e = x / √2 (or x · 1/√2); f = Erf(e); a = f + 1; y = (x · a) · ½, (½ · a) · x or (x · ½) · a
enum GeluFusion {
    static func fuse(_ graph: inout FusionGraph) {
        for index in graph.nodes.indices {
            guard let erf = graph.nodes[index], erf.op is Erf, let match = match(erf, at: index, in: graph) else { continue }
            let fused = Node(name: graph.name(for: "Gelu", replacing: match.last), op: Gelu(), inputs: [match.input],
                             outputs: [match.last.output])
            _ = graph.replace(match.nodes, with: fused)
        }
    }

    private static func isClose(_ value: Float?, to expected: Float) -> Bool {
        value.map { abs($0 - expected) <= 1e-5 * expected } ?? false
    }

    private static func match(_ erf: Node, at index: Int, in graph: FusionGraph) -> (nodes: Set<Int>, input: String, last: Node)? {
        guard let scaled = graph.producer(of: erf.presentInputs[0]), scaled.node.presentInputs.count == 2 else { return nil }
        let (x, divisor) = (scaled.node.presentInputs[0], scaled.node.presentInputs[1])
        let root2 = Float(2).squareRoot()
        guard (scaled.node.op is Div && isClose(graph.scalar(divisor), to: root2))
                || (scaled.node.op is Mul && isClose(graph.scalar(divisor), to: 1 / root2)),
              let plusOne = graph.onlyReader(of: erf.output), plusOne.node.op is Add,
              let one = graph.partner(of: erf.output, in: plusOne.node), graph.scalar(one) == 1,
              let product = graph.onlyReader(of: plusOne.node.output), product.node.op is Mul,
              let factor = graph.partner(of: plusOne.node.output, in: product.node) else { return nil }
        let nodes: Set<Int> = [scaled.index, index, plusOne.index, product.index]
        let isHalf = { (tensor: String) in graph.scalar(tensor) == 0.5 }
        // (x · a) · ½ and (½ · a) · x: the second product brings the factor the first lacks.
        if factor == x || isHalf(factor), let second = graph.onlyReader(of: product.node.output), second.node.op is Mul,
           let other = graph.partner(of: product.node.output, in: second.node), factor == x ? isHalf(other) : other == x {
            return (nodes.union([second.index]), x, second.node)
        }
        // (x · ½) · a
        if let halved = graph.producer(of: factor), halved.node.op is Mul, graph.partner(of: x, in: halved.node).map(isHalf) == true {
            return (nodes.union([halved.index]), x, product.node)
        }
        return nil
    }
}
