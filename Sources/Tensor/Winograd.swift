import COpenBLAS

/// A 3×3 stride-1 convolution by Winograd's minimal filtering F(2×2, 3×3) (Lavin & Gray, CVPR 2016).
///
/// Each 2×2 block of outputs reads a 4×4 patch. Transformed into the Winograd domain (Bᵀ d B for the
/// patch, G g Gᵀ for each 3×3 kernel) the convolution becomes 16 independent products of a K×C
/// matrix of transformed weights by a C×tiles matrix of transformed patches; Aᵀ m A brings each 4×4
/// block of products back to 2×2 outputs. That is 16 multiplications per 4 outputs where im2col
/// needs 36: 2.25× fewer, paid for with transforms that only add. F(2, 3)'s transforms hold no
/// constant but ½, so its rounding stays that of the direct sum (larger tiles trade accuracy away).
///
/// The input gradient of such a convolution is again one: ∂L/∂y correlated with the kernels flipped
/// and their channels swapped, padded by 2 − padding, so both passes share `convolve`.
struct WinogradConvolution {
    let batch, inputChannels, outputChannels: Int
    let height, width: Int
    /// Where the first output's patch starts, above and left of the input (the padding).
    let top, left: Int
    let outputHeight, outputWidth: Int
    /// True for an input gradient: the weights are then [inputs of this problem, outputs, 3, 3], read flipped.
    let flipsKernels: Bool

    var tileRows: Int { (outputHeight + 1) / 2 }
    var tileColumns: Int { (outputWidth + 1) / 2 }
    /// Tiles of every image side by side, so one product per Winograd point serves the whole batch.
    var tiles: Int { batch * tileRows * tileColumns }

    /// The distance between consecutive points' matrices of `size` elements. Kept off multiples of the
    /// page size: with 16 points written side by side at such a distance, every write of a tile fell
    /// into the same cache set, and the weight transform alone took an eighth of a forward.
    static func pointStride(_ size: Int) -> Int { size + 16 }

    /// Whether the transform computes this window: a 3×3 kernel at stride and dilation 1, without groups.
    static func computes(window: Window2D, groups: Int) -> Bool {
        window.kernelSize == [3, 3] && window.strides == [1, 1] && window.dilations == [1, 1] && groups == 1
    }

    /// Whether it beats im2col here, as measured on ResNet-50: enough channels that the 16 products stay
    /// efficient, and enough outputs over the batch that transforming the weights pays (7×7 planes of a
    /// single image did not; the same planes in a batch of 16 did).
    var pays: Bool {
        min(inputChannels, outputChannels) >= 32 && batch * outputHeight * outputWidth >= 64
    }

    /// The 16 matrices G g Gᵀ, [16][outputs × inputs], of this problem's kernels: [K, C, 3, 3] as given,
    /// or for an input gradient [C, K, 3, 3] with each kernel flipped.
    private func transformWeights(_ weight: UnsafePointer<Float>) -> [Float] {
        let pairs = Self.pointStride(outputChannels * inputChannels)
        let (source, flips) = (UnsafeSendablePointer(weight), flipsKernels)
        let (outputChannels, inputChannels) = (outputChannels, inputChannels)
        return [Float](unsafeUninitializedCapacity: 16 * pairs) { buffer, initialized in
            let target = UnsafeSendableMutablePointer(buffer.baseAddress!)
            parallelChunks(outputChannels, minimumChunk: max(1, 4096 / max(inputChannels, 1))) { range in
                for k in range {
                    for c in 0..<inputChannels {
                        let g = source.pointer + (flips ? c * outputChannels + k : k * inputChannels + c) * 9
                        func kernelRow(_ i: Int) -> SIMD4<Float> {
                            flips
                                ? SIMD4(g[(2 - i) * 3 + 2], g[(2 - i) * 3 + 1], g[(2 - i) * 3], 0)
                                : SIMD4(g[i * 3], g[i * 3 + 1], g[i * 3 + 2], 0)
                        }
                        let (g0, g1, g2) = (kernelRow(0), kernelRow(1), kernelRow(2))
                        // G g, a 4×3 block; then each of its rows times Gᵀ.
                        func store(_ i: Int, _ r: SIMD4<Float>) {
                            let out = target.pointer + 4 * i * pairs + k * inputChannels + c
                            out[0] = r.x
                            out[pairs] = (r.x + r.y + r.z) / 2
                            out[2 * pairs] = (r.x - r.y + r.z) / 2
                            out[3 * pairs] = r.z
                        }
                        store(0, g0); store(1, (g0 + g1 + g2) / 2); store(2, (g0 - g1 + g2) / 2); store(3, g2)
                    }
                }
            }
            initialized = 16 * pairs
        }
    }

    /// y[n, k] = Σ_c w[k, c] ⋆ x[n, c] (+ bias[k]), as a [batch, outputs, outputHeight, outputWidth] tensor;
    /// the weights' transform comes from `cache` when it holds it.
    func convolve(_ input: Tensor, weight: Tensor, bias: Tensor?, cache: ConvolutionWeightCache?) -> Tensor {
        let transform = { weight.scalars.withUnsafeBufferPointer { transformWeights($0.baseAddress!) } }
        let transformedWeights = cache?.transformed(weight.scalars, flipsKernels: flipsKernels, transform: transform)
            ?? transform()
        let patchCount = 16 * Self.pointStride(inputChannels * tiles)
        let productCount = 16 * Self.pointStride(outputChannels * tiles)
        var patches = [Float](unsafeUninitializedCapacity: patchCount) { _, count in count = patchCount }
        var products = [Float](unsafeUninitializedCapacity: productCount) { _, count in count = productCount }
        return Tensor(shape: [batch, outputChannels, outputHeight, outputWidth]) { output in
            input.scalars.withUnsafeBufferPointer { x in
                patches.withUnsafeMutableBufferPointer { v in
                    products.withUnsafeMutableBufferPointer { m in
                        transformPatches(x.baseAddress!, into: v.baseAddress!)
                        transformedWeights.withUnsafeBufferPointer { u in
                            multiplyPoints(u.baseAddress!, v.baseAddress!, into: m.baseAddress!)
                        }
                        transformProducts(m.baseAddress!, bias: bias?.scalars, into: output.baseAddress!)
                    }
                }
            }
        }
    }

    /// V[ξ][c][tile] = (Bᵀ d B)[ξ] for the 4×4 patch d of each tile, zero outside the image.
    private func transformPatches(_ input: UnsafePointer<Float>, into patches: UnsafeMutablePointer<Float>) {
        let source = UnsafeSendablePointer(input), target = UnsafeSendableMutablePointer(patches)
        let (plane, stride) = (height * width, Self.pointStride(inputChannels * tiles))
        parallelChunks(batch * inputChannels) { range in
            for block in range {
                let (image, channel) = block.quotientAndRemainder(dividingBy: inputChannels)
                let x = source.pointer + block * plane
                var tile = image * tileRows * tileColumns
                let row = target.pointer + channel * tiles
                for tileRow in 0..<tileRows {
                    let top = 2 * tileRow - self.top
                    for tileColumn in 0..<tileColumns {
                        let left = 2 * tileColumn - self.left
                        let inside = left >= 0 && left + 4 <= width
                        func patchRow(_ i: Int) -> SIMD4<Float> {
                            let r = top + i
                            guard r >= 0, r < height else { return .zero }
                            let start = x + r * width + left
                            if inside { return SIMD4(start[0], start[1], start[2], start[3]) }
                            var values = SIMD4<Float>.zero
                            for j in 0..<4 where left + j >= 0 && left + j < width { values[j] = start[j] }
                            return values
                        }
                        let (d0, d1, d2, d3) = (patchRow(0), patchRow(1), patchRow(2), patchRow(3))
                        // Bᵀ d has rows d0 − d2, d1 + d2, d2 − d1, d1 − d3; each row times B likewise.
                        func store(_ i: Int, _ u: SIMD4<Float>) {
                            let out = row + 4 * i * stride + tile
                            out[0] = u.x - u.z
                            out[stride] = u.y + u.z
                            out[2 * stride] = u.z - u.y
                            out[3 * stride] = u.y - u.w
                        }
                        store(0, d0 - d2); store(1, d1 + d2); store(2, d2 - d1); store(3, d1 - d3)
                        tile += 1
                    }
                }
            }
        }
    }

    /// M[ξ] = U[ξ] · V[ξ] for the 16 points, each product on one core.
    private func multiplyPoints(_ weights: UnsafePointer<Float>, _ patches: UnsafePointer<Float>,
                                into products: UnsafeMutablePointer<Float>) {
        OpenBLASThreads.configureOnce()
        let (u, v, m) = (UnsafeSendablePointer(weights), UnsafeSendablePointer(patches), UnsafeSendableMutablePointer(products))
        let (k, c, p) = (outputChannels, inputChannels, tiles)
        parallelChunks(16) { points in
            for point in points {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(k), Int32(p), Int32(c), 1,
                            u.pointer + point * Self.pointStride(k * c), Int32(c),
                            v.pointer + point * Self.pointStride(c * p), Int32(p),
                            0, m.pointer + point * Self.pointStride(k * p), Int32(p))
            }
        }
    }

    /// y = Aᵀ m A (+ bias) for each tile's 4×4 products, cropped to the output.
    private func transformProducts(_ products: UnsafePointer<Float>, bias: [Float]?,
                                   into output: UnsafeMutablePointer<Float>) {
        let source = UnsafeSendablePointer(products), target = UnsafeSendableMutablePointer(output)
        let (plane, stride) = (outputHeight * outputWidth, Self.pointStride(outputChannels * tiles))
        parallelChunks(batch * outputChannels) { range in
            for block in range {
                let (image, channel) = block.quotientAndRemainder(dividingBy: outputChannels)
                let offset = bias?[channel] ?? 0
                let y = target.pointer + block * plane
                var tile = image * tileRows * tileColumns
                let row = source.pointer + channel * tiles
                for tileRow in 0..<tileRows {
                    for tileColumn in 0..<tileColumns {
                        func productRow(_ i: Int) -> SIMD4<Float> {
                            let start = row + 4 * i * stride + tile
                            return SIMD4(start[0], start[stride], start[2 * stride], start[3 * stride])
                        }
                        let (m0, m1, m2, m3) = (productRow(0), productRow(1), productRow(2), productRow(3))
                        // Aᵀ m has rows m0 + m1 + m2 and m1 − m2 − m3; each row times A likewise.
                        let (upper, lower) = (m0 + m1 + m2, m1 - m2 - m3)
                        let (r, s) = (2 * tileRow, 2 * tileColumn)
                        let fitsRight = s + 1 < outputWidth, fitsBelow = r + 1 < outputHeight
                        y[r * outputWidth + s] = upper.x + upper.y + upper.z + offset
                        if fitsRight { y[r * outputWidth + s + 1] = upper.y - upper.z - upper.w + offset }
                        if fitsBelow {
                            y[(r + 1) * outputWidth + s] = lower.x + lower.y + lower.z + offset
                            if fitsRight { y[(r + 1) * outputWidth + s + 1] = lower.y - lower.z - lower.w + offset }
                        }
                        tile += 1
                    }
                }
            }
        }
    }
}
