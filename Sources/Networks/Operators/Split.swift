import Tensor

/// Pieces along `axis` of the given sizes, or `outputCount` equal pieces when sizes are empty.
public struct Split: Operator {
    public var axis: Int
    public var sizes: [Int]
    public var outputCount: Int

    public init(axis: Int = 0, sizes: [Int] = [], outputCount: Int) {
        self.axis = axis
        self.sizes = sizes
        self.outputCount = outputCount
    }

    public var type: String { "Split" }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let x = try onlyInput(inputs)
        let resolved = try x.normalizedAxis(axis)
        var pieces = sizes
        if pieces.isEmpty {
            // ONNX: equal parts, the last one smaller when the dimension does not divide.
            let length = x.shape[resolved], part = (length + outputCount - 1) / max(outputCount, 1)
            pieces = (0..<outputCount).map { min(part, max(0, length - $0 * part)) }
        }
        return try x.split(alongAxis: resolved, sizes: pieces)
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        guard pass.needsGradient[0] else { return [nil] }
        return [try Tensor.concatenated(outputGradients, alongAxis: axis)]
    }
}
