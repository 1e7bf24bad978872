import Tensor

/// ONNX `auto_pad`: explicit pads, or pads chosen at run time so that output = ceil(input / stride).
public enum AutomaticPadding: String, Sendable, Equatable, Hashable {
    case notSet = "NOTSET"
    case sameUpper = "SAME_UPPER"
    case sameLower = "SAME_LOWER"
    case valid = "VALID"
}

/// The window attributes Conv, ConvTranspose and the pools share, resolved against an input size at run time.
public struct WindowAttributes: Sendable, Equatable, Hashable {
    public var strides: [Int]
    public var dilations: [Int]
    /// (top, left, bottom, right), ONNX `pads` order for 2-D.
    public var padding: [Int]
    public var automaticPadding: AutomaticPadding
    public var ceilMode: Bool

    public init(strides: [Int] = [1, 1], dilations: [Int] = [1, 1], padding: [Int] = [0, 0, 0, 0],
                automaticPadding: AutomaticPadding = .notSet, ceilMode: Bool = false) {
        self.strides = strides
        self.dilations = dilations
        self.padding = padding
        self.automaticPadding = automaticPadding
        self.ceilMode = ceilMode
    }

    /// The concrete window for `kernel` over an input of `height`×`width`.
    public func window(kernel: [Int], height: Int, width: Int) throws -> Window2D {
        var pads = padding
        switch automaticPadding {
        case .notSet: break
        case .valid: pads = [0, 0, 0, 0]
        case .sameUpper, .sameLower:
            for (axis, size) in [height, width].enumerated() {
                let output = (size + strides[axis] - 1) / strides[axis]
                let span = (kernel[axis] - 1) * dilations[axis] + 1
                let total = max(0, (output - 1) * strides[axis] + span - size)
                let small = total / 2, large = total - small
                pads[axis] = automaticPadding == .sameUpper ? small : large
                pads[axis + 2] = automaticPadding == .sameUpper ? large : small
            }
        }
        return try Window2D(kernel: kernel, strides: strides, dilations: dilations, padding: pads, ceilMode: ceilMode)
    }
}

extension Tensor {
    /// Height and width of an N×C×H×W tensor, or an error naming the shape.
    func spatialSize(for operation: String) throws -> (height: Int, width: Int) {
        guard rank == 4 else {
            throw TensorError.shapeMismatch("\(operation) supports 2-D images (N×C×H×W); got \(shape)")
        }
        return (shape[2], shape[3])
    }
}
