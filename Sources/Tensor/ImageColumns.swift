import COpenBLAS

/// im2col and col2im: the unfolding that turns a convolution into one matrix product.
///
/// For one image and a channel range, the column matrix has a row per (channel, kernel row,
/// kernel column) and a column per output position, so that weights [M × C·kh·kw] times columns
/// gives the output [M × Ho·Wo] directly in NCHW order without a transpose.
struct ImageColumns: Sendable {
    let channels: Int
    let height: Int
    let width: Int
    let outputHeight: Int
    let outputWidth: Int
    let window: Window2D

    var rows: Int { channels * window.kernelSize[0] * window.kernelSize[1] }
    var columns: Int { outputHeight * outputWidth }

    /// True when the column matrix equals the input itself (1×1 kernel, unit stride, no padding).
    var isIdentity: Bool {
        window.kernelSize == [1, 1] && window.strides == [1, 1] && window.padding == [0, 0, 0, 0]
    }

    /// The input offsets a kernel tap reads along one axis: output positions whose source lies inside.
    private func validRange(outputs: Int, input: Int, stride: Int, offset: Int) -> Range<Int> {
        // source = o·stride + offset must satisfy 0 ≤ source < input.
        let first = offset >= 0 ? 0 : (-offset + stride - 1) / stride
        let last = input - 1 - offset < 0 ? -1 : (input - 1 - offset) / stride
        return first..<max(first, min(outputs, last + 1))
    }

    func unfold(_ image: UnsafePointer<Float>, into columnsBuffer: UnsafeMutablePointer<Float>) {
        let (kh, kw) = (window.kernelSize[0], window.kernelSize[1])
        let (sh, sw) = (window.strides[0], window.strides[1])
        let (dh, dw) = (window.dilations[0], window.dilations[1])
        let (top, left) = (window.padding[0], window.padding[1])
        let (ho, wo, h, w) = (outputHeight, outputWidth, height, width)
        let image = UnsafeSendablePointer(image), out = UnsafeSendableMutablePointer(columnsBuffer)
        parallelChunks(rows, minimumChunk: max(1, 4096 / max(columns, 1))) { rowRange in
            for row in rowRange {
                let channel = row / (kh * kw)
                let ki = (row / kw) % kh, kj = row % kw
                let destination = out.pointer + row * ho * wo
                let source = image.pointer + channel * h * w
                let rowOffset = ki * dh - top, columnOffset = kj * dw - left
                let validRows = validRange(outputs: ho, input: h, stride: sh, offset: rowOffset)
                let validColumns = validRange(outputs: wo, input: w, stride: sw, offset: columnOffset)
                destination.update(repeating: 0, count: ho * wo)
                for oh in validRows {
                    let inputRow = source + (oh * sh + rowOffset) * w + columnOffset
                    let outputRow = destination + oh * wo
                    if sw == 1 {
                        (outputRow + validColumns.lowerBound).update(
                            from: inputRow + validColumns.lowerBound, count: validColumns.count)
                    } else {
                        for ow in validColumns { outputRow[ow] = inputRow[ow * sw] }
                    }
                }
            }
        }
    }

    /// Adds every column entry back to the input position it was read from (the adjoint of `unfold`).
    func fold(_ columnsBuffer: UnsafePointer<Float>, into image: UnsafeMutablePointer<Float>) {
        let (kh, kw) = (window.kernelSize[0], window.kernelSize[1])
        let (sh, sw) = (window.strides[0], window.strides[1])
        let (dh, dw) = (window.dilations[0], window.dilations[1])
        let (top, left) = (window.padding[0], window.padding[1])
        let (ho, wo, h, w) = (outputHeight, outputWidth, height, width)
        let columnsIn = UnsafeSendablePointer(columnsBuffer), out = UnsafeSendableMutablePointer(image)
        // One channel per task: the rows of a channel only write into that channel, so no races.
        parallelChunks(channels) { channelRange in
            for channel in channelRange {
                let destination = out.pointer + channel * h * w
                for ki in 0..<kh {
                    for kj in 0..<kw {
                        let row = (channel * kh + ki) * kw + kj
                        let source = columnsIn.pointer + row * ho * wo
                        let rowOffset = ki * dh - top, columnOffset = kj * dw - left
                        let validRows = validRange(outputs: ho, input: h, stride: sh, offset: rowOffset)
                        let validColumns = validRange(outputs: wo, input: w, stride: sw, offset: columnOffset)
                        guard !validColumns.isEmpty else { continue }
                        for oh in validRows {
                            let inputRow = destination + (oh * sh + rowOffset) * w + columnOffset
                            let outputRow = source + oh * wo
                            // saxpy: the compiler cannot vectorise the loop, as the rows might alias.
                            cblas_saxpy(Int32(validColumns.count), 1, outputRow + validColumns.lowerBound, 1,
                                        inputRow + validColumns.lowerBound * sw, Int32(sw))
                        }
                    }
                }
            }
        }
    }
}

/// Raw pointers handed to parallel workers that each touch a disjoint part of the buffer.
struct UnsafeSendablePointer: @unchecked Sendable {
    let pointer: UnsafePointer<Float>
    init(_ pointer: UnsafePointer<Float>) { self.pointer = pointer }
}

struct UnsafeSendableMutablePointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    init(_ pointer: UnsafeMutablePointer<Float>) { self.pointer = pointer }
}
