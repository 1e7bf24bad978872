import Synchronization

/// Keeps the Winograd transform of the weights a convolution layer last used, one per direction
/// (forward, and input gradient with the kernels flipped), so that repeated passes over the same
/// model transform each layer's weights once instead of on every call.
///
/// An entry holds on to the weights' storage, so no other array can live at that address while the
/// entry exists, and a changed weight (a training step writes a copy) has a new address: the storage
/// identity says reliably whether the transform is still valid. A layer that sees other weights on
/// each call (LRP's modified weights) just replaces its entry, at the cost it paid before.
public final class ConvolutionWeightCache: Sendable {
    private struct Entry {
        let weights: [Float]
        let transformed: [Float]
    }

    private let entries = Mutex<[Bool: Entry]>([:])

    public init() {}

    /// The transform of `weights` for the direction `flipsKernels`, from the cache or from `transform`.
    func transformed(_ weights: [Float], flipsKernels: Bool, transform: () -> [Float]) -> [Float] {
        if let entry = entries.withLock({ $0[flipsKernels] }), Self.sameStorage(entry.weights, weights) {
            return entry.transformed
        }
        let transformed = transform()
        entries.withLock { $0[flipsKernels] = Entry(weights: weights, transformed: transformed) }
        return transformed
    }

    private static func sameStorage(_ a: [Float], _ b: [Float]) -> Bool {
        a.count == b.count && a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in x.baseAddress == y.baseAddress } }
    }
}
