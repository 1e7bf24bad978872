/// A careful parser of the XML that annotation files use: one root element, nested elements with
/// attributes, character data with the five predefined entities and character references, CDATA
/// sections; comments, processing instructions and a DOCTYPE are skipped (its internal subset too:
/// no entity is ever defined or expanded, so no "billion laughs"). Anything else is refused with the
/// byte offset. It neither recurses nor allocates beyond the document, so hostile input cannot exhaust
/// the stack; nesting deeper than `maximumDepth` is refused.
///
/// Foundation's XMLParser would do as well, but it links libxml2 into a kernel whose start-up time is
/// counted in milliseconds, for files of a few hundred bytes.
public enum MarkupParser {
    public static let maximumDepth = 64

    public static func document(_ bytes: [UInt8]) throws -> MarkupElement {
        var reader = Reader(bytes: bytes)
        return try reader.document()
    }

    private struct Reader {
        let bytes: [UInt8]
        var position = 0
        var stack: [MarkupElement] = []
        var root: MarkupElement?

        init(bytes: [UInt8]) {
            self.bytes = bytes
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        }

        func failure(_ reason: String) -> DatasetError {
            .invalidArgument("not well-formed XML at byte \(position): \(reason)")
        }

        func peek(_ literal: String) -> Bool {
            let utf8 = Array(literal.utf8)
            return position + utf8.count <= bytes.count && bytes[position..<(position + utf8.count)].elementsEqual(utf8)
        }

        /// Moves past the next `terminator`, failing with `what` when there is none.
        mutating func skip(past terminator: String, _ what: String) throws -> ArraySlice<UInt8> {
            let start = position
            while position < bytes.count {
                if peek(terminator) {
                    let content = bytes[start..<position]
                    position += terminator.utf8.count
                    return content
                }
                position += 1
            }
            throw failure("\(what) is never closed")
        }

        mutating func document() throws -> MarkupElement {
            while position < bytes.count {
                if bytes[position] == UInt8(ascii: "<") {
                    try markup()
                } else {
                    try characterData()
                }
            }
            guard stack.isEmpty else { throw failure("<\(stack.last!.name)> is never closed") }
            guard let root else { throw failure("no element") }
            return root
        }

        mutating func markup() throws {
            if peek("<?") {
                _ = try skip(past: "?>", "a processing instruction")
            } else if peek("<!--") {
                _ = try skip(past: "-->", "a comment")
            } else if peek("<![CDATA[") {
                position += 9
                let content = try skip(past: "]]>", "a CDATA section")
                try appendText(String(decoding: content, as: UTF8.self))
            } else if peek("<!") {
                try declaration()
            } else if peek("</") {
                try endTag()
            } else {
                try startTag()
            }
        }

        /// `<!DOCTYPE …>` before the root, internal subset in brackets included; nothing in it is used.
        mutating func declaration() throws {
            guard stack.isEmpty, root == nil else { throw failure("a declaration inside the document") }
            var brackets = 0
            position += 2
            while position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: "["): brackets += 1
                case UInt8(ascii: "]"): brackets -= 1
                case UInt8(ascii: ">") where brackets <= 0:
                    position += 1
                    return
                default: break
                }
                position += 1
            }
            throw failure("a declaration is never closed")
        }

        mutating func startTag() throws {
            position += 1
            let name = try self.name()
            guard root == nil else { throw failure("a second root element <\(name)>") }
            guard stack.count < MarkupParser.maximumDepth else { throw failure("elements nested deeper than \(MarkupParser.maximumDepth)") }
            var element = MarkupElement(name: name)
            while true {
                skipSpace()
                guard position < bytes.count else { throw failure("<\(name) is never closed") }
                if peek("/>") {
                    position += 2
                    close(element)
                    return
                }
                if bytes[position] == UInt8(ascii: ">") {
                    position += 1
                    stack.append(element)
                    return
                }
                let attribute = try self.name()
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "=") else { throw failure("attribute \(attribute) has no value") }
                position += 1
                skipSpace()
                guard position < bytes.count, let quote = [UInt8(ascii: "\""), UInt8(ascii: "'")].first(where: { $0 == bytes[position] }) else {
                    throw failure("attribute \(attribute)'s value is not quoted")
                }
                position += 1
                let start = position
                while position < bytes.count, bytes[position] != quote {
                    guard bytes[position] != UInt8(ascii: "<") else { throw failure("'<' in attribute \(attribute)") }
                    position += 1
                }
                guard position < bytes.count else { throw failure("attribute \(attribute)'s value is never closed") }
                guard element.attributes[attribute] == nil else { throw failure("attribute \(attribute) given twice") }
                element.attributes[attribute] = try decoded(bytes[start..<position])
                position += 1
            }
        }

        mutating func endTag() throws {
            position += 2
            let name = try self.name()
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ">") else { throw failure("</\(name) is never closed") }
            position += 1
            guard let open = stack.popLast() else { throw failure("</\(name)> closes nothing") }
            guard open.name == name else { throw failure("</\(name)> closes <\(open.name)>") }
            close(open)
        }

        mutating func close(_ element: MarkupElement) {
            if stack.isEmpty {
                root = element
            } else {
                stack[stack.count - 1].children.append(element)
            }
        }

        mutating func characterData() throws {
            let start = position
            while position < bytes.count, bytes[position] != UInt8(ascii: "<") { position += 1 }
            try appendText(try decoded(bytes[start..<position]))
        }

        mutating func appendText(_ text: String) throws {
            guard !stack.isEmpty else {
                guard text.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
                    throw failure("text outside the root element")
                }
                return
            }
            stack[stack.count - 1].text += text
        }

        mutating func skipSpace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        /// A tag or attribute name: letters, digits, `_ : . -` and any non-ASCII byte.
        mutating func name() throws -> String {
            let start = position
            while position < bytes.count {
                let byte = bytes[position]
                let allowed = byte >= 0x80 || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    || [UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: "-")].contains(byte)
                guard allowed else { break }
                position += 1
            }
            guard position > start else { throw failure("a name was expected") }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }

        /// Text with its entity and character references replaced.
        func decoded(_ raw: ArraySlice<UInt8>) throws -> String {
            guard raw.contains(UInt8(ascii: "&")) else { return String(decoding: raw, as: UTF8.self) }
            var output: [UInt8] = []
            var index = raw.startIndex
            while index < raw.endIndex {
                guard raw[index] == UInt8(ascii: "&") else {
                    output.append(raw[index])
                    index += 1
                    continue
                }
                guard let end = raw[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                    throw failure("'&' that starts no reference (write &amp;)")
                }
                let reference = String(decoding: raw[(index + 1)..<end], as: UTF8.self)
                output += Array(try Self.character(reference, failure: failure).utf8)
                index = end + 1
            }
            return String(decoding: output, as: UTF8.self)
        }

        static func character(_ reference: String, failure: (String) -> DatasetError) throws -> String {
            switch reference {
            case "lt": return "<"
            case "gt": return ">"
            case "amp": return "&"
            case "quot": return "\""
            case "apos": return "'"
            default:
                let hex = reference.hasPrefix("#x") || reference.hasPrefix("#X")
                let digits = reference.dropFirst(hex ? 2 : 1)
                guard reference.hasPrefix("#"), !digits.isEmpty, let code = UInt32(digits, radix: hex ? 16 : 10),
                      let scalar = Unicode.Scalar(code), code != 0 else {
                    throw failure("unknown reference &\(reference); (only &lt; &gt; &amp; &quot; &apos; and &#…; are defined)")
                }
                return String(Character(scalar))
            }
        }
    }
}
