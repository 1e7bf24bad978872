/// Normalizes each group of `groups` consecutive channels of each image over the group's channels and
/// spatial positions, then scales and shifts: per channel (opset 21), or per group (opset 18, whose
/// scale and bias hold one element per group).
public struct GroupNormalization: RowNormalization {
    public var groups: Int
    public var epsilon: Float
    public var scalesPerChannel: Bool

    public init(groups: Int, epsilon: Float = 1e-5, scalesPerChannel: Bool = true) {
        self.groups = groups
        self.epsilon = epsilon
        self.scalesPerChannel = scalesPerChannel
    }

    public var type: String { "GroupNormalization" }
    public var inputArity: ClosedRange<Int> { 3...3 }

    public func rows(_ shape: [Int]) throws -> NormalizedRows {
        let (batch, channels, spatial) = try channelLayout(shape)
        guard groups > 0, channels % groups == 0 else {
            throw NetworkError.invalidInput("GroupNormalization with \(groups) groups needs channels divisible by it, got \(shape)")
        }
        let perGroup = channels / groups
        return scalesPerChannel
            ? NormalizedRows(count: batch * groups, length: perGroup * spatial, rowPeriod: groups, rowStride: perGroup, columnBlock: spatial)
            : NormalizedRows(count: batch * groups, length: perGroup * spatial, rowPeriod: groups, rowStride: 1, columnBlock: perGroup * spatial)
    }
}
