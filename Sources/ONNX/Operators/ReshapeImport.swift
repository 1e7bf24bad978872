import Networks
import Tensor

/// Reshape and Expand, whose targets exporters often compute from the batch size at run time.
enum ReshapeImport {
    /// A target entry that follows the batch becomes 0 ("copy the input's dimension") where it equals
    /// the input's dimension at the same axis for every probe, else -1 ("whatever remains"); a target
    /// that needs more than one -1 is computed at run time.
    static func reshape(_ node: NodeImport) throws -> ImportedOperator {
        let allowsZero = try node.attributes.int("allowzero", default: 0) != 0
        let targets = try node.probeConstants(1).map(\.integers)
        let inputShapes = try node.shapes(0)
        guard let first = targets.first, targets.allSatisfy({ $0.count == first.count }) else {
            throw node.invalid("the target shape's rank changes with the batch size")
        }
        let varying = first.indices.filter { axis in targets.contains { $0[axis] != first[axis] } }
        var target = first
        var inferred = target.filter { $0 == -1 }.count
        for axis in varying {
            if !allowsZero, zip(targets, inputShapes).allSatisfy({ axis < $1.count && $0[axis] == $1[axis] }) {
                target[axis] = 0
            } else {
                target[axis] = -1
                inferred += 1
            }
        }
        guard inferred <= 1 else {
            // More than one -1 would be needed: the target is computed at run time instead.
            return ImportedOperator(ReshapeToShape(allowsZero: allowsZero), inputs: [.node(0), .node(1)])
        }
        return ImportedOperator(Reshape(shape: target, allowsZero: allowsZero), inputs: [.node(0)])
    }

    /// Entries of the target equal to the probe batch become "the batch of the graph input"; a target
    /// that follows the batch otherwise (a multiple of it) is computed at run time.
    static func expand(_ node: NodeImport) throws -> ImportedOperator {
        let targets = try node.probeConstants(1).map(\.integers)
        guard let first = targets.first, targets.allSatisfy({ $0.count == first.count }) else {
            throw node.invalid("the target shape's rank changes with the batch size")
        }
        let varying = first.indices.filter { axis in targets.contains { $0[axis] != first[axis] } }
        guard varying.allSatisfy({ axis in zip(targets, node.probeBatches).allSatisfy { $0[axis] == $1 } }) else {
            return ImportedOperator(ExpandToShape(), inputs: [.node(0), .node(1)])
        }
        try node.checkProbeOutputs(zip(try node.shapes(0), targets).map { shape, target in
            do { return try Tensor.broadcastShape(shape, target) } catch { throw node.invalid("cannot expand \(shape) to \(target)") }
        })
        let op = Expand(shape: first, batchAxes: varying)
        return ImportedOperator(op, inputs: varying.isEmpty ? [.node(0)] : [.node(0), .graphInput])
    }
}
