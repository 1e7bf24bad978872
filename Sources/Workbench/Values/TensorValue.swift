import JupyterKernel
import Tensor

/// Plain numbers: logits from `%predict --raw`, scores, an array loaded from .npy.
public struct TensorValue: WorkspaceValue {
    public var tensor: Tensor
    public var description: String
    public var provenance: JSONObject

    public init(_ tensor: Tensor, description: String, provenance: JSONObject = [:]) {
        self.tensor = tensor
        self.description = description
        self.provenance = provenance
    }

    public var kind: String { "array" }
    public var summary: String { "\(tensor.shape.map(String.init).joined(separator: "×")) \(description)" }

    public var display: MimeBundle {
        let shown = tensor.scalars.prefix(20).map { String(format: "%.5g", $0) }.joined(separator: ", ")
        var bundle = MimeBundle.json(.object(["shape": .array(tensor.shape.map { .number(Double($0)) }),
                                              "values": .array(tensor.scalars.prefix(1000).map { .number(Double($0)) })]),
                                     plain: "\(summary): [\(shown)\(tensor.count > 20 ? ", …" : "")]")
        bundle.metadata["saliency/provenance"] = .object(provenance)
        return bundle
    }
}
