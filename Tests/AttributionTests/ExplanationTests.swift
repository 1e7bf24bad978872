import Attribution
import Testing

@Suite struct ExplanationTests {
    @Test func everyExplanationIsCompleteAndUniquelyNamed() {
        #expect(Set(Explanation.all.map(\.name)).count == Explanation.all.count)
        for explanation in Explanation.all {
            #expect(!explanation.idea.isEmpty && !explanation.formula.isEmpty && !explanation.paper.isEmpty)
            #expect(explanation.markdown.contains("$$\n\(explanation.formula)\n$$"))
            #expect(Explanation.named(explanation.name.uppercased()) == explanation)
        }
        #expect(Explanation.named("magic") == nil)
        #expect(Explanation.named("VarGrad") == .smoothGrad)
    }
}
