import JupyterKernel

/// A table as a notebook shows it: HTML with a header row, and tab-separated rows as the
/// `text/plain` fallback for terminals and headless runs. Cells are text and are escaped.
struct Table {
    var header: [String]
    var rows: [[String]]
    var caption: String?
    /// A sentence in bold above the table, and the first line of the plain text: a verdict.
    var heading: String?
    /// Rows drawn on a warning background: what the heading is about.
    var highlighted: Set<Int> = []

    var html: String {
        // JupyterLab right-aligns every cell; that suits numbers but makes sentences hard to read.
        let alignments = header.indices.map { column in
            rows.allSatisfy { column >= $0.count || $0[column].isEmpty || Double($0[column]) != nil } ? "" : #" style="text-align:left""#
        }
        func cells(_ texts: [String], tag: String, highlighted: Bool = false) -> String {
            (highlighted ? #"<tr style="background:#fdd">"# : "<tr>") + texts.enumerated().map { column, text in
                "<\(tag)\(column < alignments.count ? alignments[column] : "")>\(Self.escaped(text))</\(tag)>"
            }.joined() + "</tr>"
        }
        let heading = heading.map { "<p><b>\(Self.escaped($0))</b></p>" } ?? ""
        let caption = caption.map { "<caption>\(Self.escaped($0))</caption>" } ?? ""
        let body = rows.enumerated().map { cells($1, tag: "td", highlighted: highlighted.contains($0)) }.joined()
        return "\(heading)<table>\(caption)\(cells(header, tag: "th"))\(body)</table>"
    }

    var plain: String {
        ((heading.map { [$0] } ?? []) + rows.map { $0.joined(separator: "\t") }).joined(separator: "\n")
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
