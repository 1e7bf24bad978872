import Foundation

/// Finds the handler for a request's msg_type and wraps it in busy/idle status messages.
enum RequestRouter {
    /// Answers a request with reply content, or nil when the message kind has no reply (comm_open).
    typealias Handler = @Sendable (Kernel, Message) throws(RequestError) -> JSONObject?

    static let shell: [String: Handler] = [
        "kernel_info_request": { kernel, _ in kernel.kernelInfo() },
        "execute_request": { kernel, request throws(RequestError) in try kernel.execute(request) },
        "complete_request": { kernel, request throws(RequestError) in try kernel.complete(request) },
        "inspect_request": { kernel, request throws(RequestError) in try kernel.inspect(request) },
        "is_complete_request": { kernel, request throws(RequestError) in try kernel.isComplete(request) },
        "history_request": { kernel, request throws(RequestError) in try kernel.history(request) },
        "comm_info_request": { kernel, request in kernel.commInfo(request) },
        "comm_open": { kernel, request in kernel.handleComm(request) },
        "comm_msg": { kernel, request in kernel.handleComm(request) },
        "comm_close": { kernel, request in kernel.handleComm(request) },
    ]

    static let control: [String: Handler] = [
        "kernel_info_request": { kernel, _ in kernel.kernelInfo() },
        "interrupt_request": { kernel, _ in kernel.interruptCell() },
        "shutdown_request": { kernel, request in kernel.shutDown(request) },
    ]

    static func respond(to request: Message, with handlers: [String: Handler], kernel: Kernel) -> Message? {
        let type = request.messageType
        kernel.iopub.publishStatus("busy", parent: request)
        defer { kernel.iopub.publishStatus("idle", parent: request) }
        let replyType = type.hasSuffix("_request") ? String(type.dropLast("_request".count)) + "_reply" : nil
        guard let handler = handlers[type] else {
            kernel.logger.warning("unknown message type \(type)")
            guard let replyType else { return nil }
            return request.reply(type: replyType, content: RequestError.unknownType(type).content)
        }
        do {
            guard let content = try handler(kernel, request), let replyType else { return nil }
            return request.reply(type: replyType, content: content)
        } catch {
            kernel.logger.warning("\(type): \(error.content["evalue"]?.stringValue ?? "")")
            return replyType.map { request.reply(type: $0, content: error.content) }
        }
    }
}

/// A request the kernel cannot answer: its reply carries status "error" and says why.
struct RequestError: Error {
    let name: String
    let value: String

    static func missingField(_ field: String, in type: String) -> RequestError {
        RequestError(name: "MalformedRequest", value: "\(type) lacks a valid '\(field)'")
    }

    static func unknownType(_ type: String) -> RequestError {
        RequestError(name: "UnknownMessageType", value: "this kernel does not handle \(type)")
    }

    var content: JSONObject {
        ["status": "error", "ename": .string(name), "evalue": .string(value), "traceback": []]
    }
}

extension Message {
    func string(_ field: String) throws(RequestError) -> String {
        guard let value = content[field]?.stringValue else { throw .missingField(field, in: messageType) }
        return value
    }

    func int(_ field: String) throws(RequestError) -> Int {
        guard let value = content[field]?.intValue else { throw .missingField(field, in: messageType) }
        return value
    }
}
