import Testing
import Tensor

/// 3×3 stride-1 convolutions wide enough for the Winograd path (at least 32 channels each way and 64
/// outputs over the batch), against a direct sum in Double: odd planes leave half tiles at the right and
/// bottom edges, asymmetric paddings shift the tiles, and the batch shares each product.
struct WinogradConvolutionTests {
    let batch = 2, channels = 32, kernels = 40, height = 9, width = 11

    func sample(_ shape: [Int], seed: UInt64) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        return Tensor.uniform(shape: shape, low: -1, high: 1, generator: &generator)
    }

    /// y[n,k,o,p] = Σ_c,a,b w[k,c,a,b] · x[n,c,o+a−top,p+b−left], and its adjoint ∂L/∂x for ∂L/∂y = dy.
    func direct(_ x: Tensor, _ w: Tensor, padding: [Int], dy: Tensor?) -> (y: [Double], dx: [Double], outputShape: [Int]) {
        let (ho, wo) = (height + padding[0] + padding[2] - 2, width + padding[1] + padding[3] - 2)
        var y = [Double](repeating: 0, count: batch * kernels * ho * wo)
        var dx = [Double](repeating: 0, count: x.count)
        for n in 0..<batch {
            for k in 0..<kernels {
                for o in 0..<ho {
                    for p in 0..<wo {
                        let out = ((n * kernels + k) * ho + o) * wo + p
                        for c in 0..<channels {
                            for a in 0..<3 {
                                for b in 0..<3 {
                                    let (i, j) = (o + a - padding[0], p + b - padding[1])
                                    guard i >= 0, i < height, j >= 0, j < width else { continue }
                                    let input = ((n * channels + c) * height + i) * width + j
                                    let tap = Double(w.scalars[((k * channels + c) * 3 + a) * 3 + b])
                                    y[out] += tap * Double(x.scalars[input])
                                    if let dy { dx[input] += tap * Double(dy.scalars[out]) }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (y, dx, [batch, kernels, ho, wo])
    }

    func expectClose(_ actual: Tensor, _ expected: [Double], sourceLocation: SourceLocation = #_sourceLocation) {
        let scale = expected.map(abs).max() ?? 1
        let worst = zip(actual.scalars, expected).map { abs(Double($0) - $1) }.max() ?? 0
        #expect(worst <= 1e-5 * scale, "largest difference \(worst) of values up to \(scale)", sourceLocation: sourceLocation)
    }

    @Test(arguments: [[1, 1, 1, 1], [0, 0, 0, 0], [2, 0, 1, 2], [0, 2, 2, 1]])
    func forwardEqualsTheDirectSum(padding: [Int]) throws {
        let x = sample([batch, channels, height, width], seed: 1)
        let w = sample([kernels, channels, 3, 3], seed: 2)
        let bias = sample([kernels], seed: 3)
        let y = try Tensor.convolution2D(x, weight: w, bias: bias, window: Window2D(kernel: [3, 3], padding: padding))
        let reference = direct(x, w, padding: padding, dy: nil)
        #expect(y.shape == reference.outputShape)
        let planes = reference.outputShape[2] * reference.outputShape[3]
        expectClose(y, reference.y.enumerated().map { $0.element + Double(bias.scalars[($0.offset / planes) % kernels]) })
    }

    @Test(arguments: [[1, 1, 1, 1], [0, 0, 0, 0], [2, 0, 1, 2]])
    func inputGradientEqualsTheDirectAdjoint(padding: [Int]) throws {
        let x = sample([batch, channels, height, width], seed: 4)
        let w = sample([kernels, channels, 3, 3], seed: 5)
        let window = try Window2D(kernel: [3, 3], padding: padding)
        let (ho, wo) = try window.outputSize(height: height, width: width)
        let dy = sample([batch, kernels, ho, wo], seed: 6)
        let dx = try Tensor.convolution2DInputGradient(dy, weight: w, inputShape: x.shape, window: window)
        #expect(dx.shape == x.shape)
        expectClose(dx, direct(x, w, padding: padding, dy: dy).dx)
    }

    /// A cached transform serves the same weights again, and never weights that changed: a copy written
    /// after the first pass, or other weights, is transformed anew. Both directions share one cache.
    @Test func cachedWeightsFollowEveryChange() throws {
        let cache = ConvolutionWeightCache()
        let window = try Window2D(kernel: [3, 3], padding: [1, 1, 1, 1])
        let x = sample([batch, channels, height, width], seed: 7)
        let dy = sample([batch, kernels, height, width], seed: 8)
        var w = sample([kernels, channels, 3, 3], seed: 9)
        func passes(_ weight: Tensor) throws -> (y: Tensor, dx: Tensor) {
            (try Tensor.convolution2D(x, weight: weight, window: window, weightCache: cache),
             try Tensor.convolution2DInputGradient(dy, weight: weight, inputShape: x.shape, window: window, weightCache: cache))
        }
        func expectDirect(_ weight: Tensor, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let (y, dx) = try passes(weight)
            let reference = direct(x, weight, padding: [1, 1, 1, 1], dy: dy)
            expectClose(y, reference.y, sourceLocation: sourceLocation)
            expectClose(dx, reference.dx, sourceLocation: sourceLocation)
        }
        try expectDirect(w)
        try expectDirect(w)
        w.scalars[0] += 3
        try expectDirect(w)
        try expectDirect(sample([kernels, channels, 3, 3], seed: 10))
    }
}
