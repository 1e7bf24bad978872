/// The geometry of a 2-D sliding window (convolution or pooling) over an N×C×H×W tensor.
///
/// Padding is asymmetric as in ONNX: `padding` is (top, left, bottom, right).
public struct Window2D: Sendable, Equatable, Hashable {
    public var kernelSize: [Int]
    public var strides: [Int]
    public var dilations: [Int]
    public var padding: [Int]
    /// Pooling only: round the output size up, so the last partial window counts.
    public var ceilMode: Bool

    public init(kernel: [Int], strides: [Int] = [1, 1], dilations: [Int] = [1, 1],
                padding: [Int] = [0, 0, 0, 0], ceilMode: Bool = false) throws {
        guard kernel.count == 2, strides.count == 2, dilations.count == 2, padding.count == 4,
              kernel.allSatisfy({ $0 > 0 }), strides.allSatisfy({ $0 > 0 }), dilations.allSatisfy({ $0 > 0 }),
              padding.allSatisfy({ $0 >= 0 }) else {
            throw TensorError.invalidArgument(
                "window needs 2 positive kernel sizes, strides, dilations and 4 paddings ≥ 0; got kernel \(kernel), strides \(strides), dilations \(dilations), padding \(padding)")
        }
        self.kernelSize = kernel
        self.strides = strides
        self.dilations = dilations
        self.padding = padding
        self.ceilMode = ceilMode
    }

    /// The output height and width for an input of `height`×`width`.
    public func outputSize(height: Int, width: Int) throws -> (height: Int, width: Int) {
        func size(_ input: Int, _ axis: Int) -> Int {
            let span = dilations[axis] * (kernelSize[axis] - 1) + 1
            let room = input + padding[axis] + padding[axis + 2] - span
            guard room >= 0 else { return 0 }
            var steps = ceilMode ? (room + strides[axis] - 1) / strides[axis] : room / strides[axis]
            // A window may not start inside the end padding (PyTorch and ONNX agree on this).
            if ceilMode, steps * strides[axis] >= input + padding[axis] { steps -= 1 }
            return steps + 1
        }
        let result = (size(height, 0), size(width, 1))
        guard result.0 > 0, result.1 > 0 else {
            throw TensorError.shapeMismatch(
                "input \(height)×\(width) is smaller than the window \(kernelSize) with padding \(padding)")
        }
        return result
    }
}
