import Foundation
import Imaging
import JupyterKernel
import Tensor

/// An attribution map with everything needed to show it again, compare it, evaluate it and say
/// exactly how it was made.
public struct MapValue: WorkspaceValue {
    /// 1×C×H×W at the input's resolution (CAM maps are upsampled; their raw map is kept in `raw`).
    public var attribution: Tensor
    /// The layer-resolution map of the CAM family, before upsampling.
    public var raw: Tensor?
    public var image: ImageValue
    public var method: String
    public var target: Int
    public var targetLabel: String
    /// Every parameter, defaults filled in.
    public var parameters: [String: String]
    public var model: ModelValue
    /// How the map is shown unless `%show` says otherwise.
    public var style: MapStyle
    /// Maps shown beside this one (the base map beside its VAR map).
    public var companions: [MapValue] = []

    public var kind: String { "map" }
    public var summary: String { "\(method) of \(image.source) for \(targetLabel)" }

    /// The record stored with every output and `%save` sidecar: enough to recompute the map.
    public var provenance: JSONObject {
        var record = model.provenance
        record["image"] = .string(image.source)
        record["image_sha256"] = .string(image.tensor.sha256)
        record["method"] = .string(method)
        record["target"] = .number(Double(target))
        record["parameters"] = .object(parameters.mapValues { .string($0) })
        record["map_sha256"] = .string(attribution.sha256)
        record["display"] = .object(style.record)
        record["version"] = .string(WorkbenchInterpreter.version)
        return record
    }

    public var display: MimeBundle {
        do {
            return try style.figure(for: self).bundle(plain: "<map \(summary)>", provenance: provenance)
        } catch {
            return .text("<map \(summary): cannot be shown: \(error)>")
        }
    }
}
