import Networks

/// Operators that rearrange axes: Concat, Flatten, Transpose, Squeeze, Unsqueeze.
enum LayoutImport {
    static func concat(_ node: NodeImport) throws -> ImportedOperator {
        guard let axis = try node.attributes.int("axis") else { throw node.invalid("Concat needs an axis") }
        return node.reading(Concat(axis: axis), upTo: node.presentInputCount)
    }

    static func flatten(_ node: NodeImport) throws -> ImportedOperator {
        node.reading(Flatten(axis: try node.attributes.int("axis", default: 1)), upTo: 1)
    }

    static func transpose(_ node: NodeImport) throws -> ImportedOperator {
        let permutation = try node.attributes.ints("perm") ?? Array((0..<node.rank(0)).reversed())
        return node.reading(Transpose(permutation: permutation), upTo: 1)
    }

    /// Axes are an attribute before opset 13 and a constant input from then on.
    static func squeeze(_ node: NodeImport) throws -> ImportedOperator {
        node.reading(Squeeze(axes: try node.integers(input: 1, orAttribute: "axes") ?? []), upTo: 1)
    }

    static func unsqueeze(_ node: NodeImport) throws -> ImportedOperator {
        guard let axes = try node.integers(input: 1, orAttribute: "axes") else { throw node.invalid("Unsqueeze needs axes") }
        return node.reading(Unsqueeze(axes: axes), upTo: 1)
    }
}
