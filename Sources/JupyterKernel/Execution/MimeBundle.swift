import Foundation

/// Data keyed by MIME type, as display_data, execute_result and inspect_reply carry it.
/// Frontends show the richest type they understand, so always include `text/plain`.
public struct MimeBundle: Sendable, Equatable {
    public var data: JSONObject
    public var metadata: JSONObject

    public init(data: JSONObject = [:], metadata: JSONObject = [:]) {
        self.data = data
        self.metadata = metadata
    }

    public static func text(_ text: String) -> MimeBundle {
        MimeBundle(data: ["text/plain": .string(text)])
    }

    public static func markdown(_ markdown: String) -> MimeBundle {
        MimeBundle(data: ["text/markdown": .string(markdown), "text/plain": .string(markdown)])
    }

    public static func html(_ html: String, plain: String) -> MimeBundle {
        MimeBundle(data: ["text/html": .string(html), "text/plain": .string(plain)])
    }

    public static func json(_ value: JSONValue, plain: String) -> MimeBundle {
        MimeBundle(data: ["application/json": value, "text/plain": .string(plain)])
    }

    public static func svg(_ svg: String, plain: String) -> MimeBundle {
        MimeBundle(data: ["image/svg+xml": .string(svg), "text/plain": .string(plain)])
    }

    /// An encoded PNG, base64 on the wire, with its size in metadata so the frontend lays it out at once.
    public static func png(_ encoded: Data, width: Int, height: Int, plain: String) -> MimeBundle {
        MimeBundle(data: ["image/png": .string(encoded.base64EncodedString()), "text/plain": .string(plain)],
                   metadata: ["image/png": ["width": JSONValue(width), "height": JSONValue(height)]])
    }

    public var plainText: String? { data["text/plain"]?.stringValue }
}
