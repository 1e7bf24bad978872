import JupyterKernel

/// A table as a notebook shows it: HTML with a header row, and tab-separated rows as the
/// `text/plain` fallback for terminals and headless runs. Cells are text and are escaped.
struct Table {
    var header: [String]
    var rows: [[String]]
    var caption: String?

    var html: String {
        // JupyterLab right-aligns every cell; that suits numbers but makes sentences hard to read.
        let alignments = header.indices.map { column in
            rows.allSatisfy { column >= $0.count || $0[column].isEmpty || Double($0[column]) != nil } ? "" : #" style="text-align:left""#
        }
        func cells(_ texts: [String], tag: String) -> String {
            "<tr>" + texts.enumerated().map { column, text in
                "<\(tag)\(column < alignments.count ? alignments[column] : "")>\(Self.escaped(text))</\(tag)>"
            }.joined() + "</tr>"
        }
        let caption = caption.map { "<caption>\(Self.escaped($0))</caption>" } ?? ""
        return "<table>\(caption)\(cells(header, tag: "th"))\(rows.map { cells($0, tag: "td") }.joined())</table>"
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
