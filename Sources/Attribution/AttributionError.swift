/// Why an attribution could not be computed, with what would be valid.
public enum AttributionError: Error, Equatable, CustomStringConvertible {
    case invalidArgument(String)
    case shapeMismatch(String)
    /// The user interrupted the computation; nothing was produced.
    case cancelled

    public var description: String {
        switch self {
        case .invalidArgument(let message): message
        case .shapeMismatch(let message): "shape mismatch: \(message)"
        case .cancelled: "interrupted"
        }
    }
}
