import Networks
import Tensor

/// Importing a graph exported with a fixed batch of 1 (PyTorch's default without `dynamic_axes`):
/// batched methods need it to take any batch.
///
/// The graph is imported twice. First as the file says, running three random items one at a time;
/// that network is always right, and what it saw of each item is kept. Then with the batch left
/// open, on probe batches of those same items: the literal shapes that baked the batch in are
/// rewritten, and every tensor must hold each item as it was alone. If that import goes through and
/// the re-batched network agrees with the fixed one on a single item too, it is the network;
/// otherwise the graph really fixes its batch and the network runs larger batches in chunks of 1.
enum FixedBatchImport {
    static let itemCount = 3

    static func network(_ importer: GraphImporter, metadata: [String: String],
                        progress: (Double) throws -> Void) throws -> Network {
        let items = probeItems(shape: importer.input.shape)
        var fixed = importer
        fixed.probe(with: items)
        fixed.references = ItemReferences()
        let fixedNetwork = try fixed.network(metadata: metadata, fixedBatch: importer.input.shape[0]) { try progress(0.5 * $0) }
        guard let references = fixed.references else { return fixedNetwork }

        var rebatched = importer
        let probeItems = [[0, 1], Array(0..<itemCount)]
        rebatched.probe(with: try probeItems.map { try Tensor.concatenated($0.map { items[$0] }, alongAxis: 0) })
        rebatched.rebatching = Rebatching(references: references, probeItems: probeItems)
        do {
            try rebatched.importRebatched(from: 0, budget: 8 * importer.graph.node.count) { try progress(0.5 + 0.5 * $0) }
            let network = try rebatched.finished(metadata: metadata, fixedBatch: nil)
            try verify(network, against: fixedNetwork, item: items[0], layouts: rebatched.rebatching?.layouts ?? [:])
            return network
        } catch let failure where failure is RebatchingFailure || failure is ONNXError {
            return fixedNetwork
        }
    }

    /// Random items of the input's shape (a batch of one each), the same on every load.
    private static func probeItems(shape: [Int]) -> [Tensor] {
        var generator = SeededGenerator(seed: 23)
        let count = shape.dropFirst().reduce(1, *)
        return (0..<itemCount).map { _ in
            try! Tensor(shape: [1] + shape.dropFirst(), scalars: (0..<count).map { _ in Float.random(in: -1...1, using: &generator) })
        }
    }

    /// The outputs lead with the batch, and a batch of one gives what the file's own graph gives.
    private static func verify(_ network: Network, against fixed: Network, item: Tensor, layouts: [String: BatchLayout]) throws {
        for output in network.outputs where layouts[output] != BatchLayout(axis: 0, outer: 1, inner: 1) {
            throw RebatchingFailure("graph output '\(output)' does not lead with the batch")
        }
        let single: Tensor, reference: Tensor
        do {
            (single, reference) = (try network.forward(item), try fixed.forward(item))
        } catch {
            throw RebatchingFailure("a single item fails: \(error)")
        }
        let scale = reference.scalars.reduce(0) { max($0, abs($1)) }
        guard single.shape == reference.shape, single.maximumAbsoluteDifference(to: reference) <= 1e-4 * scale + 1e-6 else {
            throw RebatchingFailure("the re-batched graph differs from the file's on a single item")
        }
    }
}
