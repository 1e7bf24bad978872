import Tensor

/// The position of the winning element along one axis, as a float (the engine's tensors are Float32):
/// ArgMax and ArgMin. Indices are not differentiable; the input's gradient is zero.
public protocol PositionSelection: Operator {
    var axis: Int { get }
    var keepsDimensions: Bool { get }
    /// ONNX `select_last_index`: on a tie, the last winner rather than the first.
    var selectsLastIndex: Bool { get }
    func precedes(_ candidate: Float, _ current: Float) -> Bool
}

extension PositionSelection {
    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let x = try onlyInput(inputs)
        let positions = try x.positions(alongAxis: axis, preferringLast: selectsLastIndex, where: precedes)
        guard !keepsDimensions else { return [positions] }
        var shape = x.shape
        shape.remove(at: try x.normalizedAxis(axis))
        return [try positions.reshaped(shape)]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        [pass.needsGradient[0] ? Tensor(shape: pass.inputs[0].shape) : nil]
    }
}

/// The position of the largest element along `axis`.
public struct ArgMax: PositionSelection {
    public var axis: Int
    public var keepsDimensions: Bool
    public var selectsLastIndex: Bool
    public init(axis: Int = 0, keepsDimensions: Bool = true, selectsLastIndex: Bool = false) {
        self.axis = axis
        self.keepsDimensions = keepsDimensions
        self.selectsLastIndex = selectsLastIndex
    }
    public var type: String { "ArgMax" }
    public func precedes(_ candidate: Float, _ current: Float) -> Bool { candidate > current }
}
