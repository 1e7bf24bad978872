import Networks

/// InstanceNormalization and GroupNormalization, which normalize per image over channels' positions.
enum ChannelNormalizationImport {
    static func instanceNormalization(_ node: NodeImport) throws -> ImportedOperator {
        node.reading(InstanceNormalization(epsilon: try node.attributes.float("epsilon", default: 1e-5)), upTo: 3)
    }

    /// Opset 18 scales and shifts per group, opset 21 per channel; the scale's size tells them apart
    /// where a model declares the one and means the other.
    static func groupNormalization(_ node: NodeImport) throws -> ImportedOperator {
        guard let groups = try node.attributes.int("num_groups"), groups > 0 else {
            throw node.invalid("GroupNormalization needs a positive num_groups")
        }
        let channels = try node.shapes(0).first.flatMap { $0.count > 1 ? $0[1] : nil }
        let scaleCount = try node.shapes(1).first?.reduce(1, *)
        let perChannel = node.opset >= 21 || (scaleCount == channels && scaleCount != groups)
        let op = GroupNormalization(groups: groups, epsilon: try node.attributes.float("epsilon", default: 1e-5),
                                    scalesPerChannel: perChannel)
        return node.reading(op, upTo: 3)
    }
}
