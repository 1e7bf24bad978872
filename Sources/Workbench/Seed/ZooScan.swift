import Attribution
import Foundation
import JupyterKernel
import Tensor

/// `%backdoor scan --models FOLDER/`: every model of a zoo scanned as the items of a sweep, one model
/// loaded at a time, so that `saliency-kernel run --shard I/N` scans only the shard's models and `merge`
/// joins them into one machine's table and files. A model that cannot be loaded or scanned (a corrupt
/// file, an input size the images do not fit) gets its error in its place and the sweep goes on: a zoo
/// has broken files.
enum ZooScan {
    static func run(_ arguments: Arguments, folder path: String, method: String, in environment: CommandEnvironment,
                    command: String) throws -> ZooScanValue {
        let zoo = try ModelZooFolder(path: path, command: command)
        let detector = try BackdoorDetector(method: method, arguments: arguments, settings: environment.workspace.settings)
        let imagesName = arguments.value("images")!
        // A misspelt set fails the line once, not every model.
        for name in imagesName.split(separator: ",") { _ = try environment.workspace.value(named: String(name)) }
        let referenceName = arguments.value("reference")
        let reference = try referenceName.map {
            try PixelSpaceClassifier(try ModelCommand.model(named: $0, in: environment.workspace, command: command))
        }
        let (workspace, output) = (environment.workspace, environment.output)
        let loop = SweepLoop(label: "backdoor scan of \(zoo.models.count) models", policy: .skip, command: command)
        let (records, errors) = try loop.run(Array(zoo.models.indices), environment: environment) { item, progress in
            let file = zoo.models[item]
            let named = Attribution.Progress(report: { progress.report($0, "\(file): \($1)") },
                                             isCancelled: { (try? progress.checkCancellation()) == nil })
            let start = ContinuousClock.now
            let model: ModelValue
            let images: Tensor
            let finding: BackdoorDetector.Finding
            do {
                // Importing reports nothing: beside the scan it takes a moment, and the bar should not run twice.
                model = try ModelCommand.load(file: zoo.url(of: item), arguments: arguments, command: command,
                                              progress: Attribution.Progress(isCancelled: { (try? progress.checkCancellation()) == nil }))
                // Each picture undone with its own preset: the zoo's models may take another than the one they were loaded for.
                images = try Tensor.concatenated(try workspace.images([imagesName], for: model, command: command).map {
                    try $0.normalization.inverted($0.tensor)
                }, alongAxis: 0)
                finding = try detector.scan(model, images: images, reference: reference, progress: named)
            } catch AttributionError.cancelled {
                throw AttributionError.cancelled
            } catch let error as ExecutionInterrupted {
                throw error
            } catch let error as CancellationError {
                throw error
            } catch let error as WorkbenchError {
                guard case .failed(_, let reason) = error else { throw UnreadableItem(name: file, reason: "\(error)") }
                throw UnreadableItem(name: file, reason: reason)
            } catch {
                throw UnreadableItem(name: file, reason: "\(error)")
            }
            let seconds = (ContinuousClock.now - start) / .seconds(1)
            output.write(String(format: "%@: %@, %.2f by %@ (%.1f s)\n", file, finding.flagged ? "backdoor, target \(model.label(finding.target ?? finding.suspect))" : "clean",
                                finding.score, finding.evidence, seconds), to: .stderr)
            var detail: JSONObject = [
                "flagged": .bool(finding.flagged), "target": finding.target.map { .number(Double($0)) } ?? .null,
                "target_label": finding.target.map { .string(model.label($0)) } ?? .null,
                "suspect": .number(Double(finding.suspect)), "suspect_label": .string(model.label(finding.suspect)),
                "evidence": .string(finding.evidence), "scores": .array(finding.scores.map { .number($0) }),
                "threshold": .number(finding.threshold), "model_sha256": .string(model.sha256),
                "images": .string("\(images.shape[0]) images, sha256 \(images.sha256)"),
                "provenance": .object(model.provenance),
            ]
            if let recorded = model.network.metadata["trojan_target"].flatMap(Int.init) { detail["recorded_target"] = .number(Double(recorded)) }
            return [SweepRecord(item: item, method: detector.method, pictures: [file], labels: [], seed: detector.seed, scores: [finding.score],
                                detail: detail, seconds: seconds)]
        }
        var provenance: JSONObject = ["method": .string("backdoor-" + detector.method), "models": .string(path),
                                      "model_files": .array(zoo.models.map { .string($0) }), "parameters": .object(detector.parameters),
                                      "images": .string(imagesName), "version": .string(WorkbenchInterpreter.version)]
        if let referenceName { provenance["reference"] = .string(referenceName) }
        let value = ZooScanValue(folder: path, method: detector.method, records: records, errors: errors, provenance: provenance)
        output.display(value.table.bundle(provenance: provenance), displayID: nil)
        // How long the models took, from the shards' partial results in a merge: for planning the next run.
        let timed = records.compactMap { record in record.seconds.map { (record.pictures[0], $0) } }
        if let slowest = timed.max(by: { $0.1 < $1.1 }) {
            output.write(String(format: "machine time: %.1f s for %d model%@, the slowest %@ (%.1f s)\n",
                                timed.map(\.1).reduce(0, +), timed.count, timed.count == 1 ? "" : "s", slowest.0, slowest.1), to: .stderr)
        }
        return value
    }
}
