import Foundation
import JupyterKernel

/// Reference data written by tools/make_protocol_fixtures.py (jupyter_client and Python's hmac).
enum Fixtures {
    static let protocolData: JSONValue = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/protocol.json")
        guard let data = try? Data(contentsOf: url), let json = try? JSONValue.decode(data) else {
            return .null
        }
        return json
    }()

    static func string(_ path: String...) -> String {
        var value: JSONValue? = protocolData
        for key in path { value = value?[key] }
        return value?.stringValue ?? ""
    }
}
