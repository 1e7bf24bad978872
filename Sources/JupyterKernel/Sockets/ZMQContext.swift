import CZeroMQ

/// The process's ZeroMQ context; sockets are made from it.
public final class ZMQContext: @unchecked Sendable {
    // zmq contexts are documented as thread safe; the pointer is never mutated after init.
    let handle: UnsafeMutableRawPointer

    public init() {
        guard let handle = zmq_ctx_new() else { fatalError("zmq_ctx_new failed: out of memory") }
        self.handle = handle
    }

    public func socket(_ kind: ZMQSocket.Kind) throws(ZMQError) -> ZMQSocket {
        try ZMQSocket(context: self, kind: kind)
    }

    /// Whether libzmq was built with CurveZMQ (libsodium).
    public static var supportsCurve: Bool { zmq_has("curve") == 1 }
}

public struct ZMQError: Error, CustomStringConvertible {
    public let operation: String
    public let code: Int32

    init(_ operation: String) {
        self.operation = operation
        self.code = zmq_errno()
    }

    public var description: String {
        "\(operation): \(String(cString: zmq_strerror(code)))"
    }
}
