import Synchronization

/// A value computed once on first use and shared by every copy of the struct that holds it: what a
/// model learns about itself by a probe pass (its default CAM layer) need not be learned again.
final class Memo<Value: Sendable>: Sendable {
    private let stored = Mutex<Result<Value, any Error>?>(nil)

    /// The stored value, or `make`'s result (or error), stored for next time.
    func value(_ make: () throws -> Value) throws -> Value {
        try stored.withLock { stored in
            if let stored { return try stored.get() }
            let result = Result { try make() }
            stored = result
            return try result.get()
        }
    }
}
