import Tensor

/// The position of the largest element along `axis`.
public typealias ArgMax = PositionSelection<Largest>

/// Which element an ArgMax or ArgMin selects.
public protocol SelectionOrder: Sendable {
    /// The ONNX operator type, e.g. "ArgMax".
    static var type: String { get }
    static func precedes(_ candidate: Float, _ current: Float) -> Bool
}

/// The largest element wins.
public enum Largest: SelectionOrder {
    public static let type = "ArgMax"
    public static func precedes(_ candidate: Float, _ current: Float) -> Bool { candidate > current }
}

/// The position of the winning element along one axis, as a float (the engine's tensors are Float32):
/// ArgMax and ArgMin. Indices are not differentiable; the input's gradient is zero.
public struct PositionSelection<Order: SelectionOrder>: Operator {
    public var axis: Int
    public var keepsDimensions: Bool
    /// ONNX `select_last_index`: on a tie, the last winner rather than the first.
    public var selectsLastIndex: Bool

    public init(axis: Int = 0, keepsDimensions: Bool = true, selectsLastIndex: Bool = false) {
        self.axis = axis
        self.keepsDimensions = keepsDimensions
        self.selectsLastIndex = selectsLastIndex
    }

    public var type: String { Order.type }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let x = try onlyInput(inputs)
        let positions = try x.positions(alongAxis: axis, preferringLast: selectsLastIndex, where: Order.precedes)
        guard !keepsDimensions else { return [positions] }
        var shape = x.shape
        shape.remove(at: try x.normalizedAxis(axis))
        return [try positions.reshaped(shape)]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        [pass.needsGradient[0] ? Tensor(shape: pass.inputs[0].shape) : nil]
    }
}
