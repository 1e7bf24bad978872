import Foundation

extension Tensor {
    /// Softmax along `axis`, shifted by the maximum so large logits do not overflow.
    public func softmax(alongAxis axis: Int = -1) throws -> Tensor {
        try normalizedExponentials(alongAxis: axis, logarithmic: false)
    }

    /// Log-softmax along `axis`, computed as x − max − log Σ exp(x − max) for stability.
    public func logSoftmax(alongAxis axis: Int = -1) throws -> Tensor {
        try normalizedExponentials(alongAxis: axis, logarithmic: true)
    }

    private func normalizedExponentials(alongAxis axis: Int, logarithmic: Bool) throws -> Tensor {
        let (outer, length, inner) = split(around: try normalizedAxis(axis))
        var result = self
        result.scalars.withUnsafeMutableBufferPointer { values in
            for block in 0..<outer {
                for lane in 0..<inner {
                    let base = block * length * inner + lane
                    var largest = -Float.infinity
                    for k in 0..<length { largest = max(largest, values[base + k * inner]) }
                    var total: Float = 0
                    for k in 0..<length { total += expf(values[base + k * inner] - largest) }
                    let logTotal = logf(total)
                    for k in 0..<length {
                        let shifted = values[base + k * inner] - largest
                        values[base + k * inner] = logarithmic ? shifted - logTotal : expf(shifted) / total
                    }
                }
            }
        }
        return result
    }
}
