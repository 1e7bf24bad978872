/// The rows of a CSV file as RFC 4180 writes them: fields separated by commas, a field in double quotes
/// may hold commas, line breaks and doubled quotes (`""` is one `"`); rows end with LF or CRLF; a UTF-8
/// byte-order mark and blank lines are ignored. Fields are not trimmed: spaces are part of a file name.
public enum CSVTable {
    public static func rows(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var line = 1
        var quoted = false          // inside a quoted field
        var closedQuote = false     // just after a quoted field's closing quote
        var fieldStarted = false    // the current row has content (blank lines are skipped)

        func endField() {
            row.append(field)
            field = ""
            closedQuote = false
        }
        func endRow() {
            if fieldStarted || !row.isEmpty {
                endField()
                rows.append(row)
            }
            row = []
            fieldStarted = false
        }

        var characters = text.unicodeScalars[...]
        if characters.first == "\u{FEFF}" { characters.removeFirst() }
        var iterator = characters.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let scalar = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if scalar == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        field.unicodeScalars.append("\"")
                    } else {
                        quoted = false
                        closedQuote = true
                        pending = next
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                fieldStarted = true
                endField()
            case "\r":
                let next = iterator.next()
                guard next == "\n" else {
                    throw DatasetError.invalidArgument("line \(line): a carriage return outside quotes must end a line (CRLF)")
                }
                endRow()
                line += 1
            case "\n":
                endRow()
                line += 1
            case "\"":
                guard field.isEmpty, !closedQuote else {
                    throw DatasetError.invalidArgument("line \(line): a quote inside an unquoted field; quote the whole field and double the quote")
                }
                quoted = true
                fieldStarted = true
            default:
                guard !closedQuote else {
                    throw DatasetError.invalidArgument("line \(line): text after a quoted field's closing quote")
                }
                field.unicodeScalars.append(scalar)
                fieldStarted = true
            }
        }
        guard !quoted else { throw DatasetError.invalidArgument("line \(line): a quoted field is never closed") }
        endRow()
        return rows
    }
}
