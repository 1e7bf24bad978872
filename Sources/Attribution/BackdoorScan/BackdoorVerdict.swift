import Foundation
import Tensor

/// The one verdict of `%backdoor scan` (issue 24): several readings of the input-agnostic maps, each
/// turned into an anomaly index over the classes and calibrated on the trojan benchmark's seen models,
/// combined into one score per class — the largest calibrated index of any reading — and one decision.
///
/// A user does not know the trigger's kind, size or place, and no single reading finds every kind: a
/// patch trigger shows as a strong small window of the target's map that, cut out and added to images
/// of other classes, sends them to the target (the patch readings); a blend is a faint texture over the
/// whole image that shows as a universal perturbation, bounded per pixel, that reaches the target far
/// more often than any other class (the universal reading). Maps drawn from noise (the seed method) and
/// from the given images find different shortcuts, so both are read.
///
/// With a clean reference model of the same kind, every perturbation is also applied to the reference
/// and the reading becomes how much more often it fools the suspect than the reference: a class that
/// every model of the architecture reaches easily (a natural sink) is reached in the reference too, a
/// trigger is not.
///
/// A patch trigger overwrites pixels, which an added perturbation bounded in ℓ2 imitates poorly; the stamp
/// reading pastes a small optimised pattern instead (trigger inversion of the patch, `StampedPatchSearch`)
/// at the corners and the centre.
public struct BackdoorVerdict: Sendable {
    /// Where a reading's maps come from: ℓ2 maps from uniform noise (the seed method), ℓ2 maps from half
    /// of the given images, or ℓ∞ universal perturbations from them (bounded per pixel, with moments); or,
    /// for the stamp family, no map: patterns pasted over a small window, optimised on the given images.
    public enum Family: String, CaseIterable, Sendable, Codable { case noise, images, universal, stamp }

    /// One way of reading the maps of one family.
    public struct Reading: Sendable, Hashable, Codable {
        public var family: Family
        /// The map cut to its strongest window of side (image side ÷ this) and scaled to `fraction`·η on the
        /// ℓ2 sphere (η the noise maps' bound): a patch. Nil: the whole map, scaled by `fraction`. For the
        /// stamp family, the side of the pasted pattern.
        public var windowDivisor: Int?
        /// A trigger reaches its target with a small patch; a natural class needs a large one. Several
        /// strengths read how small.
        public var fraction: Float
        /// The anomaly index that this reading gives the most anomalous class of a clean model, at the
        /// seen clean models' 90th percentile (alone, and with a reference): the index is divided by it, so
        /// that every reading's calibrated score is 1 where most clean models stop.
        public var scale: Double
        public var referenceScale: Double

        public var name: String {
            family.rawValue + (windowDivisor.map { ":patch-side/\($0)" } ?? ":whole") + (fraction == 1 ? "" : "×\(fraction)")
        }
    }

    /// The readings and their calibrations: `tools/crossvalidate_verdict.py --stamp --fit 0` on the 96 seen models of the
    /// trojan benchmark (the tuning and held-out halves and held-out-2; with the reference, the 66 of the first round,
    /// which alone were scanned with it); the same data give the thresholds below.
    public static let standardReadings: [Reading] = [
        Reading(family: .noise, windowDivisor: 4, fraction: 1, scale: 3.83, referenceScale: 3.28),
        Reading(family: .noise, windowDivisor: 4, fraction: 0.5, scale: 3.35, referenceScale: 3.25),
        Reading(family: .noise, windowDivisor: 4, fraction: 0.25, scale: 5.28, referenceScale: 5.42),
        Reading(family: .noise, windowDivisor: 8, fraction: 1, scale: 7.77, referenceScale: 7.36),
        Reading(family: .noise, windowDivisor: 8, fraction: 0.5, scale: 7.13, referenceScale: 6.63),
        Reading(family: .noise, windowDivisor: 8, fraction: 0.25, scale: 4.54, referenceScale: 4.11),
        Reading(family: .images, windowDivisor: 4, fraction: 1, scale: 5.17, referenceScale: 4.46),
        Reading(family: .images, windowDivisor: 4, fraction: 0.5, scale: 6.80, referenceScale: 5.27),
        Reading(family: .images, windowDivisor: 4, fraction: 0.25, scale: 4.72, referenceScale: 4.26),
        Reading(family: .images, windowDivisor: 8, fraction: 1, scale: 9.24, referenceScale: 5.32),
        Reading(family: .images, windowDivisor: 8, fraction: 0.5, scale: 8.06, referenceScale: 5.32),
        Reading(family: .images, windowDivisor: 8, fraction: 0.25, scale: 5.94, referenceScale: 5.54),
        Reading(family: .universal, windowDivisor: nil, fraction: 1, scale: 2.23, referenceScale: 1.99),
        Reading(family: .universal, windowDivisor: nil, fraction: 0.5, scale: 1.00, referenceScale: 1.00),
        Reading(family: .stamp, windowDivisor: 8, fraction: 1, scale: 2.36, referenceScale: 1.95),
    ]

    public var readings = standardReadings
    /// T and b of every map (short: a scan maps every class of every family).
    public var iterations = 30
    public var samplesPerIteration = 16
    public var seed: UInt64 = 0
    /// The ℓ∞ bound of the universal family, in input-range units.
    public var universalBound: Float = 0.04
    /// The stamp family's pattern search (its steps and batch).
    public var stampSearch = StampedPatchSearch()
    /// Flag the model when a class's calibrated score exceeds this; calibrated at the highest score of a clean seen
    /// model (alone, and with a reference): cross-validated on those models, a threshold that flagged a tenth of the
    /// clean training models flagged 14–18 % of the clean test models, the highest clean score 3–6 %.
    public var threshold: Double?
    public static let calibratedThreshold = 1.84
    public static let calibratedReferenceThreshold = 1.88
    /// Rates within this of each other are not outliers: two standard errors of a rate measured on about
    /// a hundred images (the measuring half of 200).
    public static let rateResolution = 0.1
    /// The stamp reading's anomaly indices, on log-odds of its rates: a pasted trigger sends nearly every image to
    /// its target, while the natural classes a small patch reaches stop short of that, and on log-odds the step from
    /// 0.9 to 0.99 counts as much as the one from 0.5 to 0.9. Rates are clamped to [0.01, 0.99] (a rate on about a
    /// hundred images resolves no finer). The rates' resolution is carried to log-odds where the classes sit — at
    /// the median rate m a rate step of 0.1 is a log-odds step of 0.1 / (m(1 − m)) — so that on a strong model whose
    /// classes are almost never reached (m ≈ 0.01), one class reached by half the images is not read as a trigger:
    /// on a fixed floor of log-odds the clean embedded shapes-cnn was flagged for its "cross".
    static func logOddsIndices(_ rates: [Double]) -> [Double] {
        let clamped = rates.map { min(0.99, max(0.01, $0)) }
        let median = AnomalyIndex.median(clamped)
        return AnomalyIndex.of(clamped.map { log($0 / (1 - $0)) }, minimumSpread: rateResolution / (median * (1 - median)))
    }
    public var inputRange: ClosedRange<Float> = 0...1

    public init() {}

    /// The maps' parameters for one family (nil for the stamp family, which draws no map); `samples` are the
    /// images the image families draw from.
    public func parameters(_ family: Family, samples: Tensor) -> InputAgnosticParameters? {
        var parameters = InputAgnosticParameters()
        parameters.iterations = iterations
        parameters.samplesPerIteration = samplesPerIteration
        parameters.seed = seed
        parameters.inputRange = inputRange
        // The maps' own fidelity is not read: a few samples keep its cost small.
        parameters.fidelitySamples = 8
        switch family {
        case .noise: break
        case .images: parameters.distribution = .images(samples)
        case .universal:
            parameters.distribution = .images(samples)
            parameters.norm = .infinity
            parameters.bound = universalBound * (inputRange.upperBound - inputRange.lowerBound)
            parameters.moments = true
        case .stamp: return nil
        }
        return parameters
    }

    /// The verdict on `model`, with held-out clean `images` (N×C×H×W, N ≥ 4): the even-numbered ones
    /// are the image families' samples, the odd-numbered ones measure every reading.
    public func scan(_ model: some DifferentiableClassifier, images: Tensor, reference: (any DifferentiableClassifier)? = nil,
                     progress: Progress = .silent) throws -> BackdoorVerdictReport {
        guard model.inputShape.count == 3 else {
            throw AttributionError.shapeMismatch("the scan needs image inputs C×H×W, the model takes \(model.inputShape)")
        }
        guard images.rank == 4, Array(images.shape.dropFirst()) == model.inputShape, images.shape[0] >= 4 else {
            throw AttributionError.shapeMismatch("the scan needs at least 4 held-out images N×\(model.inputShape), got \(images.shape)")
        }
        if let reference {
            guard reference.inputShape == model.inputShape, reference.classCount == model.classCount else {
                throw AttributionError.shapeMismatch("the reference takes \(reference.inputShape) into \(reference.classCount) classes, "
                                                     + "the model \(model.inputShape) into \(model.classCount)")
            }
        }
        let count = images.shape[0]
        let samples = try images.gatheringBatch(Array(stride(from: 0, to: count, by: 2)))
        let measuring = try images.gatheringBatch(Array(stride(from: 1, to: count, by: 2)))
        let predicted = try model.predictions(measuring)
        let referencePredicted = try reference.map { try $0.predictions(measuring) }
        let side = min(model.inputShape[1], model.inputShape[2])
        let eta = InputAgnosticParameters().resolved(for: model.inputShape).bound! * (inputRange.upperBound - inputRange.lowerBound)
        let families = Family.allCases.filter { family in readings.contains { $0.family == family } }

        var results = readings.map { ReadingResult(reading: $0) }
        for (familyIndex, family) in families.enumerated() {
            let stage = progress.stage(familyIndex, of: families.count)
            guard let parameters = parameters(family, samples: samples) else {
                for index in results.indices where results[index].reading.family == family {
                    results[index].classes = try stampEvidence(for: results[index].reading, side: side, model: model,
                                                               samples: samples, measuring: measuring, predicted: predicted,
                                                               reference: reference, referencePredicted: referencePredicted, progress: stage)
                }
                continue
            }
            let method = InputAgnosticSaliency(parameters: parameters)
            for target in 0..<model.classCount {
                let map = try method.map(of: target, model: model, progress: stage.stage(target, of: model.classCount))
                for index in results.indices where results[index].reading.family == family {
                    let reading = results[index].reading
                    var evidence = ReadingEvidence(perturbation: map.perturbation.scaled(by: reading.fraction), region: nil, rate: 0, referenceRate: nil)
                    if let divisor = reading.windowDivisor {
                        let region = try EnergyConcentration.strongestWindow(of: map.perturbation, size: max(2, side / divisor))
                        evidence.region = region
                        let patch = NormBound(norm: .l2, surface: .sphere, bound: eta * reading.fraction).project(region.patch(of: map.perturbation).scalars)
                        evidence.perturbation = try Tensor(shape: model.inputShape, scalars: patch)
                    }
                    evidence.rate = try rate(of: evidence, target: target, measuring: measuring, predicted: predicted, model: model)
                    if let reference, let referencePredicted {
                        evidence.referenceRate = try rate(of: evidence, target: target, measuring: measuring,
                                                          predicted: referencePredicted, model: reference)
                    }
                    results[index].classes.append(evidence)
                }
            }
        }
        for index in results.indices {
            let values = results[index].classes.map { $0.rate - ($0.referenceRate ?? 0) }
            let scale = reference == nil ? results[index].reading.scale : results[index].reading.referenceScale
            results[index].anomalyIndices = results[index].reading.family == .stamp
                ? Self.logOddsIndices(values)
                : AnomalyIndex.of(values, minimumSpread: Self.rateResolution)
            results[index].calibrated = results[index].anomalyIndices.map { $0 / scale }
        }
        let scores = (0..<model.classCount).map { target in results.map { $0.calibrated[target] }.max()! }
        let firing = (0..<model.classCount).map { target in results.indices.max { results[$0].calibrated[target] < results[$1].calibrated[target] }! }
        let suspect = scores.indices.max { scores[$0] < scores[$1] }!
        let threshold = threshold ?? (reference == nil ? Self.calibratedThreshold : Self.calibratedReferenceThreshold)
        let flagged = scores[suspect] > threshold
        return BackdoorVerdictReport(backdoored: flagged, target: flagged ? suspect : nil, suspect: suspect, scores: scores,
                                     firingReading: firing, threshold: threshold, readings: results, comparedWithReference: reference != nil)
    }

    /// The stamp family's evidence for every class: at each place (the corners, the centre), the pattern optimised
    /// on the samples; the place whose pattern sends the most measuring images to the class is kept (the first of equals).
    func stampEvidence(for reading: Reading, side: Int, model: some DifferentiableClassifier,
                       samples: Tensor, measuring: Tensor, predicted: [Int], reference: (any DifferentiableClassifier)?,
                       referencePredicted: [Int]?, progress: Progress) throws -> [ReadingEvidence] {
        var search = stampSearch
        (search.seed, search.inputRange) = (seed, inputRange)
        let size = max(2, side / (reading.windowDivisor ?? 8))
        let (height, width) = (model.inputShape[1], model.inputShape[2])
        return try (0..<model.classCount).map { target in
            try progress.checkCancellation()
            var best: ReadingEvidence?
            for window in StampedPatchSearch.windows(height: height, width: width, size: size) {
                let pattern = try search.pattern(for: target, in: window, model: model, samples: samples)
                var evidence = ReadingEvidence(perturbation: try StampedPatchSearch.stamp(Tensor(shape: [1] + model.inputShape), pattern: pattern.scalars,
                                                                                          window: window).reshaped(model.inputShape),
                                               region: nil, rate: 0, referenceRate: nil)
                evidence.stamp = window
                evidence.rate = try rate(of: evidence, target: target, measuring: measuring, predicted: predicted, model: model)
                if evidence.rate > best?.rate ?? -1 { best = evidence }
            }
            if let reference, let referencePredicted {
                best!.referenceRate = try rate(of: best!, target: target, measuring: measuring, predicted: referencePredicted, model: reference)
            }
            progress.report(Double(target + 1) / Double(model.classCount), "stamp search, class \(target)")
            return best!
        }
    }

    /// The share of measuring images that the model does not already give to `target` and that the
    /// evidence, applied, sends there.
    func rate(of evidence: ReadingEvidence, target: Int, measuring: Tensor, predicted: [Int], model: some DifferentiableClassifier) throws -> Double {
        let others = predicted.indices.filter { predicted[$0] != target }
        guard !others.isEmpty else { return 0 }
        let shifted = evidence.applied(to: try measuring.gatheringBatch(others), range: inputRange)
        return Double(try model.predictions(shifted).filter { $0 == target }.count) / Double(others.count)
    }
}

/// What one reading saw of one class.
public struct ReadingEvidence: Sendable, Encodable {
    /// The perturbation that was added: the whole map, or its strongest window scaled to η; for a stamp, the
    /// pasted pattern inside its window (zero outside).
    public var perturbation: Tensor
    /// The map's window, for patch readings.
    public var region: EnergyConcentration?
    /// The share of other classes' images it sent to the class, and of the reference's when there is one.
    public var rate: Double
    public var referenceRate: Double?
    /// For the stamp family: the window whose pixels the pattern replaces (instead of being added to them).
    public var stamp: StampedPatchSearch.Window?

    enum CodingKeys: String, CodingKey { case region, rate, referenceRate, stamp }

    /// Where the evidence sits: the stamp's window, or the map's strongest window for a patch reading.
    public var window: StampedPatchSearch.Window? {
        stamp ?? region.map { StampedPatchSearch.Window(top: $0.top, left: $0.left, size: $0.size) }
    }

    /// `images` (N×C×H×W) with the evidence applied: the stamp pasted over its window, or the perturbation added
    /// and clipped to the range.
    public func applied(to images: Tensor, range: ClosedRange<Float>) -> Tensor {
        var result = images
        let size = perturbation.scalars.count
        if let stamp {
            StampedPatchSearch.forEachPixel(in: stamp, shape: perturbation.shape, count: images.shape[0]) { _, index in
                result.scalars[index] = perturbation.scalars[index % size]
            }
            return result
        }
        for index in result.scalars.indices {
            result.scalars[index] = min(range.upperBound, max(range.lowerBound, result.scalars[index] + perturbation.scalars[index % size]))
        }
        return result
    }
}

/// One reading over every class.
public struct ReadingResult: Sendable, Encodable {
    public var reading: BackdoorVerdict.Reading
    public var classes: [ReadingEvidence] = []
    public var anomalyIndices: [Double] = []
    public var calibrated: [Double] = []
}

/// The verdict, with the evidence behind it.
public struct BackdoorVerdictReport: Sendable, Encodable {
    public var backdoored: Bool
    public var target: Int?
    /// The class with the highest score, flagged or not.
    public var suspect: Int
    /// Every class's calibrated score: the largest of its readings' calibrated anomaly indices.
    public var scores: [Double]
    /// For every class, the index in `readings` of the reading that gave its score.
    public var firingReading: [Int]
    public var threshold: Double
    public var readings: [ReadingResult]
    public var comparedWithReference: Bool

    /// The evidence for the suspected class: the reading that fired and what it added.
    public var evidence: (reading: BackdoorVerdict.Reading, seen: ReadingEvidence) {
        let result = readings[firingReading[suspect]]
        return (result.reading, result.classes[suspect])
    }

    /// The model's trojan score: its highest class score.
    public var anomaly: Double { scores[suspect] }
}
