import Imaging
import JupyterKernel
import Tensor

/// An input for a model: a 1×C×H×W tensor in the model's input space, where it came from, and its
/// ground truth when the data set knows it.
public struct ImageValue: WorkspaceValue {
    public var tensor: Tensor
    /// How pixel values in [0, 1] were mapped into the tensor; inverted to show it.
    public var normalization: Normalization
    /// Where it came from, for people: "shapes test #7", a file path…
    public var source: String
    public var label: Int?
    public var labelName: String?
    /// 1×H×W object mask, when known.
    public var mask: Tensor?

    public init(tensor: Tensor, normalization: Normalization, source: String, label: Int? = nil,
                labelName: String? = nil, mask: Tensor? = nil) {
        self.tensor = tensor
        self.normalization = normalization
        self.source = source
        self.label = label
        self.labelName = labelName
        self.mask = mask
    }

    public var kind: String { "image" }

    public var summary: String {
        let shape = tensor.shape.dropFirst().map(String.init).joined(separator: "×")
        return "\(shape) \(source)" + (labelName.map { " (\($0))" } ?? "")
    }

    /// The picture in [0, 1] RGB, as people see it.
    public func picture() throws -> Image {
        try Image(tensor: normalization.inverted(tensor))
    }

    public var provenance: JSONObject {
        ["image": .string(source), "image_sha256": .string(tensor.sha256), "version": .string(WorkbenchInterpreter.version)]
    }

    public var display: MimeBundle {
        do {
            let image = try picture()
            let scale = max(1, 256 / max(image.width, image.height))
            return try .picture(image, scale: scale, plain: "<image \(summary)>",
                                metadata: ["saliency/provenance": .object(provenance)])
        } catch {
            return .text("<image \(summary): cannot be shown: \(error)>")
        }
    }
}

extension [ImageValue] {
    /// The images as one N×C×H×W batch, in order.
    func batch() throws -> Tensor {
        try Tensor.concatenated(map(\.tensor), alongAxis: 0)
    }
}
