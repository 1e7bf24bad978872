/// The light, edge-preserving smoothing of the refinement: a 3×3 median per channel, which removes
/// isolated speckle without blurring the edges of a pattern (a trigger's border stays sharp).
enum Smoothing {
    static func median3x3(_ values: [Float], shape: [Int]) -> [Float] {
        let (channels, height, width) = (shape[0], shape[1], shape[2])
        var output = values
        var window: [Float] = []
        window.reserveCapacity(9)
        for channel in 0..<channels {
            let base = channel * height * width
            for row in 0..<height {
                for column in 0..<width {
                    window.removeAll(keepingCapacity: true)
                    for dy in -1...1 {
                        for dx in -1...1 {
                            let (y, x) = (row + dy, column + dx)
                            if (0..<height).contains(y), (0..<width).contains(x) { window.append(values[base + y * width + x]) }
                        }
                    }
                    window.sort()
                    output[base + row * width + column] = window.count % 2 == 1
                        ? window[window.count / 2] : (window[window.count / 2 - 1] + window[window.count / 2]) / 2
                }
            }
        }
        return output
    }
}
