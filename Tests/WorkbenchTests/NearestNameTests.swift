import Testing
import Workbench

@Suite struct NearestNameTests {
    @Test func levenshteinDistances() {
        #expect(NearestName.distance("kitten", "sitting") == 3)
        #expect(NearestName.distance("", "abc") == 3)
        #expect(NearestName.distance("echo", "echo") == 0)
        #expect(NearestName.distance("ecoh", "echo") == 2)
    }

    @Test func suggestsOnlyPlausibleTypos() {
        let commands = ["echo", "help", "sleep", "saliency", "show", "who"]
        #expect(NearestName.suggestion(for: "ecko", among: commands) == "echo")
        #expect(NearestName.suggestion(for: "salincy", among: commands) == "saliency")
        #expect(NearestName.suggestion(for: "HELP", among: commands) == "help")
        #expect(NearestName.suggestion(for: "model", among: commands) == nil)
        // Equal distance: the alphabetically first wins, so the answer is stable.
        #expect(NearestName.suggestion(for: "shew", among: commands) == "show")
    }
}
