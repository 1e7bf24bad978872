import Evaluation

/// The options every sweep takes for its confidence intervals.
enum SweepOptions {
    static let options: [CommandSignature.Option] = [
        .value("resamples", "N", default: String(Bootstrap.defaultResamples), help: "bootstrap resamples of the 95 % intervals (SciPy's default)"),
        .value("interval", "METHOD", default: "bca", help: "bca (bias-corrected and accelerated, SciPy's default) or percentile"),
        .value("level", "P", default: "0.95", help: "coverage of the intervals"),
    ]

    static let help = """
        Every sweep reports each method's mean over the items with a bootstrap confidence interval \
        (`--interval bca` as SciPy's `scipy.stats.bootstrap` computes it, or `percentile`; `--resamples`, \
        `--level`; seeded by the session's seed), and the paired per-item difference between each method \
        and its VAR version and between each method and the first, with its own interval: a difference \
        whose interval excludes 0 is one the items support, which two overlapping intervals cannot say. \
        Each item is measured alone, with a seed derived from its index, so any subset of items gives the \
        numbers the whole sweep gives for them. `%save` writes the per-item results as `.jsonl` or `.csv`.
        """

    static func bootstrap(_ arguments: Arguments, settings: Settings) throws -> Bootstrap {
        Bootstrap(resamples: Int(try arguments.number("resamples", range: 100...1_000_000) ?? Double(Bootstrap.defaultResamples)),
                  level: try arguments.number("level", range: 0.5...0.999) ?? 0.95,
                  method: Bootstrap.Method(rawValue: try arguments.choice("interval", from: Bootstrap.Method.allCases.map(\.rawValue)) ?? "bca")!,
                  seed: settings.seed)
    }
}
