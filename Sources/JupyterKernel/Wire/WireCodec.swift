import Foundation

/// Turns multipart ZeroMQ frames into messages and back, signing and checking signatures.
public struct WireCodec: Sendable {
    static let delimiter = Data("<IDS|MSG>".utf8)

    public let signer: MessageSigner
    private let replayGuard: ReplayGuard

    public init(signer: MessageSigner, replayGuard: ReplayGuard = ReplayGuard()) {
        self.signer = signer
        self.replayGuard = replayGuard
    }

    public func decode(_ frames: [Data]) throws(WireError) -> Message {
        guard let split = frames.firstIndex(of: Self.delimiter) else { throw .missingDelimiter }
        let body = Array(frames[(split + 1)...])
        guard body.count >= 5 else { throw .tooFewFrames(body.count) }
        let signature = body[0]
        let parts = Array(body[1...4])
        guard signer.verify(signature, of: parts) else { throw .badSignature }
        // Only signed traffic can be replayed meaningfully; unsigned messages all carry "".
        if signer.isSigning, !replayGuard.admit(signature) { throw .replayedSignature }

        let header = try MessageHeader(json: parse(parts[0], "header"))
        let parentJSON = try parse(parts[1], "parent_header")
        let parent = (parentJSON.objectValue?.isEmpty ?? true) ? nil : try? MessageHeader(json: parentJSON)
        guard let metadata = try parse(parts[2], "metadata").objectValue else {
            throw .malformed("metadata is not a JSON object")
        }
        guard let content = try parse(parts[3], "content").objectValue else {
            throw .malformed("content is not a JSON object")
        }
        return Message(identities: Array(frames[..<split]), header: header, parentHeader: parent,
                       metadata: metadata, content: content, buffers: Array(body.dropFirst(5)))
    }

    public func encode(_ message: Message) -> [Data] {
        let parts = [
            message.header.json.encoded(),
            (message.parentHeader?.json ?? .object([:])).encoded(),
            JSONValue.object(message.metadata).encoded(),
            JSONValue.object(message.content).encoded(),
        ]
        return message.identities + [Self.delimiter, Data(signer.signature(of: parts).utf8)] + parts
            + message.buffers
    }

    private func parse(_ frame: Data, _ part: String) throws(WireError) -> JSONValue {
        do {
            return try JSONValue.decode(frame)
        } catch {
            throw .malformed("\(part) is not valid JSON")
        }
    }
}
