import Foundation

extension Image {
    /// Decodes PNG or JPEG bytes, recognised by their signature, refusing images larger than
    /// `limits` before allocating their pixels.
    public init(decoding bytes: [UInt8], limits: DecodingLimits = .standard) throws {
        if bytes.starts(with: PNGDecoding.signature) {
            self = try PNGDecoding.decode(bytes, limits: limits)
        } else if bytes.starts(with: JPEGDecoding.signature) {
            self = try JPEGDecoding.decode(bytes, limits: limits)
        } else if bytes.isEmpty {
            throw ImagingError.unsupportedFormat("no bytes to decode (empty file)")
        } else {
            let head = bytes.prefix(8).map { String(format: "%02x", $0) }.joined(separator: " ")
            throw ImagingError.unsupportedFormat("not a PNG or JPEG (starts with \(head))")
        }
    }

    /// Reads and decodes the PNG or JPEG file at `path`.
    public init(contentsOfFile path: String, limits: DecodingLimits = .standard) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImagingError.io("cannot read \(path)")
        }
        do {
            try self.init(decoding: [UInt8](data), limits: limits)
        } catch let error as ImagingError {
            throw error.naming(path)
        }
    }
}

extension ImagingError {
    /// The same error with the file it concerns prefixed to its message.
    func naming(_ path: String) -> ImagingError {
        switch self {
        case .unsupportedFormat(let message): .unsupportedFormat("\(path): \(message)")
        case .corrupt(let message): .corrupt("\(path): \(message)")
        case .invalidArgument(let message): .invalidArgument("\(path): \(message)")
        case .io, .tooLarge: self
        }
    }
}
