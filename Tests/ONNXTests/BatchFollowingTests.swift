import Networks
import ONNX
import Testing
import Tensor

/// Shapes the exporter computed from the batch size follow any batch, not only the probes'.
@Suite struct BatchFollowingTests {
    @Test(arguments: Fixture.all.filter { $0.operators.contains("Shape") })
    func batchOfOneAndOfFiveAgreeWithTheReference(_ fixture: Fixture) throws {
        let network = try ONNXModel.network(contentsOf: fixture.modelURL)
        let input = try fixture.reference("input")
        let logits = try fixture.reference("logits")
        let perImage = input.count / input.shape[0], classes = logits.shape[1]
        let first = try Tensor(shape: [1] + input.shape.dropFirst(), scalars: Array(input.scalars[..<perImage]))
        let single = try network.forward(first)
        #expect(relativeDifference(single, try Tensor(shape: [1, classes], scalars: Array(logits.scalars[..<classes]))) <= 1e-4)
        // Five images: the two references, then the first three again.
        let five = try Tensor(shape: [5] + input.shape.dropFirst(), scalars: input.scalars + input.scalars + Array(input.scalars[..<perImage]))
        let expected = try Tensor(shape: [5, classes], scalars: logits.scalars + logits.scalars + Array(logits.scalars[..<classes]))
        #expect(relativeDifference(try network.forward(five), expected) <= 1e-4)
    }
}
