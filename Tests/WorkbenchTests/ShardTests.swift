import Foundation
import Testing
import Workbench

@Suite struct ShardTests {
    @Test func readsAShardFromItsTextOrFromSlurmOrKubernetes() throws {
        #expect(try Shard(parsing: "2/4", environment: [:]) == Shard(index: 2, count: 4))
        #expect(try Shard(parsing: "auto", environment: ["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4"]) == Shard(index: 3, count: 4))
        // `sbatch --array=1-4` numbers its tasks from 1.
        #expect(try Shard(parsing: "auto", environment: ["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "4"])
            == Shard(index: 0, count: 4))
        #expect(try Shard(parsing: "auto", environment: ["JOB_COMPLETION_INDEX": "0", "JOB_COMPLETIONS": "2"]) == Shard(index: 0, count: 2))
        let shard = try Shard(index: 1, count: 3)
        #expect((0..<8).filter(shard.owns) == [1, 4, 7])
        #expect(shard.fileName == "shard-1-of-3.jsonl")
    }

    @Test func refusesShardsThatDoNotExist() {
        let cases: [(String, [String: String], String)] = [("3/3", [:], "must lie in 0…2"), ("-1/3", [:], "must lie"), ("1/0", [:], "must lie"),
                                             ("one/3", [:], "is not I/N"), ("auto", ["SLURM_ARRAY_TASK_ID": "1"], "SLURM_ARRAY_TASK_COUNT is not"),
                                             ("auto", ["JOB_COMPLETION_INDEX": "x"], "JOB_COMPLETION_INDEX=x is not a whole number"),
                                             ("auto", [:], "--shard auto needs")]
        for (text, environment, message) in cases {
            let error = #expect(throws: ShardError.self) { try Shard(parsing: text, environment: environment) }
            #expect(error?.description.contains(message) == true, "\(text): \(String(describing: error))")
        }
    }

    /// Two sweeps, a record with a NaN score (null), a large seed, details, and a skipped item: written back
    /// byte for byte, so nothing of a record is lost between a shard and the merge.
    static let partial = """
        {"format":"saliency-shard/1","of":2,"script":"g = %gridpg gradient --n 3\\n","shard":1,"version":"\(WorkbenchInterpreter.version)"}
        {"command":"gridpg","items":[1,3],"sweep":0}
        {"record":{"detail":{"cells":[0.25,0.125,null,1e-07]},"item":1,"labels":[2,0],"method":"gradient","pictures":["a.png","b.png"],"scores":[0.6180339887498949,null],"seed":8999999999999999.0},"sweep":0}
        {"skipped":{"item":3,"pictures":["c.png"],"skipped":"cannot decode"},"sweep":0}
        {"command":"eval","items":[],"sweep":1}

        """

    @Test func partialResultsRoundTripExactly() throws {
        let file = try ShardFile(decoding: Data(Self.partial.utf8), name: "shard-1-of-2.jsonl")
        #expect(file.shard == (try Shard(index: 1, count: 2)))
        #expect(String(decoding: file.encoded(), as: UTF8.self) == Self.partial)
    }

    @Test func namesWhatIsWrongInAPartialFile() {
        let lines = Self.partial.split(separator: "\n").map(String.init)
        let cases: [(String, String)] = [("{\"format\":\"other\"}\n", "x.jsonl is not a shard's partial results"),
                                ([lines[0], lines[2]].joined(separator: "\n"), "x.jsonl, line 2: a result of sweep 0 outside it"),
                                ([lines[0], lines[1], "[1]"].joined(separator: "\n"), "x.jsonl, line 3: not a JSON object"),
                                ([lines[0], lines[1], "{\"sweep\":0,\"record\":{\"item\":1}}"].joined(separator: "\n"), "line 3: a record lacks")]
        for (text, message) in cases {
            let error = #expect(throws: ShardError.self) { try ShardFile(decoding: Data(text.utf8), name: "x.jsonl") }
            #expect(error?.description.contains(message) == true, "\(String(describing: error))")
        }
    }

    static func file(_ index: Int, of count: Int, script: String = "g = %gridpg gradient --n 3\n") throws -> ShardFile {
        let header = "{\"format\":\"saliency-shard/1\",\"of\":\(count),\"script\":\(String(decoding: try JSONEncoder().encode(script), as: UTF8.self)),"
            + "\"shard\":\(index),\"version\":\"\(WorkbenchInterpreter.version)\"}\n"
        return try ShardFile(decoding: Data(header.utf8), name: "shard-\(index)-of-\(count).jsonl")
    }

    @Test func aMergeNeedsEveryShardOnceFromOneRun() throws {
        let named = { (name: String, file: ShardFile) in (name: name, file: file) }
        _ = try ShardReplay([named("a", try Self.file(0, of: 2)), named("b", try Self.file(1, of: 2))])
        let cases: [([(name: String, file: ShardFile)], String)] = [
            ([named("a", try Self.file(0, of: 3)), named("c", try Self.file(2, of: 3))], "shard 1 of 3 is missing (no shard-1-of-3.jsonl)"),
            ([named("a", try Self.file(0, of: 4))], "shards 1, 2, 3 of 4 are missing"),
            ([named("a", try Self.file(0, of: 2)), named("b", try Self.file(1, of: 2)), named("b2", try Self.file(1, of: 2))],
             "shard 1 of 2 is given 2 times: b, b2"),
            ([named("a", try Self.file(0, of: 2)), named("z", try Self.file(1, of: 3))], "z is shard 1 of 3 but a is shard 0 of 2"),
            ([named("a", try Self.file(0, of: 2)), named("b", try Self.file(1, of: 2, script: "%help\n"))], "b and a ran different scripts"),
            ([], "no partial results"),
        ]
        for (files, message) in cases {
            let error = #expect(throws: ShardError.self) { try ShardReplay(files) }
            #expect(error?.description.contains(message) == true, "\(String(describing: error))")
        }
    }
}
