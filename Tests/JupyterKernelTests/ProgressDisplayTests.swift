import Foundation
import JupyterKernel
import Testing

@Suite struct ProgressDisplayTests {
    @Test func throttlesUpdatesToTenPerSecondAndAlwaysShowsTheEnd() {
        let context = CollectingContext()
        var progress = ProgressDisplay("work", total: 1000, context: context)
        for step in 1...1000 { progress.update(Double(step)) }   // far faster than 100 ms apart
        progress.finish()
        let outputs = context.outputs
        #expect(outputs.count == 2)
        guard case .display(let first, let displayID?) = outputs.first,
              case .update(let last, let sameID) = outputs.last
        else {
            Issue.record("expected one display and one update, got \(outputs)")
            return
        }
        #expect(sameID == displayID)
        #expect(first.plainText?.hasSuffix("0%") == true)
        #expect(last.plainText?.hasSuffix("100%") == true)
        #expect(last.data["text/html"]?.stringValue?.contains("<progress") == true)
    }

    @Test func pngBundleCarriesBase64AndSize() {
        let bundle = MimeBundle.png(Data([0x89, 0x50, 0x4E, 0x47]), width: 32, height: 16, plain: "a picture")
        #expect(bundle.data["image/png"] == "iVBORw==")
        #expect(bundle.metadata["image/png"] == ["width": 32, "height": 16])
        #expect(bundle.plainText == "a picture")
    }
}
