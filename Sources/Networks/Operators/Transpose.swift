import Tensor

/// Reorders axes; an empty permutation reverses them, as in ONNX.
public struct Transpose: Operator {
    public var permutation: [Int]
    public init(permutation: [Int] = []) { self.permutation = permutation }
    public var type: String { "Transpose" }

    func resolved(rank: Int) -> [Int] {
        permutation.isEmpty ? Array((0..<rank).reversed()) : permutation
    }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let x = try onlyInput(inputs)
        return [try x.transposed(resolved(rank: x.rank))]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        guard pass.needsGradient[0] else { return [nil] }
        return [try outputGradients[0].transposed(Tensor.inversePermutation(resolved(rank: pass.inputs[0].rank)))]
    }
}
