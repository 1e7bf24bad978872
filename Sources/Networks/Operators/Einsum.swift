import Tensor

/// Einstein summation over any number of operands (ONNX Einsum), e.g. attention's "bhid,bhjd->bhij".
///
/// Operands are contracted left to right, two at a time, as one batched matrix product each: the
/// shared labels that stay become the batch, the shared labels that go the inner dimension, the
/// others the rows and columns; labels only one operand has and nothing later needs are summed
/// first. An operand's gradient is the same summation of the output gradient with the other operands.
public struct Einsum: Operator {
    public let equation: String
    private let parsed: ParsedEquation

    public init(equation: String) throws {
        self.equation = equation
        parsed = try ParsedEquation(equation)
    }

    public var type: String { "Einsum" }
    public var inputArity: ClosedRange<Int> { 1...Int.max }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let (operandLabels, outputLabels) = try parsed.labels(ranks: inputs.map(\.rank))
        return [try Einsum.summation(Array(zip(inputs, operandLabels)), to: outputLabels)]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        let (operandLabels, outputLabels) = try parsed.labels(ranks: pass.inputs.map(\.rank))
        return try pass.inputs.indices.map { position in
            guard pass.needsGradient[position] else { return nil }
            var others: [(Tensor, [Int])] = [(outputGradients[0], outputLabels)]
            for other in pass.inputs.indices where other != position { others.append((pass.inputs[other], operandLabels[other])) }
            // Labels of this operand that nothing else has were summed away: the gradient is constant along them.
            let available = Set(others.flatMap(\.1))
            let wanted = operandLabels[position]
            let gradient = try Einsum.summation(others, to: wanted.filter(available.contains))
            let kept = try gradient.reshaped(wanted.map { available.contains($0) ? pass.inputs[position].shape[wanted.firstIndex(of: $0)!] : 1 })
            return try kept.broadcast(toShape: pass.inputs[position].shape)
        }
    }

    /// Σ over every label not in `output` of the product of the operands, arranged as `output`.
    static func summation(_ operands: [(tensor: Tensor, labels: [Int])], to output: [Int]) throws -> Tensor {
        guard var (result, labels) = operands.first.map({ ($0.tensor, $0.labels) }) else {
            throw TensorError.invalidArgument("Einsum needs an operand")
        }
        try checkSizes(operands)
        for (position, operand) in operands.enumerated().dropFirst() {
            let needed = Set(output).union(operands[(position + 1)...].flatMap(\.labels))
            (result, labels) = try contracted(result, labels, operand.tensor, operand.labels, keeping: needed)
        }
        (result, labels) = try summedAway(result, labels, keeping: Set(output))
        let permutation = try output.map { label in
            guard let axis = labels.firstIndex(of: label) else {
                throw TensorError.invalidArgument("Einsum output label \(label) is in no operand")
            }
            return axis
        }
        return permutation == Array(permutation.indices) ? result : try result.transposed(permutation)
    }

    /// Every label's size agrees across the operands (size-1 broadcasting is not supported).
    private static func checkSizes(_ operands: [(tensor: Tensor, labels: [Int])]) throws {
        var sizes: [Int: Int] = [:]
        for (tensor, labels) in operands {
            for (axis, label) in labels.enumerated() {
                if let known = sizes[label], known != tensor.shape[axis] {
                    throw TensorError.shapeMismatch("Einsum label \(ParsedEquation.name(of: label)) has sizes \(known) and \(tensor.shape[axis])")
                }
                sizes[label] = tensor.shape[axis]
            }
        }
    }

    /// The tensor with the labels outside `kept` summed out.
    private static func summedAway(_ tensor: Tensor, _ labels: [Int], keeping kept: Set<Int>) throws -> (Tensor, [Int]) {
        let summed = labels.indices.filter { !kept.contains(labels[$0]) }
        guard !summed.isEmpty else { return (tensor, labels) }
        let remaining = labels.indices.filter { kept.contains(labels[$0]) }
        return (try tensor.sum(alongAxes: summed).reshaped(remaining.map { tensor.shape[$0] }), remaining.map { labels[$0] })
    }

    /// a ⊗ b summed over their shared labels that `kept` does not need, as one batched matrix product.
    private static func contracted(_ a: Tensor, _ aLabels: [Int], _ b: Tensor, _ bLabels: [Int],
                                   keeping kept: Set<Int>) throws -> (Tensor, [Int]) {
        let (a, aLabels) = try summedAway(a, aLabels, keeping: kept.union(bLabels))
        let (b, bLabels) = try summedAway(b, bLabels, keeping: kept.union(aLabels))
        let batch = aLabels.filter { bLabels.contains($0) && kept.contains($0) }
        let inner = aLabels.filter { bLabels.contains($0) && !kept.contains($0) }
        let rows = aLabels.filter { !bLabels.contains($0) }
        let columns = bLabels.filter { !aLabels.contains($0) }
        let size = { (tensor: Tensor, labels: [Int], chosen: [Int]) in chosen.reduce(1) { $0 * tensor.shape[labels.firstIndex(of: $1)!] } }
        let (batchCount, m, k, n) = (size(a, aLabels, batch), size(a, aLabels, rows), size(a, aLabels, inner), size(b, bLabels, columns))
        // Each operand as a [batch, ·, ·] stack of matrices, transposed in the product rather than in memory when it can be.
        let (left, transposesLeft) = try arranged(a, aLabels, batch, rows, inner, rowCount: m, columnCount: k, batchCount: batchCount)
        let (right, transposesRight) = try arranged(b, bLabels, batch, inner, columns, rowCount: k, columnCount: n, batchCount: batchCount)
        let product = try Tensor.matmul(left, right, transposingLHS: transposesLeft, transposingRHS: transposesRight)
        let labels = batch + rows + columns
        let sizeOf = { (label: Int) in aLabels.firstIndex(of: label).map { a.shape[$0] } ?? b.shape[bLabels.firstIndex(of: label)!] }
        return (try product.reshaped(labels.map(sizeOf)), labels)
    }

    /// `tensor` as [batch, rows, columns] matrices, or as their transposes (flag set) when its axes are
    /// already in [batch, columns, rows] order.
    private static func arranged(_ tensor: Tensor, _ labels: [Int], _ batch: [Int], _ rows: [Int], _ columns: [Int],
                                 rowCount: Int, columnCount: Int, batchCount: Int) throws -> (Tensor, Bool) {
        if labels == batch + rows + columns {
            return (try tensor.reshaped([batchCount, rowCount, columnCount]), false)
        }
        if labels == batch + columns + rows {
            return (try tensor.reshaped([batchCount, columnCount, rowCount]), true)
        }
        let permutation = (batch + rows + columns).map { labels.firstIndex(of: $0)! }
        return (try tensor.transposed(permutation).reshaped([batchCount, rowCount, columnCount]), false)
    }
}

/// An Einsum equation's labels: letters, and "..." for the axes an operand has beyond its letters.
struct ParsedEquation: Sendable {
    /// Each operand's labels; `ellipsis` marks where "..." stands.
    let operands: [[Int]]
    /// The output's labels, or nil for the implicit output (the labels used once, in alphabetical order).
    let output: [Int]?
    static let ellipsis = -1

    init(_ equation: String) throws {
        let text = equation.filter { !$0.isWhitespace }
        let sides = text.components(separatedBy: "->")
        guard sides.count <= 2 else { throw TensorError.invalidArgument("Einsum equation '\(equation)' has more than one ->") }
        func labels(_ term: String) throws -> [Int] {
            var result: [Int] = []
            var rest = Substring(term)
            while let character = rest.first {
                if rest.hasPrefix("...") {
                    result.append(ParsedEquation.ellipsis)
                    rest = rest.dropFirst(3)
                    continue
                }
                guard character.isASCII, character.isLetter, let value = character.asciiValue else {
                    throw TensorError.invalidArgument("Einsum equation '\(equation)' has an invalid label '\(character)'")
                }
                result.append(Int(value))
                rest = rest.dropFirst()
            }
            guard result.filter({ $0 == ParsedEquation.ellipsis }).count <= 1 else {
                throw TensorError.invalidArgument("Einsum term '\(term)' has more than one ...")
            }
            guard Set(result).count == result.count else {
                throw TensorError.invalidArgument("Einsum term '\(term)' repeats a label (diagonals are not supported)")
            }
            return result
        }
        operands = try sides[0].split(separator: ",", omittingEmptySubsequences: false).map { try labels(String($0)) }
        output = sides.count == 2 ? try labels(sides[1]) : nil
    }

    /// The labels with each "..." replaced by labels of its own for the axes it stands for (aligned
    /// from the right across operands, as NumPy aligns them), and the output's labels.
    func labels(ranks: [Int]) throws -> (operands: [[Int]], output: [Int]) {
        guard ranks.count == operands.count else {
            throw TensorError.invalidArgument("Einsum equation names \(operands.count) operands, got \(ranks.count)")
        }
        var ellipsisRank = 0
        let expanded = try zip(operands, ranks).map { labels, rank -> [Int] in
            let letters = labels.filter { $0 != ParsedEquation.ellipsis }.count
            guard let position = labels.firstIndex(of: ParsedEquation.ellipsis) else {
                guard letters == rank else { throw TensorError.invalidArgument("Einsum term of \(letters) labels for a rank-\(rank) operand") }
                return labels
            }
            guard rank >= letters else { throw TensorError.invalidArgument("Einsum term of \(letters) labels for a rank-\(rank) operand") }
            let count = rank - letters
            ellipsisRank = max(ellipsisRank, count)
            return Array(labels[..<position]) + ParsedEquation.ellipsisLabels(count) + Array(labels[(position + 1)...])
        }
        let ellipsis = ParsedEquation.ellipsisLabels(ellipsisRank)
        if let output {
            return (expanded, output.flatMap { $0 == ParsedEquation.ellipsis ? ellipsis : [$0] })
        }
        let letters = operands.flatMap { $0 }.filter { $0 != ParsedEquation.ellipsis }
        let once = Set(letters.filter { label in letters.filter { $0 == label }.count == 1 })
        return (expanded, ellipsis + once.sorted())
    }

    /// Labels for the last `count` of the axes "..." may stand for, counted from the right.
    private static func ellipsisLabels(_ count: Int) -> [Int] {
        (0..<count).reversed().map { 1000 + $0 }
    }

    static func name(of label: Int) -> String {
        label >= 1000 ? "...(\(label - 1000))" : String(UnicodeScalar(UInt8(label)))
    }
}
