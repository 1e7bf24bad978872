/// Folding rules for element-wise operators, with NumPy broadcasting.
enum ElementwiseFolding {
    static func identity(_ inputs: [Constant?], _ attributes: NodeAttributes) throws -> [Constant] {
        [try ShapeArithmetic.required(inputs, 0, attributes)]
    }

    static func cast(_ inputs: [Constant?], _ attributes: NodeAttributes) throws -> [Constant] {
        var value = try ShapeArithmetic.required(inputs, 0, attributes)
        guard let target = Onnx_TensorProto.DataType(rawValue: try attributes.int("to", default: 1)) else {
            throw attributes.invalid("unknown target type")
        }
        switch target {
        case .float, .double, .float16, .bfloat16:
            value.elementType = .float
        case .bool:
            value.elements = value.elements.map { $0 != 0 ? 1 : 0 }
            value.elementType = .boolean
        case .int64, .int32, .int16, .int8, .uint8, .uint16, .uint32, .uint64:
            value.elements = value.elements.map { $0.rounded(.towardZero) }
            value.elementType = .integer
        default:
            throw attributes.invalid("cast to \(target) is not supported")
        }
        return [value]
    }

    static func binary(_ operation: @escaping @Sendable (Double, Double) -> Double) -> ShapeArithmetic.Rule {
        { inputs, attributes in
            let (left, right) = (try ShapeArithmetic.required(inputs, 0, attributes), try ShapeArithmetic.required(inputs, 1, attributes))
            let type: Constant.ElementType = left.elementType == .float || right.elementType == .float ? .float : .integer
            return [try broadcast(left, right, type, attributes, operation)]
        }
    }

    /// Integer division truncates, as onnxruntime's does; float division is exact.
    static func division(_ inputs: [Constant?], _ attributes: NodeAttributes) throws -> [Constant] {
        let (left, right) = (try ShapeArithmetic.required(inputs, 0, attributes), try ShapeArithmetic.required(inputs, 1, attributes))
        if left.elementType == .float || right.elementType == .float {
            return [try broadcast(left, right, .float, attributes) { $0 / $1 }]
        }
        guard !right.elements.contains(0) else { throw attributes.invalid("integer division by zero") }
        return [try broadcast(left, right, .integer, attributes) { ($0 / $1).rounded(.towardZero) }]
    }

    static func comparison(_ predicate: @escaping @Sendable (Double, Double) -> Bool) -> ShapeArithmetic.Rule {
        { inputs, attributes in
            let (left, right) = (try ShapeArithmetic.required(inputs, 0, attributes), try ShapeArithmetic.required(inputs, 1, attributes))
            return [try broadcast(left, right, .boolean, attributes) { predicate($0, $1) ? 1 : 0 }]
        }
    }

    static func select(_ inputs: [Constant?], _ attributes: NodeAttributes) throws -> [Constant] {
        let condition = try ShapeArithmetic.required(inputs, 0, attributes)
        let (chosen, other) = (try ShapeArithmetic.required(inputs, 1, attributes), try ShapeArithmetic.required(inputs, 2, attributes))
        let shape = try broadcastShape([condition.shape, chosen.shape, other.shape], attributes)
        let picks = [condition, chosen, other].map { $0.broadcast(to: shape) }
        let elements = picks[0].elements.indices.map { picks[0].elements[$0] != 0 ? picks[1].elements[$0] : picks[2].elements[$0] }
        return [Constant(shape: shape, elements: elements, elementType: chosen.elementType)]
    }

    static func broadcast(_ left: Constant, _ right: Constant, _ type: Constant.ElementType, _ attributes: NodeAttributes,
                          _ operation: (Double, Double) -> Double) throws -> Constant {
        let shape = try broadcastShape([left.shape, right.shape], attributes)
        let (a, b) = (left.broadcast(to: shape), right.broadcast(to: shape))
        return Constant(shape: shape, elements: zip(a.elements, b.elements).map(operation), elementType: type)
    }

    /// NumPy's broadcast of several shapes, or an error naming them.
    static func broadcastShape(_ shapes: [[Int]], _ attributes: NodeAttributes) throws -> [Int] {
        let rank = shapes.map(\.count).max() ?? 0
        return try (0..<rank).map { axis in
            let sizes = Set(shapes.map { shape in
                let offset = axis - (rank - shape.count)
                return offset < 0 ? 1 : shape[offset]
            })
            let different = sizes.subtracting([1])
            guard different.count <= 1 else { throw attributes.invalid("shapes \(shapes) do not broadcast") }
            return different.first ?? 1
        }
    }
}

extension Constant {
    /// This constant repeated along the axes where `shape` is larger (NumPy broadcasting).
    func broadcast(to target: [Int]) -> Constant {
        if shape == target { return self }
        let offset = target.count - shape.count
        return gathered(into: target) { index in
            self.offset(of: self.shape.indices.map { self.shape[$0] == 1 ? 0 : index[$0 + offset] })
        }
    }
}
