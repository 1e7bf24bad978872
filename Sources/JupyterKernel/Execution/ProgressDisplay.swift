import Foundation

/// A progress bar that long commands update as they go: one display, updated in place by display_id,
/// at most ten times a second so a tight loop does not flood IOPub. HTML for notebooks, a text bar
/// for frontends without HTML.
public struct ProgressDisplay: Sendable {
    public static let minimumInterval: Duration = .milliseconds(100)
    /// The metadata key that marks a progress display's outputs.
    public static let metadataKey = "progress"

    private let context: any ExecutionContext
    private let label: String
    private let total: Double
    private let displayID = "progress-" + UUID().uuidString.lowercased()
    private let clock = ContinuousClock()
    private var lastShown: ContinuousClock.Instant

    /// Shows the empty bar at once.
    public init(_ label: String, total: Double, context: any ExecutionContext) {
        self.context = context
        self.label = label
        self.total = total > 0 ? total : 1
        lastShown = clock.now
        context.display(bundle(done: 0), displayID: displayID)
    }

    /// Reports `done` out of `total`; dropped when the last update is less than 100 ms old.
    /// `note` follows the percentage: the stage and the time left, for example.
    public mutating func update(_ done: Double, note: String = "") {
        let now = clock.now
        guard now - lastShown >= Self.minimumInterval else { return }
        lastShown = now
        context.updateDisplay(bundle(done: done, note: note), displayID: displayID)
    }

    /// Always shown, however recent the last update: the final state must not be throttled away.
    public mutating func finish(_ done: Double? = nil, note: String = "") {
        lastShown = clock.now
        context.updateDisplay(bundle(done: done ?? total, note: note), displayID: displayID)
    }

    func bundle(done: Double, note: String = "") -> MimeBundle {
        let fraction = min(max(done / total, 0), 1)
        let percent = Int((fraction * 100).rounded(.down))
        let filled = Int((fraction * 30).rounded(.down))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 30 - filled)
        let html = "<div><span>\(Self.escape(label))</span> <progress value=\"\(fraction)\" max=\"1\" "
            + "style=\"width:30em\"></progress> <span>\(percent)%</span> <span>\(Self.escape(note))</span></div>"
        var bundle = MimeBundle.html(html, plain: "\(label) \(bar) \(percent)%" + (note.isEmpty ? "" : " \(note)"))
        // Marked, so that tools keeping a notebook's outputs can drop what differs from run to run (timings).
        bundle.metadata[Self.metadataKey] = .bool(true)
        return bundle
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
