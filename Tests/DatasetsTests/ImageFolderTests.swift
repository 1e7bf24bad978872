import Datasets
import Foundation
import Imaging
import Tensor
import Testing

/// Labelled sets on disk: indexing the ImageFolder layout and CSV lists, and reading a picture with its
/// mask or boxes framed as the classifier takes it.
@Suite final class ImageFolderTests {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("image-folder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func write(_ image: Image, _ relative: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(try image.pngData()).write(to: url)
    }

    func write(_ text: String, _ relative: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// A `width`×`height` picture whose pixel (x, y) has red x, green y: where a pixel went is readable.
    func gradient(_ width: Int, _ height: Int) throws -> Image {
        try Image(width: width, height: height, layout: .rgb, pixels: (0..<(width * height)).flatMap { index in
            [UInt8(index % width), UInt8(index / width), 0]
        })
    }

    @Test func theFolderLayoutIsIndexedInNameOrderWithMasksAndBoxesFound() throws {
        for name in ["b/2.png", "b/1.jpg.png", "a/z.png", "a/sub/y.png", "a/.hidden/x.png", "a/notes.txt", ".git/x.png"] {
            name.hasSuffix(".txt") ? try write("no picture", "images/" + name) : try write(try gradient(4, 3), "images/" + name)
        }
        try write(try gradient(4, 3), "masks/a/z.png")
        try write("<annotation/>", "boxes/2.xml")  // a flat folder, found by name
        var stages: [String] = []
        let index = try ImageFolderIndex(folder: root.appendingPathComponent("images").path, masks: root.appendingPathComponent("masks").path,
                                         boxes: root.appendingPathComponent("boxes").path) { _, stage in stages.append(stage) }
        #expect(index.files.map(\.path) == ["a/sub/y.png", "a/z.png", "b/1.jpg.png", "b/2.png"])
        #expect(index.files.map(\.className) == ["a", "a", "b", "b"])
        #expect(index.files.map { $0.mask != nil } == [false, true, false, false])
        #expect(index.files.map { $0.boxes != nil } == [false, false, false, true])
        #expect(stages.contains("a") && stages.contains("b"))
    }

    @Test func missingAndEmptyFoldersAreNamed() throws {
        let missing = #expect(throws: DatasetError.self) { try ImageFolderIndex(folder: root.appendingPathComponent("nope").path) }
        #expect(missing?.description.contains("no folder") == true)
        let empty = #expect(throws: DatasetError.self) { try ImageFolderIndex(folder: root.path) }
        #expect(empty?.description.contains("holds no class folders") == true)
    }

    @Test func aCSVListIsIndexedWithItsProblemsNamed() throws {
        try write(try gradient(4, 3), "pics/one.png")
        try write(try gradient(4, 3), "pics/m.png")
        try write("label,file\ncat,pics/one.png\ndog,pics/gone.png\n,pics/one.png\n", "list.csv")
        let index = try ImageFolderIndex(list: root.appendingPathComponent("list.csv").path)
        #expect(index.files == [LabelledImageFile(path: "pics/one.png", className: "cat")])
        #expect(index.problems.count == 2 && index.problems[0].contains("line 3") && index.problems[0].contains("pics/gone.png"))
        #expect(index.problems[1].contains("line 4") && index.problems[1].contains("has no label"))
        try write("pics/one.png,cat,pics/m.png\n", "headless.csv")
        let headless = try ImageFolderIndex(list: root.appendingPathComponent("headless.csv").path)
        #expect(headless.files == [LabelledImageFile(path: "pics/one.png", className: "cat", mask: "pics/m.png")])
        try write("file,kind\n", "bad.csv")
        #expect(throws: DatasetError.self) { try ImageFolderIndex(list: root.appendingPathComponent("bad.csv").path) }
    }

    /// A 8×4 picture at side 2: shorter side to 2 (4×2), centre crop 2×2. The mask and the boxes are framed alike.
    @Test func aPictureComesFramedWithItsMaskAndBoxes() throws {
        try write(try gradient(8, 4), "p.png")
        var mask = [UInt8](repeating: 0, count: 32)
        for row in 0..<4 { for column in 4..<8 { mask[row * 8 + column] = 255 } }
        try write(try Image(width: 8, height: 4, layout: .gray, pixels: mask), "m.png")
        try write(VOCAnnotation(width: 8, height: 4, objects: [.init(name: "other", xmin: 1, ymin: 1, xmax: 4, ymax: 4),
                                                              .init(name: "cat", xmin: 5, ymin: 1, xmax: 8, ymax: 4)]).xml(filename: "p.png"), "b.xml")
        let expected = try Preprocessing.square(2).framed(try Image(contentsOfFile: root.appendingPathComponent("p.png").path).tensor())
        let withMask = try LabelledImageFile(path: "p.png", className: "cat", mask: "m.png").sample(root: root.path, side: 2)
        #expect(withMask.image.scalars == expected.scalars && withMask.image.shape == [3, 2, 2])
        #expect(withMask.mask?.scalars == [0, 1, 0, 1])
        // Only the box of the file's class counts; a class no object is named after takes every box.
        let boxed = try LabelledImageFile(path: "p.png", className: "cat", boxes: "b.xml").sample(root: root.path, side: 2)
        #expect(boxed.mask?.scalars == [0, 1, 0, 1])
        let unnamed = try LabelledImageFile(path: "p.png", className: "dog", boxes: "b.xml").sample(root: root.path, side: 2)
        #expect(unnamed.mask?.scalars == [1, 1, 1, 1])
    }

    /// The shapes scenes written as PNGs with their masks and read back through the folder are the scenes
    /// exactly, but for PNG's rounding of each sample to the nearest multiple of 1/255: the folder route
    /// and the embedded one differ in nothing else (the GridPG integration test allows for that rounding).
    @Test func theShapesScenesWrittenAsPNGsReadBackAsTheScenesRoundedTo8Bits() throws {
        let scenes = ShapesImages(split: .validation)
        for index in 0..<30 {
            let scene = try scenes.sample(at: index, side: 64)
            let name = "\(ShapeClass(rawValue: scene.label!)!)/\(index).png"
            try write(try Image(tensor: scene.image), "images/" + name)
            try write(try Image(tensor: try #require(scene.mask)), "masks/" + name)
        }
        let index = try ImageFolderIndex(folder: root.appendingPathComponent("images").path, masks: root.appendingPathComponent("masks").path)
        #expect(index.files.count == 30)
        var rounded = 0
        for file in index.files {
            let number = try #require(Int(file.path.split(separator: "/")[1].dropLast(4)))
            let scene = try scenes.sample(at: number, side: 64)
            let (image, mask) = try file.sample(root: index.root, side: 64)
            #expect(file.className == "\(ShapeClass(rawValue: scene.label!)!)")
            #expect(image.shape == scene.image.shape && mask?.scalars == scene.mask?.scalars, "\(file.path)")
            #expect(image.scalars == scene.image.scalars.map { ($0 * 255).rounded() / 255 }, "\(file.path)")
            rounded += zip(image.scalars, scene.image.scalars).count { $0 != $1 }
        }
        #expect(rounded > 0)  // the scenes are not 8-bit pictures: the rounding is real
    }

    @Test func aMaskOrBoxesOfAnotherSizeAndAnUnreadablePictureAreNamed() throws {
        try write(try gradient(8, 4), "p.png")
        try write(try gradient(4, 4), "small.png")
        try write("<annotation><size><width>9</width><height>4</height></size></annotation>", "b.xml")
        try write("not a picture", "broken.png")
        let mask = #expect(throws: DatasetError.self) {
            try LabelledImageFile(path: "p.png", className: "a", mask: "small.png").sample(root: root.path, side: 2)
        }
        #expect(mask?.description.contains("the mask small.png is 4×4 but its picture p.png is 8×4") == true)
        let boxes = #expect(throws: DatasetError.self) {
            try LabelledImageFile(path: "p.png", className: "a", boxes: "b.xml").sample(root: root.path, side: 2)
        }
        #expect(boxes?.description.contains("made for a 9×4 picture") == true)
        let broken = #expect(throws: ImagingError.self) { try LabelledImageFile(path: "broken.png", className: "a").sample(root: root.path, side: 2) }
        #expect("\(String(describing: broken))".contains("broken.png"))
    }
}
