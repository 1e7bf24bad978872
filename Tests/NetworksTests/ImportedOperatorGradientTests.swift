import Networks
import Testing
import Tensor

/// Finite-difference checks for the operators the ONNX importer added: Gather and Expand.
@Suite struct ImportedOperatorGradientTests {
    let check = GradientCheck()

    @Test func gatherWithRepeatedAndNegativeIndices() throws {
        let x = sample([2, 4, 3], seed: 70)
        let op = Gather(axis: 1, indices: [0, -1, 0, 2], indicesShape: [2, 2])
        try check.verify(op, [x])
        let output = try op.forward([x], mode: .inference)[0]
        #expect(output.shape == [2, 2, 2, 3])
        // Output [0, 0, 1, :] is x[0, 3, :] (index -1).
        #expect(Array(output.scalars[3..<6]) == Array(x.scalars[9..<12]))
    }

    @Test func gatherOfAScalarIndexDropsTheAxis() throws {
        let x = sample([2, 5, 3], seed: 71)
        let output = try Gather(axis: 1, indices: [0], indicesShape: []).forward([x], mode: .inference)[0]
        #expect(output.shape == [2, 3])
        #expect(throws: TensorError.self) { try Gather(axis: 1, indices: [5], indicesShape: []).forward([x], mode: .inference) }
    }

    @Test func expandToAFixedShapeAndToTheRunTimeBatch() throws {
        try check.verify(Expand(shape: [3, 1, 4]), [sample([2, 1], seed: 72)])
        let token = sample([1, 1, 4], seed: 73)
        let batch = sample([5, 2, 4], seed: 74)
        let op = Expand(shape: [-1, 1, 1], batchAxes: [0])
        let output = try op.forward([token, batch], mode: .inference)[0]
        #expect(output.shape == [5, 1, 4])
        try check.verify(op, [token, batch], checked: [0])
        let gradients = try op.backward(OperatorPass(inputs: [token, batch], outputs: [output], needsGradient: [true, true],
                                                     mode: .inference), outputGradients: [output])
        #expect(gradients[1] == Tensor(shape: [5, 2, 4]))
    }
}
