import Foundation
import JupyterKernel
import Testing
import Workbench

@Suite struct InterpreterTests {
    @Test func runsAndReportsOutputsInOrder() async throws {
        let interpreter = WorkbenchInterpreter()
        let context = CollectingContext()
        let outcome = try await interpreter.execute(
            "%echo out\n%echo err --stderr\n%clear --wait\n%echo done --result", context: context)
        #expect(context.outputs == [.stream(.stdout, "out\n"), .stream(.stderr, "err\n"), .clear(wait: true)])
        #expect(outcome.result == .text("done"))
    }

    @Test func aFailingLineStopsTheCellAndKeepsOnlyCompletedLines() async {
        let interpreter = WorkbenchInterpreter()
        let context = CollectingContext()
        do {
            _ = try await interpreter.execute("a = %echo 1 --result\n%del a nope\nb = %echo 2 --result", context: context)
            Issue.record("the cell must fail")
        } catch let error as ExecutionError {
            #expect(error.name == "NameError")
            #expect(error.value == "line 2: no value named 'nope' in the workspace")
        } catch {
            Issue.record("unexpected \(error)")
        }
        // %del removed nothing (it failed as a whole) and line 3 never ran.
        #expect(interpreter.names == ["a"])
    }

    @Test func unknownCommandSuggestsTheNearest() async {
        do {
            _ = try await WorkbenchInterpreter().execute("\n%slep 1", context: CollectingContext())
            Issue.record("the cell must fail")
        } catch let error as ExecutionError {
            #expect(error.name == "UnknownCommand")
            #expect(error.value.hasPrefix("line 2: unknown command %slep; did you mean %sleep?"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func assignmentNeedsAValue() async {
        await #expect(throws: ExecutionError.self) {
            try await WorkbenchInterpreter().execute("x = %echo hi", context: CollectingContext())
        }
    }

    @Test func interruptedSleepLeavesTheWorkspaceIntact() async throws {
        let interpreter = WorkbenchInterpreter()
        _ = try await interpreter.execute("kept = %echo yes --result", context: CollectingContext())
        let start = ContinuousClock.now
        let interrupted = CollectingContext { ContinuousClock.now - start > .milliseconds(100) }
        // Only an interrupt ends the 600-second sleep with KeyboardInterrupt. How fast it stops is not
        // measured here: other tests computing in parallel can keep the sleep's task from resuming for
        // minutes; test_interrupt.py times a real kernel.
        do {
            _ = try await interpreter.execute("undone = %echo first --result\nlost = %sleep 600", context: interrupted)
            Issue.record("the sleep must be interrupted")
        } catch let error as ExecutionError {
            #expect(error.name == "KeyboardInterrupt")
        }
        // As before the cell: the line that finished before the interrupt is undone too.
        #expect(interpreter.names == ["kept"])
    }

    @Test func timeReportsAndPassesTheValueOn() async throws {
        let interpreter = WorkbenchInterpreter()
        let context = CollectingContext()
        let outcome = try await interpreter.execute("%time %echo hi --result", context: context)
        #expect(outcome.result == .text("hi"))
        guard case .stream(.stdout, let line) = context.outputs.first else {
            Issue.record("expected the wall time on stdout")
            return
        }
        #expect(line.hasPrefix("Wall time: ") && line.hasSuffix(" ms\n"))
    }

    @Test func helpListsEveryCommandAndDetailsOne() async throws {
        let interpreter = WorkbenchInterpreter()
        let context = CollectingContext()
        let outcome = try await interpreter.execute("%help\n%help %sleep --page", context: context)
        guard case .display(let overview, nil) = context.outputs.first else {
            Issue.record("expected the overview as a display")
            return
        }
        for name in ["clear", "del", "echo", "help", "sleep", "time", "who"] {
            #expect(overview.data["text/markdown"]?.stringValue?.contains("`%\(name)`") == true)
        }
        #expect(outcome.pages.first?.data["text/markdown"]?.stringValue?.contains("--quiet") == true)
    }

    @Test func isCompleteStatuses() {
        let interpreter = WorkbenchInterpreter()
        #expect(interpreter.isComplete("%echo a") == .complete)
        #expect(interpreter.isComplete("") == .complete)
        #expect(interpreter.isComplete("%echo a \\") == .incomplete(indent: ""))
        #expect(interpreter.isComplete("%ecko a") == .invalid)
        #expect(interpreter.isComplete("x + 1") == .invalid)
    }

    @Test func completesCommandsOptionsNamesAndPaths() async throws {
        let interpreter = WorkbenchInterpreter()
        _ = try await interpreter.execute("image = %echo i --result\nindex = %echo j --result",
                                          context: CollectingContext())
        #expect(interpreter.complete("%sl", cursor: 3) == Completion(matches: ["%sleep"], cursorStart: 0, cursorEnd: 3))
        #expect(interpreter.complete("%echo x --st", cursor: 12).matches == ["--stderr"])
        #expect(interpreter.complete("%del im", cursor: 7) == Completion(matches: ["image"], cursorStart: 5, cursorEnd: 7))
        #expect(interpreter.complete("%del i", cursor: 6).matches == ["image", "index"])

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("completion-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("models"), withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: folder.appendingPathComponent("model.onnx").path, contents: Data()))
        defer { try? FileManager.default.removeItem(at: folder) }
        let code = "%echo \(folder.path)/mod"
        #expect(interpreter.complete(code, cursor: code.count).matches
            == ["\(folder.path)/model.onnx", "\(folder.path)/models/"])
    }

    @Test func inspectShowsTheCommandsHelp() {
        let interpreter = WorkbenchInterpreter()
        let bundle = interpreter.inspect("x = %sleep 3", cursor: 6, detail: 0)
        #expect(bundle?.data["text/markdown"]?.stringValue?.hasPrefix("### %sleep") == true)
        #expect(interpreter.inspect("%nothing", cursor: 3, detail: 0) == nil)
        #expect(interpreter.inspect("plain words", cursor: 3, detail: 0) == nil)
    }
}
