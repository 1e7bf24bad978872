import Foundation

/// Cairo names embedded pictures in SVG after a process-wide surface counter ("surface17"),
/// so the second identical figure a kernel draws would differ from the first. Renumbering
/// those names in order of appearance makes the text depend on the figure alone. Only names in
/// `id="…"` and `#…` references are touched, never text or base64 data that happens to match.
enum SVGCanonicalization {
    static func renumberingSurfaces(in svg: String) -> String {
        guard let pattern = try? NSRegularExpression(pattern: #"(?<=id="|#)(surface|image)([0-9]+)(?=[")])"#) else { return svg }
        let text = svg as NSString
        var numbers: [String: Int] = [:]
        var result = ""
        var cursor = 0
        for match in pattern.matches(in: svg, range: NSRange(location: 0, length: text.length)) {
            let kind = text.substring(with: match.range(at: 1))
            let number = text.substring(with: match.range(at: 2))
            let key = kind + number
            let renumbered = numbers[key] ?? (numbers.filter { $0.key.hasPrefix(kind) }.count + 1)
            numbers[key] = renumbered
            result += text.substring(with: NSRange(location: cursor, length: match.range.location - cursor))
            result += "\(kind)\(renumbered)"
            cursor = match.range.location + match.range.length
        }
        result += text.substring(from: cursor)
        return result
    }
}
