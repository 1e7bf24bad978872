import Attribution
import JupyterKernel

/// A clean reference model's scan, read back from the workspace for `%backdoor scan --baseline`. Its
/// scores only mean something beside the suspect's when both scans share every setting and the
/// held-out images, so both are checked.
enum ScanBaseline {
    static func scores(named name: String, score: BackdoorScan.Score, parameters: JSONValue, heldOut: JSONValue,
                       workspace: Workspace, command: String) throws -> [Double] {
        let value = try workspace.value(named: name)
        guard let scan = value as? FigureValue, scan.provenance["method"] == .string("backdoor-scan") else {
            throw WorkbenchError.failed(command: command, reason: "'\(name)' is a \(value.kind), not a backdoor scan: "
                                        + "scan the clean reference first (`ref = %backdoor scan --model ORIGINAL …`)")
        }
        if let theirs = scan.data["parameters"]?.objectValue, let ours = parameters.objectValue, theirs != ours {
            let differing = Set(theirs.keys).union(ours.keys).sorted().filter { theirs[$0] != ours[$0] }.map { key in
                "\(key) \(theirs[key]?.stringValue ?? "unset") there, \(ours[key]?.stringValue ?? "unset") here"
            }
            throw WorkbenchError.failed(command: command, reason: "the baseline '\(name)' was scanned with other settings: "
                                        + differing.joined(separator: "; "))
        }
        guard scan.provenance["held_out"] == heldOut else {
            throw WorkbenchError.failed(command: command, reason: "the baseline '\(name)' measured its scores on other held-out "
                                        + "images; give both scans the same --images")
        }
        let numbers = scan.data["all_scores"]?[score.rawValue]?.arrayValue?.compactMap { value -> Double? in
            if case .number(let number) = value { number } else { nil }
        }
        guard let numbers, !numbers.isEmpty else {
            throw WorkbenchError.failed(command: command, reason: "the baseline '\(name)' holds no \(score.rawValue) scores")
        }
        return numbers
    }
}
