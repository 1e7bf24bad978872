import CZeroMQ
import Foundation
import Logging
import Synchronization

/// The IOPub channel. The XPUB socket lives on its own thread, which also greets each new subscriber
/// with `iopub_welcome`; other threads hand messages to it through an inproc PUSH/PULL pair, because a
/// ZeroMQ socket must not be used by two threads at once.
public final class IOPub: Sendable {
    private static let relayEndpoint = "inproc://iopub-relay"
    private let producer: Mutex<ZMQSocket>
    private let codec: WireCodec
    private let logger: Logger

    init(context: ZMQContext, publisher: ZMQSocket, codec: WireCodec, lifecycle: Lifecycle,
         logger: Logger) throws(ZMQError)
    {
        let relay = try context.socket(.pull)
        try relay.bind(Self.relayEndpoint)
        let producer = try context.socket(.push)
        try producer.connect(Self.relayEndpoint)
        self.producer = Mutex(producer)
        self.codec = codec
        self.logger = logger
        // Every subscription is reported, not only the first per topic, so every client is welcomed.
        try publisher.setOption(ZMQ_XPUB_VERBOSE, 1)
        _ = Lifecycle.loop(named: "iopub", lifecycle) { [codec, logger] in
            Self.relayOnce(publisher: publisher, relay: relay, codec: codec, logger: logger)
        }
    }

    /// Publishes a broadcast; the topic is the message type, as ipykernel's clients expect nothing more.
    public func publish(_ message: Message) {
        var broadcast = message
        broadcast.identities = [Data(message.messageType.utf8)]
        let frames = codec.encode(broadcast)
        producer.withLock { socket in
            do { try socket.send(frames) } catch { logger.error("iopub: \(error)") }
        }
    }

    public func publishStatus(_ state: String, parent: Message) {
        publish(parent.reply(type: "status", content: ["execution_state": .string(state)]))
    }

    private static func relayOnce(publisher: ZMQSocket, relay: ZMQSocket, codec: WireCodec, logger: Logger) {
        do {
            let ready = try ZMQSocket.readable([relay, publisher], timeout: Heartbeat.pollInterval)
            if ready[0] { try publisher.send(relay.receiveNow()) }
            if ready[1] { try welcome(publisher.receiveNow(), publisher: publisher, codec: codec) }
        } catch {
            logger.error("iopub: \(error)")
        }
    }

    /// XPUB delivers subscriptions as one frame: byte 1 (subscribe) or 0 (unsubscribe), then the topic.
    private static func welcome(_ frames: [Data], publisher: ZMQSocket, codec: WireCodec) throws(ZMQError) {
        guard let frame = frames.first, frame.first == 1 else { return }
        let topic = String(decoding: frame.dropFirst(), as: UTF8.self)
        let message = Message(identities: [Data(topic.utf8)],
                              header: MessageHeader(messageType: "iopub_welcome", session: ""),
                              content: ["subscription": .string(topic)])
        try publisher.send(codec.encode(message))
    }
}
