import Networks
import Tensor

/// VAR over any base method (Walter, Vreeken & Fischer 2025): the base maps of the competing
/// classes of each input, computed in one batched call, combined by `ClassCompetition`.
public struct VAR: AttributionMethod {
    /// Which classes compete for an input.
    public enum Classes: Sendable, Equatable {
        /// The top-k predicted classes and the least likely one (the target replaces the last top-k
        /// entry when missing).
        case automatic(topK: Int)
        /// The same given classes for every input (the cells of a GridPG mosaic).
        case given([Int])
    }

    public var base: any AttributionMethod
    public var competition: ClassCompetition
    public var classes: Classes

    public init(_ base: any AttributionMethod, competition: ClassCompetition = ClassCompetition(),
                classes: Classes = .automatic(topK: 2)) {
        self.base = base
        self.competition = competition
        self.classes = classes
    }

    public var name: String { "var(\(base.name))" }
    public var parameters: [String: String] {
        var result = base.parameters.merging([
            "base": base.name, "temperature": String(competition.temperature), "threshold": String(competition.threshold),
            "score": competition.score.rawValue, "normalization": competition.normalization.rawValue,
        ]) { $1 }
        switch classes {
        case .automatic(let topK): result["classes"] = "top-\(topK) and the least likely"
        case .given(let given): result["classes"] = given.map(String.init).joined(separator: ",")
        }
        return result
    }

    public func attribute(_ inputs: Tensor, targets: [Int], model: Network, progress: Progress) throws -> Tensor {
        let competitors = try competingClasses(inputs, targets: targets, model: model)
        let size = inputs.count / max(1, inputs.batchCount)
        let item = { (index: Int) in inputs.scalars[(index * size)..<((index + 1) * size)] }
        // One base map per distinct (input, class): a GridPG mosaic comes once per cell, and its
        // cells' classes compete in every one, so the paper computes their maps once and shares them.
        var pairs: [(item: Int, label: Int)] = []
        var rows: [[Int]] = []
        for (index, entry) in competitors.enumerated() {
            let source = (0..<index).first { item($0) == item(index) } ?? index
            rows.append(entry.classes.map { label in
                if let row = pairs.firstIndex(where: { $0.item == source && $0.label == label }) { return row }
                pairs.append((source, label))
                return pairs.count - 1
            })
        }
        let stacked = pairs.flatMap { item($0.item) }
        var maps = try base.attribute(Tensor(shape: [pairs.count] + inputs.shape.dropFirst(), scalars: stacked),
                                      targets: pairs.map(\.label), model: model, progress: progress)
        if inputs.rank == 4, maps.rank == 4, maps.shape[2] != inputs.shape[2] || maps.shape[3] != inputs.shape[3] {
            maps = try ClassActivationMapping.upsampled(maps, height: inputs.shape[2], width: inputs.shape[3])
        }
        let combined = try zip(competitors, rows).map { entry, rows in
            try competition.combine(try rows.map { try maps.batch($0..<($0 + 1)) }, targetPosition: entry.targetPosition)
        }
        return try Tensor.concatenated(combined, alongAxis: 0)
    }

    /// The competing classes of every input and the target's position among them.
    public func competingClasses(_ inputs: Tensor, targets: [Int], model: Network) throws -> [(classes: [Int], targetPosition: Int)] {
        switch classes {
        case .given(let given):
            return try targets.map { target in
                guard let position = given.firstIndex(of: target) else {
                    throw AttributionError.invalidArgument("target \(target) is not among the competing classes \(given)")
                }
                return (given, position)
            }
        case .automatic(let topK):
            let logits = try model.forward(inputs, chunkSize: 64)
            let classCount = logits.shape[1]
            return try targets.enumerated().map { item, target in
                try ClassCompetition.competingClasses(
                    scores: Array(logits.scalars[(item * classCount)..<((item + 1) * classCount)]), target: target, topK: topK)
            }
        }
    }
}
