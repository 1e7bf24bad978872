import Networks
import Tensor

/// Occlusion (Zeiler & Fergus 2014) as Captum computes it: slide a window over all channels,
/// replace it by the baseline, and give every pixel the mean score drop of the windows covering it.
public struct Occlusion: AttributionMethod {
    public var window: Int
    public var stride: Int
    public var baseline: Baseline

    public init(window: Int = 8, stride: Int = 4, baseline: Baseline = .zeros) {
        self.window = window
        self.stride = stride
        self.baseline = baseline
    }

    public var name: String { "occlusion" }
    public var parameters: [String: String] { ["window": String(window), "stride": String(stride), "baseline": baseline.name] }

    public func attribute(_ inputs: Tensor, targets: [Int], model: Network, progress: Progress) throws -> Tensor {
        guard inputs.rank == 4 else { throw AttributionError.shapeMismatch("occlusion needs N×C×H×W inputs, got \(inputs.shape)") }
        let (channels, height, width) = (inputs.shape[1], inputs.shape[2], inputs.shape[3])
        guard window >= 1, stride >= 1, window <= min(height, width) else {
            throw AttributionError.invalidArgument("a \(window)-pixel window with stride \(stride) does not fit \(height)×\(width) inputs")
        }
        let references = try baseline.tensor(for: inputs)
        let tops = Array(Swift.stride(from: 0, through: height - window, by: stride))
        let lefts = Array(Swift.stride(from: 0, through: width - window, by: stride))
        let size = channels * height * width
        var result = Tensor(shape: inputs.shape)
        for item in 0..<inputs.batchCount {
            try progress.checkCancellation()
            let original = Array(inputs.scalars[(item * size)..<((item + 1) * size)])
            let reference = Array(references.scalars[(item * size)..<((item + 1) * size)])
            var occluded: [Float] = []
            occluded.reserveCapacity((tops.count * lefts.count + 1) * size)
            occluded += original
            for top in tops {
                for left in lefts {
                    var copy = original
                    for channel in 0..<channels {
                        for row in top..<(top + window) {
                            let start = (channel * height + row) * width + left
                            copy.replaceSubrange(start..<(start + window), with: reference[start..<(start + window)])
                        }
                    }
                    occluded += copy
                }
            }
            let batch = try Tensor(shape: [tops.count * lefts.count + 1, channels, height, width], scalars: occluded)
            let scores = try model.forward(batch, chunkSize: 64)
            let classes = scores.shape[1]
            let full = scores.scalars[targets[item]]
            var total = [Float](repeating: 0, count: height * width)
            var counts = [Float](repeating: 0, count: height * width)
            for (position, (top, left)) in tops.flatMap({ top in lefts.map { (top, $0) } }).enumerated() {
                let drop = full - scores.scalars[(position + 1) * classes + targets[item]]
                for row in top..<(top + window) {
                    for column in left..<(left + window) {
                        total[row * width + column] += drop
                        counts[row * width + column] += 1
                    }
                }
            }
            for channel in 0..<channels {
                for pixel in 0..<(height * width) where counts[pixel] > 0 {
                    result.scalars[item * size + channel * height * width + pixel] = total[pixel] / counts[pixel]
                }
            }
            progress.report(Double(item + 1) / Double(inputs.batchCount), "occlusion")
        }
        return result
    }
}
