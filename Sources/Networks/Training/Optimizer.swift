import Tensor

/// Updates parameters from their gradients; keeps its own state (momenta) as a value.
public protocol Optimizer: Sendable {
    mutating func update(_ parameters: inout [String: Tensor], gradients: [String: Tensor]) throws
}
