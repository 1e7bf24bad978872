import Foundation

/// One comm message, either way: `comm_open`, `comm_msg` or `comm_close` (messaging spec, "Custom
/// messages"). Binary buffers travel as extra ZeroMQ frames after the content; jupyter_client leaves
/// them out of the HMAC signature, as the spec says, and so does this kernel.
public struct CommMessage: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case open = "comm_open"
        case message = "comm_msg"
        case close = "comm_close"
    }

    public var kind: Kind
    public var commID: String
    /// The target a `comm_open` asks for; nil for the other kinds.
    public var targetName: String?
    public var data: JSONObject
    public var metadata: JSONObject
    public var buffers: [Data]

    public init(_ kind: Kind, commID: String, targetName: String? = nil, data: JSONObject = [:],
                metadata: JSONObject = [:], buffers: [Data] = []) {
        self.kind = kind
        self.commID = commID
        self.targetName = targetName
        self.data = data
        self.metadata = metadata
        self.buffers = buffers
    }

    /// The message's content as it goes on the wire.
    public var content: JSONObject {
        var content: JSONObject = ["comm_id": .string(commID), "data": .object(data)]
        if let targetName { content["target_name"] = .string(targetName) }
        return content
    }

    /// A comm message a client sent; nil when its type is not a comm kind. A missing comm_id, a
    /// comm_open without target_name or data that is not an object are malformed.
    public init?(_ message: Message) throws(CommError) {
        guard let kind = Kind(rawValue: message.messageType) else { return nil }
        guard let commID = message.content["comm_id"]?.stringValue, !commID.isEmpty else {
            throw .malformed("\(kind.rawValue) lacks a comm_id")
        }
        let target = message.content["target_name"]?.stringValue
        if kind == .open, target == nil { throw .malformed("comm_open \(commID) lacks a target_name") }
        let data = message.content["data"] ?? .object([:])
        guard let object = data.objectValue ?? (data == .null ? [:] : nil) else {
            throw .malformed("\(kind.rawValue) \(commID): data is not a JSON object")
        }
        self.init(kind, commID: commID, targetName: kind == .open ? target : nil, data: object,
                  metadata: message.metadata, buffers: message.buffers)
    }
}

/// Why a comm message could not be handled. The kernel logs it and carries on.
public enum CommError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    case unknownComm(String)
    case unknownTarget(String)
    case tooLarge(commID: String, bytes: Int, limit: Int)
    /// A handler refused the message: what it said.
    case refused(commID: String, reason: String)

    public var description: String {
        switch self {
        case .malformed(let reason): "malformed comm message: \(reason)"
        case .unknownComm(let id): "no open comm has the id \(id)"
        case .unknownTarget(let target): "no comm target is named '\(target)'"
        case .tooLarge(let id, let bytes, let limit): "comm \(id): \(bytes) bytes of buffers exceed the limit of \(limit)"
        case .refused(let id, let reason): "comm \(id): \(reason)"
        }
    }
}
