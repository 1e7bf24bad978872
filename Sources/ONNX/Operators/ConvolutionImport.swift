import Networks

/// Conv and ConvTranspose: 2-D windows with strides, dilations, pads or auto_pad, and groups.
enum ConvolutionImport {
    static func conv(_ node: NodeImport) throws -> ImportedOperator {
        node.reading(Conv(attributes: try window(node), groups: try groups(node)), upTo: 3)
    }

    static func convTranspose(_ node: NodeImport) throws -> ImportedOperator {
        guard !node.attributes.contains("output_shape") else {
            throw node.invalid("output_shape is not supported; give pads and output_padding instead")
        }
        let outputPadding = try node.attributes.ints("output_padding") ?? [0, 0]
        guard outputPadding.count == 2 else { throw node.invalid("output_padding \(outputPadding) is not 2-D") }
        return node.reading(ConvTranspose(attributes: try window(node), groups: try groups(node), outputPadding: outputPadding), upTo: 3)
    }

    private static func groups(_ node: NodeImport) throws -> Int {
        let groups = try node.attributes.int("group", default: 1)
        guard groups >= 1 else { throw node.invalid("group \(groups) must be at least 1") }
        return groups
    }

    /// The largest stride, dilation or pad accepted.
    static let maxWindowAttribute = 4096

    /// The window attributes Conv, ConvTranspose and the pools share, checked to be 2-D.
    static func window(_ node: NodeImport, ceilMode: Bool = false) throws -> WindowAttributes {
        let strides = try node.attributes.ints("strides") ?? [1, 1]
        let dilations = try node.attributes.ints("dilations") ?? [1, 1]
        let padding = try node.attributes.ints("pads") ?? [0, 0, 0, 0]
        guard strides.count == 2, dilations.count == 2, padding.count == 4 else {
            throw node.invalid("only 2-D windows are supported (strides \(strides), dilations \(dilations), pads \(padding))")
        }
        guard strides.allSatisfy({ $0 > 0 }), dilations.allSatisfy({ $0 > 0 }), padding.allSatisfy({ $0 >= 0 }) else {
            throw node.invalid("strides \(strides) and dilations \(dilations) must be positive, pads \(padding) non-negative")
        }
        // A file's attributes size the probe outputs allocated at load time, and overflow the window
        // arithmetic near Int.max: no real network comes near these bounds.
        guard (strides + dilations + padding).allSatisfy({ $0 <= maxWindowAttribute }) else {
            throw node.invalid("strides \(strides), dilations \(dilations) and pads \(padding) must not exceed \(maxWindowAttribute)")
        }
        let automatic = try node.attributes.string("auto_pad", default: "NOTSET")
        guard let automaticPadding = AutomaticPadding(rawValue: automatic) else {
            throw node.invalid("auto_pad \(automatic) is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID")
        }
        return WindowAttributes(strides: strides, dilations: dilations, padding: padding,
                                automaticPadding: automaticPadding, ceilMode: ceilMode)
    }
}
