import Dispatch
import Foundation

/// SIGINT (Ctrl-C, or a frontend using interrupt_mode "signal") raises the cancellation flag
/// instead of killing the process, so the workspace survives.
enum Interrupts {
    static func onSIGINT(_ handler: @escaping @Sendable () -> Void) -> any DispatchSourceSignal {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler(handler: handler)
        source.resume()
        return source
    }
}
