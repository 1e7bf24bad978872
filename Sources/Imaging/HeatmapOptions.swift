/// The choices that turn an attribution tensor into a heatmap, named as Captum's
/// `visualize_image_attr` names them where Captum has the idea.
public struct HeatmapOptions: Sendable, Equatable {
    public var sign: VisualizationSign
    public var reduction: ChannelReduction
    public var scaling: HeatmapScaling
    /// Keep only the pixels with the largest `topPercent` % of magnitudes (nil keeps all).
    public var topPercent: Float?

    public init(sign: VisualizationSign = .absolute, reduction: ChannelReduction = .sum,
                scaling: HeatmapScaling = .standard, topPercent: Float? = nil) {
        self.sign = sign
        self.reduction = reduction
        self.scaling = scaling
        self.topPercent = topPercent
    }
}
