import Attribution
import Foundation
import Tensor
import Testing

@Suite struct InputAgnosticSaliencyTests {
    let twoClasses = LinearClassifier(inputShape: [1, 6, 6], classes: 2, seed: 7)

    func parameters(_ configure: (inout InputAgnosticParameters) -> Void = { _ in }) -> InputAgnosticParameters {
        var parameters = InputAgnosticParameters()
        parameters.iterations = 60
        parameters.samplesPerIteration = 8
        parameters.restarts = 2
        parameters.fidelitySamples = 64
        configure(&parameters)
        return parameters
    }

    var separatingDirection: [Float] {
        zip(twoClasses.weights[1], twoClasses.weights[0]).map { $0 - $1 }
    }

    @Test func onALinearModelTheMapPointsFromTheOtherClassToTheTarget() throws {
        // −∇J is parallel to w_ℓ − w_other for every sample, so plain integration must find it.
        let map = try InputAgnosticSaliency(parameters: parameters()).map(of: 1, model: twoClasses)
        #expect(cosine(map.rawPerturbation.scalars, separatingDirection) >= 0.99)
    }

    @Test func withMomentsTheUpdateFollowsTheSignOfTheDirection() throws {
        // Dividing by √v makes each element's step ±λ: the signal converges to sign(w_ℓ − w_other).
        let map = try InputAgnosticSaliency(parameters: parameters { $0.moments = true }).map(of: 1, model: twoClasses)
        #expect(cosine(map.rawPerturbation.scalars, separatingDirection.map { $0 > 0 ? 1 : -1 }) >= 0.99)
    }

    @Test(arguments: [(NormBound.Norm.l2, NormBound.Surface.sphere), (.l2, .ball), (.infinity, .ball), (.infinity, .sphere)])
    func theSignalStaysOnItsNormBoundedSurface(norm: NormBound.Norm, surface: NormBound.Surface) throws {
        let method = InputAgnosticSaliency(parameters: parameters { $0.norm = norm; $0.surface = surface; $0.bound = 0.5 })
        let map = try method.map(of: 0, model: twoClasses)
        let bound = NormBound(norm: norm, surface: surface, bound: 0.5)
        for signal in [map.rawPerturbation.scalars, map.perturbation.scalars] {
            let size = bound.norm(of: signal)
            if surface == .sphere {
                #expect(abs(size - 0.5) <= 0.5 * 1e-5)
            } else {
                #expect(size <= 0.5 * (1 + 1e-6))
            }
        }
        #expect(map.image.scalars.allSatisfy { (0...1).contains($0) })
    }

    @Test func theSameSeedGivesTheSameMap() throws {
        let model = LinearClassifier(inputShape: [3, 4, 4], classes: 4, seed: 3)
        let method = InputAgnosticSaliency(parameters: parameters { $0.seed = 11 })
        let first = try method.map(of: 2, model: model)
        let second = try method.map(of: 2, model: model)
        #expect(first.perturbation == second.perturbation)
        #expect(first.fidelity == second.fidelity)
    }

    @Test func theMapSendsHeldOutSamplesToItsClass() throws {
        // Class 3 starts unlikely (bias −2), yet its map, added to fresh noise, fools the model.
        let model = LinearClassifier(inputShape: [3, 4, 4], classes: 4, seed: 5, biases: [0, 0, 0, -2])
        let map = try InputAgnosticSaliency(parameters: parameters()).map(of: 3, model: model)
        #expect(map.baselineFoolingRate < 0.3)
        #expect(map.fidelity >= 0.9)
        #expect(map.parameters.bound == 0.15 * Float(48).squareRoot())
    }

    @Test func anInterruptStopsTheComputation() throws {
        let method = InputAgnosticSaliency(parameters: parameters())
        let progress = Progress(isCancelled: { true })
        #expect(throws: AttributionError.cancelled) { try method.map(of: 0, model: twoClasses, progress: progress) }
    }

    @Test func badRequestsAreClearErrors() throws {
        let method = InputAgnosticSaliency(parameters: parameters())
        let error = #expect(throws: AttributionError.self) { try method.map(of: 2, model: twoClasses) }
        #expect(error?.description.contains("0…1") == true)
        #expect(throws: AttributionError.self) {
            try InputAgnosticSaliency(parameters: parameters { $0.iterations = 0 }).map(of: 0, model: twoClasses)
        }
        #expect(throws: AttributionError.self) {
            try InputAgnosticSaliency(parameters: parameters { $0.distribution = .images(Tensor(shape: [2, 3, 6, 6])) })
                .map(of: 0, model: twoClasses)
        }
    }
}
