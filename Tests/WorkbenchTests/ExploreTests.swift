import Foundation
import JupyterKernel
import JupyterWidgets
import Testing
import Workbench

/// `%explore` through the interpreter, its controls moved the way the kernel hands it a frontend's messages.
@Suite(.serialized) struct ExploreTests {
    let interpreter = WorkbenchInterpreter()

    private func sent(_ context: CollectingContext) -> [CommMessage] {
        context.outputs.compactMap { if case .comm(let message) = $0 { message } else { nil } }
    }

    /// Runs the setup and `%explore`; the widgets it opened (by model name and description) and the cell's result.
    private func explore(_ line: String = "e = %explore img\ne") async throws -> (widgets: [CommMessage], result: MimeBundle) {
        _ = try await interpreter.execute("net = %model zoo shapes-cnn\nimg = %data shapes --class star --index 3", context: CollectingContext())
        let context = CollectingContext()
        let outcome = try await interpreter.execute(line, context: context)
        return (sent(context).filter { $0.kind == .open }, try #require(outcome.result))
    }

    private func widget(_ opened: [CommMessage], _ model: String, _ description: String? = nil) throws -> String {
        try #require(opened.first {
            $0.data["state"]?["_model_name"]?.stringValue == model
                && (description == nil || $0.data["state"]?["description"]?.stringValue == description)
        }).commID
    }

    private func change(_ id: String, _ state: JSONObject, context: CollectingContext) throws {
        try interpreter.comms.receive(CommMessage(.message, commID: id, data: ["method": "update", "state": .object(state)]),
                                      context: context)
    }

    /// The methods the provenance widget has shown, in order, waiting up to `seconds` for `until` to appear.
    private func shownMethods(_ context: CollectingContext, provenance: String, until method: String? = nil, seconds: Double = 30) async throws -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let methods = sent(context).filter { $0.commID == provenance }.compactMap { message -> String? in
                guard let html = message.data["state"]?["value"]?.stringValue,
                      let range = html.range(of: #""method" : "([a-z-]+)""#, options: .regularExpression) else { return nil }
                return html[range].split(separator: "\"").last.map(String.init)
            }
            if method == nil || methods.last == method || Date() > deadline { return methods }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test func thePanelDisplaysAsAWidgetWithAPictureOfItsMap() async throws {
        let (opened, result) = try await explore()
        let root = try #require(result.data[WidgetManager.viewMimeType]?["model_id"]?.stringValue)
        #expect(opened.last?.commID == root && opened.last?.data["state"]?["_model_name"] == "VBoxModel")
        #expect(result.data["image/png"] != nil && result.metadata["saliency/provenance"]?["method"] == "gradient")
        let image = try #require(opened.first { $0.data["state"]?["_model_name"] == "ImageModel" })
        #expect(image.buffers.first?.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
        #expect(opened.count == interpreter.comms.openComms(target: WidgetManager.target).count)
    }

    @Test func aStyleChangeRedrawsTheCachedMapBeforeTheEventReturns() async throws {
        let (opened, _) = try await explore()
        let image = try widget(opened, "ImageModel")
        let context = CollectingContext()
        try change(try widget(opened, "DropdownModel", "colormap"), ["index": 0], context: context)
        let redrawn = sent(context).filter { $0.commID == image && $0.data["method"] == "update" }
        #expect(redrawn.count == 1 && redrawn[0].buffers.first != opened.first { $0.commID == image }?.buffers.first)
    }

    @Test func aNewMapComesFromTheBackgroundAndSaveWritesWhatIsShown() async throws {
        let (opened, _) = try await explore()
        let provenance = try #require(opened.first { $0.data["state"]?["value"]?.stringValue?.contains("provenance") == true }).commID
        let methods = try #require(opened.first { $0.data["state"]?["description"] == "method" }?.data["state"]?["_options_labels"]?.arrayValue)
        let context = CollectingContext()
        try change(try widget(opened, "DropdownModel", "method"), ["index": JSONValue(methods.firstIndex(of: "ig") ?? -1)], context: context)
        #expect(try await shownMethods(context, provenance: provenance, until: "ig").last == "ig")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("explore-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try await interpreter.execute("%save e \(folder.path)/shown.png", context: CollectingContext())
        let sidecar = try JSONValue.decode(Data(contentsOf: folder.appendingPathComponent("shown.png.json")))
        #expect(sidecar["method"] == "ig")
    }

    @Test func aNewerChoiceCancelsTheComputationOfAnOlderOne() async throws {
        let (opened, _) = try await explore()
        let provenance = try #require(opened.first { $0.data["state"]?["value"]?.stringValue?.contains("provenance") == true }).commID
        let methods = try #require(opened.first { $0.data["state"]?["description"] == "method" }?.data["state"]?["_options_labels"]?.arrayValue)
        let method = try widget(opened, "DropdownModel", "method")
        let context = CollectingContext()
        try change(method, ["index": JSONValue(methods.firstIndex(of: "rise") ?? -1)], context: context)
        try await Task.sleep(for: .milliseconds(200))
        let started = Date()
        try change(method, ["index": JSONValue(methods.firstIndex(of: "gbp") ?? -1)], context: context)
        #expect(try await shownMethods(context, provenance: provenance, until: "gbp").last == "gbp")
        #expect(Date().timeIntervalSince(started) < 5)
        try await Task.sleep(for: .milliseconds(500))
        #expect(!(try await shownMethods(context, provenance: provenance)).contains("rise"), "the cancelled map never shows")
    }

    @Test func anErrorInAWidgetEventGoesToThePanelsMessageArea() async throws {
        let (opened, _) = try await explore("e = %explore ig img\ne")
        let messages = try widget(opened, "OutputModel")
        let context = CollectingContext()
        // The protocol takes any whole number for the slider (ipywidgets would clamp it); IG refuses 0 steps.
        try change(try widget(opened, "IntSliderModel", "steps"), ["value": 0], context: context)
        let deadline = Date().addingTimeInterval(30)
        while !sent(context).contains(where: { $0.commID == messages }), Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        let report = try #require(sent(context).last { $0.commID == messages })
        let output = try #require(report.data["state"]?["outputs"]?.arrayValue?.first)
        #expect(output["name"] == "stderr" && output["text"]?.stringValue?.contains("--steps") == true, "\(output)")
        // A class index past the list is refused before it reaches an explorer.
        let (maps, _) = try await explore()
        #expect(throws: (any Error).self) { try change(try widget(maps, "DropdownModel", "class"), ["index": 999], context: context) }
    }

    @Test func theTeachingViewsOpenAndAnswerTheirControls() async throws {
        for (line, control) in [("%explore ig img", "steps"), ("%explore sanity img --method gradient", "layers")] {
            let (opened, result) = try await explore(line)
            #expect(result.data["image/png"] != nil, "\(line)")
            let context = CollectingContext()
            try change(try widget(opened, "IntSliderModel", control), ["value": 2], context: context)
            let image = try widget(opened, "ImageModel")
            let deadline = Date().addingTimeInterval(30)
            while !sent(context).contains(where: { $0.commID == image }), Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(sent(context).contains { $0.commID == image }, "\(line): the picture follows the slider")
        }
    }

    @Test func misusedOptionsAreNamed() async throws {
        _ = try await interpreter.execute("net = %model zoo shapes-cnn\nimg = %data shapes --index 3", context: CollectingContext())
        for (line, expected) in [("%explore img --method gbp", "--method"), ("%explore gridpg img", "takes no image"),
                                 ("%explore igg img", "one of ig, sanity, gridpg, agnostic"), ("%explore ig img --iterations 3", "--iterations")] {
            await #expect(throws: ExecutionError.self, "\(line)") { _ = try await interpreter.execute(line, context: CollectingContext()) }
            do { _ = try await interpreter.execute(line, context: CollectingContext()) } catch let error as ExecutionError {
                #expect(error.value.contains(expected), "\(line): \(error.value)")
            }
        }
    }
}
