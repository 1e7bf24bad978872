/// How a long computation reports how far it has come and learns that it should stop.
/// The workbench turns reports into a progress bar; an interrupt raises `isCancelled`.
public struct Progress: Sendable {
    private let reporter: @Sendable (_ fraction: Double, _ stage: String) -> Void
    private let cancelled: @Sendable () -> Bool

    public init(report: @escaping @Sendable (_ fraction: Double, _ stage: String) -> Void = { _, _ in },
                isCancelled: @escaping @Sendable () -> Bool = { false }) {
        reporter = report
        cancelled = isCancelled
    }

    /// Reports nothing and never cancels.
    public static let silent = Progress()

    public func report(_ fraction: Double, _ stage: String) {
        reporter(min(1, max(0, fraction)), stage)
    }

    /// Throws `AttributionError.cancelled` once cancellation was asked for; long loops call this
    /// between batches so that an interrupt stops them within one batch.
    public func checkCancellation() throws {
        if cancelled() { throw AttributionError.cancelled }
    }

    /// The progress of one stage of `count` equal stages, mapped into this progress.
    public func stage(_ index: Int, of count: Int) -> Progress {
        let (start, width) = (Double(index) / Double(count), 1 / Double(count))
        return Progress(report: { fraction, stage in self.report(start + width * fraction, stage) },
                        isCancelled: cancelled)
    }
}
