import Foundation
import JupyterKernel
import Testing
import Workbench

/// `%backdoor scan --models FOLDER/`: which files of a zoo are its models, in which order (the item
/// indices shards split by), and a model that cannot be loaded becoming an error in its place.
@Suite struct ZooScanTests {
    /// A fresh folder holding `files` (path → contents), removed by the caller.
    static func folder(_ files: [String: String], folders: [String] = []) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-\(UUID().uuidString)", isDirectory: true)
        for folder in folders { try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true) }
        for (path, contents) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url)
        }
        return root
    }

    @Test func listsTheFlatAndTheTrojAILayoutSortedByPathByteByByte() throws {
        let root = try Self.folder([
            "b.onnx": "", "a.onnx": "", "B.onnx": "", "c.ONNX": "", "notes.txt": "", ".hidden.onnx": "", "._a.onnx": "",
            "id-10/model.onnx": "", "id-2/model.onnx": "", "id-2/config.json": "", "id-4/weights.onnx": "",
        ], folders: ["id-3", "sub.onnx"])
        defer { try? FileManager.default.removeItem(at: root) }
        let zoo = try ModelZooFolder(path: root.path, command: "backdoor")
        // Byte order, not a locale's: capitals first, id-10 before id-2. Folders without a model.onnx, other
        // files in a model's folder, a folder named like a model and hidden files are no models.
        #expect(zoo.models == ["B.onnx", "a.onnx", "b.onnx", "c.ONNX", "id-10/model.onnx", "id-2/model.onnx"])
        #expect(zoo.url(of: 4).path == root.appendingPathComponent("id-10/model.onnx").path)
    }

    @Test func anEmptyOrMissingFolderIsNamed() throws {
        let root = try Self.folder(["readme.txt": ""], folders: ["id-1"])
        defer { try? FileManager.default.removeItem(at: root) }
        for (path, message) in [(root.path, "holds no models"), (root.path + "/nothing-here", "no such folder"),
                                (root.appendingPathComponent("readme.txt").path, "no such folder")] {
            let error = #expect(throws: WorkbenchError.self) { try ModelZooFolder(path: path, command: "backdoor") }
            #expect(error?.description.contains(message) == true, "\(path): \(String(describing: error))")
        }
    }

    /// A corrupt file, an empty one and a file that is no ONNX at all each get their error, in the
    /// folder's order, and the scan ends with a table and files rather than stopping at the first.
    @Test func modelsThatCannotBeLoadedBecomeErrorRecords() async throws {
        let root = try Self.folder(["b-truncated.onnx": "\u{08}\u{07}\u{12}\u{05}torch\u{3a}\u{ff}", "a-text.onnx": "not a model at all\n",
                                    "id-0/model.onnx": ""])
        defer { try? FileManager.default.removeItem(at: root) }
        let context = CollectingContext()
        let outcome = try await WorkbenchInterpreter().execute("""
            scenes = %data shapes --count 4
            zoo = %backdoor scan --models \(root.path) --images scenes
            %save zoo \(root.path)/out/zoo.jsonl
            %save zoo \(root.path)/out/zoo.csv
            """, context: context)
        #expect(outcome.result == nil)
        let tables = context.outputs.compactMap { output -> String? in
            guard case .display(let bundle, _) = output, let text = bundle.plainText, text.contains("models flagged") else { return nil }
            return text
        }
        #expect(tables.count == 1)
        let rows = tables.first?.split(separator: "\n").map(String.init) ?? []
        #expect(rows.first == "0 of 3 models flagged by the verdict (3 could not be scanned)")
        #expect(rows.dropFirst().map { $0.split(separator: "\t").first.map(String.init) ?? "" }
                == ["a-text.onnx", "b-truncated.onnx", "id-0/model.onnx"])
        #expect(rows.dropFirst().allSatisfy { $0.contains("\terror: ") })

        let lines = try String(contentsOf: root.appendingPathComponent("out/zoo.jsonl"), encoding: .utf8).split(separator: "\n")
        let objects = try lines.map { try JSONValue.decode(Data($0.utf8)).objectValue ?? [:] }
        #expect(objects.map { $0["item"]?.intValue } == [0, 1, 2])
        #expect(objects.map { $0["model"]?.stringValue } == ["a-text.onnx", "b-truncated.onnx", "id-0/model.onnx"])
        #expect(objects.allSatisfy { ($0["error"]?.stringValue ?? "").isEmpty == false && $0["flagged"] == nil })
        let csv = try String(contentsOf: root.appendingPathComponent("out/zoo.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("item,model,method,flagged,target,"))
        #expect(csv.split(separator: "\r\n").count == 4)
        // The skipped models are said on stderr too, as a sweep's skipped pictures are.
        #expect(context.outputs.contains { if case .stream(.stderr, let text) = $0 { text.contains("skipped 3 of 3 items") } else { false } })
    }

    @Test func refusesAFolderWithAModelOrASingleReading() async throws {
        for line in ["%backdoor scan --models zoo/ --model net --images scenes", "%backdoor scan --models zoo/ --score concentration --images scenes"] {
            await #expect(throws: ExecutionError.self) { try await WorkbenchInterpreter().execute(line, context: CollectingContext()) }
        }
        let root = try Self.folder(["a.onnx": ""])
        defer { try? FileManager.default.removeItem(at: root) }
        do {
            _ = try await WorkbenchInterpreter().execute("%backdoor scan --models \(root.path) --images nope", context: CollectingContext())
            Issue.record("a missing image set must fail the line")
        } catch let error as ExecutionError {
            #expect(error.value.contains("no value named 'nope'"), "\(error.value)")
        }
    }
}
