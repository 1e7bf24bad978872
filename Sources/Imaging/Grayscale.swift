extension Image {
    /// The picture in gray, as Pillow's `convert("L")` computes it (ITU-R 601-2 luma,
    /// L = 0.299 R + 0.587 G + 0.114 B in 16-bit fixed point); alpha is dropped. A gray base
    /// lets an overlaid heatmap's colors stand out, as Captum's `blended_heat_map` shows them.
    public func grayscale() -> Image {
        if layout == .gray { return self }
        let source = rgb().pixels
        var gray = [UInt8](repeating: 0, count: width * height)
        for index in gray.indices {
            let red = UInt32(source[3 * index]), green = UInt32(source[3 * index + 1]), blue = UInt32(source[3 * index + 2])
            gray[index] = UInt8((red * 19595 + green * 38470 + blue * 7471 + 0x8000) >> 16)
        }
        return Image(unchecked: width, height, .gray, gray)
    }
}
