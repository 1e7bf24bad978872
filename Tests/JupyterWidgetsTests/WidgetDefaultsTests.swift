import Foundation
import JupyterKernel
import JupyterWidgets
import Testing

/// Every model's new state is the one ipywidgets 8 gives (tools/make_widget_fixtures.py), layout and style
/// references included, so that the frontend's model classes get every key they read.
@Suite struct WidgetDefaultsTests {
    static let reference: JSONObject = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/ipywidgets-defaults.json")
        return (try? JSONValue.decode(Data(contentsOf: url)))?["models"]?.objectValue ?? [:]
    }()

    @Test(arguments: WidgetKind.all.map(\.modelName))
    func aNewModelHasIpywidgetsDefaults(_ name: String) throws {
        let kind = try #require(WidgetKind.all.first { $0.modelName == name })
        let expected = try #require(Self.reference[name], "the fixture lacks \(name)")
        var references: JSONObject = [:]
        if kind.hasLayout { references["layout"] = "→LayoutModel" }
        if let style = kind.style { references["style"] = .string("→" + style.modelName) }
        let (state, paths, _) = WidgetModel(kind).state(references: references)
        #expect(state == expected["state"]?.objectValue)
        #expect(Set(kind.binaryKeys) == Set(expected["binary"]?.arrayValue?.compactMap(\.stringValue) ?? []))
        #expect(paths.isEmpty, "a new model holds no bytes yet")
    }

    @Test func theFixtureCoversEveryKindAndNothingElse() {
        #expect(Set(Self.reference.keys) == Set(WidgetKind.all.map(\.modelName)))
    }
}
