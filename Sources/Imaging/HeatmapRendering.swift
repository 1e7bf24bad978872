extension Heatmap {
    /// The heatmap as an RGB picture; hidden pixels take the colormap's color for 0.
    public func image(colormap: Colormap) -> Image {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        paint(colormap: colormap) { index, color in
            pixels[3 * index] = color.red
            pixels[3 * index + 1] = color.green
            pixels[3 * index + 2] = color.blue
        }
        return Image(unchecked: width, height, .rgb, pixels)
    }

    /// The heatmap blended over `picture` with opacity `alpha` (0 shows only the picture); the
    /// heatmap is interpolated to the picture's size first, and hidden pixels show the picture.
    public func overlay(on picture: Image, colormap: Colormap, alpha: Float = 0.5) throws -> Image {
        guard (0...1).contains(alpha) else {
            throw ImagingError.invalidArgument("overlay alpha must be in [0, 1], not \(alpha)")
        }
        let fitted = try upsampled(width: picture.width, height: picture.height)
        var pixels = picture.rgb().pixels
        let weight = UInt32((alpha * 256).rounded())
        pixels.withUnsafeMutableBufferPointer { pixels in
            fitted.paint(colormap: colormap, visibleOnly: true) { index, color in
                func blend(_ sample: Int, _ heat: UInt8) {
                    pixels[sample] = UInt8((UInt32(pixels[sample]) * (256 - weight) + UInt32(heat) * weight + 128) >> 8)
                }
                blend(3 * index, color.red)
                blend(3 * index + 1, color.green)
                blend(3 * index + 2, color.blue)
            }
        }
        return Image(unchecked: picture.width, picture.height, .rgb, pixels)
    }

    /// Calls `body` with each pixel's index and its colormap color. Diverging
    /// colormaps and signed heatmaps put 0 at the centre of the map; hidden pixels get the color
    /// of 0, or are skipped when `visibleOnly`.
    private func paint(colormap: Colormap, visibleOnly: Bool = false,
                       _ body: (Int, RGB) -> Void) {
        let centred = isSigned || colormap.isDiverging
        let hiddenEntry = colormap.index(of: centred ? 0.5 : 0) * 3
        colormap.table.withUnsafeBufferPointer { table in
            values.withUnsafeBufferPointer { values in
                for index in 0..<values.count {
                    let value = values[index]
                    let visible = visibilityThreshold.map { abs(value) >= $0 } ?? true
                    if !visible, visibleOnly { continue }
                    let entry = visible ? colormap.index(of: centred ? (value + 1) / 2 : value) * 3 : hiddenEntry
                    body(index, RGB(red: table[entry], green: table[entry + 1], blue: table[entry + 2]))
                }
            }
        }
    }
}
