import Tensor

/// Running sums along `axis`, optionally excluding each element itself (`exclusive`) or running from
/// the end (`reverse`). Its backward is the same running sum in the opposite direction.
public struct CumSum: Operator {
    public var axis: Int
    public var exclusive: Bool
    public var reverse: Bool
    public init(axis: Int, exclusive: Bool = false, reverse: Bool = false) {
        self.axis = axis
        self.exclusive = exclusive
        self.reverse = reverse
    }
    public var type: String { "CumSum" }

    /// Running sums of `x` along the axis in the given direction; each lane of the inner axes at once.
    private func runningSums(_ x: Tensor, reverse: Bool) throws -> Tensor {
        let (outer, length, inner) = x.split(around: try x.normalizedAxis(axis))
        let exclusive = self.exclusive
        return x.scalars.withUnsafeBufferPointer { source in
            Tensor(shape: x.shape) { out in
                for row in 0..<outer {
                    var totals = [Float](repeating: 0, count: inner)
                    for step in 0..<length {
                        let base = (row * length + (reverse ? length - 1 - step : step)) * inner
                        for lane in 0..<inner {
                            let value = source[base + lane]
                            if exclusive {
                                out[base + lane] = totals[lane]
                                totals[lane] += value
                            } else {
                                totals[lane] += value
                                out[base + lane] = totals[lane]
                            }
                        }
                    }
                }
            }
        }
    }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        [try runningSums(try onlyInput(inputs), reverse: reverse)]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        [pass.needsGradient[0] ? try runningSums(outputGradients[0], reverse: !reverse) : nil]
    }
}
