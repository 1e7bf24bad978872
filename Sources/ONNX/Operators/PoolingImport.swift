import Networks

/// MaxPool and AveragePool: a 2-D kernel over the window attributes Conv uses too.
enum PoolingImport {
    /// `storage_order` (opset 8) orders the Indices output only, which nothing may read.
    static func maxPool(_ node: NodeImport) throws -> ImportedOperator {
        guard node.readOutputCount <= 1 else { throw node.invalid("the Indices output of MaxPool is not supported") }
        return node.reading(MaxPool(kernel: try kernel(node), attributes: try attributes(node)), upTo: 1)
    }

    static func averagePool(_ node: NodeImport) throws -> ImportedOperator {
        let countsPadding = try node.attributes.int("count_include_pad", default: 0) != 0
        return node.reading(AveragePool(kernel: try kernel(node), attributes: try attributes(node), countsPadding: countsPadding), upTo: 1)
    }

    private static func kernel(_ node: NodeImport) throws -> [Int] {
        guard let kernel = try node.attributes.ints("kernel_shape"), kernel.count == 2, kernel.allSatisfy({ $0 > 0 }) else {
            throw node.invalid("kernel_shape must be two positive sizes")
        }
        return kernel
    }

    private static func attributes(_ node: NodeImport) throws -> WindowAttributes {
        try ConvolutionImport.window(node, ceilMode: try node.attributes.int("ceil_mode", default: 0) != 0)
    }
}
