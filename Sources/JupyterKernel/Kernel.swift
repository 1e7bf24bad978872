import CZeroMQ
import Foundation
import Logging
import Synchronization

/// A running Jupyter kernel: binds the five channels of a connection file and serves an interpreter.
/// Shell requests run one at a time on the shell thread; control, heartbeat and IOPub each have their
/// own thread, so interrupts, heartbeats and kernel_info are answered while a cell computes.
public final class Kernel: Sendable {
    public let interpreter: any Interpreter
    public let interrupt = InterruptSwitch()
    let iopub: IOPub
    let history = Mutex(History())
    let executionCount = Mutex(0)
    let lifecycle = Lifecycle()
    let logger: Logger
    private let codec: WireCodec
    private let sockets: [ConnectionInfo.Channel: ZMQSocket]
    private let restart = Atomic(false)

    public init(connection: ConnectionInfo, interpreter: any Interpreter, logger: Logger) throws {
        if connection.usesCurve, !ZMQContext.supportsCurve {
            throw KernelError.curveUnavailable
        }
        self.interpreter = interpreter
        self.logger = logger
        codec = WireCodec(signer: MessageSigner(key: connection.key))
        let context = ZMQContext()
        let kinds: [ConnectionInfo.Channel: ZMQSocket.Kind] = [
            .shell: .router, .control: .router, .stdin: .router, .iopub: .xpub, .heartbeat: .rep,
        ]
        var sockets: [ConnectionInfo.Channel: ZMQSocket] = [:]
        for channel in ConnectionInfo.Channel.allCases {
            let socket = try context.socket(kinds[channel] ?? .router)
            if let publicKey = connection.curvePublicKey, let secretKey = connection.curveSecretKey {
                try socket.becomeCurveServer(publicKey: publicKey, secretKey: secretKey)
            }
            try socket.bind(connection.endpoint(for: channel))
            sockets[channel] = socket
        }
        self.sockets = sockets
        iopub = try IOPub(context: context, publisher: sockets[.iopub] ?? context.socket(.xpub), codec: codec,
                          lifecycle: lifecycle, logger: logger)
    }

    /// Serves until a shutdown_request; returns whether the client asked for a restart.
    public func run() -> Bool {
        if let heartbeat = sockets[.heartbeat] {
            _ = Heartbeat.start(socket: heartbeat, lifecycle: lifecycle, logger: logger)
        }
        if let control = sockets[.control] {
            _ = serve(control, named: "control", handlers: RequestRouter.control)
        }
        if let shell = sockets[.shell] {
            _ = serve(shell, named: "shell", handlers: RequestRouter.shell)
        }
        logger.info("kernel ready")
        lifecycle.waitUntilStopped()
        return restart.load(ordering: .acquiring)
    }

    /// Ends the kernel after the current reply went out.
    func shutDown(restart: Bool) {
        self.restart.store(restart, ordering: .releasing)
        interrupt.raise()
        lifecycle.stop()
    }

    private func serve(_ socket: ZMQSocket, named name: String, handlers: [String: RequestRouter.Handler]) -> Thread {
        Lifecycle.loop(named: name, lifecycle) { [self] in
            do {
                guard let frames = try socket.receive(timeout: Heartbeat.pollInterval) else { return }
                let request: Message
                do {
                    request = try codec.decode(frames)
                } catch {
                    logger.warning("\(name): dropped message: \(error)")
                    return
                }
                if let reply = RequestRouter.respond(to: request, with: handlers, kernel: self) {
                    try socket.send(codec.encode(reply))
                }
            } catch {
                logger.error("\(name): \(error)")
            }
        }
    }
}

public enum KernelError: Error, CustomStringConvertible {
    case curveUnavailable

    public var description: String {
        switch self {
        case .curveUnavailable: "the connection file asks for CurveZMQ but libzmq was built without it"
        }
    }
}
