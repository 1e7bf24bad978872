import Attribution
import Foundation
import JupyterKernel
import Tensor

/// What `%backdoor scan --models` runs on every model of a zoo: the verdict or Neural Cleanse, set from
/// the line once (so a bad option fails before the first model), with one seed for every model: a
/// model's numbers depend on the model, the images and the seed alone, not on its place in the folder,
/// so a model added to the zoo changes no other model's verdict, and `%backdoor scan --model M` of one
/// model gives the numbers the zoo's scan gave it.
enum BackdoorDetector: Sendable {
    case verdict(BackdoorVerdict)
    case neuralCleanse(NeuralCleanse)

    init(method: String, arguments: Arguments, settings: Settings) throws {
        self = method == "neural-cleanse" ? .neuralCleanse(try NeuralCleanseScan.configured(arguments, settings: settings))
                                          : .verdict(try VerdictScan.configured(arguments, settings: settings))
    }

    var method: String {
        switch self {
        case .verdict: "verdict"
        case .neuralCleanse: "neural-cleanse"
        }
    }

    var seed: UInt64 {
        switch self {
        case .verdict(let verdict): verdict.seed
        case .neuralCleanse(let cleanse): cleanse.seed
        }
    }

    var parameters: JSONObject {
        switch self {
        case .verdict(let verdict):
            ["iterations": .number(Double(verdict.iterations)), "samples_per_iteration": .number(Double(verdict.samplesPerIteration)),
             "seed": .number(Double(verdict.seed)), "universal_bound": .number(Double(verdict.universalBound)),
             "stamp_steps": .number(Double(verdict.stampSearch.steps)), "stamp_batch": .number(Double(verdict.stampSearch.batchSize)),
             "readings": .array(verdict.readings.map { .string($0.name) })]
        case .neuralCleanse(let cleanse):
            ["steps": .number(Double(cleanse.steps)), "batch": .number(Double(cleanse.batchSize)), "seed": .number(Double(cleanse.seed))]
        }
    }

    /// The options both detectors read: `--seed` (default the session's), `--batch`, `--threshold`.
    struct SharedOptions {
        var seed: UInt64
        var batch: Int?
        var threshold: Double?

        init(_ arguments: Arguments, settings: Settings) throws {
            seed = try arguments.number("seed", range: 0...9e15).map { UInt64($0) } ?? settings.seed
            batch = try arguments.number("batch", range: 1...4096).map { Int($0) }
            threshold = try arguments.number("threshold", range: 0...100)
        }
    }

    /// One model's verdict, the class it suspects, and what made it.
    struct Finding: Sendable {
        var flagged: Bool
        var target: Int?
        var suspect: Int
        /// The suspect's score: the verdict's calibrated score, Neural Cleanse's anomaly index.
        var score: Double
        /// The verdict's reading that fired for the suspect; Neural Cleanse's smallest mask.
        var evidence: String
        var scores: [Double]
        var threshold: Double
    }

    func scan(_ model: ModelValue, images: Tensor, reference: PixelSpaceClassifier?, progress: Attribution.Progress) throws -> Finding {
        let classifier = try PixelSpaceClassifier(model)
        switch self {
        case .verdict(let verdict):
            let report = try verdict.scan(classifier, images: images, reference: reference, progress: progress)
            return Finding(flagged: report.backdoored, target: report.target, suspect: report.suspect, score: report.anomaly,
                           evidence: report.readings[report.firingReading[report.suspect]].reading.name, scores: report.scores,
                           threshold: report.threshold)
        case .neuralCleanse(let cleanse):
            let report = try cleanse.scan(classifier, images: images, progress: progress)
            let indices = report.anomalyIndices
            let suspect = indices.indices.max { indices[$0] < indices[$1] }!
            return Finding(flagged: report.backdoored, target: report.target, suspect: suspect, score: indices[suspect],
                           evidence: String(format: "mask ℓ1 norm %.1f", report.triggers[suspect].maskNorm), scores: indices,
                           threshold: report.threshold)
        }
    }
}
