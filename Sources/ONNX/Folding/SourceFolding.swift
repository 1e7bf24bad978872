/// Folding rules for the operators that make a constant out of attributes or a shape.
enum SourceFolding {
    static func constant(_ inputs: [Constant?], _ attributes: NodeAttributes) throws -> [Constant] {
        if let tensor = try attributes.tensor("value") { return [tensor] }
        if let value = try attributes.floats("value_floats") {
            return [Constant(shape: [value.count], elements: value.map(Double.init), elementType: .float)]
        }
        if let value = try attributes.ints("value_ints") { return [Constant(integers: value)] }
        if attributes.contains("value_float") {
            return [Constant(shape: [], elements: [Double(try attributes.float("value_float", default: 0))], elementType: .float)]
        }
        if let value = try attributes.int("value_int") { return [Constant(integers: [value], shape: [])] }
        throw attributes.invalid("a Constant needs a value, value_float(s) or value_int(s) attribute")
    }

    static func constantOfShape(_ inputs: [Constant?], _ attributes: NodeAttributes) throws -> [Constant] {
        let shape = try ShapeArithmetic.required(inputs, 0, attributes).integers
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) <= 1 << 24 else {
            throw attributes.invalid("cannot fill a constant of shape \(shape)")
        }
        let fill = try attributes.tensor("value") ?? Constant(shape: [1], elements: [0], elementType: .float)
        guard let value = fill.elements.first else { throw attributes.invalid("the fill value is empty") }
        let count = shape.reduce(1, *)
        return [Constant(shape: shape, elements: Array(repeating: value, count: count), elementType: fill.elementType)]
    }

    static func range(_ inputs: [Constant?], _ attributes: NodeAttributes) throws -> [Constant] {
        let bounds = try (0..<3).map { try ShapeArithmetic.required(inputs, $0, attributes) }
        guard let start = bounds[0].elements.first, let limit = bounds[1].elements.first,
              let delta = bounds[2].elements.first, delta != 0 else {
            throw attributes.invalid("Range needs scalar start, limit and a non-zero delta")
        }
        let count = max(Int(((limit - start) / delta).rounded(.up)), 0)
        guard count <= 1 << 24 else { throw attributes.invalid("Range of \(count) elements") }
        let elements = (0..<count).map { start + Double($0) * delta }
        return [Constant(shape: [count], elements: elements, elementType: bounds[0].elementType)]
    }
}
