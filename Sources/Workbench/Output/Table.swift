import JupyterKernel

/// A table as a notebook shows it: HTML with a header row, and tab-separated rows as the
/// `text/plain` fallback for terminals and headless runs. Cells are text and are escaped.
struct Table {
    var header: [String]
    var rows: [[String]]
    var caption: String?

    var html: String {
        let caption = caption.map { "<caption>\(Self.escaped($0))</caption>" } ?? ""
        let head = "<tr>" + header.map { "<th>\(Self.escaped($0))</th>" }.joined() + "</tr>"
        let body = rows.map { "<tr>" + $0.map { "<td>\(Self.escaped($0))</td>" }.joined() + "</tr>" }.joined()
        return "<table>\(caption)\(head)\(body)</table>"
    }

    var plain: String {
        rows.map { $0.joined(separator: "\t") }.joined(separator: "\n")
    }

    var bundle: MimeBundle { .html(html, plain: plain) }

    /// The table as a display whose metadata holds the provenance of the numbers in it.
    func bundle(provenance: JSONObject) -> MimeBundle {
        var bundle = self.bundle
        bundle.metadata["saliency/provenance"] = .object(provenance)
        return bundle
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
