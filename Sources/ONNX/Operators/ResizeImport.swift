import Networks

/// Resize (opsets 10, 11, 13, 18, 19) and the Upsample it replaced (opsets 7–9), as one engine operator.
///
/// Opset 10 and Upsample know only the asymmetric coordinate mapping and truncating nearest rounding;
/// opset 11 adds roi, sizes and the attributes; opset 18 `axes` (scales and sizes for some axes only),
/// `keep_aspect_ratio_policy` and `antialias`; opset 19 `half_pixel_symmetric`.
enum ResizeImport {
    static func resize(_ node: NodeImport) throws -> ImportedOperator {
        let rank = try node.rank(0)
        guard try node.attributes.int("antialias", default: 0) == 0 else {
            throw node.invalid("antialiased Resize is not supported")
        }
        let axes = try (node.attributes.ints("axes") ?? Array(0..<rank)).map { try ShapeArithmetic.axis($0, rank: rank, node.attributes) }
        let (scalesInput, sizesInput) = node.opset < 11 ? (1, nil) : (2, 3 as Int?)
        let target: Resize.Target
        if let scales = try node.constant(scalesInput)?.elements, !scales.isEmpty {
            guard scales.count == axes.count else { throw node.invalid("\(scales.count) scales for \(axes.count) axes") }
            var full = [Float](repeating: 1, count: rank)
            for (axis, scale) in zip(axes, scales) { full[axis] = Float(scale) }
            target = .scales(full)
        } else if let sizesInput, sizesInput < node.inputs.count, node.inputs[sizesInput] != nil {
            target = .sizes(try sizes(node, input: sizesInput, axes: axes, rank: rank))
        } else {
            throw node.invalid("Resize needs scales or sizes")
        }
        let transformation = try coordinateTransformation(node, axes: axes, rank: rank)
        let policyName = try node.attributes.string("keep_aspect_ratio_policy", default: "stretch")
        guard let policy = Resize.AspectRatioPolicy(rawValue: policyName) else {
            throw node.invalid("keep_aspect_ratio_policy '\(policyName)' is not stretch, not_larger or not_smaller")
        }
        let op = Resize(mode: try mode(node), transformation: transformation, target: target, aspectRatioPolicy: policy,
                        policyAxes: node.attributes.contains("axes") ? axes : [],
                        extrapolationValue: try node.attributes.float("extrapolation_value", default: 0))
        try checkOutputs(op, node)
        return ImportedOperator(op, inputs: [.node(0)])
    }

    /// Upsample: scales as an attribute (opsets 7, 8) or a constant input (9); nearest or (bi)linear.
    static func upsample(_ node: NodeImport) throws -> ImportedOperator {
        let scales = try node.constant(1)?.elements.map { Float($0) } ?? node.attributes.floats("scales")
        guard let scales, scales.count == (try node.rank(0)), scales.allSatisfy({ $0 >= 1 }) else {
            throw node.invalid("Upsample needs a scale of at least 1 for each of its input's axes")
        }
        let op = Resize(mode: try mode(node), transformation: .asymmetric, target: .scales(scales))
        try checkOutputs(op, node)
        return ImportedOperator(op, inputs: [.node(0)])
    }

    /// The interpolation, with nearest's rounding (truncation before opset 11) and cubic's attributes.
    private static func mode(_ node: NodeImport) throws -> Resize.Mode {
        let name = try node.attributes.string("mode", default: "nearest")
        switch name {
        case "nearest":
            guard node.attributes.type == "Resize", node.opset >= 11 else { return .nearest(.simple) }
            let rounding = try node.attributes.string("nearest_mode", default: "round_prefer_floor")
            guard let nearest = Resize.NearestRounding(rawValue: rounding), nearest != .simple else {
                throw node.invalid("nearest_mode '\(rounding)' is not round_prefer_floor, round_prefer_ceil, floor or ceil")
            }
            return .nearest(nearest)
        case "linear", "bilinear":
            return .linear
        case "cubic":
            return .cubic(coefficient: try node.attributes.float("cubic_coeff_a", default: -0.75),
                          excludesOutside: try node.attributes.int("exclude_outside", default: 0) != 0)
        default:
            throw node.invalid("mode '\(name)' is not nearest, linear or cubic")
        }
    }

    private static func coordinateTransformation(_ node: NodeImport, axes: [Int], rank: Int) throws -> Resize.CoordinateTransformation {
        guard node.opset >= 11 else { return .asymmetric }
        let name = try node.attributes.string("coordinate_transformation_mode", default: "half_pixel")
        switch name {
        case "half_pixel": return .halfPixel
        case "half_pixel_symmetric": return .halfPixelSymmetric
        case "pytorch_half_pixel": return .pytorchHalfPixel
        case "align_corners": return .alignCorners
        case "asymmetric": return .asymmetric
        case "tf_half_pixel_for_nn": return .tfHalfPixelForNearest
        case "tf_crop_and_resize":
            guard let roi = try node.constant(1)?.elements.map({ Float($0) }), roi.count == 2 * axes.count else {
                throw node.invalid("tf_crop_and_resize needs a constant roi of two values per resized axis")
            }
            var full = [Float](repeating: 0, count: rank) + [Float](repeating: 1, count: rank)
            for (position, axis) in axes.enumerated() {
                full[axis] = roi[position]
                full[rank + axis] = roi[axes.count + position]
            }
            return .tfCropAndResize(roi: full)
        default:
            throw node.invalid("coordinate_transformation_mode '\(name)' is not supported")
        }
    }

    /// The target sizes of the resized axes; a size that follows the batch must equal the input's own
    /// dimension (exporters copy the batch and channels from the input's shape), which stays as it is.
    private static func sizes(_ node: NodeImport, input: Int, axes: [Int], rank: Int) throws -> [Int?] {
        let probes = try node.probeConstants(input).map(\.integers)
        let inputShapes = try node.shapes(0)
        guard let first = probes.first, first.count == axes.count, probes.allSatisfy({ $0.count == first.count }) else {
            throw node.invalid("\(probes.first?.count ?? 0) sizes for \(axes.count) axes")
        }
        var full = [Int?](repeating: nil, count: rank)
        for (position, axis) in axes.enumerated() {
            let values = probes.map { $0[position] }
            if values.allSatisfy({ $0 == values[0] }) {
                full[axis] = values[0]
            } else if zip(values, inputShapes).allSatisfy({ $0 == $1[axis] }) {
                full[axis] = nil
            } else {
                throw node.invalid("the target size of axis \(axis) depends on the batch size other than by equalling it")
            }
        }
        return full
    }

    /// Refuses at load time a target that would not fit the probes' budget.
    private static func checkOutputs(_ op: Resize, _ node: NodeImport) throws {
        try node.checkProbeOutputs(try node.shapes(0).map { try op.geometry($0).output })
    }
}
