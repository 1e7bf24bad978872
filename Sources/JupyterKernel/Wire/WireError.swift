/// Why an incoming multipart message was refused. Each is logged and the message dropped.
public enum WireError: Error, Equatable, CustomStringConvertible {
    case missingDelimiter
    case tooFewFrames(Int)
    case badSignature
    case replayedSignature
    case malformed(String)

    public var description: String {
        switch self {
        case .missingDelimiter: "no <IDS|MSG> delimiter frame"
        case .tooFewFrames(let count): "expected at least 5 frames after the delimiter, got \(count)"
        case .badSignature: "signature does not match the connection key"
        case .replayedSignature: "signature was seen before (replayed message)"
        case .malformed(let reason): "malformed message: \(reason)"
        }
    }
}
