import Attribution

/// The classes a target picker offers: the model's top `count` predictions for the image first (with
/// their probabilities), then every class in order, so any class is a click away.
struct TargetChoices: Sendable {
    let labels: [String]
    /// The class index of each label.
    let classes: [Int]

    init(image: ImageValue, model: ModelValue, count: Int = 5) throws {
        let probabilities = try model.network.forward(image.tensor).softmax(alongAxis: 1).scalars
        let top = Array(probabilities.indices.sorted { probabilities[$0] > probabilities[$1] }.prefix(count))
        classes = top + probabilities.indices
        labels = top.enumerated().map { rank, index in "\(rank + 1). \(model.label(index)) · \(String(format: "%.2f", probabilities[index]))" }
            + probabilities.indices.map { model.label($0) }
    }
}
