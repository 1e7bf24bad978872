import JupyterKernel
import Testing
import Workbench

/// `%set NAME = VALUE` and `$NAME`: how they are read, what they expand to, and how each mistake is named.
@Suite struct ParameterTests {
    @Test func tokenizerKeepsReferencesApartWhereQuotingAllows() throws {
        let words = try Tokenizer.words(#"%echo $a ${b}_c '$d' "$e x" \$f a$ $5 --n=$g"#)
        #expect(words == [
            "%echo", Word([.reference("a")]), Word([.reference("b"), .text("_c")]), "$d",
            Word([.reference("e"), .text(" x")]), "$f", "a$", "$5", Word([.text("--n="), .reference("g")]),
        ])
        #expect(throws: WorkbenchError.unterminatedReference) { try Tokenizer.words("%echo ${a") }
        #expect(throws: WorkbenchError.invalidReference("1a")) { try Tokenizer.words("%echo ${1a}") }
    }

    @Test func readsLiterals() throws {
        #expect(try Literal(parsing: "32") == .number(32))
        #expect(try Literal(parsing: " -1.5e-3 ") == .number(-0.0015))
        #expect(try Literal(parsing: #""shapes-cnn""#) == .text("shapes-cnn"))
        #expect(try Literal(parsing: #"'C:\temp "x"'"#) == .text(#"C:\temp "x""#))
        // JSON's escapes, as the papermill translator writes them (json.dumps), a surrogate pair included.
        #expect(try Literal(parsing: #""a\"b\\c\nd\u00e9\ud83d\ude00""#) == .text("a\"b\\c\nd\u{e9}\u{1F600}"))
        #expect(try Literal(parsing: #""32""#) == .text("32"))
        // A combining mark after an escape's last digit or after a quote is read apart from it.
        #expect(try Literal(parsing: "\"\\u0007\u{C4A}\"") == .text("\u{7}\u{C4A}"))
        #expect(try Literal(parsing: "\"\u{301}x\"") == .text("\u{301}x"))
        #expect(try Literal(parsing: "true") == .boolean(true))
        #expect(try Literal(parsing: "false") == .boolean(false))
        #expect(try Literal(parsing: "none") == .none)
        #expect(try Literal(parsing: #"[1, "a", true, $x]"#) == .list([.number(1), .text("a"), .boolean(true), .reference("x")]))
        #expect(try Literal(parsing: "[]") == .list([]))
        #expect(try Literal(parsing: "${x}") == .reference("x"))
    }

    @Test func namesWhatIsWrongWithAMalformedLiteral() {
        let cases: [(String, String)] = [
            ("shapes", #"text needs quotes: "shapes""#),
            ("True", "write true in lower case"),
            ("None", "write none in lower case"),
            (#""open"#, "the quote \" is not closed"),
            ("[1, 2", "the list's [ is not closed by ]"),
            ("[1 2]", "list items are separated by commas"),
            ("[[1]]", "a list holds numbers, text and booleans, not lists"),
            ("1 2", "'2' follows the value"),
            ("-inf", "-inf is not a finite number"),
            (#""\q""#, #"\q is not an escape; write \\ for a backslash"#),
            ("", "nothing follows ="),
            ("$", "$ is followed by a name"),
        ]
        for (text, reason) in cases {
            #expect(throws: WorkbenchError.malformedLiteral(text, reason: reason)) { try Literal(parsing: text) }
        }
    }

    @Test func parsesTheBindingStatementKeepingTheValueAsWritten() throws {
        #expect(try Statement(parsing: "%set steps = 32") == Statement(command: "set", words: ["steps", "=", "32"]))
        #expect(try Statement(parsing: #"%set name="a b"  "#) == Statement(command: "set", words: ["name", "=", #""a b""#]))
        #expect(try Statement(parsing: "%set cmap viridis") == Statement(command: "set", words: ["cmap", "viridis"]))
        #expect(throws: WorkbenchError.bindingWithoutSet("steps")) { try Statement(parsing: "steps = 32") }
    }

    @Test func boundValuesExpandInAnyWord() async throws {
        let interpreter = WorkbenchInterpreter()
        let context = CollectingContext()
        _ = try await interpreter.execute("""
            %set steps = 32
            %set ratio = 0.25
            %set name = "shapes-cnn"
            %set methods = ["gradient", "ig"]
            %set on = true
            %set copy = $steps
            %echo $steps $ratio $name ${name}_v2 "$name" '$name' \\$name $methods $on $copy
            """, context: context)
        #expect(context.outputs == [.stream(.stdout, "32 0.25 shapes-cnn shapes-cnn_v2 shapes-cnn $name $name gradient,ig true 32\n")])
        #expect(interpreter.names == ["copy", "methods", "name", "on", "ratio", "steps"])
    }

    @Test func noneLeavesTheOptionOutSoItsDefaultApplies() async throws {
        let interpreter = WorkbenchInterpreter()
        let context = CollectingContext()
        _ = try await interpreter.execute("%set kind = none\n%echo a --display $kind\n%echo b --display=$kind", context: context)
        #expect(context.outputs == [.stream(.stdout, "a\n"), .stream(.stdout, "b\n")])
    }

    @Test func whoListsTheValuesWithTheirKinds() async throws {
        let interpreter = WorkbenchInterpreter()
        let context = CollectingContext()
        _ = try await interpreter.execute("%set n = 3\n%set t = \"x\"\n%set b = false\n%set l = [1, 2]\n%set z = none\n%who",
                                          context: context)
        guard case .display(let table, nil) = context.outputs.last else {
            Issue.record("expected the %who table, got \(context.outputs)")
            return
        }
        #expect(table.data["text/plain"]?.stringValue?.contains("l\tlist\t[1, 2]") == true)
        for row in ["b\tboolean\tfalse", "n\tnumber\t3", "t\ttext\tx", "z\tnone\tnone"] {
            #expect(table.data["text/plain"]?.stringValue?.contains(row) == true, "\(row)")
        }
    }

    @Test func eachMistakeIsNamed() async {
        let cases: [(String, String, String)] = [
            ("%set steps = 3\n%echo $step", "NameError", "line 2: no value named 'step' in the workspace; did you mean steps?"),
            ("%set t = \"abc\"\n%sleep $t", "UsageError",
             "line 2: %sleep seconds expects a number from 0 to 86,400, got 'abc' (the value of $t)"),
            ("%set t = \"x\"\n%echo a --display $t", "UsageError",
             "line 2: %echo --display expects one of plain, markdown, html, json, svg, got 'x' (the value of $t)"),
            ("net = %model zoo shapes-cnn\n%echo $net", "TypeError", "line 2: $net is a model; $ takes the values %set binds "
                + "(numbers, text, booleans, lists): write net without $ to pass the model itself"),
            ("%set n = none\n%echo out/$n.png", "TypeError",
             "line 2: $n is none, which stands for no value, so it cannot be part of the word 'out/${n}.png'"),
            ("%set seed = 7", "CommandError",
             "line 1: %set: seed is a session setting, which `%set seed VALUE` changes; bind the value under another name"),
            ("%set l = [1, $l2]", "NameError", "line 1: no value named 'l2' in the workspace"),
            ("%set 2x = 1", "SyntaxError",
             "line 1: '2x' cannot be assigned to: a name is letters, digits and _ and does not start with a digit"),
            ("%set cmap viridis extra", "UsageError", "line 1: %set takes no further argument, got 'extra'"),
        ]
        for (cell, name, message) in cases {
            do {
                _ = try await WorkbenchInterpreter().execute(cell, context: CollectingContext())
                Issue.record("\(cell) must fail")
            } catch let error as ExecutionError {
                #expect(error.name == name, "\(cell)")
                #expect(error.value == message, "\(cell)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test func aFailedBindingChangesNothing() async throws {
        let interpreter = WorkbenchInterpreter()
        _ = try await interpreter.execute("%set steps = 8", context: CollectingContext())
        await #expect(throws: ExecutionError.self) {
            try await interpreter.execute("%set steps = [1", context: CollectingContext())
        }
        let context = CollectingContext()
        _ = try await interpreter.execute("%echo $steps", context: context)
        #expect(context.outputs == [.stream(.stdout, "8\n")])
    }

    @Test func completesBoundNamesAfterADollar() async throws {
        let interpreter = WorkbenchInterpreter()
        // A model is passed by its name, never through `$`: it is not offered.
        _ = try await interpreter.execute("%set steps = 8\n%set style = \"x\"\nstage = %model zoo shapes-cnn",
                                          context: CollectingContext())
        #expect(interpreter.complete("%sleep $st", cursor: 10)
            == Completion(matches: ["$steps", "$style"], cursorStart: 7, cursorEnd: 10))
        #expect(interpreter.complete("%echo ${ste", cursor: 11).matches == ["${steps}"])
        #expect(interpreter.complete("%echo --n=$sty", cursor: 14).matches == ["--n=$style"])
    }
}
