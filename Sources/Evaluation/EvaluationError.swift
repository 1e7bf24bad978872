/// Why a metric could not be computed, naming the shapes or values involved.
public enum EvaluationError: Error, Equatable, CustomStringConvertible {
    case shapeMismatch(String)
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .shapeMismatch(let message): "shape mismatch: \(message)"
        case .invalidArgument(let message): message
        }
    }
}
