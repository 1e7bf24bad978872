import Attribution
import Testing
import Workbench

/// `%explain` sends students to options by name; each must be one a command takes.
@Suite struct ExplanationOptionsTests {
    @Test func everyOptionAnExplanationNamesIsOneACommandTakes() throws {
        let registry = CommandRegistry.standard
        let options = Set(try registry.names.flatMap { try registry.command(named: $0).signature.options.map(\.name) })
        let mention = /--([a-z][a-z-]*)/
        var named = 0
        for explanation in Explanation.all + Explanation.metrics {
            for match in explanation.markdown.matches(of: mention) {
                named += 1
                #expect(options.contains(String(match.1)), "%explain \(explanation.name) names --\(match.1), which no command takes")
            }
        }
        #expect(named >= 8, "the explanations name options, so this test checks something")
    }
}
