import Networks
import Tensor

extension Network {
    /// The layer a CAM reads when none is named: the last tensor that has places over the image, in
    /// whatever layout (`SpatialLayout`), that every path from the image to the logits passes through,
    /// and whose places the class's gradient reaches.
    ///
    /// The first two conditions pass over a classifier's pooled or flattened tail (ConvNeXt's N×1×1×C
    /// LayerNorm, an attention matrix, a residual branch); the third over a ViT's last tokens, whose
    /// places feed nothing once the class token alone goes to the head. CNNs get their last stage
    /// (ResNet's layer4), Swin its final norm, a ViT the input of its last block.
    ///
    /// One forward and one backward on a fixed probe image: callers keep the answer per model.
    public func defaultCAMLayer() throws -> String {
        var generator = SeededGenerator(seed: 0x5CA1)
        let probe = Tensor.normal(shape: [1] + inputShape, generator: &generator)
        let trace = try trace(probe)
        let grids = placeGrids(in: trace)
        let spatial = nodes.compactMap { node -> (node: Node, layout: SpatialLayout)? in
            guard let shape = trace.shape(of: node.output),
                  let layout = SpatialLayout.inferred(for: shape, batch: 1, grids: grids) else { return nil }
            return (node, layout)
        }
        let dominating = spatial.filter { isOnEveryPath(value: $0.node.output) }
        guard !dominating.isEmpty else {
            throw AttributionError.invalidArgument(
                "the model has no layer with places over the image (N×C×h×w, N×h×w×C or tokens), so no CAM; its layers are "
                + nodes.map { "\($0.name) \(trace.shape(of: $0.output) ?? [])" }.joined(separator: ", "))
        }
        let logits = try trace.value(outputs[0])
        let top = logits.argmaxAlongLastAxis()
        let seed = try Self.seeds(for: top, classes: logits.shape.last ?? 0)
        let gradients = try backward(trace, seed: seed, taps: dominating.map(\.node.name))
        for (node, layout) in dominating.reversed() {
            guard let gradient = gradients.taps[node.name] else { continue }
            let places = try layout.channelsFirst(gradient, imageHeight: probe.shape[2], imageWidth: probe.shape[3])
            if places.scalars.contains(where: { $0 != 0 }) { return node.name }
        }
        throw AttributionError.invalidArgument("no layer with places over the image receives a gradient from the logits, so no CAM")
    }

    /// The layout of tensor `value` in `trace`, or an error saying the tensor has no places.
    func spatialLayout(of value: String, in trace: Trace) throws -> SpatialLayout {
        let tensor = try trace.value(value)
        guard let batch = inputs.first.flatMap({ trace.shape(of: $0.name) })?.first,
              let layout = SpatialLayout.inferred(for: tensor.shape, batch: batch, grids: placeGrids(in: trace)) else {
            throw AttributionError.invalidArgument(
                "layer '\(value)' has output \(tensor.shape), which has no places over the image (N×C×h×w, N×h×w×C or tokens): a CAM needs one")
        }
        return layout
    }

    /// The grids of places the network makes of the image: each convolution's and pooling's output
    /// grid, and those grids halved again and again, as patch merging and strided slicing halve them
    /// (Swin, LeViT). Without any such layer, the image's own grid halved.
    func placeGrids(in trace: Trace) -> Set<Grid> {
        let windowed: Set<String> = ["Conv", "ConvTranspose", "MaxPool", "AveragePool"]
        var bases = nodes.filter { windowed.contains($0.op.type) }.compactMap { node -> Grid? in
            guard let shape = trace.shape(of: node.output), shape.count == 4 else { return nil }
            return Grid(height: shape[2], width: shape[3])
        }
        if bases.isEmpty, let shape = inputs.first.flatMap({ trace.shape(of: $0.name) }), shape.count == 4 {
            bases = [Grid(height: shape[2], width: shape[3])]
        }
        var grids = Set<Grid>()
        var pending = bases
        while let grid = pending.popLast() {
            guard grid.height >= 1, grid.width >= 1, grids.insert(grid).inserted else { continue }
            pending.append(Grid(height: grid.height / 2, width: grid.width / 2))
            pending.append(Grid(height: (grid.height + 1) / 2, width: (grid.width + 1) / 2))
        }
        return grids
    }

    /// Whether every path from the graph input to the first output passes through tensor `value`. Paths
    /// through Shape and Size do not count: they carry the input's shape, not its values (a dynamo export
    /// of Swin with a dynamic batch computes its head's indices from the input's shape).
    func isOnEveryPath(value: String) -> Bool {
        guard let input = inputs.first?.name, value != input else { return true }
        var reached: Set<String> = [input]
        let shapeOnly: Set<String> = ["Shape", "Size"]
        for node in nodes where !shapeOnly.contains(node.op.type) && node.presentInputs.contains(where: reached.contains) {
            reached.formUnion(node.outputs.filter { $0 != value })
        }
        return !reached.contains(outputs[0])
    }
}
