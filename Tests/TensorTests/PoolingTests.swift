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
}
