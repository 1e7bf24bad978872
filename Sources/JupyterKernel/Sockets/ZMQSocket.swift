import CZeroMQ
import Foundation

/// One ZeroMQ socket. A socket belongs to one thread at a time: it is made on the kernel's main
/// thread and handed to the thread that serves it (thread start is the memory barrier zmq requires),
/// or guarded by a lock where several threads share it.
public final class ZMQSocket: @unchecked Sendable {
    public enum Kind {
        case router, xpub, rep, push, pull, dealer, sub, req

        var raw: Int32 {
            switch self {
            case .router: ZMQ_ROUTER
            case .xpub: ZMQ_XPUB
            case .rep: ZMQ_REP
            case .push: ZMQ_PUSH
            case .pull: ZMQ_PULL
            case .dealer: ZMQ_DEALER
            case .sub: ZMQ_SUB
            case .req: ZMQ_REQ
            }
        }
    }

    private var handle: UnsafeMutableRawPointer?

    init(context: ZMQContext, kind: Kind) throws(ZMQError) {
        guard let handle = zmq_socket(context.handle, kind.raw) else { throw ZMQError("zmq_socket") }
        self.handle = handle
        try setOption(ZMQ_LINGER, 500)
    }

    deinit { close() }

    public func close() {
        if let handle { zmq_close(handle) }
        handle = nil
    }

    public func bind(_ endpoint: String) throws(ZMQError) {
        guard zmq_bind(handle, endpoint) == 0 else { throw ZMQError("bind \(endpoint)") }
    }

    public func connect(_ endpoint: String) throws(ZMQError) {
        guard zmq_connect(handle, endpoint) == 0 else { throw ZMQError("connect \(endpoint)") }
    }

    public func setOption(_ option: Int32, _ value: Int32) throws(ZMQError) {
        var value = value
        guard zmq_setsockopt(handle, option, &value, MemoryLayout<Int32>.size) == 0 else {
            throw ZMQError("setsockopt \(option)")
        }
    }

    public func setOption(_ option: Int32, _ value: String) throws(ZMQError) {
        let bytes = Array(value.utf8)
        guard zmq_setsockopt(handle, option, bytes, bytes.count) == 0 else { throw ZMQError("setsockopt \(option)") }
    }

    /// Makes this socket a CurveZMQ server with the kernel's Z85 key pair; must precede bind.
    public func becomeCurveServer(publicKey: String, secretKey: String) throws(ZMQError) {
        try setOption(ZMQ_CURVE_SERVER, 1)
        try setOption(ZMQ_CURVE_PUBLICKEY, publicKey)
        try setOption(ZMQ_CURVE_SECRETKEY, secretKey)
    }

    public func send(_ frames: [Data]) throws(ZMQError) {
        for (index, frame) in frames.enumerated() {
            let flags = index < frames.count - 1 ? ZMQ_SNDMORE : 0
            let sent = frame.withUnsafeBytes { zmq_send(handle, $0.baseAddress, $0.count, flags) }
            guard sent >= 0 else { throw ZMQError("send") }
        }
    }

    /// Waits up to `timeout` milliseconds for input; nil when none arrived.
    public func receive(timeout: Int) throws(ZMQError) -> [Data]? {
        guard try poll(timeout: timeout) else { return nil }
        return try receiveNow()
    }

    private func poll(timeout: Int) throws(ZMQError) -> Bool {
        try Self.readable([self], timeout: timeout)[0]
    }

    /// Waits up to `timeout` milliseconds until any of the sockets has input; which ones do.
    public static func readable(_ sockets: [ZMQSocket], timeout: Int) throws(ZMQError) -> [Bool] {
        var items = sockets.map { zmq_pollitem_t(socket: $0.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0) }
        let ready = zmq_poll(&items, Int32(items.count), timeout)
        if ready < 0 {
            // A signal (SIGINT is how some frontends interrupt) wakes poll; that is not a failure.
            if zmq_errno() == EINTR { return sockets.map { _ in false } }
            throw ZMQError("poll")
        }
        return items.map { $0.revents & Int16(ZMQ_POLLIN) != 0 }
    }

    /// Reads one whole multipart message; call only after `readable` said there is one.
    public func receiveNow() throws(ZMQError) -> [Data] {
        var frames: [Data] = []
        repeat {
            var message = zmq_msg_t()
            zmq_msg_init(&message)
            defer { zmq_msg_close(&message) }
            guard zmq_msg_recv(&message, handle, 0) >= 0 else { throw ZMQError("receive") }
            frames.append(Data(bytes: zmq_msg_data(&message), count: zmq_msg_size(&message)))
        } while hasMoreFrames
        return frames
    }

    private var hasMoreFrames: Bool {
        var more: Int32 = 0
        var size = MemoryLayout<Int32>.size
        return zmq_getsockopt(handle, ZMQ_RCVMORE, &more, &size) == 0 && more != 0
    }
}
