import Tensor

/// What one epoch of training reports.
public struct EpochReport: Sendable, Equatable {
    public var epoch: Int
    public var meanLoss: Float
    public var accuracy: Float
}

extension Network {
    /// One optimizer step on a mini-batch: training-mode forward, cross-entropy, backward to the
    /// parameters, update, and the running statistics of stateful operators moved. Returns the loss
    /// and how many rows were classified right.
    public mutating func trainingStep(_ batch: Tensor, labels: [Int], optimizer: inout some Optimizer,
                                      seed: UInt64) throws -> (loss: Float, correct: Int) {
        let mode = ExecutionMode.training(seed: seed)
        let trace = try trace(batch, mode: mode)
        let logits = try trace.value(outputs[0])
        let objective = try CrossEntropy(logits: logits, labels: labels)
        let gradients = try backward(trace, seed: objective.gradient, parameterGradients: true)
        try optimizer.update(&parameters, gradients: gradients.parameters)
        for node in nodes {
            guard let stateful = node.op as? any StatefulOperator else { continue }
            let inputs = try node.presentInputs.map(trace.value)
            for (position, value) in try stateful.updatedState(inputs) where parameters[node.presentInputs[position]] != nil {
                parameters[node.presentInputs[position]] = value
            }
        }
        let correct = zip(logits.argmaxAlongLastAxis(), labels).filter { $0 == $1 }.count
        return (objective.loss, correct)
    }

    /// Trains for `epochs` over `inputs`/`labels` in shuffled mini-batches; the seed fixes the
    /// shuffling and the dropout masks, so a run can be repeated exactly.
    public mutating func train(inputs: Tensor, labels: [Int], epochs: Int, batchSize: Int,
                               optimizer: inout some Optimizer, seed: UInt64,
                               onEpoch: (EpochReport) -> Void = { _ in }) throws {
        guard inputs.batchCount == labels.count, !labels.isEmpty else {
            throw NetworkError.invalidInput("\(inputs.batchCount) inputs but \(labels.count) labels")
        }
        var generator = SeededGenerator(seed: seed)
        for epoch in 0..<epochs {
            var order = Array(0..<labels.count)
            order.shuffle(using: &generator)
            var (totalLoss, correct) = (Float(0), 0)
            for range in Tensor.chunks(of: order.count, size: batchSize) {
                let indices = Array(order[range])
                let step = try trainingStep(try inputs.gatheringBatch(indices), labels: indices.map { labels[$0] },
                                            optimizer: &optimizer, seed: generator.next())
                totalLoss += step.loss * Float(indices.count)
                correct += step.correct
            }
            onEpoch(EpochReport(epoch: epoch, meanLoss: totalLoss / Float(labels.count),
                                accuracy: Float(correct) / Float(labels.count)))
        }
    }
}
