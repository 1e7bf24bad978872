import Testing
import Tensor

struct PoolingTests {
    let ramp = try! Tensor(shape: [1, 1, 4, 4], scalars: (1...16).map(Float.init))

    @Test func maxPoolPicksWindowMaxima() throws {
        let y = try Tensor.maxPool2D(ramp, window: Window2D(kernel: [2, 2], strides: [2, 2]))
        #expect(y.scalars == [6, 8, 14, 16])
    }

    @Test func maxPoolBackwardRoutesToTheMaximum() throws {
        let window = try Window2D(kernel: [2, 2], strides: [2, 2])
        let dy = try Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4])
        let dx = try Tensor.maxPool2DBackward(ramp, outputGradient: dy, window: window)
        var expected = [Float](repeating: 0, count: 16)
        (expected[5], expected[7], expected[13], expected[15]) = (1, 2, 3, 4)
        #expect(dx.scalars == expected)
    }

    @Test func averagePoolExcludesOrIncludesPadding() throws {
        let window = try Window2D(kernel: [2, 2], strides: [2, 2], padding: [1, 1, 1, 1])
        let excluding = try Tensor.averagePool2D(ramp, window: window)
        let including = try Tensor.averagePool2D(ramp, window: window, countingPadding: true)
        // The corner window sees only element 1; the centre-top window sees 2 and 3.
        #expect(excluding.scalars[0] == 1)
        #expect(excluding.scalars[1] == 2.5)
        #expect(including.scalars[0] == 0.25)
        #expect(including.scalars[1] == 1.25)
    }

    @Test func ceilModeAddsThePartialWindow() throws {
        let y = try Tensor.maxPool2D(ramp, window: Window2D(kernel: [3, 3], strides: [2, 2], ceilMode: true))
        #expect(y.shape == [1, 1, 2, 2])
        #expect(y.scalars == [11, 12, 15, 16])
    }

    /// Overlapping windows over the padding, with many ties: each output gradient goes to the first
    /// largest tap of its window in row-major order, and gradients of windows sharing that tap add up.
    @Test(arguments: [([3, 3], [2, 2], [1, 1], [1, 1, 1, 1]), ([2, 3], [1, 2], [2, 1], [0, 1, 1, 0])])
    func maxPoolBackwardMatchesTheFirstMaximumOfEachWindow(kernel: [Int], strides: [Int], dilations: [Int],
                                                           padding: [Int]) throws {
        let (planes, height, width) = (3, 9, 11)
        var generator = SeededGenerator(seed: 4)
        // Four levels only, so that most windows hold their maximum more than once.
        let x = try Tensor(shape: [1, planes, height, width],
                           scalars: (0..<(planes * height * width)).map { _ in Float(Int(generator.nextUniform() * 4)) })
        let window = try Window2D(kernel: kernel, strides: strides, dilations: dilations, padding: padding)
        let (outputHeight, outputWidth) = try window.outputSize(height: height, width: width)
        let dy = Tensor.uniform(shape: [1, planes, outputHeight, outputWidth], low: -1, high: 1, generator: &generator)
        var expected = [Float](repeating: 0, count: x.count)
        for plane in 0..<planes {
            for oh in 0..<outputHeight {
                for ow in 0..<outputWidth {
                    var best: Int?
                    for ki in 0..<kernel[0] {
                        for kj in 0..<kernel[1] {
                            let (i, j) = (oh * strides[0] - padding[0] + ki * dilations[0], ow * strides[1] - padding[1] + kj * dilations[1])
                            guard i >= 0, i < height, j >= 0, j < width else { continue }
                            let index = (plane * height + i) * width + j
                            if best == nil || x.scalars[index] > x.scalars[best!] { best = index }
                        }
                    }
                    if let best { expected[best] += dy.scalars[(plane * outputHeight + oh) * outputWidth + ow] }
                }
            }
        }
        let dx = try Tensor.maxPool2DBackward(x, outputGradient: dy, window: window)
        #expect(dx.scalars == expected)
    }
}
