import Tensor

/// Collapses the axes before `axis` into one, and those from `axis` on into another.
public struct Flatten: ShapeOperator {
    public var axis: Int
    public init(axis: Int = 1) { self.axis = axis }
    public var type: String { "Flatten" }

    public func outputShape(for input: [Int]) throws -> [Int] {
        let resolved = axis < 0 ? axis + input.count : axis
        guard resolved >= 0, resolved <= input.count else {
            throw TensorError.invalidArgument("Flatten axis \(axis) is out of range for \(input)")
        }
        return [input[..<resolved].reduce(1, *), input[resolved...].reduce(1, *)]
    }
}
