import Foundation
import Logging

/// The heartbeat channel: a REP socket echoing every ping, on its own thread, so a client sees the
/// kernel alive while a cell computes.
enum Heartbeat {
    static let pollInterval = 100

    static func start(socket: ZMQSocket, lifecycle: Lifecycle, logger: Logger) -> Thread {
        Lifecycle.loop(named: "heartbeat", lifecycle) {
            do {
                if let ping = try socket.receive(timeout: pollInterval) { try socket.send(ping) }
            } catch {
                logger.warning("heartbeat: \(error)")
            }
        }
    }
}
