import JupyterKernel
import Plotting

/// What an explorer shows at one moment: a figure (the map over its input, a similarity curve), the value
/// `%save` writes for it, a note beside it (convergence delta, similarity, score) and its provenance.
struct ExplorerView: Sendable {
    /// A map, or a figure with its numbers: what `%save NAME PATH` of the explorer writes.
    var value: any WorkspaceValue
    var figure: any Figure
    var plain: String
    var provenance: JSONObject
    /// HTML beside the picture.
    var note: String = ""
}

extension ExplorerView {
    /// A map over its input, drawn with the map's style.
    init(map: MapValue, note: String = "") throws {
        self.init(value: map, figure: try map.style.figure(for: map), plain: "<map \(map.summary)>", provenance: map.provenance,
                  note: note)
    }
}

extension MapMaker {
    /// The maker of `method` as the explorers use it: its default options, or those `words` give (`--steps 8`),
    /// and the session's seed and colormap.
    static func explorer(_ method: String, words: [String] = [], model: ModelValue, settings: Settings) throws -> MapMaker {
        let arguments = try Arguments(command: "explore", words: words, signature: CommandSignature(options: MethodCatalog.options))
        return try MapMaker(method, arguments: arguments, model: model, settings: settings, command: "explore")
    }
}
