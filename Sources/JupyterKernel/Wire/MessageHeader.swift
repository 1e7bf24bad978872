import Foundation

/// The `header` (and `parent_header`) of a Jupyter message.
public struct MessageHeader: Sendable, Equatable {
    public var messageID: String
    public var session: String
    public var username: String
    public var date: String
    public var messageType: String
    public var version: String

    public static let protocolVersion = "5.4"

    public init(messageType: String, session: String, username: String = "kernel",
                messageID: String = UUID().uuidString.lowercased(), date: Date = Date())
    {
        self.messageID = messageID
        self.session = session
        self.username = username
        self.date = MessageHeader.timestamp(date)
        self.messageType = messageType
        self.version = MessageHeader.protocolVersion
    }

    /// Reads a header; `msg_id` and `msg_type` are required, the rest default as clients vary.
    public init(json: JSONValue) throws(WireError) {
        guard let object = json.objectValue else { throw WireError.malformed("header is not a JSON object") }
        guard let messageID = object["msg_id"]?.stringValue else { throw WireError.malformed("header lacks msg_id") }
        guard let messageType = object["msg_type"]?.stringValue else {
            throw WireError.malformed("header lacks msg_type")
        }
        self.messageID = messageID
        self.messageType = messageType
        self.session = object["session"]?.stringValue ?? ""
        self.username = object["username"]?.stringValue ?? ""
        self.date = object["date"]?.stringValue ?? ""
        self.version = object["version"]?.stringValue ?? MessageHeader.protocolVersion
    }

    public var json: JSONValue {
        [
            "msg_id": .string(messageID), "session": .string(session), "username": .string(username),
            "date": .string(date), "msg_type": .string(messageType), "version": .string(version),
        ]
    }

    static func timestamp(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
    }
}
