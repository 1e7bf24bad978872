import Foundation
import Tensor

/// log softmax along one axis.
public struct LogSoftmax: Operator {
    public var axis: Int
    public init(axis: Int = -1) { self.axis = axis }
    public var type: String { "LogSoftmax" }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        [try onlyInput(inputs).logSoftmax(alongAxis: axis)]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        guard pass.needsGradient[0] else { return [nil] }
        // dx = dy − softmax · Σ dy along the axis.
        let probabilities = pass.outputs[0].map { expf($0) }
        let total = try outputGradients[0].sum(alongAxes: [axis])
        return [try outputGradients[0] - (probabilities * total)]
    }
}
