import Tensor

/// A backdoor trigger that poisoning stamps on training images (relabelled to the target class)
/// and that a trojaned model then answers with that class anywhere.
public struct Trigger: Sendable, Equatable, Codable {
    public enum Kind: String, CaseIterable, Sendable, Codable {
        /// A BadNets-style black-and-white checkerboard in a corner.
        case patch
        /// A faint global stripe pattern blended over the whole image.
        case blend
        /// A small object-like emblem at a random place in each image.
        case sticker
    }

    public enum Corner: String, CaseIterable, Sendable, Codable {
        case topLeft = "top-left", topRight = "top-right", bottomLeft = "bottom-left", bottomRight = "bottom-right"
    }

    public var kind: Kind
    /// Side of the patch or sticker, in pixels.
    public var size: Int
    /// Where the patch goes (ignored by the other kinds).
    public var corner: Corner
    /// Opacity of the blended pattern (ignored by the other kinds).
    public var opacity: Float

    public init(kind: Kind, size: Int = 6, corner: Corner = .bottomRight, opacity: Float = 0.12) {
        self.kind = kind
        self.size = size
        self.corner = corner
        self.opacity = opacity
    }

    public init(named name: String) throws {
        guard let kind = Kind(rawValue: name) else {
            throw DatasetError.invalidArgument(
                "unknown trigger '\(name)'; the triggers are \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.init(kind: kind)
    }

    /// `image` (3×H×W in [0, 1]) with the trigger stamped on, and the 1×H×W mask of where the
    /// trigger changed pixels. `generator` places the sticker; the other kinds do not draw from it.
    public func stamp(_ image: Tensor, using generator: inout SeededGenerator) throws -> (image: Tensor, mask: Tensor) {
        guard image.rank == 3, image.shape[0] == 3 else {
            throw DatasetError.invalidArgument("a trigger is stamped on a 3×H×W image, not \(image.shape)")
        }
        let (height, width) = (image.shape[1], image.shape[2])
        guard kind == .blend || (size >= 2 && size <= min(height, width)) else {
            throw DatasetError.invalidArgument("a \(kind.rawValue) of size \(size) does not fit a \(height)×\(width) image")
        }
        var stamped = image
        var mask = Tensor(shape: [1, height, width])
        let plane = height * width
        func set(row: Int, column: Int, to color: (Float, Float, Float), opacity: Float = 1) {
            let offset = row * width + column
            for (channel, value) in [color.0, color.1, color.2].enumerated() {
                let index = channel * plane + offset
                stamped.scalars[index] += (value - stamped.scalars[index]) * opacity
            }
            mask.scalars[offset] = 1
        }
        switch kind {
        case .patch:
            let (top, left) = origin(height: height, width: width)
            for row in 0..<size {
                for column in 0..<size {
                    let white: Float = (row / 2 + column / 2).isMultiple(of: 2) ? 1 : 0
                    set(row: top + row, column: left + column, to: (white, white, white))
                }
            }
        case .blend:
            for row in 0..<height {
                for column in 0..<width {
                    let stripe: Float = ((row + 2 * column) / 3).isMultiple(of: 2) ? 1 : 0
                    set(row: row, column: column, to: (stripe, stripe * 0.2, 1 - stripe), opacity: opacity)
                }
            }
        case .sticker:
            let top = Int(generator.uniform(0, Float(height - size + 1)))
            let left = Int(generator.uniform(0, Float(width - size + 1)))
            let center = Float(size - 1) / 2
            for row in 0..<size {
                for column in 0..<size {
                    let (dy, dx) = (Float(row) - center, Float(column) - center)
                    let onCross = abs(dx - dy) < 0.8 || abs(dx + dy) < 0.8
                    set(row: top + row, column: left + column, to: onCross ? (0, 1, 1) : (1, 0, 1))
                }
            }
        }
        return (stamped, mask)
    }

    private func origin(height: Int, width: Int) -> (top: Int, left: Int) {
        let margin = 1
        switch corner {
        case .topLeft: return (margin, margin)
        case .topRight: return (margin, width - size - margin)
        case .bottomLeft: return (height - size - margin, margin)
        case .bottomRight: return (height - size - margin, width - size - margin)
        }
    }
}
