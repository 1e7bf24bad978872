import CCairo
import Foundation
import Imaging

extension Figure {
    /// The figure as a picture, `scale` pixels per point (2 for HiDPI screens), on white.
    public func image(scale: Double = 1) throws -> Image {
        guard scale > 0, scale <= 8 else {
            throw PlottingError.invalidArgument("scale must be in (0, 8], not \(scale)")
        }
        let size = try pointSize()
        let width = Int((size.width * scale).rounded(.up)), height = Int((size.height * scale).rounded(.up))
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)),
              cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS
        else {
            throw PlottingError.rendering("cannot create a \(width)×\(height) image surface")
        }
        defer { cairo_surface_destroy(surface) }
        try render(on: surface, scale: scale, size: size)
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else {
            throw PlottingError.rendering("image surface has no pixels")
        }
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        pixels.withUnsafeMutableBufferPointer { target in
            for y in 0..<height {
                let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
                for x in 0..<width {
                    let pixel = row[x], index = 3 * (y * width + x)
                    target[index] = UInt8(truncatingIfNeeded: pixel >> 16)
                    target[index + 1] = UInt8(truncatingIfNeeded: pixel >> 8)
                    target[index + 2] = UInt8(truncatingIfNeeded: pixel)
                }
            }
        }
        return try Image(width: width, height: height, layout: .rgb, pixels: pixels)
    }

    /// PNG bytes (`image/png`); identical figures give identical bytes.
    public func png(scale: Double = 1) throws -> [UInt8] {
        try image(scale: scale).pngData()
    }

    /// SVG text (`image/svg+xml`), with Cairo's process-wide surface numbers renumbered so that
    /// identical figures give identical text.
    public func svg() throws -> String {
        let size = try pointSize()
        let sink = ByteSink()
        let write: cairo_write_func_t = { closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
                .bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }
        guard let surface = cairo_svg_surface_create_for_stream(
            write, Unmanaged.passUnretained(sink).toOpaque(), size.width, size.height)
        else {
            throw PlottingError.rendering("cannot create an SVG surface")
        }
        try withExtendedLifetime(sink) {
            try render(on: surface, scale: 1, size: size)
            cairo_surface_finish(surface)
            cairo_surface_destroy(surface)
        }
        return SVGCanonicalization.renumberingSurfaces(in: String(decoding: sink.bytes, as: UTF8.self))
    }

    /// The figure's size in points: the size to display a `png(scale:)` at (Jupyter's
    /// `image/png` metadata `width`/`height`), whatever its scale.
    public func pointSize() throws -> Size {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1) else {
            throw PlottingError.rendering("cannot create a measuring surface")
        }
        defer { cairo_surface_destroy(surface) }
        guard let context = cairo_create(surface) else { throw PlottingError.rendering("no Cairo context") }
        defer { cairo_destroy(context) }
        let size = self.size(on: Canvas(context: context))
        guard size.width.isFinite, size.height.isFinite, size.width >= 1, size.height >= 1,
              size.width * size.height <= 1e8
        else {
            throw PlottingError.invalidArgument("figure size \(size.width)×\(size.height) pt is empty or absurd")
        }
        return size
    }

    private func render(on surface: OpaquePointer, scale: Double, size: Size) throws {
        guard let context = cairo_create(surface) else { throw PlottingError.rendering("no Cairo context") }
        defer { cairo_destroy(context) }
        cairo_scale(context, scale, scale)
        let canvas = Canvas(context: context)
        // One point more than the figure: a pixel size rounded up must not leave an unpainted edge.
        canvas.fill(Rect(x: 0, y: 0, width: size.width + 1, height: size.height + 1), color: Style.background)
        draw(on: canvas)
        let status = cairo_status(context)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PlottingError.rendering(String(cString: cairo_status_to_string(status)))
        }
    }
}

/// Collects what Cairo's SVG surface writes.
private final class ByteSink {
    var bytes: [UInt8] = []
}
