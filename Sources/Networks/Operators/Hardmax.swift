import Tensor

/// 1 at the first largest element along `axis`, 0 elsewhere. Piecewise constant: no gradient.
public struct Hardmax: Operator {
    public var axis: Int
    public init(axis: Int = -1) { self.axis = axis }
    public var type: String { "Hardmax" }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let x = try onlyInput(inputs)
        let resolved = try x.normalizedAxis(axis)
        let winners = try x.positions(alongAxis: resolved, where: >)
        let (_, length, inner) = x.split(around: resolved)
        var y = Tensor(shape: x.shape)
        for (group, winner) in winners.scalars.enumerated() {
            let (row, lane) = (group / max(inner, 1), group % max(inner, 1))
            y.scalars[(row * length + Int(winner)) * inner + lane] = 1
        }
        return [y]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        [pass.needsGradient[0] ? Tensor(shape: pass.inputs[0].shape) : nil]
    }
}
