import Testing
import Workbench

@Suite struct ParserTests {
    @Test func splitsStatementsJoiningContinuationsAndDroppingComments() {
        let cell = """
            # a comment line

            %echo one   # trailing comment
            x = %sleep 1 \\
                --quiet
            %echo '#not a comment' a#b
            %set t = "an escaped \\" # is no comment" # but this is
            """
        #expect(CellSplitter.statements(in: cell) == [
            SourceLine(number: 3, text: "%echo one"),
            SourceLine(number: 4, text: "x = %sleep 1 --quiet"),
            SourceLine(number: 6, text: "%echo '#not a comment' a#b"),
            SourceLine(number: 7, text: #"%set t = "an escaped \" # is no comment""#),
        ])
    }

    @Test func continuationDetection() {
        #expect(CellSplitter.endsWithContinuation("%echo a \\"))
        #expect(CellSplitter.endsWithContinuation("%echo a \\\n\n"))
        #expect(!CellSplitter.endsWithContinuation("%echo a \\\n b"))
        #expect(!CellSplitter.endsWithContinuation("%echo a # \\"))
    }

    @Test func tokenizesLikeAShell() throws {
        #expect(try Tokenizer.words(#"%echo "two words" 'single "quoted"' a\ b"#)
            == ["%echo", "two words", #"single "quoted""#, "a b"])
        #expect(try Tokenizer.words("  ") == [])
        #expect(try Tokenizer.words(#"''"#) == [""])
        #expect(throws: WorkbenchError.unterminatedQuote) { try Tokenizer.words("%echo 'open") }
    }

    @Test func parsesCommandsAndAssignments() throws {
        #expect(try Statement(parsing: "%sleep 2 --quiet") == Statement(command: "sleep", words: ["2", "--quiet"]))
        #expect(try Statement(parsing: "ig = %echo a=b") == Statement(target: "ig", command: "echo", words: ["a=b"]))
        #expect(try Statement(parsing: "ig=%echo") == Statement(target: "ig", command: "echo", words: []))
        #expect(throws: WorkbenchError.notACommand("print(1)")) { try Statement(parsing: "print(1)") }
        #expect(throws: WorkbenchError.invalidTarget("1x")) { try Statement(parsing: "1x = %echo") }
        #expect(throws: WorkbenchError.notACommand("%")) { try Statement(parsing: "%") }
        #expect(try Statement(parsing: "  ig ") == Statement(command: "show", words: ["ig"]))
        #expect(throws: WorkbenchError.notACommand("ig")) { try Statement(parsing: "ig cam") }
    }
}
