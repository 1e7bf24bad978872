import Foundation

/// A Pascal VOC annotation (`<annotation><size>…</size><object><name/><bndbox>…</bndbox></object>…`),
/// the format of ImageNet's validation boxes: the size of the image it was made for and the boxes of
/// its objects.
public struct VOCAnnotation: Sendable, Equatable {
    public struct Object: Sendable, Equatable {
        public var name: String
        /// In VOC's convention: 1-based pixel coordinates, both corners inclusive.
        public var xmin: Int, ymin: Int, xmax: Int, ymax: Int

        public init(name: String, xmin: Int, ymin: Int, xmax: Int, ymax: Int) {
            (self.name, self.xmin, self.ymin, self.xmax, self.ymax) = (name, xmin, ymin, xmax, ymax)
        }

        /// The box as whole pixels of a 0-based image, `top..<bottom` × `left..<right`.
        public var pixels: PixelBox {
            PixelBox(top: ymin - 1, left: xmin - 1, bottom: ymax, right: xmax)
        }
    }

    /// The image size the file declares, when it declares one.
    public var width: Int?
    public var height: Int?
    public var objects: [Object]

    public init(width: Int?, height: Int?, objects: [Object]) {
        (self.width, self.height, self.objects) = (width, height, objects)
    }

    /// Reads the annotation from the file's bytes. Coordinates written as decimals ("111.0", as some
    /// converters write them) are rounded.
    public init(xml bytes: [UInt8]) throws {
        let root = try MarkupParser.document(bytes)
        guard root.name == "annotation" else {
            throw DatasetError.invalidArgument("a VOC annotation's root element is <annotation>, not <\(root.name)>")
        }
        func number(_ element: MarkupElement, _ name: String, in context: String) throws -> Int {
            guard let text = element.value(of: name) else { throw DatasetError.invalidArgument("\(context) has no <\(name)>") }
            guard let value = Double(text), value.isFinite, abs(value) < 1e7 else {
                throw DatasetError.invalidArgument("\(context)'s <\(name)> is '\(text.prefix(40))', not a number")
            }
            return Int(value.rounded())
        }
        if let size = root.child("size") {
            width = try number(size, "width", in: "<size>")
            height = try number(size, "height", in: "<size>")
            guard width! > 0, height! > 0 else { throw DatasetError.invalidArgument("<size> declares \(width!)×\(height!)") }
        }
        objects = try root.children(named: "object").enumerated().map { index, object in
            let context = "object \(index + 1)"
            guard let box = object.child("bndbox") else { throw DatasetError.invalidArgument("\(context) has no <bndbox>") }
            let parsed = Object(name: object.value(of: "name") ?? "", xmin: try number(box, "xmin", in: context),
                                ymin: try number(box, "ymin", in: context), xmax: try number(box, "xmax", in: context),
                                ymax: try number(box, "ymax", in: context))
            guard parsed.xmin <= parsed.xmax, parsed.ymin <= parsed.ymax else {
                throw DatasetError.invalidArgument("\(context)'s box runs backwards: x \(parsed.xmin)…\(parsed.xmax), y \(parsed.ymin)…\(parsed.ymax)")
            }
            return parsed
        }
    }

    /// The annotation as VOC XML, for an image file named `filename`.
    public func xml(filename: String) -> String {
        func escaped(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        }
        let size = width.map { "  <size><width>\($0)</width><height>\(height ?? 0)</height><depth>3</depth></size>\n" } ?? ""
        let objects = self.objects.map { object in
            "  <object><name>\(escaped(object.name))</name><bndbox><xmin>\(object.xmin)</xmin><ymin>\(object.ymin)</ymin>"
                + "<xmax>\(object.xmax)</xmax><ymax>\(object.ymax)</ymax></bndbox></object>\n"
        }.joined()
        return "<annotation>\n  <filename>\(escaped(filename))</filename>\n" + size + objects + "</annotation>\n"
    }
}
