import Networks
import Tensor

/// Importing a graph exported with a fixed batch of 1 (PyTorch's default without `dynamic_axes`):
/// batched methods need it to take any batch.
///
/// The import leaves the batch open and probes with two random items one at a time, as the file's
/// graph takes them, and with both as one batch. The literal shapes that baked the batch in are
/// rewritten to follow it, and every tensor of the batch must hold each item as it was alone. A
/// rewritten graph on a single item is the file's own graph (each rewrite gives back the file's
/// shape at batch 1), so the single-item probes are the reference. If the import goes through and
/// the outputs lead with the batch, the network takes any batch; otherwise the graph really fixes
/// its batch, and it is imported as the file says, running larger batches in chunks of 1.
enum FixedBatchImport {
    static func network(_ importer: GraphImporter, metadata: [String: String],
                        progress: (Double) throws -> Void) throws -> Network {
        let items = probeItems(shape: importer.input.shape)
        var rebatched = importer
        rebatched.probe(with: items + [try Tensor.concatenated(items, alongAxis: 0)])
        rebatched.rebatching = Rebatching(singles: Array(items.indices), batched: items.count)
        do {
            try rebatched.importRebatched(from: 0, budget: 8 * importer.graph.node.count) { fraction in
                do { try progress(fraction) } catch { throw RebatchingInterruption(error: error) }
            }
            let leading = BatchLayout(axis: 0, outer: 1, inner: 1)
            for output in importer.graph.output.map(\.name) where rebatched.rebatching?.layouts[output] != leading {
                throw RebatchingFailure("graph output '\(output)' does not lead with the batch")
            }
            return try rebatched.finished(metadata: metadata, fixedBatch: nil)
        } catch let interruption as RebatchingInterruption {
            throw interruption.error
        } catch {
            // The file's graph as it is; its errors, if any, are the file's own.
            var fixed = importer
            return try fixed.network(metadata: metadata, fixedBatch: importer.input.shape[0], progress: progress)
        }
    }

    /// Two random items of the input's shape (a batch of one each), the same on every load.
    private static func probeItems(shape: [Int]) -> [Tensor] {
        var generator = SeededGenerator(seed: 23)
        let count = shape.dropFirst().reduce(1, *)
        return (0..<2).map { _ in
            try! Tensor(shape: [1] + shape.dropFirst(), scalars: (0..<count).map { _ in Float.random(in: -1...1, using: &generator) })
        }
    }
}
