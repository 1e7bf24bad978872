import Attribution
import Foundation
import Imaging
import Networks
import Tensor

/// The session's defaults that `%set` changes. They live in the workspace, so a failed line leaves
/// them as they were; the engine-wide ones (threads, memory) are handed to the engine before each line.
public struct Settings: Sendable, Equatable {
    /// The colormap of new maps; nil keeps each method's own (inferno for magnitudes, coolwarm for signs).
    public var colormap: Colormap?
    /// The seed of random methods (SmoothGrad, RISE, GradientSHAP, input-agnostic maps) when no `--seed` is given.
    public var seed: UInt64 = 0
    /// Cores the engine uses.
    public var threads = ComputeThreads.available
    /// Bytes one chunk of a batched backward pass may take.
    public var memoryBudget = Network.defaultChunkMemoryBudget

    public init() {}

    func applyToEngine() {
        ComputeThreads.use(threads)
        Network.chunkMemoryBudget = memoryBudget
    }

    /// One setting as `%set` names, shows, parses and documents it.
    struct Key: Sendable {
        let name: String
        let placeholder: String
        let help: String
        let value: @Sendable (Settings) -> String
        let assign: @Sendable (inout Settings, String) throws -> Void
    }

    static let keys: [Key] = [
        Key(name: "cmap", placeholder: "NAME",
            help: "colormap of new maps: " + Colormap.names.joined(separator: ", ") + ", or auto (each method's own)",
            value: { $0.colormap?.name ?? "auto" },
            assign: { settings, text in
                guard text != "auto" else { settings.colormap = nil; return }
                settings.colormap = try Colormap(named: try choose(text, among: Colormap.names + ["auto"], for: "cmap"))
            }),
        Key(name: "seed", placeholder: "N", help: "seed of random methods when no --seed is given",
            value: { String($0.seed) },
            assign: { settings, text in
                guard let seed = UInt64(text), Double(seed) <= 9e15 else {
                    throw WorkbenchError.invalidValue(command: "set", option: "seed", value: text, expected: "a whole number from 0 to 9e15")
                }
                settings.seed = seed
            }),
        Key(name: "threads", placeholder: "N", help: "cores the engine uses (this machine has \(ComputeThreads.available))",
            value: { String($0.threads) },
            assign: { settings, text in
                guard let threads = Int(text), (1...ComputeThreads.available).contains(threads) else {
                    throw WorkbenchError.invalidValue(command: "set", option: "threads", value: text,
                                        expected: "a whole number from 1 to \(ComputeThreads.available), the cores of this machine")
                }
                settings.threads = threads
            }),
        Key(name: "memory", placeholder: "SIZE", help: "memory one chunk of a batched backward pass may take, as 512M or 2G",
            value: { ByteSize.text($0.memoryBudget) },
            assign: { settings, text in
                guard let bytes = ByteSize.bytes(text), bytes >= 1 << 20, bytes <= 1 << 40 else {
                    throw WorkbenchError.invalidValue(command: "set", option: "memory", value: text, expected: "a size from 1M to 1T, as 512M or 2G")
                }
                settings.memoryBudget = bytes
            }),
    ]

    static func key(named name: String) throws(WorkbenchError) -> Key {
        let name = try choose(name, among: keys.map(\.name), for: "setting")
        return keys.first { $0.name == name }!
    }

    private static func choose(_ text: String, among choices: [String], for option: String) throws(WorkbenchError) -> String {
        try Arguments.choose(text, from: choices, command: "set", option: option)
    }
}

/// Sizes as people type them: a number with K, M, G or T (powers of 1024), optionally followed by "B" or "iB".
enum ByteSize {
    private static let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]

    static func bytes(_ text: String) -> Int? {
        var body = text.uppercased()
        for suffix in ["IB", "B"] where body.hasSuffix(suffix) && body.count > suffix.count {
            body.removeLast(suffix.count)
            break
        }
        guard let unit = body.last.flatMap({ units[$0] }), let number = Double(body.dropLast()), number.isFinite, number > 0,
              number * Double(unit) < 9e18 else { return nil }
        return Int(number * Double(unit))
    }

    static func text(_ bytes: Int) -> String {
        for (unit, size) in units.sorted(by: { $0.value > $1.value }) where bytes >= size && bytes % size == 0 {
            return "\(bytes / size)\(unit)"
        }
        return "\(bytes)B"
    }
}
