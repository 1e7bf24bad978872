import Imaging
import Networks
import Tensor

/// RISE (Petsiuk et al. 2018): random smooth masks weighted by the class probability of the masked
/// image, S = Σ_k p_c(x ⊙ M_k) M_k / (N·p). Masks: a coarse random binary grid, upsampled
/// bilinearly to (cells + 1) cells' size and randomly shifted by up to one cell.
public struct RISE: AttributionMethod {
    public var masks: Int
    /// Grid cells per side.
    public var cells: Int
    /// The probability that a grid cell is kept.
    public var probability: Float
    public var seed: UInt64
    /// What a masked-out pixel becomes.
    public var baseline: Baseline

    public init(masks: Int = 2000, cells: Int = 8, probability: Float = 0.5, seed: UInt64 = 0, baseline: Baseline = .zeros) {
        self.masks = masks
        self.cells = cells
        self.probability = probability
        self.seed = seed
        self.baseline = baseline
    }

    public var name: String { "rise" }
    public var parameters: [String: String] {
        ["masks": String(masks), "cells": String(cells), "probability": String(probability), "seed": String(seed),
         "baseline": baseline.name]
    }

    /// The masks for inputs of `height`×`width`, masks×H×W in [0, 1].
    public func maskSet(height: Int, width: Int) throws -> Tensor {
        var stream = try MaskStream(self, height: height, width: width)
        return try Tensor(shape: [masks, height, width], scalars: stream.next(masks))
    }

    /// The masks in the order the seed gives them, made a chunk at a time: a hundred thousand masks of
    /// a 224² input would take 20 GB at once, and the first chunk could not be interrupted.
    struct MaskStream {
        let method: RISE
        let height: Int, width: Int
        private var generator: SeededGenerator

        init(_ method: RISE, height: Int, width: Int) throws {
            guard method.masks >= 1, method.cells >= 1, method.probability > 0, method.probability <= 1 else {
                throw AttributionError.invalidArgument("RISE needs masks ≥ 1, cells ≥ 1 and 0 < p ≤ 1")
            }
            (self.method, self.height, self.width) = (method, height, width)
            generator = SeededGenerator(seed: method.seed)
        }

        /// The next `count` masks, count×H×W scalars.
        mutating func next(_ count: Int) throws -> [Float] {
            let cells = method.cells
            let cellHeight = (height + cells - 1) / cells, cellWidth = (width + cells - 1) / cells
            let (upHeight, upWidth) = ((cells + 1) * cellHeight, (cells + 1) * cellWidth)
            var scalars: [Float] = []
            scalars.reserveCapacity(count * height * width)
            for _ in 0..<count {
                let grid = (0..<(cells * cells)).map { _ in generator.nextUniform() < method.probability ? Float(1) : 0 }
                let smooth = try Tensor(shape: [cells, cells], scalars: grid).resizedBilinear(height: upHeight, width: upWidth)
                let shiftY = Int(generator.next() % UInt64(cellHeight)), shiftX = Int(generator.next() % UInt64(cellWidth))
                for row in 0..<height {
                    let start = (row + shiftY) * upWidth + shiftX
                    scalars += smooth.scalars[start..<(start + width)]
                }
            }
            return scalars
        }
    }

    public func attribute(_ inputs: Tensor, targets: [Int], model: Network, progress: Progress) throws -> Tensor {
        guard inputs.rank == 4 else { throw AttributionError.shapeMismatch("RISE needs N×C×H×W inputs, got \(inputs.shape)") }
        let (channels, height, width) = (inputs.shape[1], inputs.shape[2], inputs.shape[3])
        let references = try baseline.tensor(for: inputs)
        let (plane, size) = (height * width, channels * height * width)
        var result = Tensor(shape: inputs.shape)
        for item in 0..<inputs.batchCount {
            var saliency = [Float](repeating: 0, count: plane)
            var stream = try MaskStream(self, height: height, width: width)
            for range in Tensor.chunks(of: masks, size: 64) {
                try progress.checkCancellation()
                let chunk = try stream.next(range.count)
                var batch: [Float] = []
                batch.reserveCapacity(range.count * size)
                for mask in 0..<range.count {
                    for channel in 0..<channels {
                        for pixel in 0..<plane {
                            let m = chunk[mask * plane + pixel]
                            let index = item * size + channel * plane + pixel
                            batch.append(inputs.scalars[index] * m + references.scalars[index] * (1 - m))
                        }
                    }
                }
                let probabilities = try model.forward(Tensor(shape: [range.count, channels, height, width], scalars: batch))
                    .softmax(alongAxis: -1)
                let classes = probabilities.shape[1]
                for mask in 0..<range.count {
                    let weight = probabilities.scalars[mask * classes + targets[item]]
                    for pixel in 0..<plane { saliency[pixel] += weight * chunk[mask * plane + pixel] }
                }
                progress.report((Double(item) + Double(range.upperBound) / Double(masks)) / Double(inputs.batchCount), "RISE masks")
            }
            let scale = 1 / (Float(masks) * probability)
            for channel in 0..<channels {
                for pixel in 0..<plane { result.scalars[item * size + channel * plane + pixel] = saliency[pixel] * scale }
            }
        }
        return result
    }
}
