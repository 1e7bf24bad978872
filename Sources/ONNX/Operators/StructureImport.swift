import Networks

/// Operators that repeat, rearrange, accumulate or mask a tensor, and the run-time forms of the shape
/// operators for the rare graph whose batch-dependent shape feeds a computation on the image.
enum StructureImport {
    static func tile(_ node: NodeImport) throws -> ImportedOperator {
        guard let repeats = try node.constant(1)?.integers else { throw node.invalid("Tile needs repeats") }
        try node.checkProbeOutputs(node.shapes(0).map { shape in zip(shape, repeats).map(*) })
        return ImportedOperator(Tile(repeats: repeats), inputs: [.node(0)])
    }

    /// Constant indices only: data and updates may come from the image.
    static func scatterND(_ node: NodeImport) throws -> ImportedOperator {
        guard let indices = try node.constant(1) else { throw node.invalid("ScatterND needs indices") }
        let name = try node.attributes.string("reduction", default: "none")
        guard let reduction = ScatterND.Reduction(rawValue: name) else {
            throw node.invalid("reduction '\(name)' on image data is not supported (none and add are)")
        }
        let op = ScatterND(indices: indices.integers, indicesShape: indices.shape, reduction: reduction)
        return ImportedOperator(op, inputs: [.node(0), .node(2)])
    }

    static func depthToSpace(_ node: NodeImport) throws -> ImportedOperator {
        let modeName = try node.attributes.string("mode", default: "DCR")
        guard let order = DepthToSpace.Order(rawValue: modeName) else { throw node.invalid("mode '\(modeName)' is not DCR or CRD") }
        return node.reading(DepthToSpace(blockSize: try blockSize(node), order: order), upTo: 1)
    }

    static func spaceToDepth(_ node: NodeImport) throws -> ImportedOperator {
        node.reading(SpaceToDepth(blockSize: try blockSize(node)), upTo: 1)
    }

    private static func blockSize(_ node: NodeImport) throws -> Int {
        guard let size = try node.attributes.int("blocksize"), size > 0 else { throw node.invalid("blocksize must be positive") }
        return size
    }

    static func cumSum(_ node: NodeImport) throws -> ImportedOperator {
        guard let axis = try node.scalar(1) else { throw node.invalid("CumSum needs an axis") }
        let op = CumSum(axis: Int(axis), exclusive: try node.attributes.int("exclusive", default: 0) != 0,
                        reverse: try node.attributes.int("reverse", default: 0) != 0)
        return ImportedOperator(op, inputs: [.node(0)])
    }

    static func trilu(_ node: NodeImport) throws -> ImportedOperator {
        let op = Trilu(upper: try node.attributes.int("upper", default: 1) != 0, diagonal: Int(try node.scalar(1) ?? 0))
        return ImportedOperator(op, inputs: [.node(0)])
    }

    /// Before opset 13 Hardmax flattened the axes from `axis` on; as for Softmax, only the last axis
    /// is the same thing.
    static func hardmax(_ node: NodeImport) throws -> ImportedOperator {
        let rank = try node.rank(0)
        let axis = try node.attributes.int("axis", default: node.opset < 13 ? 1 : -1)
        guard node.opset >= 13 || axis == -1 || axis == rank - 1 else {
            throw node.invalid("opset \(node.opset) Hardmax over the flattened axes \(axis)… of a rank-\(rank) tensor is not supported")
        }
        return node.reading(Hardmax(axis: axis), upTo: 1)
    }

    static func einsum(_ node: NodeImport) throws -> ImportedOperator {
        let equation = try node.attributes.string("equation", default: "")
        do {
            return node.reading(try Einsum(equation: equation), upTo: node.presentInputCount)
        } catch {
            throw node.invalid("\(error)")
        }
    }

    static func shape(_ node: NodeImport) throws -> ImportedOperator {
        node.reading(ShapeOf(start: try node.attributes.int("start", default: 0), end: try node.attributes.int("end")), upTo: 1)
    }

    static func size(_ node: NodeImport) throws -> ImportedOperator {
        node.reading(SizeOf(), upTo: 1)
    }

    /// The fill value is read by the folding rule itself, on a one-element shape.
    static func constantOfShape(_ node: NodeImport) throws -> ImportedOperator {
        guard let fold = ShapeArithmetic.rules["ConstantOfShape"],
              let fill = try fold([Constant(integers: [1])], node.attributes).first?.elements.first else {
            throw node.invalid("ConstantOfShape needs a fill value")
        }
        return node.reading(ConstantOfShape(value: Float(fill)), upTo: 1)
    }

    static func range(_ node: NodeImport) throws -> ImportedOperator {
        node.reading(Range(), upTo: 3)
    }
}
