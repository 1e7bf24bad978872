import Foundation
import JupyterKernel

extension JSONValue {
    /// Indented JSON with sorted keys, for files people read; equal values give equal bytes.
    func encodedPretty() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        return try encoder.encode(self) + Data("\n".utf8)
    }
}
