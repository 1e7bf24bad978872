import Foundation
import Synchronization

/// What a comm's messages go to once it is open: a widget, a control channel.
public protocol CommHandler: Sendable {
    /// A `comm_msg` from the frontend. A thrown error is logged by the kernel and shown on stderr.
    func receive(_ message: CommMessage, context: any ExecutionContext) throws
    /// The frontend closed the comm; it is already forgotten.
    func closed(by message: CommMessage, context: any ExecutionContext)
}

extension CommHandler {
    public func closed(by message: CommMessage, context: any ExecutionContext) {}
}

/// Answers a frontend's `comm_open` to a target with the handler of the new comm, or throws to refuse it
/// (the comm is then closed again).
public typealias CommTarget = @Sendable (_ opening: CommMessage, _ context: any ExecutionContext) throws -> any CommHandler

/// The comms of a session, as ipykernel's CommManager keeps them: targets by name, open comms by id,
/// whichever side opened them. The kernel hands it the frontend's comm messages; an interpreter opens,
/// sends and closes comms through it. What goes out is published through the context of the request
/// that caused it, so each message carries the right parent.
public final class CommManager: Sendable {
    /// Buffers bigger than this in one message are refused (and logged) before any handler sees them.
    public static let maximumBufferBytes = 64 << 20

    private struct OpenComm {
        let target: String
        let handler: any CommHandler
    }

    private struct State {
        var targets: [String: CommTarget] = [:]
        var comms: [String: OpenComm] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Registers (or replaces) the handler of comms a frontend opens to `target`.
    public func register(target: String, _ opener: @escaping CommTarget) {
        state.withLock { $0.targets[target] = opener }
    }

    /// Opens a comm from the kernel's side; its messages from the frontend go to `handler`.
    @discardableResult
    public func open(target: String, data: JSONObject, metadata: JSONObject = [:], buffers: [Data] = [],
                     handler: any CommHandler, context: any ExecutionContext,
                     commID: String = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")) -> String {
        state.withLock { $0.comms[commID] = OpenComm(target: target, handler: handler) }
        context.send(CommMessage(.open, commID: commID, targetName: target, data: data, metadata: metadata, buffers: buffers))
        return commID
    }

    /// Sends a `comm_msg` on an open comm.
    public func send(_ commID: String, data: JSONObject, metadata: JSONObject = [:], buffers: [Data] = [],
                     context: any ExecutionContext) {
        context.send(CommMessage(.message, commID: commID, data: data, metadata: metadata, buffers: buffers))
    }

    /// Closes a comm from the kernel's side.
    public func close(_ commID: String, data: JSONObject = [:], context: any ExecutionContext) {
        guard state.withLock({ $0.comms.removeValue(forKey: commID) }) != nil else { return }
        context.send(CommMessage(.close, commID: commID, data: data))
    }

    /// The open comms' targets by comm id, all of them or those of one target (comm_info_request).
    public func openComms(target: String? = nil) -> [String: String] {
        state.withLock { state in
            state.comms.filter { target == nil || $0.value.target == target }.mapValues(\.target)
        }
    }

    public func isOpen(_ commID: String) -> Bool {
        state.withLock { $0.comms[commID] != nil }
    }

    /// A comm message from the frontend. A comm_open to a target nobody registered is answered with a
    /// comm_close, as ipykernel does; every refusal is thrown for the kernel to log.
    public func receive(_ message: CommMessage, context: any ExecutionContext) throws(CommError) {
        let bytes = message.buffers.reduce(0) { $0 + $1.count }
        if bytes > Self.maximumBufferBytes {
            if message.kind == .open { context.send(CommMessage(.close, commID: message.commID)) }
            throw .tooLarge(commID: message.commID, bytes: bytes, limit: Self.maximumBufferBytes)
        }
        switch message.kind {
        case .open:
            let target = message.targetName ?? ""
            guard let opener = state.withLock({ $0.targets[target] }) else {
                context.send(CommMessage(.close, commID: message.commID))
                throw .unknownTarget(target)
            }
            guard !isOpen(message.commID) else { throw .malformed("comm_open for \(message.commID), which is already open") }
            do {
                let handler = try opener(message, context)
                state.withLock { $0.comms[message.commID] = OpenComm(target: target, handler: handler) }
            } catch {
                context.send(CommMessage(.close, commID: message.commID))
                throw .refused(commID: message.commID, reason: "\(error)")
            }
        case .message:
            guard let comm = state.withLock({ $0.comms[message.commID] }) else { throw .unknownComm(message.commID) }
            do {
                try comm.handler.receive(message, context: context)
            } catch {
                throw .refused(commID: message.commID, reason: "\(error)")
            }
        case .close:
            guard let comm = state.withLock({ $0.comms.removeValue(forKey: message.commID) }) else {
                throw .unknownComm(message.commID)
            }
            comm.handler.closed(by: message, context: context)
        }
    }
}
