import Tensor

/// The mean over `axes` (all when empty).
public struct ReduceMean: Operator {
    public var axes: [Int]
    public var keepsDimensions: Bool
    public init(axes: [Int] = [], keepsDimensions: Bool = true) {
        self.axes = axes
        self.keepsDimensions = keepsDimensions
    }
    public var type: String { "ReduceMean" }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        [try onlyInput(inputs).mean(alongAxes: axes, keepingDimensions: keepsDimensions)]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        guard pass.needsGradient[0] else { return [nil] }
        let x = pass.inputs[0]
        let kept = try x.mean(alongAxes: axes, keepingDimensions: true).shape
        let share = Float(x.shape.reduce(1, *)) / Float(max(kept.reduce(1, *), 1))
        let gradient = try outputGradients[0].reshaped(kept)
        return [try Tensor.broadcasting(Tensor(shape: x.shape), gradient) { _, g in g / share }]
    }
}
