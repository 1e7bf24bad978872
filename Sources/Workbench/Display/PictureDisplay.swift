import Foundation
import Imaging
import JupyterKernel

extension MimeBundle {
    /// A picture as PNG, shown at `scale` times its size so that 64-pixel scenes are visible; the
    /// bytes stay at the picture's own resolution.
    static func picture(_ image: Image, scale: Int = 1, plain: String, metadata: JSONObject = [:]) throws -> MimeBundle {
        var bundle = MimeBundle.png(Data(try image.pngData()), width: image.width * scale, height: image.height * scale,
                                    plain: plain)
        for (key, value) in metadata { bundle.metadata[key] = value }
        return bundle
    }
}
