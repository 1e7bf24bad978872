import Foundation

/// One Jupyter message: routing identities, the four JSON parts, and binary buffers.
public struct Message: Sendable, Equatable {
    public var identities: [Data]
    public var header: MessageHeader
    public var parentHeader: MessageHeader?
    public var metadata: JSONObject
    public var content: JSONObject
    public var buffers: [Data]

    public init(identities: [Data] = [], header: MessageHeader, parentHeader: MessageHeader? = nil,
                metadata: JSONObject = [:], content: JSONObject = [:], buffers: [Data] = [])
    {
        self.identities = identities
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
        self.buffers = buffers
    }

    public var messageType: String { header.messageType }

    /// A reply or broadcast caused by this message: same session and routing, this header as parent.
    public func reply(type: String, content: JSONObject, metadata: JSONObject = [:]) -> Message {
        Message(identities: identities, header: MessageHeader(messageType: type, session: header.session),
                parentHeader: header, metadata: metadata, content: content)
    }
}
