/// Normalizes each channel of each image over its spatial positions, then scales and shifts per
/// channel: inputs X (N×C×…), scale (C), B (C).
public struct InstanceNormalization: RowNormalization {
    public var epsilon: Float
    public init(epsilon: Float = 1e-5) { self.epsilon = epsilon }
    public var type: String { "InstanceNormalization" }
    public var inputArity: ClosedRange<Int> { 3...3 }

    public func rows(_ shape: [Int]) throws -> NormalizedRows {
        let (batch, channels, spatial) = try channelLayout(shape)
        return NormalizedRows(count: batch * channels, length: spatial, rowPeriod: channels, rowStride: 1, columnBlock: spatial)
    }
}

extension RowNormalization {
    /// Batch, channels and spatial size of an N×C×… input, or an error naming the shape.
    func channelLayout(_ shape: [Int]) throws -> (batch: Int, channels: Int, spatial: Int) {
        guard shape.count >= 3 else {
            throw NetworkError.invalidInput("\(type) needs an N×C×… input with spatial axes, got \(shape)")
        }
        return (shape[0], shape[1], shape[2...].reduce(1, *))
    }
}
