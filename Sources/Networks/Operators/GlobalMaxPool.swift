import Tensor

/// The largest value over all spatial positions: N×C×H×W → N×C×1×1. Where a feature is, not how
/// much of the image it covers, decides: small objects in clutter are not averaged away.
public struct GlobalMaxPool: Operator {
    public init() {}
    public var type: String { "GlobalMaxPool" }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let x = try onlyInput(inputs)
        let (planes, size) = try Self.planes(of: x)
        var output = Tensor(shape: Array(x.shape[..<2]) + [Int](repeating: 1, count: x.rank - 2))
        for plane in 0..<planes {
            output.scalars[plane] = x.scalars[(plane * size)..<((plane + 1) * size)].max() ?? 0
        }
        return [output]
    }

    /// The gradient goes to the first position holding the maximum, as MaxPool's does.
    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        guard pass.needsGradient[0] else { return [nil] }
        let x = pass.inputs[0]
        let (planes, size) = try Self.planes(of: x)
        var gradient = Tensor(shape: x.shape)
        for plane in 0..<planes {
            let values = x.scalars[(plane * size)..<((plane + 1) * size)]
            guard let winner = values.indices.max(by: { values[$0] < values[$1] || (values[$0] == values[$1] && $0 > $1) }) else { continue }
            gradient.scalars[winner] = outputGradients[0].scalars[plane]
        }
        return [gradient]
    }

    private static func planes(of x: Tensor) throws -> (count: Int, size: Int) {
        guard x.rank >= 3, x.count > 0 else {
            throw TensorError.shapeMismatch("GlobalMaxPool needs N×C×spatial input, got \(x.shape)")
        }
        let size = x.shape[2...].reduce(1, *)
        return (x.count / size, size)
    }
}
