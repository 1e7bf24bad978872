/// Errors from turning a figure into bytes.
public enum PlottingError: Error, Equatable, CustomStringConvertible {
    case invalidArgument(String)
    case rendering(String)

    public var description: String {
        switch self {
        case .invalidArgument(let message): "invalid figure: \(message)"
        case .rendering(let message): "rendering failed: \(message)"
        }
    }
}
