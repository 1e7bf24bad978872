extension Heatmap {
    /// The colormap position of `value`: diverging maps and signed heatmaps put 0 at the centre.
    @inline(__always)
    private func position(_ value: Float, in colormap: Colormap) -> Float {
        isSigned || colormap.isDiverging ? (value + 1) / 2 : value
    }

    /// The heatmap as an RGB picture; hidden pixels take the colormap's color for 0.
    public func image(colormap: Colormap) -> Image {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        let neutral = colormap.index(of: position(0, in: colormap)) * 3
        colormap.table.withUnsafeBufferPointer { table in
            for index in 0..<(width * height) {
                let entry = isVisible(index) ? colormap.index(of: position(values[index], in: colormap)) * 3 : neutral
                pixels[3 * index] = table[entry]
                pixels[3 * index + 1] = table[entry + 1]
                pixels[3 * index + 2] = table[entry + 2]
            }
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
        let heat = fitted.image(colormap: colormap).pixels
        var pixels = picture.rgb().pixels
        let weight = UInt32((alpha * 256).rounded())
        for index in 0..<(picture.width * picture.height) where fitted.isVisible(index) {
            for channel in 0..<3 {
                let sample = 3 * index + channel
                let blended = (UInt32(pixels[sample]) * (256 - weight) + UInt32(heat[sample]) * weight + 128) >> 8
                pixels[sample] = UInt8(blended)
            }
        }
        return Image(unchecked: picture.width, picture.height, .rgb, pixels)
    }
}
