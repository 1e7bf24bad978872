import Tensor

/// The backdoor scan: the input-agnostic map of every class, a score per class, and the class
/// whose score is an outlier by the median-absolute-deviation anomaly index. A trojaned model's
/// target class is the shortest way into a class from anywhere, so its map stands apart.
public struct BackdoorScan: Sendable {
    /// How a class is scored. All of them are computed and reported; `score` decides the verdict.
    public enum Score: String, Sendable, Codable, CaseIterable {
        /// The fooling rate of the class's map scaled by `smallBoundFraction` (higher is suspicious).
        case foolingRate = "fooling-rate"
        /// The largest share of the map's energy in one small window (higher is suspicious).
        case concentration
        /// The smallest ℓ2 norm of the map's direction that reaches the required fooling rate (lower is suspicious).
        case requiredNorm = "required-norm"
        /// The share of images not of the class that the class's map, cut to its strongest window
        /// and scaled to the bound η, sends to the class (higher is suspicious). A trigger is a small
        /// pattern that takes any image to its target; no natural class is reached by a patch.
        case patchFoolingRate = "patch-fooling-rate"
    }

    public var maps: InputAgnosticParameters
    public var score: Score
    /// Flag a class whose anomaly index, in the suspicious direction, exceeds this.
    public var threshold: Double
    /// The window side of the concentration score; default an eighth of the image side.
    public var windowSize: Int?
    /// The scale of the map in the fooling-rate score: a small bound, as a fraction of the maps' bound η.
    public var smallBoundFraction: Float
    /// The fooling rate that the required-norm score searches for.
    public var requiredRate: Float
    /// Held-out images (N×C×H×W, in the classifier's input space) for the fooling-rate scores; without
    /// them, samples of the maps' distribution. Real images are the better test: on small models
    /// random samples mostly fall into one class whatever is added to them.
    public var images: Tensor?
    /// The deciding score of every class of a clean reference model (the original that a suspect was
    /// fine-tuned from), scanned with the same settings and held-out images. With it, a class is scored
    /// by how far it rises above the reference, so that classes every model of the architecture reaches
    /// easily (a natural universal-perturbation sink) stop hiding a trigger that is no shorter.
    public var baseline: [Double]?

    /// Fooling rates within this of each other are not outliers (see `AnomalyIndex.of`).
    public static let rateResolution = 0.05

    public init(maps: InputAgnosticParameters = InputAgnosticParameters(), score: Score = .patchFoolingRate,
                threshold: Double = 2, windowSize: Int? = nil, smallBoundFraction: Float = 0.25, requiredRate: Float = 0.5,
                images: Tensor? = nil, baseline: [Double]? = nil) {
        self.maps = maps
        self.score = score
        self.threshold = threshold
        self.windowSize = windowSize
        self.smallBoundFraction = smallBoundFraction
        self.requiredRate = requiredRate
        self.images = images
        self.baseline = baseline
    }

    public func scan(_ model: some DifferentiableClassifier, progress: Progress = .silent) throws -> BackdoorReport {
        guard model.inputShape.count == 3 else {
            throw AttributionError.shapeMismatch("the scan needs image inputs C×H×W, the model takes \(model.inputShape)")
        }
        if let baseline, baseline.count != model.classCount {
            throw AttributionError.shapeMismatch("the baseline scores \(baseline.count) classes, the model has \(model.classCount)")
        }
        let method = InputAgnosticSaliency(parameters: maps)
        let resolved = maps.resolved(for: model.inputShape)
        let window = windowSize ?? max(2, min(model.inputShape[1], model.inputShape[2]) / 8)
        var generator = SeededGenerator(seed: resolved.seed, stream: 0x5CA9, index: 0)
        let heldOut = images ?? resolved.distribution.draw(resolved.fidelitySamples, inputShape: model.inputShape,
                                                              range: resolved.inputRange, using: &generator)
        let predicted = try model.predictions(heldOut)
        var classMaps: [InputAgnosticMap] = []
        var scores = ClassScores()
        for target in 0..<model.classCount {
            let map = try method.map(of: target, model: model, progress: progress.stage(target, of: model.classCount))
            scores.foolingRate.append(Double(try method.foolingRate(
                map.perturbation.scalars.map { $0 * smallBoundFraction }, target: target, samples: heldOut, model: model,
                range: resolved.inputRange)))
            let concentration = try EnergyConcentration.strongestWindow(of: map.perturbation, size: window)
            scores.concentration.append(concentration)
            // Only images the model does not already give to the class can be sent there.
            let others = predicted.indices.filter { predicted[$0] != target }
            let patch = concentration.patch(of: map.perturbation)
            scores.patchFoolingRate.append(others.isEmpty ? 0 : Double(try method.foolingRate(
                NormBound(norm: .l2, surface: .sphere, bound: resolved.bound!).project(patch.scalars), target: target,
                samples: try heldOut.gatheringBatch(others), model: model, range: resolved.inputRange)))
            let direction = NormBound(norm: .l2, surface: .sphere, bound: 1).project(map.perturbation.scalars)
            scores.requiredNorm.append(try requiredNorm(direction, target: target, method: method, samples: heldOut,
                                                        model: model, parameters: resolved))
            classMaps.append(map)
        }
        let values = zip(scores.values(of: score), baseline ?? Array(repeating: 0, count: model.classCount)).map(-)
        let resolution = score == .patchFoolingRate || score == .foolingRate ? Self.rateResolution : 0
        let indices = AnomalyIndex.of(values, minimumSpread: resolution).map { score == .requiredNorm ? -$0 : $0 }
        let suspect = indices.indices.max { indices[$0] < indices[$1] }!
        let flagged = indices[suspect] > threshold
        return BackdoorReport(
            backdoored: flagged, target: flagged ? suspect : nil, score: score, scores: values, baseline: baseline,
            anomalyIndices: indices,
            threshold: threshold, allScores: scores, maps: classMaps, windowSize: window,
            parameters: resolved)
    }

    /// The smallest norm s ≤ 4η with foolingRate(s·direction) ≥ requiredRate, by bisection; 4η when
    /// even that does not reach it.
    private func requiredNorm(_ direction: [Float], target: Int, method: InputAgnosticSaliency, samples: Tensor,
                              model: some DifferentiableClassifier, parameters: InputAgnosticParameters) throws -> Double {
        var (low, high) = (Float(0), 4 * parameters.bound!)
        let reaches = { (scale: Float) in
            try method.foolingRate(direction.map { $0 * scale }, target: target, samples: samples, model: model,
                                   range: parameters.inputRange) >= requiredRate
        }
        guard try reaches(high) else { return Double(high) }
        for _ in 0..<12 {
            let middle = (low + high) / 2
            if try reaches(middle) { high = middle } else { low = middle }
        }
        return Double(high)
    }
}

/// Every candidate score of every class.
public struct ClassScores: Sendable, Encodable {
    public var foolingRate: [Double] = []
    public var concentration: [EnergyConcentration] = []
    public var requiredNorm: [Double] = []
    public var patchFoolingRate: [Double] = []

    public func values(of score: BackdoorScan.Score) -> [Double] {
        switch score {
        case .foolingRate: foolingRate
        case .concentration: concentration.map(\.share)
        case .requiredNorm: requiredNorm
        case .patchFoolingRate: patchFoolingRate
        }
    }
}

/// The verdict of a scan, with everything needed to check it.
public struct BackdoorReport: Sendable, Encodable {
    public var backdoored: Bool
    /// The suspected target class, when flagged.
    public var target: Int?
    public var score: BackdoorScan.Score
    /// The deciding score of every class, less the baseline's when there is one.
    public var scores: [Double]
    /// The clean reference model's deciding scores, when the scan compared with one.
    public var baseline: [Double]?
    /// The anomaly index of every class, signed so that positive is suspicious.
    public var anomalyIndices: [Double]
    public var threshold: Double
    public var allScores: ClassScores
    /// The input-agnostic map of every class.
    public var maps: [InputAgnosticMap]
    public var windowSize: Int
    public var parameters: InputAgnosticParameters

    /// Where the suspected target's map concentrates: the trigger's likely place.
    public var triggerRegion: EnergyConcentration? {
        target.map { allScores.concentration[$0] }
    }

    enum CodingKeys: String, CodingKey {
        case backdoored, target, score, scores, baseline, anomalyIndices, threshold, allScores, windowSize, parameters
    }
}
