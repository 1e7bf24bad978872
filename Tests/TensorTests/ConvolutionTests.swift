import Testing
import Tensor

/// Hand-computed cases: every expected number below can be checked with pencil and paper.
struct ConvolutionTests {
    let ramp = try! Tensor(shape: [1, 1, 3, 3], scalars: (1...9).map(Float.init))

    @Test func plainThreeByThreeKernelWithPadding() throws {
        let ones = Tensor(shape: [1, 1, 3, 3], repeating: 1)
        let window = try Window2D(kernel: [3, 3], padding: [1, 1, 1, 1])
        let y = try Tensor.convolution2D(ramp, weight: ones, window: window)
        // Each output is the sum of the ramp's 3×3 neighbourhood inside the image.
        #expect(y.scalars == [12, 21, 16, 27, 45, 33, 24, 39, 28])
    }

    @Test func strideTwoWithAsymmetricPaddingAndBias() throws {
        let weight = try Tensor(shape: [1, 1, 2, 2], scalars: [1, 0, 0, -1])
        let window = try Window2D(kernel: [2, 2], strides: [2, 2], padding: [0, 0, 1, 1])
        let y = try Tensor.convolution2D(ramp, weight: weight, bias: Tensor(shape: [1], scalars: [10]), window: window)
        // Windows start at (0,0), (0,2), (2,0), (2,2); bottom/right taps past the image read padding zeros.
        #expect(y.shape == [1, 1, 2, 2])
        let expected: [Float] = [-4 + 10, 3 + 10, 7 + 10, 9 + 10]
        #expect(y.scalars == expected)
    }

    @Test func dilationSpreadsTheKernel() throws {
        let weight = try Tensor(shape: [1, 1, 2, 2], scalars: [1, 1, 1, 1])
        let window = try Window2D(kernel: [2, 2], dilations: [2, 2])
        let y = try Tensor.convolution2D(ramp, weight: weight, window: window)
        #expect(y.scalars == [20])
    }

    @Test func depthwiseGroupsKeepChannelsApart() throws {
        let x = try Tensor(shape: [1, 2, 1, 2], scalars: [1, 2, 3, 4])
        let weight = try Tensor(shape: [2, 1, 1, 1], scalars: [10, -1])
        let y = try Tensor.convolution2D(x, weight: weight, window: Window2D(kernel: [1, 1]), groups: 2)
        #expect(y.scalars == [10, 20, -3, -4])
    }

    @Test func mismatchedChannelsNameTheShapes() throws {
        let weight = Tensor(shape: [1, 2, 3, 3])
        #expect(throws: TensorError.self) {
            try Tensor.convolution2D(ramp, weight: weight, window: Window2D(kernel: [3, 3]))
        }
    }
}
