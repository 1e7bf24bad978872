import Imaging
import JupyterKernel
import Plotting

/// How a map is drawn: colormap, which signs, outlier clipping, overlay. Each method has a
/// default that suits it (magnitudes for gradients, signed relevance for LRP); `%show` changes it.
public struct MapStyle: Sendable, Equatable {
    public var sign: VisualizationSign
    public var colormap: Colormap
    /// Captum's outlier clipping: the top `clip` % of the total magnitude saturates.
    public var clip: Float = 2
    /// Keep only the strongest `top` % of pixels.
    public var top: Float?
    /// Draw over the input (with `alpha`) or alone.
    public var overlay = true
    public var alpha: Float = 0.55

    /// A style for maps of `sign`, drawn with `colormap` or, without one, the colormap that suits the sign.
    public init(sign: VisualizationSign, colormap: Colormap? = nil) {
        self.sign = sign
        self.colormap = Self.colormap(for: sign, preferring: colormap)
    }

    /// `preferred` if there is one; otherwise diverging for signed maps and sequential for magnitudes.
    static func colormap(for sign: VisualizationSign, preferring preferred: Colormap?) -> Colormap {
        preferred ?? (sign == .all ? .coolwarm : .inferno)
    }

    /// The style as provenance records it, so that a saved picture can be drawn again exactly.
    var record: JSONObject {
        var record: JSONObject = ["sign": .string(sign.rawValue), "colormap": .string(colormap.name),
                                  "clip_percent": Self.number(clip), "overlay": .bool(overlay)]
        if overlay { record["alpha"] = Self.number(alpha) }
        if let top { record["top_percent"] = Self.number(top) }
        return record
    }

    /// The number as typed (0.55), not as its Float widens to Double (0.550000011920929).
    private static func number(_ value: Float) -> JSONValue {
        .number(Double(value.description) ?? Double(value))
    }

    public var options: HeatmapOptions {
        HeatmapOptions(sign: sign, scaling: .clipOutliers(percent: clip), topPercent: top)
    }

    /// The heatmap of one map, over its input unless `overlay` is off.
    public func panel(for map: MapValue, title: String?) throws -> Panel {
        let heatmap = try Heatmap(attribution: map.attribution, options: options)
        let picture = overlay ? try heatmap.overlay(on: map.image.picture(), colormap: colormap, alpha: alpha)
                              : heatmap.image(colormap: colormap)
        return Panel(image: picture, title: title, colorbar: Colorbar(for: heatmap, colormap: colormap),
                     note: heatmap.message)
    }

    /// The input beside its map (and the map's companions, each in its own style).
    public func figure(for map: MapValue) throws -> PanelGrid {
        let companions = try map.companions.map { try $0.style.panel(for: $0, title: $0.method) }
        return PanelGrid(rows: [[Panel(image: try map.image.picture(), title: map.image.source)] + companions
                                    + [try panel(for: map, title: map.method)]],
                         suptitle: "\(map.model.name) → \(map.targetLabel)", panelSize: 160)
    }
}
