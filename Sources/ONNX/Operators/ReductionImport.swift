import Networks

/// The reductions and ArgMax/ArgMin. Axes are an attribute in older opsets and a constant input in
/// newer ones (ReduceSum from opset 13, the others from 18); `noop_with_empty_axes` makes an empty
/// axes list the identity instead of a reduction over everything.
enum ReductionImport {
    typealias Make = @Sendable (_ axes: [Int], _ keepsDimensions: Bool) -> any Operator

    static func reduction(_ make: @escaping Make) -> OperatorTable.Builder {
        { node in
            let axes = try node.integers(input: 1, orAttribute: "axes") ?? []
            if axes.isEmpty, try node.attributes.int("noop_with_empty_axes", default: 0) != 0 {
                return ImportedOperator(Identity(), inputs: [.node(0)])
            }
            return ImportedOperator(make(axes, try node.attributes.int("keepdims", default: 1) != 0), inputs: [.node(0)])
        }
    }

    static let reduceSum = reduction { ReduceSum(axes: $0, keepsDimensions: $1) }
    static let reduceMax = reduction { ReduceMax(axes: $0, keepsDimensions: $1) }
    static let reduceMin = reduction { ReduceMin(axes: $0, keepsDimensions: $1) }
    static let reduceL1 = reduction { ReduceL1(axes: $0, keepsDimensions: $1) }
    static let reduceL2 = reduction { ReduceL2(axes: $0, keepsDimensions: $1) }
    static let reduceSumSquare = reduction { ReduceSumSquare(axes: $0, keepsDimensions: $1) }
    static let reduceProd = reduction { ReduceProd(axes: $0, keepsDimensions: $1) }
    static let reduceLogSumExp = reduction { ReduceLogSumExp(axes: $0, keepsDimensions: $1) }

    static func argMax(_ node: NodeImport) throws -> ImportedOperator {
        let (axis, keeps, last) = try positionAttributes(node)
        return node.reading(ArgMax(axis: axis, keepsDimensions: keeps, selectsLastIndex: last), upTo: 1)
    }

    static func argMin(_ node: NodeImport) throws -> ImportedOperator {
        let (axis, keeps, last) = try positionAttributes(node)
        return node.reading(ArgMin(axis: axis, keepsDimensions: keeps, selectsLastIndex: last), upTo: 1)
    }

    private static func positionAttributes(_ node: NodeImport) throws -> (axis: Int, keeps: Bool, last: Bool) {
        (try node.attributes.int("axis", default: 0), try node.attributes.int("keepdims", default: 1) != 0,
         try node.attributes.int("select_last_index", default: 0) != 0)
    }
}
