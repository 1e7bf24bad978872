import Foundation
import JupyterKernel
import Plotting

extension Figure {
    /// The figure as a display: PNG at twice its point size (sharp on HiDPI screens) shown at its
    /// point size, plus SVG for plots that scale, and the provenance record in the metadata.
    func bundle(plain: String, provenance: JSONObject, vector: Bool = false) throws -> MimeBundle {
        let size = try pointSize()
        var bundle = MimeBundle.png(Data(try png(scale: 2)), width: Int(size.width.rounded()),
                                    height: Int(size.height.rounded()), plain: plain)
        if vector { bundle.data["image/svg+xml"] = .string(try svg()) }
        bundle.metadata["saliency/provenance"] = .object(provenance)
        return bundle
    }
}
