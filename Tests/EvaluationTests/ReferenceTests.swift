import Evaluation
import Foundation
import Tensor
import Testing

/// Metrics against scipy and scikit-image on the maps of tools/make_evaluation_references.py.
@Suite struct ReferenceTests {
    struct References: Decodable {
        struct Comparison: Decodable {
            let first: String, second: String
            let spearman_absolute: Double, spearman_signed: Double, ssim: Double, hog: Double
        }
        struct CurveModel: Decodable {
            let weights_times_32: [Int], image_times_255: [Int], logit_scale: Double, shape: [Int]
        }
        struct Curve: Decodable {
            let kind: String, substitute: String, pixels_per_step: Int, scores: [Double], auc: Double
        }
        let maps: [String: String]
        let map_shape: [Int]
        let comparisons: [Comparison]
        let hog_features_base: [Double]
        let curve_model: CurveModel
        let curves: [Curve]
    }

    let references: References

    init() throws {
        let url = try #require(Bundle.module.url(forResource: "references", withExtension: "json", subdirectory: "Fixtures"))
        references = try JSONDecoder().decode(References.self, from: Data(contentsOf: url))
    }

    func map(_ name: String) throws -> Tensor {
        let bytes = try #require(Data(base64Encoded: references.maps[name] ?? ""))
        return try Tensor(shape: references.map_shape, scalars: bytes.map { (Float($0) - 128) / 32 })
    }

    @Test func rankCorrelationMatchesScipy() throws {
        for reference in references.comparisons {
            let (a, b) = (try map(reference.first), try map(reference.second))
            let absolute = try Correlation.spearman(SpatialMap.absoluteNormalized(a).values,
                                                    SpatialMap.absoluteNormalized(b).values)
            let signed = try Correlation.spearman(SpatialMap.signedNormalized(a).values,
                                                  SpatialMap.signedNormalized(b).values)
            #expect(abs(absolute - reference.spearman_absolute) < 1e-9, "\(reference.first)/\(reference.second)")
            #expect(abs(signed - reference.spearman_signed) < 1e-9, "\(reference.first)/\(reference.second)")
        }
    }

    @Test func structuralSimilarityMatchesScikitImage() throws {
        for reference in references.comparisons {
            let ssim = try StructuralSimilarity.index(SpatialMap.absoluteNormalized(map(reference.first)),
                                                      SpatialMap.absoluteNormalized(map(reference.second)))
            #expect(abs(ssim - reference.ssim) < 1e-9, "\(reference.first)/\(reference.second): \(ssim) vs \(reference.ssim)")
        }
    }

    @Test func hogFeaturesAndSimilarityMatchScikitImage() throws {
        let hog = HistogramOfOrientedGradients()
        let features = try hog.features(of: SpatialMap.absoluteNormalized(map("base")))
        #expect(features.count == references.hog_features_base.count)
        let worst = zip(features, references.hog_features_base).map { abs($0 - $1) }.max() ?? .infinity
        // scikit-image accumulates cell histograms in float32.
        #expect(worst < 1e-5)
        for reference in references.comparisons {
            let similarity = try hog.similarity(SpatialMap.absoluteNormalized(map(reference.first)),
                                                SpatialMap.absoluteNormalized(map(reference.second)))
            #expect(abs(similarity - reference.hog) < 1e-5, "\(reference.first)/\(reference.second)")
        }
    }

    @Test func deletionAndInsertionCurvesMatchTheReferenceProcedure() throws {
        let model = references.curve_model
        let weights = model.weights_times_32.map { Float($0) / 32 }
        let image = try Tensor(shape: model.shape, scalars: model.image_times_255.map { Float($0) / 255 })
        let saliency = try Tensor(shape: model.shape, scalars: zip(weights, image.scalars).map(*))
        let score: (Tensor) throws -> [Float] = { batch in
            (0..<batch.shape[0]).map { item in
                let pixels = batch.scalars[(item * weights.count)..<((item + 1) * weights.count)]
                let logit = zip(weights, pixels).reduce(0.0) { $0 + Double($1.0) * Double($1.1) } * model.logit_scale
                return Float(1 / (1 + exp(-logit)))
            }
        }
        for reference in references.curves {
            let substitute: PerturbationCurve.Substitute = reference.substitute == "black" ? .black : .blur(sigma: 5)
            let curve = try PerturbationCurve.measure(
                PerturbationCurve.Kind(rawValue: reference.kind)!, image: image, map: saliency, substitute: substitute,
                pixelsPerStep: reference.pixels_per_step, batchSize: 7, score: score)
            #expect(curve.scores.count == reference.scores.count)
            let worst = zip(curve.scores, reference.scores).map { abs($0 - $1) }.max() ?? .infinity
            #expect(worst < 1e-5, "\(reference.kind) on \(reference.substitute)")
            #expect(abs(curve.areaUnderCurve - reference.auc) < 1e-5)
            #expect(curve.fractions.first == 0 && curve.fractions.last == 1)
        }
    }
}
