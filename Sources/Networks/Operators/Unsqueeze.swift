import Tensor

/// Inserts size-1 axes at the positions listed (positions in the output).
public struct Unsqueeze: ShapeOperator {
    public var axes: [Int]
    public init(axes: [Int]) { self.axes = axes }
    public var type: String { "Unsqueeze" }

    public func outputShape(for input: [Int]) throws -> [Int] {
        let rank = input.count + axes.count
        let resolved = Set(axes.map { $0 < 0 ? $0 + rank : $0 })
        guard resolved.count == axes.count, resolved.allSatisfy({ $0 >= 0 && $0 < rank }) else {
            throw TensorError.invalidArgument("Unsqueeze axes \(axes) are invalid for \(input)")
        }
        var remaining = input.makeIterator()
        return (0..<rank).map { resolved.contains($0) ? 1 : remaining.next() ?? 1 }
    }
}
