/// The four arithmetic operations on operands of one shape.
///
/// Each runs as its own loop, which the compiler vectorises; a closure called per element (as `zip`
/// takes from a generic operator) would not be. Residual additions and their gradients go through here.
/// The loops stay on one core: they are bound by memory, and waking a second thread cost more than it saved.
public enum ArithmeticOperation: Sendable {
    case add, subtract, multiply, divide
}

extension Tensor {
    /// A tensor of `shape` whose elements `initialize` writes, every one of them, without zero-filling first.
    @inlinable
    public init(shape: [Int], initializingWith initialize: (UnsafeMutableBufferPointer<Float>) -> Void) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(shape)")
        let count = shape.reduce(1, *)
        try! self.init(shape: shape, scalars: [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialize(buffer)
            initialized = count
        })
    }

    /// `self ∘ other` element by element, for operands of the same shape.
    public func combined(with other: Tensor, _ operation: ArithmeticOperation) throws -> Tensor {
        guard shape == other.shape else {
            throw TensorError.shapeMismatch("elementwise operands \(shape) and \(other.shape) differ")
        }
        return scalars.withUnsafeBufferPointer { a in
            other.scalars.withUnsafeBufferPointer { b in
                Tensor(shape: shape) { c in
                    switch operation {
                    case .add: for index in c.indices { c[index] = a[index] + b[index] }
                    case .subtract: for index in c.indices { c[index] = a[index] - b[index] }
                    case .multiply: for index in c.indices { c[index] = a[index] * b[index] }
                    case .divide: for index in c.indices { c[index] = a[index] / b[index] }
                    }
                }
            }
        }
    }

    /// Every element negated.
    public func negated() -> Tensor {
        map { -$0 }
    }
}
