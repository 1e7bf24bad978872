/// The three disjoint splits of a generated data set. Each draws from its own stream of the
/// generator, so no scene of one split can appear in another.
public enum Split: String, CaseIterable, Sendable, Codable {
    case train, validation, test

    public init(named name: String) throws {
        guard let split = Split(rawValue: name.lowercased()) else { throw DatasetError.unknownSplit(name) }
        self = split
    }

    var stream: UInt64 {
        switch self {
        case .train: 1
        case .validation: 2
        case .test: 3
        }
    }
}
