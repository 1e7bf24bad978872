import Testing
import Workbench

@Suite struct ArgumentsTests {
    let signature = CommandSignature(
        positionals: [.init("method", help: "m"), .init("images", help: "i", isOptional: true, repeats: true)],
        options: [
            .value("steps", "N", default: "64", help: "s"),
            .value("target", "CLASS", help: "t"),
            .flag("var", help: "v"),
        ])

    @Test func bindsPositionalsValuesAndFlags() throws {
        let arguments = try Arguments(command: "saliency", words: ["ig", "a", "--steps", "8", "b", "--var",
                                                                   "--target=3"], signature: signature)
        #expect(arguments.positional("method") == "ig")
        #expect(arguments.all("images") == ["a", "b"])
        #expect(arguments.value("steps") == "8")
        #expect(arguments.value("target") == "3")
        #expect(arguments.flag("var"))
    }

    @Test func appliesDefaults() throws {
        let arguments = try Arguments(command: "saliency", words: ["ig"], signature: signature)
        #expect(arguments.value("steps") == "64")
        #expect(arguments.value("target") == nil)
        #expect(!arguments.flag("var"))
        #expect(arguments.all("images") == [])
    }

    @Test func negativeNumbersArePositionals() throws {
        let arguments = try Arguments(command: "saliency", words: ["-1"], signature: signature)
        #expect(arguments.positional("method") == "-1")
    }

    @Test func reportsMisuseWithSuggestions() {
        #expect(throws: WorkbenchError.unknownOption(command: "saliency", option: "step", suggestion: "steps")) {
            try Arguments(command: "saliency", words: ["ig", "--step", "3"], signature: signature)
        }
        #expect(throws: WorkbenchError.unknownOption(command: "saliency", option: "xyzzy", suggestion: nil)) {
            try Arguments(command: "saliency", words: ["ig", "--xyzzy"], signature: signature)
        }
        #expect(throws: WorkbenchError.missingValue(command: "saliency", option: "steps")) {
            try Arguments(command: "saliency", words: ["ig", "--steps"], signature: signature)
        }
        #expect(throws: WorkbenchError.missingValue(command: "saliency", option: "target")) {
            try Arguments(command: "saliency", words: ["ig", "--target", "--var"], signature: signature)
        }
        #expect(throws: WorkbenchError.missingArgument(command: "saliency", argument: "method")) {
            try Arguments(command: "saliency", words: ["--var"], signature: signature)
        }
        let single = CommandSignature(positionals: [.init("seconds", help: "s")])
        #expect(throws: WorkbenchError.unexpectedArgument(command: "sleep", argument: "2")) {
            try Arguments(command: "sleep", words: ["1", "2"], signature: single)
        }
    }

    @Test func typedValues() throws {
        let numeric = CommandSignature(positionals: [.init("seconds", help: "s")],
                                       options: [.value("mode", "M", help: "m")])
        let good = try Arguments(command: "sleep", words: ["2.5", "--mode", "fast"], signature: numeric)
        #expect(try good.number("seconds", range: 0...10) == 2.5)
        #expect(try good.choice("mode", from: ["fast", "slow"]) == "fast")
        let bad = try Arguments(command: "sleep", words: ["11", "--mode", "slo"], signature: numeric)
        // Errors name an option as typed, --mode, and a positional by its bare name.
        #expect(throws: WorkbenchError.invalidValue(command: "sleep", option: "seconds", value: "11", expected: "a number from 0 to 10")) {
            try bad.number("seconds", range: 0...10)
        }
        let slow = try Arguments(command: "sleep", words: ["1", "--mode", "11"], signature: numeric)
        #expect(throws: WorkbenchError.invalidValue(command: "sleep", option: "--mode", value: "11", expected: "a number from 0 to 10")) {
            try slow.number("mode", range: 0...10)
        }
        do {
            _ = try bad.choice("mode", from: ["fast", "slow"])
            Issue.record("a misspelt choice must be refused")
        } catch {
            #expect(error.description.contains("did you mean slow?"))
        }
    }

    @Test func commandLineSignaturesKeepWordsUntouched() throws {
        let arguments = try Arguments(command: "time", words: ["%sleep", "1", "--quiet"],
                                      signature: CommandSignature(takesCommandLine: true))
        #expect(arguments.words == ["%sleep", "1", "--quiet"])
    }
}
