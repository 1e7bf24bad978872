import Tensor

/// Removes the size-1 axes listed (all size-1 axes when none are).
public struct Squeeze: ShapeOperator {
    public var axes: [Int]
    public init(axes: [Int] = []) { self.axes = axes }
    public var type: String { "Squeeze" }

    public func outputShape(for input: [Int]) throws -> [Int] {
        let resolved = Set(axes.map { $0 < 0 ? $0 + input.count : $0 })
        for axis in resolved where axis < 0 || axis >= input.count || input[axis] != 1 {
            throw TensorError.invalidArgument("Squeeze axes \(axes) must name size-1 axes of \(input)")
        }
        return input.enumerated().filter { resolved.isEmpty ? $0.element != 1 : !resolved.contains($0.offset) }.map(\.element)
    }
}
