import Foundation
import JupyterKernel
import Testing
import Workbench

/// `%backdoor scan --readings FAMILIES`: the verdict keeps the named families' readings only.
@Suite struct BackdoorReadingsTests {
    @Test func onlyTheNamedFamiliesAreRead() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("readings-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try await WorkbenchInterpreter().execute("""
            net = %model zoo shapes-cnn
            scenes = %data shapes --count 8
            s = %backdoor scan --model net --images scenes --readings universal --iterations 2
            %save s \(folder.path)/scan.json
            """, context: CollectingContext())
        let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("scan.json"))) as? [String: Any]
        let readings = try #require(saved?["readings"] as? [String: Any])
        #expect(readings.keys.sorted() == ["universal:whole", "universal:whole×0.5"])
    }

    @Test func anUnknownFamilyIsNamedWithTheNearest() async {
        do {
            _ = try await WorkbenchInterpreter().execute("""
                net = %model zoo shapes-cnn
                scenes = %data shapes --count 8
                %backdoor scan --model net --images scenes --readings stamp,nosie
                """, context: CollectingContext())
            Issue.record("an unknown family must fail")
        } catch let error as ExecutionError {
            #expect(error.value == "line 3: %backdoor --readings expects one of noise, images, universal, stamp (did you mean noise?), got 'nosie'",
                    "\(error.value)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
