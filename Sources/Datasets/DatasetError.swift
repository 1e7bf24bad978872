/// What can go wrong when asking the data sets for something, said so that the fix is clear.
public enum DatasetError: Error, Equatable, CustomStringConvertible {
    case unknownClass(String, valid: [String])
    case unknownSplit(String)
    case indexOutOfRange(Int, count: Int)
    case mosaicUnfillable(String)
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .unknownClass(let name, let valid):
            "unknown class '\(name)'; the classes are \(valid.joined(separator: ", "))"
        case .unknownSplit(let name):
            "unknown split '\(name)'; the splits are \(Split.allCases.map(\.rawValue).joined(separator: ", "))"
        case .indexOutOfRange(let index, let count):
            "index \(index) is out of range: the split holds indices 0..<\(count)"
        case .mosaicUnfillable(let reason):
            "cannot fill the mosaic: \(reason)"
        case .invalidArgument(let message):
            message
        }
    }
}
