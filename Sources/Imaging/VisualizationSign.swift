/// Which attributions a heatmap shows, as Captum's `visualize_image_attr(sign=...)`.
public enum VisualizationSign: String, Sendable, CaseIterable {
    /// Positive and negative, on a scale from -1 to 1 (a diverging colormap centred at 0).
    case all
    /// Only positive evidence; negatives become 0.
    case positive
    /// Only negative evidence, shown as magnitudes in [0, 1]; positives become 0.
    case negative
    /// Magnitudes regardless of sign.
    case absolute

    /// Keeps what this sign shows, as a non-negative magnitude except for `.all`.
    func select(_ value: Float) -> Float {
        switch self {
        case .all: value
        case .positive: max(value, 0)
        case .negative: max(-value, 0)
        case .absolute: abs(value)
        }
    }
}
