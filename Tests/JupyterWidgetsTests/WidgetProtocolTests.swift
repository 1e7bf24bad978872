import Foundation
import JupyterKernel
import JupyterWidgets
import Synchronization
import Testing

/// The widget protocol 2.1 as ipywidgets 8's kernel side speaks it (`packages/schema/messages.md`), driven
/// through the comm manager the way the kernel hands it the frontend's messages.
@Suite struct WidgetProtocolTests {
    private let comms = CommManager()
    private let widgets: WidgetManager
    init() { widgets = WidgetManager(comms: comms) }

    private func sent(_ context: CollectingContext) -> [CommMessage] {
        context.outputs.compactMap { if case .comm(let message) = $0 { message } else { nil } }
    }

    private func update(_ id: String, _ state: JSONObject, paths: JSONValue = [], buffers: [Data] = []) -> CommMessage {
        CommMessage(.message, commID: id, data: ["method": "update", "state": .object(state), "buffer_paths": paths], buffers: buffers)
    }

    @Test func openingAWidgetOpensItsLayoutAndStyleFirstAndRefersToThem() throws {
        let context = CollectingContext()
        let slider = widgets.open(.intSlider(value: 3, in: 1...10, description: "steps").with(layout: ["width": "20em"]), context: context)
        let opens = sent(context)
        #expect(opens.map(\.kind) == [.open, .open, .open])
        #expect(opens.allSatisfy { $0.targetName == WidgetManager.target && $0.metadata == ["version": "2.1.0"] })
        let (layout, style, own) = (opens[0], opens[1], opens[2])
        #expect(layout.data["state"]?["_model_name"] == "LayoutModel" && layout.data["state"]?["width"] == "20em")
        #expect(style.data["state"]?["_model_name"] == "SliderStyleModel")
        #expect(own.commID == slider.id)
        #expect(own.data["state"]?["layout"] == .string("IPY_MODEL_" + layout.commID))
        #expect(own.data["state"]?["style"] == .string("IPY_MODEL_" + style.commID))
        #expect(own.data["state"]?["value"] == 3 && own.data["state"]?["max"] == 10 && own.data["buffer_paths"] == [])
        #expect(comms.openComms(target: WidgetManager.target).count == 3)
    }

    @Test func anImageTravelsAsABufferBothWays() throws {
        let context = CollectingContext()
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0, 255])
        let image = widgets.open(.image(png, width: 128), context: context)
        let open = try #require(sent(context).last)
        #expect(open.data["buffer_paths"] == [["value"]] && open.buffers == [png])
        #expect(open.data["state"]?["value"] == nil, "a binary value is not in the JSON state")
        let replacement = Data(repeating: 7, count: 1000)
        try comms.receive(update(image.id, [:], paths: [["value"]], buffers: [replacement]), context: context)
        #expect(image.model.binary["value"] == replacement)
        let echo = try #require(sent(context).last)
        #expect(echo.data["method"] == "echo_update" && echo.data["buffer_paths"] == [["value"]] && echo.buffers == [replacement])
    }

    @Test func aFrontendUpdateIsAppliedEchoedAndObserved() throws {
        let context = CollectingContext()
        let slider = widgets.open(.floatSlider(value: 0.5, in: 0...1, step: 0.05), context: context)
        let seen = Mutex<[WidgetEvent]>([])
        slider.observe { event, _ in seen.withLock { $0.append(event) } }
        try comms.receive(update(slider.id, ["value": 0.75]), context: context)
        #expect(slider.model.doubleValue == 0.75)
        #expect(seen.withLock { $0 } == [.changed(["value"])])
        #expect(sent(context).last == CommMessage(.message, commID: slider.id,
                                                  data: ["method": "echo_update", "state": ["value": 0.75], "buffer_paths": []]))
    }

    @Test func brokenStateIsRefusedWholeAndChangesNothing() throws {
        let context = CollectingContext()
        let slider = widgets.open(.intSlider(value: 3, in: 1...10), context: context)
        let observed = Atomic(0)
        slider.observe { _, _ in observed.add(1, ordering: .relaxed) }
        let before = sent(context).count
        for state: JSONObject in [["value": "four"], ["value": 4.5], ["min": 0, "nonsense": 1], ["_model_name": "X"], ["layout": "IPY_MODEL_x"]] {
            #expect(throws: (any Error).self) { try comms.receive(update(slider.id, state), context: context) }
        }
        #expect(throws: (any Error).self) {
            try comms.receive(CommMessage(.message, commID: slider.id, data: ["method": "update", "state": "x"]), context: context)
        }
        #expect(throws: (any Error).self) {
            try comms.receive(CommMessage(.message, commID: slider.id, data: ["method": "explode"]), context: context)
        }
        #expect(throws: (any Error).self, "a buffer at a key that is not binary") {
            try comms.receive(update(slider.id, [:], paths: [["value"]], buffers: [Data([1])]), context: context)
        }
        #expect(slider.model.intValue == 3 && slider.model["min"] == 1)
        #expect(observed.load(ordering: .relaxed) == 0)
        // Nothing is echoed; the frontend gets the kernel's values of the keys it tried to set, to show them again.
        let answers = sent(context)[before...]
        #expect(answers.allSatisfy { $0.data["method"] == "update" })
        #expect(answers.first?.data["state"] == ["value": 3])
        #expect(answers.map { $0.data["state"]?.objectValue?.keys.sorted() ?? [] }
            == [["value"], ["value"], ["min"]], "one correction per refused update, of the synced keys it named")
    }

    @Test func requestStateAnswersWithTheWholeState() throws {
        let context = CollectingContext()
        let dropdown = widgets.open(.dropdown(["a", "b"], index: 1, description: "pick"), context: context)
        let open = try #require(sent(context).last)
        try comms.receive(CommMessage(.message, commID: dropdown.id, data: ["method": "request_state"]), context: context)
        let answer = try #require(sent(context).last)
        #expect(answer.data["method"] == "update" && answer.data["state"] == open.data["state"])
        #expect(dropdown.model.selectedLabel == "b")
        #expect(throws: (any Error).self, "an index past the options") {
            try comms.receive(update(dropdown.id, ["index": 2]), context: context)
        }
        try comms.receive(update(dropdown.id, ["index": 0]), context: context)
        #expect(dropdown.model.selectedLabel == "a")
    }

    @Test func theKernelSendsOnlyTheKeysThatChanged() throws {
        let context = CollectingContext()
        let html = widgets.open(.html("<b>a</b>"), context: context)
        html.update(context: context) { $0["value"] = "<b>b</b>" }
        html.update(context: context) { $0["value"] = "<b>b</b>" }
        let updates = sent(context).filter { $0.kind == .message }
        #expect(updates == [CommMessage(.message, commID: html.id, data: ["method": "update", "state": ["value": "<b>b</b>"], "buffer_paths": []])])
    }

    @Test func aReloadedPageGetsEveryWidgetsStateOnTheControlChannel() throws {
        let context = CollectingContext()
        let png = Data([1, 2, 3])
        let image = widgets.open(.image(png), context: context)
        let slider = widgets.open(.intSlider(value: 2, in: 0...5), context: context)
        try comms.receive(CommMessage(.open, commID: "control", targetName: WidgetManager.controlTarget, metadata: ["version": "1.0.0"]),
                          context: context)
        try comms.receive(CommMessage(.message, commID: "control", data: ["method": "request_states"]), context: context)
        let answer = try #require(sent(context).last)
        #expect(answer.commID == "control" && answer.data["method"] == "update_states")
        let states = try #require(answer.data["states"]?.objectValue)
        #expect(states.count == 5, "the image with its layout, the slider with its layout and style")
        #expect(states[slider.id]?["state"]?["value"] == 2 && states[slider.id]?["model_name"] == "IntSliderModel")
        #expect(states[slider.id]?["model_module"] == "@jupyter-widgets/controls" && states[slider.id]?["model_module_version"] == "2.0.0")
        #expect(answer.data["buffer_paths"] == [[.string(image.id), "state", "value"]] && answer.buffers == [png])
        try comms.receive(CommMessage(.close, commID: "control"), context: context)
        #expect(widgets.count == 5)
    }

    @Test func aControlChannelOfAnotherMajorVersionIsClosed() {
        let context = CollectingContext()
        #expect(throws: (any Error).self) {
            try comms.receive(CommMessage(.open, commID: "c", targetName: WidgetManager.controlTarget, metadata: ["version": "2.0.0"]),
                              context: context)
        }
        #expect(sent(context) == [CommMessage(.close, commID: "c")])
    }

    @Test func aWidgetTheFrontendOpensIsKeptWhenItsModelIsKnown() throws {
        let context = CollectingContext()
        let state: JSONObject = ["_model_name": "CheckboxModel", "_model_module": "@jupyter-widgets/controls", "_model_module_version": "2.0.0",
                                 "_view_name": "CheckboxView", "_view_module": "@jupyter-widgets/controls", "_view_module_version": "2.0.0",
                                 "value": true, "layout": "IPY_MODEL_l"]
        try comms.receive(CommMessage(.open, commID: "f1", targetName: WidgetManager.target, data: ["state": .object(state)],
                                      metadata: ["version": "2.1.0"]), context: context)
        #expect(widgets.widget("f1")?.model.boolValue == true)
        var unknown = state
        unknown["_model_name"] = "SpaceshipModel"
        #expect(throws: (any Error).self) {
            try comms.receive(CommMessage(.open, commID: "f2", targetName: WidgetManager.target, data: ["state": .object(unknown)],
                                          metadata: ["version": "2.1.0"]), context: context)
        }
        #expect(sent(context) == [CommMessage(.close, commID: "f2")])
        try comms.receive(CommMessage(.close, commID: "f1"), context: context)
        #expect(widgets.widget("f1") == nil)
    }

    @Test func theDisplayNamesTheModelAndKeepsTheFallback() {
        let slider = widgets.open(.intSlider(value: 1, in: 0...2), context: CollectingContext())
        let bundle = widgets.display(slider, fallback: .text("a slider"))
        #expect(bundle.data[WidgetManager.viewMimeType] == ["model_id": .string(slider.id), "version_major": 2, "version_minor": 0])
        #expect(bundle.plainText == "a slider")
    }
}
