import Foundation

/// Folding rules for the arithmetic of newer exporters' shape subgraphs (Swin's window padding
/// `(w − H mod w) mod w`, dynamo's `Max`/`Min` clamps, `Not`/`And` masks, products of dimensions, the
/// ScatterND that writes Swin's attention mask), with ONNX's element types: integers stay integers,
/// comparisons give booleans.
enum ArithmeticFolding {
    static let rules: [String: ShapeArithmetic.Rule] = [
        "Neg": unary { -$0 },
        "Abs": unary { abs($0) },
        "Sign": unary { $0 > 0 ? 1 : $0 < 0 ? -1 : 0 },
        "Floor": unary { $0.rounded(.down) },
        "Ceil": unary { $0.rounded(.up) },
        "Round": unary { $0.rounded(.toNearestOrEven) },
        "Sqrt": unary(resultType: .float) { $0.squareRoot() },
        "Reciprocal": unary(resultType: .float) { 1 / $0 },
        "Not": unary(resultType: .boolean) { $0 == 0 ? 1 : 0 },
        "Mod": mod,
        "Pow": ElementwiseFolding.binary { pow($0, $1) },
        "Max": variadic { max($0, $1) },
        "Min": variadic { min($0, $1) },
        "Sum": variadic { $0 + $1 },
        "LessOrEqual": ElementwiseFolding.comparison { $0 <= $1 },
        "GreaterOrEqual": ElementwiseFolding.comparison { $0 >= $1 },
        "And": ElementwiseFolding.comparison { $0 != 0 && $1 != 0 },
        "Or": ElementwiseFolding.comparison { $0 != 0 || $1 != 0 },
        "Xor": ElementwiseFolding.comparison { ($0 != 0) != ($1 != 0) },
        "Tile": tile,
        "ReduceSum": reduction(initial: 0) { $0 + $1 },
        "ReduceProd": reduction(initial: 1) { $0 * $1 },
        "ReduceMax": reduction(initial: -.infinity) { max($0, $1) },
        "ReduceMin": reduction(initial: .infinity) { min($0, $1) },
        "ArgMax": position { $0 > $1 },
        "ArgMin": position { $0 < $1 },
        "ScatterND": ScatterFolding.scatterND,
    ]

    /// An element-wise function of one input, keeping its element type unless `resultType` says otherwise.
    static func unary(resultType: Constant.ElementType? = nil, _ function: @escaping @Sendable (Double) -> Double) -> ShapeArithmetic.Rule {
        { inputs, attributes in
            var value = try ShapeArithmetic.required(inputs, 0, attributes)
            value.elements = value.elements.map(function)
            value.elementType = resultType ?? value.elementType
            return [value]
        }
    }

    /// Integers follow the divisor's sign (Python's %) unless `fmod`; floats always take C's fmod.
    static func mod(_ inputs: [Constant?], _ attributes: NodeAttributes) throws -> [Constant] {
        let (left, right) = (try ShapeArithmetic.required(inputs, 0, attributes), try ShapeArithmetic.required(inputs, 1, attributes))
        let truncates = try attributes.int("fmod", default: 0) != 0
        let isFloat = left.elementType == .float || right.elementType == .float
        guard isFloat || !right.elements.contains(0) else { throw attributes.invalid("integer modulo by zero") }
        return [try ElementwiseFolding.broadcast(left, right, isFloat ? .float : .integer, attributes) { a, b in
            let remainder = fmod(a, b)
            guard !isFloat, !truncates, remainder != 0, (remainder < 0) != (b < 0) else { return remainder }
            return remainder + b
        }]
    }

    /// Max, Min and Sum: any number of inputs broadcast together, integers unless one is a float.
    static func variadic(_ combine: @escaping @Sendable (Double, Double) -> Double) -> ShapeArithmetic.Rule {
        { inputs, attributes in
            let operands = try inputs.indices.map { try ShapeArithmetic.required(inputs, $0, attributes) }
            guard var result = operands.first else { throw attributes.invalid("needs an input") }
            for operand in operands.dropFirst() {
                let type: Constant.ElementType = result.elementType == .float || operand.elementType == .float ? .float : result.elementType
                result = try ElementwiseFolding.broadcast(result, operand, type, attributes, combine)
            }
            return [result]
        }
    }

    static func tile(_ inputs: [Constant?], _ attributes: NodeAttributes) throws -> [Constant] {
        let data = try ShapeArithmetic.required(inputs, 0, attributes)
        let repeats = try ShapeArithmetic.required(inputs, 1, attributes).integers
        guard repeats.count == data.rank, repeats.allSatisfy({ $0 >= 0 }) else {
            throw attributes.invalid("repeats \(repeats) do not fit shape \(data.shape)")
        }
        let shape = zip(data.shape, repeats).map(*)
        guard shape.reduce(1, *) <= 1 << 24 else { throw attributes.invalid("tiling to \(shape) is too large") }
        return [data.gathered(into: shape) { index in data.offset(of: zip(index, data.shape).map { $0 % $1 }) }]
    }

    /// A reduction over the axes given as the input (newer opsets) or attribute (older ones), all when
    /// none, with `keepdims` and `noop_with_empty_axes`.
    static func reduction(initial: Double, _ combine: @escaping @Sendable (Double, Double) -> Double) -> ShapeArithmetic.Rule {
        { inputs, attributes in
            let data = try ShapeArithmetic.required(inputs, 0, attributes)
            let given = try ShapeArithmetic.axesArgument(inputs, at: 1, attributes) ?? []
            if given.isEmpty, try attributes.int("noop_with_empty_axes", default: 0) != 0 { return [data] }
            let axes = Set(try (given.isEmpty ? Array(0..<data.rank) : given).map { try ShapeArithmetic.axis($0, rank: data.rank, attributes) })
            let keptShape = data.shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
            var result = Constant(shape: keptShape, elements: Array(repeating: initial, count: keptShape.reduce(1, *)),
                                  elementType: data.elementType == .boolean ? .integer : data.elementType)
            let strides = Constant.strides(of: data.shape)
            for (flat, value) in data.elements.enumerated() {
                let index = data.shape.indices.map { axes.contains($0) ? 0 : (flat / strides[$0]) % data.shape[$0] }
                let target = result.offset(of: index)
                result.elements[target] = combine(result.elements[target], value)
            }
            if try attributes.int("keepdims", default: 1) == 0 {
                result.shape = data.shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
            }
            return [result]
        }
    }

    /// ArgMax and ArgMin: the first (or, with `select_last_index`, last) winning position along `axis`.
    static func position(_ precedes: @escaping @Sendable (Double, Double) -> Bool) -> ShapeArithmetic.Rule {
        { inputs, attributes in
            let data = try ShapeArithmetic.required(inputs, 0, attributes)
            let axis = try ShapeArithmetic.axis(try attributes.int("axis", default: 0), rank: data.rank, attributes)
            let preferringLast = try attributes.int("select_last_index", default: 0) != 0
            let (outer, length, inner) = (data.shape[..<axis].reduce(1, *), data.shape[axis], data.shape[(axis + 1)...].reduce(1, *))
            var keptShape = data.shape
            keptShape[axis] = 1
            var winners = Constant(shape: keptShape, elements: Array(repeating: 0, count: outer * inner), elementType: .integer)
            for row in 0..<outer {
                for lane in 0..<inner {
                    let value = { (position: Int) in data.elements[(row * length + position) * inner + lane] }
                    var best = 0
                    for candidate in 0..<length where precedes(value(candidate), value(best)) || (preferringLast && value(candidate) == value(best)) {
                        best = candidate
                    }
                    winners.elements[row * inner + lane] = Double(best)
                }
            }
            if try attributes.int("keepdims", default: 1) == 0 { winners.shape.remove(at: axis) }
            return [winners]
        }
    }
}
