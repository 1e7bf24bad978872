import Networks
import Tensor

/// The architecture of `shapes-cnn` and its trojaned twins: four conv–BatchNorm–ReLU stages (the
/// first three followed by 2×2 max pooling), global max pooling and a linear classifier.
/// 64×64 inputs give an 8×8 last spatial layer, the one Grad-CAM uses. Global max pooling, not
/// average: a shape covers a small part of a cluttered scene, and averaging over the whole map
/// drowned its evidence (the same network with average pooling stayed near chance for its first
/// thousand steps, in PyTorch as here). It also keeps the network fully convolutional, so GridPG
/// mosaics of any size go through it.
public enum ShapesCNN {
    public static let widths = [16, 32, 64, 64]
    public static let lastSpatialLayer = "relu4"

    /// The network with weights drawn from `seed` as PyTorch initialises them (see `GraphBuilder.uniformByFanIn`).
    public static func network(classes: Int = 10, inputSize: Int = 64, seed: UInt64) throws -> Network {
        var builder = GraphBuilder(seed: seed)
        var (previous, channels) = ("input", 3)
        for (index, width) in widths.enumerated() {
            previous = builder.convolutionStage(index + 1, input: previous, channels: channels, width: width,
                                                pooled: index + 1 < widths.count)
            channels = width
        }
        builder.maxPooledClassifier("fc", input: previous, channels: channels, classes: classes)
        return try builder.network(inputSize: inputSize)
    }
}
