import Tensor

/// ONNX Shape at run time: the input's dimensions from `start` to `end` (opset 15), as a 1-D tensor of
/// floats. The importer folds Shape wherever the result is known at load time; this runs only where a
/// batch-dependent shape feeds a computation on image data. It passes no gradient.
public struct ShapeOf: Operator {
    public var start: Int
    public var end: Int?
    public init(start: Int = 0, end: Int? = nil) {
        self.start = start
        self.end = end
    }
    public var type: String { "Shape" }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let shape = try onlyInput(inputs).shape
        func clamped(_ axis: Int) -> Int { min(max(axis < 0 ? axis + shape.count : axis, 0), shape.count) }
        let (from, to) = (clamped(start), clamped(end ?? shape.count))
        let dimensions = shape[from..<max(from, to)].map(Float.init)
        return [try Tensor(shape: [dimensions.count], scalars: dimensions)]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        [pass.needsGradient[0] ? Tensor(shape: pass.inputs[0].shape) : nil]
    }
}
