/// Folding rule for ScatterND on known values: Swin's shifted-window attention mask is a zero tensor
/// with a region count written into each of its nine slices.
enum ScatterFolding {
    static func scatterND(_ inputs: [Constant?], _ attributes: NodeAttributes) throws -> [Constant] {
        var data = try ShapeArithmetic.required(inputs, 0, attributes)
        let indices = try ShapeArithmetic.required(inputs, 1, attributes)
        let updates = try ShapeArithmetic.required(inputs, 2, attributes)
        guard let depth = indices.shape.last, depth <= data.rank,
              updates.shape == Array(indices.shape.dropLast()) + Array(data.shape[depth...]) else {
            throw attributes.invalid("indices \(indices.shape) and updates \(updates.shape) do not fit data \(data.shape)")
        }
        let reduction = try attributes.string("reduction", default: "none")
        let combine: (Double, Double) -> Double
        switch reduction {
        case "none": combine = { $1 }
        case "add": combine = { $0 + $1 }
        case "mul": combine = { $0 * $1 }
        case "max": combine = { max($0, $1) }
        case "min": combine = { min($0, $1) }
        default: throw attributes.invalid("reduction '\(reduction)' is not none, add, mul, max or min")
        }
        let size = data.shape[depth...].reduce(1, *)
        let strides = Constant.strides(of: data.shape)
        let tuples = indices.integers
        for position in 0..<(updates.elements.count / max(size, 1)) {
            var offset = 0
            for axis in 0..<depth {
                let index = tuples[position * depth + axis]
                guard (-data.shape[axis]..<data.shape[axis]).contains(index) else {
                    throw attributes.invalid("index \(index) is out of range for axis \(axis) of \(data.shape)")
                }
                offset += (index < 0 ? index + data.shape[axis] : index) * strides[axis]
            }
            for element in 0..<size {
                data.elements[offset + element] = combine(data.elements[offset + element], updates.elements[position * size + element])
            }
        }
        if updates.elementType == .float { data.elementType = .float }
        return [data]
    }
}
