import Foundation

/// Maps items on all cores, keeping their order; the first error (in item order) is rethrown.
enum ParallelMap {
    static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) throws -> R) throws -> [R] {
        var results = [Result<R, Error>?](repeating: nil, count: items.count)
        results.withUnsafeMutableBufferPointer { buffer in
            let slots = DisjointSlots(buffer: buffer)
            DispatchQueue.concurrentPerform(iterations: items.count) { index in
                slots.buffer[index] = Result { try transform(items[index]) }
            }
        }
        return try results.map { try $0!.get() }
    }
}

/// A buffer whose slots are each written by exactly one worker, so sharing it is safe.
private struct DisjointSlots<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
}
