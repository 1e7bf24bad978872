/// The operators evaluated at load time when all their inputs are known: the shape arithmetic that
/// exporters emit around Reshape and Expand (Shape → Gather → Unsqueeze → Concat …), and the same
/// layout operators applied to weights.
///
/// Each rule takes the node's inputs (nil for an omitted optional one) and returns its outputs.
enum ShapeArithmetic {
    typealias Rule = @Sendable (_ inputs: [Constant?], _ attributes: NodeAttributes) throws -> [Constant]

    static let rules: [String: Rule] = layoutAndElementwise.merging(ArithmeticFolding.rules) { first, _ in first }

    private static let layoutAndElementwise: [String: Rule] = [
        "Constant": SourceFolding.constant,
        "ConstantOfShape": SourceFolding.constantOfShape,
        "Range": SourceFolding.range,
        "Identity": ElementwiseFolding.identity,
        "Cast": ElementwiseFolding.cast,
        "Add": ElementwiseFolding.binary { $0 + $1 },
        "Sub": ElementwiseFolding.binary { $0 - $1 },
        "Mul": ElementwiseFolding.binary { $0 * $1 },
        "Div": ElementwiseFolding.division,
        "Equal": ElementwiseFolding.comparison { $0 == $1 },
        "Less": ElementwiseFolding.comparison { $0 < $1 },
        "Greater": ElementwiseFolding.comparison { $0 > $1 },
        "Where": ElementwiseFolding.select,
        "Gather": LayoutFolding.gather,
        "Unsqueeze": LayoutFolding.unsqueeze,
        "Squeeze": LayoutFolding.squeeze,
        "Concat": LayoutFolding.concat,
        "Slice": LayoutFolding.slice,
        "Reshape": LayoutFolding.reshape,
        "Flatten": LayoutFolding.flatten,
        "Transpose": LayoutFolding.transpose,
        "Expand": LayoutFolding.expand,
    ]

    /// ONNX `Shape` (with opset 15's optional start and end) of a tensor of `shape`.
    static func shape(of shape: [Int], attributes: NodeAttributes) throws -> Constant {
        let rank = shape.count
        let start = clamp(try attributes.int("start", default: 0), rank: rank)
        let end = clamp(try attributes.int("end") ?? rank, rank: rank)
        return Constant(integers: Array(shape[start..<max(start, end)]))
    }

    private static func clamp(_ axis: Int, rank: Int) -> Int {
        min(max(axis < 0 ? axis + rank : axis, 0), rank)
    }

    /// The input at `index`, or an error naming the node when it is missing.
    static func required(_ inputs: [Constant?], _ index: Int, _ attributes: NodeAttributes) throws -> Constant {
        guard index < inputs.count, let input = inputs[index] else {
            throw attributes.invalid("input \(index) is missing")
        }
        return input
    }

    /// An axis in `0..<rank`, resolving negative axes, or an error naming the node.
    static func axis(_ axis: Int, rank: Int, _ attributes: NodeAttributes) throws -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        guard (0..<rank).contains(resolved) else { throw attributes.invalid("axis \(axis) is out of range for rank \(rank)") }
        return resolved
    }

    /// Axes given as an input (newer opsets) or as the `axes` attribute (older ones).
    static func axesArgument(_ inputs: [Constant?], at index: Int, _ attributes: NodeAttributes) throws -> [Int]? {
        if index < inputs.count, let axes = inputs[index] { return axes.integers }
        return try attributes.ints("axes")
    }
}
