import Networks
import Tensor
import Testing

/// QuantizeLinear and DequantizeLinear by their ONNX definitions.
@Suite struct QuantizationOperatorTests {
    @Test func quantizeRoundsHalvesToEvenAndClampsToTheTypesRange() throws {
        let x = try Tensor(shape: [1, 6], scalars: [0.25, 0.75, 1.25, -0.25, 100, -100])
        let scale = Tensor(scalar: 0.5), zeroPoint = Tensor(scalar: 3)
        let uint8 = try QuantizeLinear(range: 0...255).forward([x, scale, zeroPoint], mode: .inference)[0]
        // x / 0.5 = 0.5, 1.5, 2.5, -0.5, 200, -200 → round half to even 0, 2, 2, -0, 200, -200, + 3, clamped.
        #expect(uint8.scalars == [3, 5, 5, 3, 203, 0])
        let int8 = try QuantizeLinear(range: -128...127).forward([x, scale, zeroPoint], mode: .inference)[0]
        #expect(int8.scalars == [3, 5, 5, 3, 127, -128])
    }

    @Test func perAxisScalesApplyAlongTheAxis() throws {
        let q = try Tensor(shape: [2, 2, 1, 1], scalars: [10, 10, 10, 10])
        let scales = try Tensor(shape: [2], scalars: [0.5, 2]), zeroPoints = try Tensor(shape: [2], scalars: [0, 4])
        let x = try DequantizeLinear(axis: 1).forward([q, scales, zeroPoints], mode: .inference)[0]
        #expect(x.scalars == [5, 12, 5, 12])
        #expect(throws: (any Error).self) { try DequantizeLinear(axis: 0).forward([Tensor(shape: [3, 2]), scales], mode: .inference) }
    }

    /// The pair's gradient is 1 where the value was inside the range and 0 where the clamp cut it.
    @Test func theGradientIsStraightThroughInsideTheRange() throws {
        let x = try Tensor(shape: [1, 4], scalars: [0.3, -0.3, 1.0, 0.02])
        let scale = Tensor(scalar: 0.01), zeroPoint = Tensor(scalar: 0)
        let quantize = QuantizeLinear(range: -128...127), dequantize = DequantizeLinear()
        let q = try quantize.forward([x, scale, zeroPoint], mode: .inference)[0]
        let seed = try Tensor(shape: [1, 4], scalars: [1, 2, 3, 4])
        let dq = try dequantize.backward(OperatorPass(inputs: [q, scale, zeroPoint], outputs: [], needsGradient: [true, false, false],
                                                      mode: .inference), outputGradients: [seed])[0]!
        let dx = try quantize.backward(OperatorPass(inputs: [x, scale, zeroPoint], outputs: [q], needsGradient: [true, false, false],
                                                    mode: .inference), outputGradients: [dq])[0]!
        // 0.3 / 0.01 = 30 and 2 are inside −128…127; 1.0 / 0.01 = 100 too; none cut. Then cut one:
        #expect(dx.maximumAbsoluteDifference(to: seed) < 1e-5)
        let far = try Tensor(shape: [1, 4], scalars: [0.3, -2.0, 1.3, 0.02])
        let cut = try quantize.backward(OperatorPass(inputs: [far, scale, zeroPoint], outputs: [q], needsGradient: [true, false, false],
                                                     mode: .inference), outputGradients: [dq])[0]!
        #expect(cut.maximumAbsoluteDifference(to: try Tensor(shape: [1, 4], scalars: [1, 0, 0, 4])) < 1e-5)
    }
}
