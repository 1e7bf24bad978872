/// Folding rules for operators that move elements without computing new ones.
enum LayoutFolding {
    static func gather(_ inputs: [Constant?], _ attributes: NodeAttributes) throws -> [Constant] {
        let data = try ShapeArithmetic.required(inputs, 0, attributes)
        let indices = try ShapeArithmetic.required(inputs, 1, attributes)
        let axis = try ShapeArithmetic.axis(try attributes.int("axis", default: 0), rank: data.rank, attributes)
        let size = data.shape[axis]
        let resolved = try indices.integers.map { index in
            guard (-size..<size).contains(index) else { throw attributes.invalid("index \(index) is out of range for axis \(axis) of shape \(data.shape)") }
            return index < 0 ? index + size : index
        }
        let shape = Array(data.shape[..<axis]) + indices.shape + Array(data.shape[(axis + 1)...])
        return [data.gathered(into: shape) { index in
            let position = indices.offset(of: Array(index[axis..<(axis + indices.rank)]))
            return data.offset(of: Array(index[..<axis]) + [resolved[position]] + Array(index[(axis + indices.rank)...]))
        }]
    }

    static func unsqueeze(_ inputs: [Constant?], _ attributes: NodeAttributes) throws -> [Constant] {
        var data = try ShapeArithmetic.required(inputs, 0, attributes)
        guard let axes = try ShapeArithmetic.axesArgument(inputs, at: 1, attributes) else { throw attributes.invalid("Unsqueeze needs axes") }
        let rank = data.rank + axes.count
        let resolved = try Set(axes.map { try ShapeArithmetic.axis($0, rank: rank, attributes) })
        var dimensions = data.shape.makeIterator()
        data.shape = (0..<rank).map { resolved.contains($0) ? 1 : dimensions.next() ?? 1 }
        return [data]
    }

    static func squeeze(_ inputs: [Constant?], _ attributes: NodeAttributes) throws -> [Constant] {
        var data = try ShapeArithmetic.required(inputs, 0, attributes)
        let axes = try ShapeArithmetic.axesArgument(inputs, at: 1, attributes)?.map { try ShapeArithmetic.axis($0, rank: data.rank, attributes) }
        if let axes, let wrong = axes.first(where: { data.shape[$0] != 1 }) {
            throw attributes.invalid("cannot squeeze axis \(wrong) of shape \(data.shape)")
        }
        data.shape = data.shape.enumerated().filter { axis, size in axes.map { !$0.contains(axis) } ?? (size != 1) }.map(\.element)
        return [data]
    }

    static func concat(_ inputs: [Constant?], _ attributes: NodeAttributes) throws -> [Constant] {
        let parts = try inputs.indices.map { try ShapeArithmetic.required(inputs, $0, attributes) }
        guard let first = parts.first else { throw attributes.invalid("Concat needs inputs") }
        let axis = try ShapeArithmetic.axis(try attributes.int("axis", default: 0), rank: first.rank, attributes)
        for part in parts where part.rank != first.rank || part.shape.enumerated().contains(where: { $0.offset != axis && $0.element != first.shape[$0.offset] }) {
            throw attributes.invalid("cannot concatenate shapes \(parts.map(\.shape)) along axis \(axis)")
        }
        let outer = first.shape[..<axis].reduce(1, *)
        let elements = (0..<outer).flatMap { row in
            parts.flatMap { part in
                let width = part.shape[axis...].reduce(1, *)
                return part.elements[(row * width)..<((row + 1) * width)]
            }
        }
        var shape = first.shape
        shape[axis] = parts.map { $0.shape[axis] }.reduce(0, +)
        let type: Constant.ElementType = parts.contains { $0.elementType == .float } ? .float : first.elementType
        return [Constant(shape: shape, elements: elements, elementType: type)]
    }

    static func slice(_ inputs: [Constant?], _ attributes: NodeAttributes) throws -> [Constant] {
        let data = try ShapeArithmetic.required(inputs, 0, attributes)
        let ranges = try SliceArguments(inputs: inputs, attributes: attributes).ranges(for: data.shape, attributes)
        let shape = ranges.map(\.count)
        return [data.gathered(into: shape) { index in
            data.offset(of: index.indices.map { ranges[$0].start + index[$0] * ranges[$0].step })
        }]
    }

    static func reshape(_ inputs: [Constant?], _ attributes: NodeAttributes) throws -> [Constant] {
        var data = try ShapeArithmetic.required(inputs, 0, attributes)
        let target = try ShapeArithmetic.required(inputs, 1, attributes).integers
        data.shape = try resolvedReshape(of: data.shape, to: target, allowsZero: try attributes.int("allowzero", default: 0) != 0, attributes)
        return [data]
    }

    static func flatten(_ inputs: [Constant?], _ attributes: NodeAttributes) throws -> [Constant] {
        var data = try ShapeArithmetic.required(inputs, 0, attributes)
        let axis = try attributes.int("axis", default: 1)
        let split = axis < 0 ? axis + data.rank : axis
        guard (0...data.rank).contains(split) else { throw attributes.invalid("axis \(axis) is out of range for shape \(data.shape)") }
        data.shape = [data.shape[..<split].reduce(1, *), data.shape[split...].reduce(1, *)]
        return [data]
    }

    static func transpose(_ inputs: [Constant?], _ attributes: NodeAttributes) throws -> [Constant] {
        let data = try ShapeArithmetic.required(inputs, 0, attributes)
        let permutation = try attributes.ints("perm") ?? Array((0..<data.rank).reversed())
        guard permutation.sorted() == Array(0..<data.rank) else {
            throw attributes.invalid("perm \(permutation) is not a permutation of the axes of shape \(data.shape)")
        }
        let shape = permutation.map { data.shape[$0] }
        return [data.gathered(into: shape) { index in
            var source = Array(repeating: 0, count: data.rank)
            for (position, axis) in permutation.enumerated() { source[axis] = index[position] }
            return data.offset(of: source)
        }]
    }

    static func expand(_ inputs: [Constant?], _ attributes: NodeAttributes) throws -> [Constant] {
        let data = try ShapeArithmetic.required(inputs, 0, attributes)
        let target = try ShapeArithmetic.required(inputs, 1, attributes).integers
        let shape = try ElementwiseFolding.broadcastShape([data.shape, target], attributes)
        guard shape.reduce(1, *) <= 1 << 26 else { throw attributes.invalid("expanding to \(shape) is too large") }
        return [data.broadcast(to: shape)]
    }

    /// ONNX Reshape's target resolved against an input shape: 0 copies a dimension (unless
    /// `allowzero`), one -1 takes what remains.
    static func resolvedReshape(of shape: [Int], to target: [Int], allowsZero: Bool, _ attributes: NodeAttributes) throws -> [Int] {
        let count = shape.reduce(1, *)
        var resolved = try target.enumerated().map { position, size in
            if size == 0 && !allowsZero {
                guard position < shape.count else { throw attributes.invalid("target \(target) copies axis \(position) of shape \(shape), which has none") }
                return shape[position]
            }
            guard size >= -1 else { throw attributes.invalid("target \(target) has a negative dimension") }
            return size
        }
        let inferred = resolved.indices.filter { resolved[$0] == -1 }
        guard inferred.count <= 1 else { throw attributes.invalid("target \(target) has more than one -1") }
        if let position = inferred.first {
            let known = resolved.filter { $0 != -1 }.reduce(1, *)
            guard known > 0, count % known == 0 else { throw attributes.invalid("cannot reshape \(shape) to \(target)") }
            resolved[position] = count / known
        }
        guard resolved.reduce(1, *) == count else { throw attributes.invalid("cannot reshape \(shape) to \(target)") }
        return resolved
    }
}
