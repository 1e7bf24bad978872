import Tensor

/// The batch layout of DeepLIFT's rules, as Captum runs it: the inputs in the first half of the
/// batch and their references, in the same order, in the second. A rule compares each activation
/// with its reference's.
enum ReferencePairs {
    /// The first and second half of `tensor` along the batch axis.
    static func split(_ tensor: Tensor) throws -> (own: Tensor, reference: Tensor) {
        let count = tensor.batchCount
        guard count % 2 == 0 else {
            throw NetworkError.invalidInput("DeepLIFT's rules need a batch of inputs followed by their references; got an odd batch of \(count)")
        }
        return (try tensor.batch(0..<(count / 2)), try tensor.batch((count / 2)..<count))
    }

    /// The gradient of both halves: `multiplied(i)` at every element whose input differs from its
    /// reference's by at least `epsilon`, the operator's own `gradient` elsewhere (where the
    /// difference quotient is undefined).
    static func replacing(_ gradient: Tensor, inputDifference: Tensor, epsilon: Float,
                          multiplied: (_ element: Int, _ difference: Float) -> Float) -> Tensor {
        var result = gradient
        let half = inputDifference.count
        for index in 0..<result.count {
            let difference = inputDifference.scalars[index % half]
            if abs(difference) >= epsilon { result.scalars[index] = multiplied(index, difference) }
        }
        return result
    }
}
