import Attribution
import JupyterKernel

/// The methods a sweep maps with, each also with VAR when asked, rebuilt for every item with the item's
/// seed where the method draws random numbers.
struct SweepMethods {
    private let entries: [MethodCatalog.Entry]
    /// Built once from the line (checking its options); random ones are rebuilt per item.
    let bases: [MapMaker]
    let includesVAR: Bool
    private let arguments: Arguments
    /// `--seed` or the session's seed, from which every item's seed is derived.
    let seed: UInt64

    init(_ names: [String], arguments: Arguments, model: ModelValue, settings: Settings, includesVAR: Bool, command: String) throws {
        bases = try MapMaker.makers(names, arguments: arguments, model: model, settings: settings, command: command)
        guard !bases.isEmpty else { throw WorkbenchError.missingArgument(command: command, argument: "a list of methods") }
        entries = try names.map { try MethodCatalog.entry($0, command: command) }
        self.includesVAR = includesVAR
        self.arguments = arguments
        seed = UInt64(try arguments.number("seed", range: 0...9e15) ?? Double(settings.seed))
    }

    /// Base methods first, then their VAR versions.
    var names: [String] {
        bases.map(\.method.name) + (includesVAR ? bases.map { "var(\($0.method.name))" } : [])
    }

    /// Each method with and without VAR, and each method against the first: `first − second`, item by item.
    var comparisons: [Comparison] {
        let names = bases.map(\.method.name)
        return (includesVAR ? names.map { Comparison(first: "var(\($0))", second: $0) } : [])
            + names.dropFirst().map { Comparison(first: $0, second: names[0]) }
    }

    /// The makers of item `item`, in the order of `names`; VAR's classes compete as `classes` says.
    func makers(forItem item: Int, varClasses classes: VAR.Classes) throws -> [MapMaker] {
        let itemSeed = ItemSeed.seed(seed, item: item)
        let reseeded = try zip(entries, bases).map { entry, maker in
            entry.reads.contains("seed")
                ? maker.replacing(method: try entry.make(arguments.setting("seed", to: String(itemSeed)), maker.model)) : maker
        }
        return reseeded + (includesVAR ? reseeded.map { $0.replacing(method: VAR($0.method, classes: classes)) } : [])
    }

    var provenance: JSONObject {
        ["methods": .object(Dictionary(uniqueKeysWithValues: bases.map {
            ($0.method.name, .object($0.method.parameters.mapValues { .string($0) }))
         })), "var": .bool(includesVAR), "seed": .number(Double(seed))]
    }
}
