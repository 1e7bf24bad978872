/// Slice's starts, ends, axes and steps, given as inputs (opset 10 on) or as the attributes `starts`,
/// `ends` and `axes` (before), and resolved against a shape with ONNX's clamping rules.
struct SliceArguments {
    var starts: [Int]
    var ends: [Int]
    var axes: [Int]?
    var steps: [Int]?

    struct Range {
        var start: Int
        var step: Int
        var count: Int
    }

    init(inputs: [Constant?], attributes: NodeAttributes) throws {
        if inputs.count <= 1, let starts = try attributes.ints("starts"), let ends = try attributes.ints("ends") {
            (self.starts, self.ends, axes, steps) = (starts, ends, try attributes.ints("axes"), nil)
        } else {
            starts = try ShapeArithmetic.required(inputs, 1, attributes).integers
            ends = try ShapeArithmetic.required(inputs, 2, attributes).integers
            axes = inputs.count > 3 ? inputs[3]?.integers : nil
            steps = inputs.count > 4 ? inputs[4]?.integers : nil
        }
        guard ends.count == starts.count, axes.map({ $0.count == starts.count }) ?? true,
              steps.map({ $0.count == starts.count }) ?? true else {
            throw attributes.invalid("starts, ends, axes and steps differ in length")
        }
        if let steps, steps.contains(0) { throw attributes.invalid("a step is zero") }
    }

    /// The sliced range of every axis of `shape` (whole axes where the slice names none).
    func ranges(for shape: [Int], _ attributes: NodeAttributes) throws -> [Range] {
        var ranges = shape.map { Range(start: 0, step: 1, count: $0) }
        let axes = try (self.axes ?? Array(starts.indices)).map { try ShapeArithmetic.axis($0, rank: shape.count, attributes) }
        for (position, axis) in axes.enumerated() {
            let size = shape[axis]
            let step = steps?[position] ?? 1
            func resolve(_ value: Int) -> Int { value < 0 ? value.addingReportingOverflow(size).partialValue : value }
            var start = resolve(starts[position])
            var end = resolve(ends[position])
            if step > 0 {
                start = min(max(start, 0), size)
                end = min(max(end, 0), size)
            } else {
                start = min(max(start, 0), size - 1)
                end = min(max(end, -1), size - 1)
            }
            let count = max(0, (end - start + step + (step > 0 ? -1 : 1)) / step)
            ranges[axis] = Range(start: start, step: step, count: count)
        }
        return ranges
    }
}
