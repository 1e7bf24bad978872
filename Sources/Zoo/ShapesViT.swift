import Networks
import Tensor

/// The architecture of `shapes-vit`: a small hybrid vision transformer (Dosovitskiy et al. 2021,
/// section 3.1). Three conv–BatchNorm–ReLU–pool stages, the same as shapes-cnn's first three, turn the
/// 64×64 image into an 8×8 grid of features; a 1×1 convolution embeds each cell as a token, as the
/// ViT paper's hybrids embed CNN feature maps. Learned position embeddings, pre-norm transformer
/// blocks of multi-head self-attention and a GELU MLP, a final LayerNorm, then max pooling over the
/// tokens into a linear classifier.
///
/// Why hybrid and max pooling: a plain ViT on 8×8 pixel patches, with mean pooling or max pooling,
/// stayed at chance for six epochs of shapes scenes in PyTorch (the objects are small and the
/// clutter large), while the convolutional stem learns them within the 15-minute training budget.
///
/// Before pooling, the tokens go back to their 8×8 grid (`tokens`, N×D×8×8): the layer
/// pytorch-grad-cam reaches on ViTs with a reshape transform. Here it is a layer of the graph, so
/// Grad-CAM and the other layer methods find it as their default layer without special cases.
public enum ShapesViT {
    public static let stemWidths = [16, 32, 64]
    public static let width = 64
    public static let heads = 4
    public static let blocks = 2
    public static let hiddenWidth = 128
    public static let lastSpatialLayer = "tokens"

    /// The network with its weights drawn from `seed`.
    public static func network(classes: Int = 10, inputSize: Int = 64, seed: UInt64) throws -> Network {
        var builder = GraphBuilder(seed: seed)
        var (previous, channels) = ("input", 3)
        for (index, stemWidth) in stemWidths.enumerated() {
            previous = builder.convolutionStage(index + 1, input: previous, channels: channels, width: stemWidth, pooled: true)
            channels = stemWidth
        }
        let side = inputSize >> stemWidths.count
        let tokens = side * side
        builder.parameter("embedding.weight", [width, channels, 1, 1], fanIn: channels)
        builder.zeros("embedding.bias", [width])
        builder.parameter("position", [1, tokens, width], standardDeviation: 0.02)
        builder.node("embedding", Conv(), [previous, "embedding.weight", "embedding.bias"])
        builder.node("embedding.rows", Reshape(shape: [0, width, tokens]), ["embedding"])
        builder.node("embedding.tokens", Transpose(permutation: [0, 2, 1]), ["embedding.rows"])
        builder.node("positioned", Add(), ["embedding.tokens", "position"])
        var stream = "positioned"
        for index in 1...blocks {
            stream = builder.transformerBlock("block\(index)", input: stream, tokens: tokens)
        }
        builder.layerNormalization("norm", input: stream, width: width)
        builder.node("norm.channels", Transpose(permutation: [0, 2, 1]), ["norm"])
        builder.node(lastSpatialLayer, Reshape(shape: [0, width, side, side]), ["norm.channels"])
        builder.maxPooledClassifier("head", input: lastSpatialLayer, channels: width, classes: classes)
        return try builder.network(inputSize: inputSize)
    }
}

extension GraphBuilder {
    /// x·W + b over the last axis: `inputs`-wide tokens to `outputs`-wide ones.
    mutating func linear(_ name: String, input: String, inputs: Int, outputs: Int) {
        parameter("\(name).weight", [inputs, outputs], fanIn: inputs)
        zeros("\(name).bias", [outputs])
        node("\(name).product", MatMul(), [input, "\(name).weight"])
        node(name, Add(), ["\(name).product", "\(name).bias"])
    }

    mutating func layerNormalization(_ name: String, input: String, width: Int) {
        parameters["\(name).scale"] = Tensor(shape: [width], repeating: 1)
        zeros("\(name).bias", [width])
        node(name, LayerNormalization(axis: -1), [input, "\(name).scale", "\(name).bias"])
    }

    /// x + attention(norm(x)), then that + MLP(norm(that)), over N×tokens×width; returns the output.
    mutating func transformerBlock(_ name: String, input: String, tokens: Int) -> String {
        let (width, heads) = (ShapesViT.width, ShapesViT.heads)
        let headWidth = width / heads
        layerNormalization("\(name).norm1", input: input, width: width)
        // Queries, keys and values as N×heads×tokens×headWidth (keys transposed for the product).
        for (role, permutation) in [("query", [0, 2, 1, 3]), ("key", [0, 2, 3, 1]), ("value", [0, 2, 1, 3])] {
            linear("\(name).\(role)", input: "\(name).norm1", inputs: width, outputs: width)
            node("\(name).\(role).split", Reshape(shape: [0, tokens, heads, headWidth]), ["\(name).\(role)"])
            node("\(name).\(role).heads", Transpose(permutation: permutation), ["\(name).\(role).split"])
        }
        // A learned temperature, starting at the usual 1/√(head width).
        parameters["\(name).scale"] = Tensor(shape: [1], repeating: 1 / Float(headWidth).squareRoot())
        node("\(name).similarity", MatMul(), ["\(name).query.heads", "\(name).key.heads"])
        node("\(name).scores", Mul(), ["\(name).similarity", "\(name).scale"])
        node("\(name).attention", Softmax(axis: -1), ["\(name).scores"])
        node("\(name).mixed", MatMul(), ["\(name).attention", "\(name).value.heads"])
        node("\(name).mixed.tokens", Transpose(permutation: [0, 2, 1, 3]), ["\(name).mixed"])
        node("\(name).mixed.joined", Reshape(shape: [0, tokens, width]), ["\(name).mixed.tokens"])
        linear("\(name).projection", input: "\(name).mixed.joined", inputs: width, outputs: width)
        node("\(name).residual1", Add(), [input, "\(name).projection"])
        layerNormalization("\(name).norm2", input: "\(name).residual1", width: width)
        linear("\(name).hidden", input: "\(name).norm2", inputs: width, outputs: ShapesViT.hiddenWidth)
        node("\(name).gelu", Gelu(), ["\(name).hidden"])
        linear("\(name).output", input: "\(name).gelu", inputs: ShapesViT.hiddenWidth, outputs: width)
        node("\(name).residual2", Add(), ["\(name).residual1", "\(name).output"])
        return "\(name).residual2"
    }
}
