#!/usr/bin/env python3
"""The backdoor scan on the trojan benchmark (benchmarks/trojans, made by tools/make_trojan_benchmark.py).

Runs `%backdoor scan` through `saliency-kernel run` on every model of one half, as a user would: the
model loaded from its ONNX file, the data set's 200 clean held-out images as `--images`, and with
--reference the clean reference model of the same data set and architecture. Reports per model and method the
verdict, the suspected target and the score, and overall: the detection ROC-AUC of the method's
trojan score (its highest class score), the true-positive rate at the scan's own threshold, the
false-positive rate on clean models, how often a detected trojan's target class is named right, and
the time per model; then the same by trigger kind, data set and architecture.

Usage (make bench-agnostic runs the held-out half with every method, `make bench-agnostic HALF=held-out-2` the
second held-out round; make bench-trojans the tuning half):
    .venv/bin/python tools/bench_trojans.py --kernel .build/release/saliency-kernel --half tuning --methods verdict
    ... --models digits-03,shapes-10   a few models;  --jobs 2   two scans at once
    ... --half held-out                the held-out half: run it once, at the end, and report it as it comes out
    ... --half held-out-2              the second held-out round (benchmarks/trojans/SPLIT.md), likewise once, at the end
Each model's scan is kept in .build/bench-trojans/METHOD/NAME.json, so an interrupted run resumes
(--force rescans). Writes benchmarks/results/trojans-HALF.md and .json.
"""
import argparse
import json
import math
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = pathlib.Path(__file__).resolve().parents[1]
BENCHMARK = ROOT / "benchmarks" / "trojans"
CACHE = ROOT / ".build" / "bench-trojans"
RESULTS = ROOT / "benchmarks" / "results"

# How each method scans a model M with held-out images I and, where it uses one, the clean reference R:
# the kernel lines that end with the scan in `s`.
CONFIGS = {
    # The one verdict, alone and with the clean reference of the same data set and architecture.
    "verdict": "s = %time %backdoor scan --model m --images images\n",
    "verdict-reference": "s = %time %backdoor scan --model m --images images --reference r\n",
    # The baseline: Neural Cleanse (Wang et al., S&P 2019) with its MAD verdict, at 100 optimisation steps per
    # class instead of its default 300: at 300 a scan took 3-8 minutes per model on this shared machine.
    "neural-cleanse": "s = %time %backdoor scan --model m --images images --method neural-cleanse --steps 100\n",
    # Single readings of the scan before the verdict, for comparison.
    "patch": "s = %time %backdoor scan --model m --images images --score patch-fooling-rate\n",
}
USES_REFERENCE = {"verdict-reference"}


def scan(kernel, truth, config, extra):
    """One model's scan: the saved JSON, with the wall time of the timed line."""
    models = BENCHMARK / "models"
    code = (f"m = %model load {models / truth['file']}\n"
            f"images = %image load {BENCHMARK / truth['held_out_images']}\n")
    if config in USES_REFERENCE:
        code += f"r = %model load {models / (truth['dataset'] + '-reference-' + truth['architecture'] + '.onnx')}\n"
    lines = CONFIGS[config].rstrip("\n").split("\n")
    lines[-1] += (" " + extra) if extra else ""
    with tempfile.TemporaryDirectory() as folder:
        started = time.time()
        code += "\n".join(lines) + f"\n%save s {folder}/scan.json --force\n"
        result = subprocess.run([kernel, "run", "-c", code], capture_output=True, text=True, timeout=3600)
        total = time.time() - started
        if result.returncode != 0:
            raise RuntimeError(f"{truth['name']}: {(result.stderr or result.stdout).strip()}")
        report = json.loads((pathlib.Path(folder) / "scan.json").read_text())
    value, unit = re.findall(r"Wall time: ([0-9.]+) (ms|s)", result.stdout)[-1]
    report.pop("provenance", None)
    report["seconds"] = float(value) / (1000 if unit == "ms" else 1)
    report["run_seconds"] = total
    return report


def anomaly(report):
    """The model's trojan score: its largest anomaly index (what the threshold is compared with)."""
    if "anomaly" in report:
        return report["anomaly"]
    values = [v if v is not None else -math.inf for v in report["anomaly_indices"]]
    return max(min(v, 1e6) for v in values)


def roc_auc(scores, truths):
    """The probability that a trojan scores above a clean model (ties count half): the area under the ROC curve."""
    positives = [s for s, t in zip(scores, truths) if t]
    negatives = [s for s, t in zip(scores, truths) if not t]
    if not positives or not negatives:
        return float("nan")
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def roc_points(scores, truths):
    """(false-positive rate, true-positive rate) at every threshold, from the strictest down."""
    positives, negatives = sum(truths), len(truths) - sum(truths)
    if not positives or not negatives:
        return []
    points, tp, fp = [(0.0, 0.0)], 0, 0
    ordered = sorted(zip(scores, truths), key=lambda pair: -pair[0])
    for index, (score, truth) in enumerate(ordered):
        tp, fp = tp + truth, fp + (not truth)
        if index + 1 == len(ordered) or ordered[index + 1][0] != score:
            points.append((fp / negatives, tp / positives))
    return points


def roc_svg(curves, title):
    """The ROC curves as a small SVG (no plotting library needed), for tutorial 5."""
    size, margin = 300, 46
    colors = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd"]
    x = lambda value: margin + value * size
    y = lambda value: margin + (1 - value) * size
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size + 2 * margin + 170}" height="{size + 2 * margin}" '
             'font-family="sans-serif" font-size="12">', '<rect width="100%" height="100%" fill="white"/>',
             f'<text x="{x(0.5)}" y="20" text-anchor="middle" font-size="14">{title}</text>',
             f'<rect x="{x(0)}" y="{y(1)}" width="{size}" height="{size}" fill="none" stroke="#444"/>',
             f'<line x1="{x(0)}" y1="{y(0)}" x2="{x(1)}" y2="{y(1)}" stroke="#bbb" stroke-dasharray="4 4"/>',
             f'<text x="{x(0.5)}" y="{y(0) + 34}" text-anchor="middle">false-positive rate (clean models flagged)</text>',
             f'<text transform="translate(14 {y(0.5)}) rotate(-90)" text-anchor="middle">true-positive rate (trojans flagged)</text>']
    for tick in [0, 0.5, 1]:
        parts.append(f'<text x="{x(tick)}" y="{y(0) + 16}" text-anchor="middle">{tick:g}</text>')
        parts.append(f'<text x="{x(0) - 6}" y="{y(tick) + 4}" text-anchor="end">{tick:g}</text>')
    for index, (label, points) in enumerate(curves):
        color = colors[index % len(colors)]
        path = " ".join(f"{x(fpr):.1f},{y(tpr):.1f}" for fpr, tpr in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
        parts.append(f'<line x1="{x(1) + 14}" y1="{y(1) + 14 + 18 * index}" x2="{x(1) + 34}" y2="{y(1) + 14 + 18 * index}" '
                     f'stroke="{color}" stroke-width="2"/>')
        parts.append(f'<text x="{x(1) + 40}" y="{y(1) + 18 + 18 * index}">{label}</text>')
    return "\n".join(parts + ["</svg>"]) + "\n"


def summary(rows):
    trojans = [r for r in rows if r["trojaned"]]
    clean = [r for r in rows if not r["trojaned"]]
    detected = [r for r in trojans if r["flagged"]]
    return {
        "models": len(rows), "trojans": len(trojans), "clean": len(clean),
        "roc_auc": roc_auc([r["score"] for r in rows], [r["trojaned"] for r in rows]),
        "tpr": len(detected) / len(trojans) if trojans else float("nan"),
        "fpr": sum(r["flagged"] for r in clean) / len(clean) if clean else float("nan"),
        "target_right": sum(r["suspect"] == r["target"] for r in detected) / len(detected) if detected else float("nan"),
        "seconds_per_model": statistics.fmean(r["seconds"] for r in rows),
    }


def fmt(value):
    return "—" if isinstance(value, float) and math.isnan(value) else f"{value:.2f}" if isinstance(value, float) else str(value)


def mad_indices(values, resolution=0.1):
    """The anomaly index of every class, as the verdict computes it (rates within 0.1 are not outliers)."""
    center = statistics.median(values)
    spread = max(resolution, 1.4826 * statistics.median([abs(v - center) for v in values]))
    return [(v - center) / spread for v in values]


def calibrate(truths, quantile):
    """The verdict's calibration, from the tuning half's scans with the reference (`verdict-reference`, which
    records the model's rates and the reference's): for every reading, the anomaly index of the most anomalous
    class of each clean model, alone and against the reference, at the `quantile`; then what the verdict with
    these scales does on the same half (an optimistic figure: it is the data the scales come from)."""
    scans = {t["name"]: json.loads((CACHE / "verdict-reference" / f"{t['name']}.json").read_text())
             for t in truths if (CACHE / "verdict-reference" / f"{t['name']}.json").exists()}
    if not scans:
        sys.exit("no verdict-reference scans of the tuning half: run --methods verdict-reference first")
    clean = [t for t in truths if t["name"] in scans and not t["trojaned"]]
    names = list(next(iter(scans.values()))["readings"])

    def indices(name, reading, mode):
        rates = reading["rates"]
        if mode == "reference":
            rates = [a - b for a, b in zip(rates, reading["reference_rates"])]
        return mad_indices(rates)

    scales = {}
    for mode in ["alone", "reference"]:
        for name in names:
            tops = sorted(max(indices(name, scans[t["name"]]["readings"][name], mode)) for t in clean)
            scales[(mode, name)] = max(1.0, tops[min(len(tops) - 1, int(quantile * len(tops)))])
    print(f"{len(scans)} scans ({len(clean)} clean); scales at the {quantile:.0%} quantile of clean models' largest index:")
    for name in names:
        print(f"  {name:24} alone {scales[('alone', name)]:6.2f}   reference {scales[('reference', name)]:6.2f}")
    for mode in ["alone", "reference"]:
        rows = []
        for t in truths:
            if t["name"] not in scans:
                continue
            per_class = [max(indices(n, scans[t["name"]]["readings"][n], mode)[c] / scales[(mode, n)] for n in names)
                         for c in range(len(t["classes"]))]
            suspect = max(range(len(per_class)), key=per_class.__getitem__)
            rows.append({"trojaned": t["trojaned"], "target": t["target"], "flagged": per_class[suspect] > 1, "suspect": suspect,
                         "score": per_class[suspect], "seconds": scans[t["name"]]["seconds"]})
        # The default threshold: the lowest that flags at most a tenth of the clean models.
        clean_scores = sorted((r["score"] for r in rows if not r["trojaned"]), reverse=True)
        threshold = max(1.0, clean_scores[len(clean_scores) // 10])
        for row in rows:
            row["flagged"] = row["score"] > threshold
        result = summary(rows)
        print(f"  {mode:9}: threshold {threshold:.2f}, ROC-AUC {fmt(result['roc_auc'])}, TPR {fmt(result['tpr'])}, FPR {fmt(result['fpr'])}, "
              f"target right {fmt(result['target_right'])} (on the data the scales come from)")


def scan_all(arguments, truths, method):
    """Every model's scan by one method (cached), as rows for the summary."""
    cache = CACHE / method
    cache.mkdir(parents=True, exist_ok=True)

    def one(truth):
        path = cache / f"{truth['name']}.json"
        if path.exists() and not arguments.force:
            return json.loads(path.read_text())
        report = scan(arguments.kernel, truth, method, arguments.options)
        path.write_text(json.dumps(report) + "\n")
        return report

    rows = []
    with ThreadPoolExecutor(arguments.jobs) as pool:
        for truth, report in zip(truths, pool.map(one, truths)):
            row = {"method": method, "name": truth["name"], "dataset": truth["dataset"], "architecture": truth["architecture"],
                   "kind": truth["trigger"]["kind"] if truth["trojaned"] else "clean",
                   "source_specific": bool(truth["trojaned"] and truth["trigger"]["sources"]),
                   "trojaned": truth["trojaned"], "target": truth["target"], "flagged": bool(report["backdoored"]),
                   "suspect": report.get("suspect", report.get("target")), "score": anomaly(report), "seconds": report["seconds"],
                   "attack_success_rate": truth.get("attack_success_rate")}
            rows.append(row)
            verdict = str(row["suspect"]) if row["flagged"] else "clean"
            print(f"{method:18} {row['name']:14} {row['dataset']:9} {row['architecture']:6} {row['kind']:15} "
                  f"{str(row['target']) if row['trojaned'] else 'clean':>5} {verdict:>7} {row['score']:7.2f} {row['seconds']:7.1f}",
                  flush=True)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kernel", required=True)
    parser.add_argument("--half", choices=["tuning", "held-out", "held-out-2", "held-out-3", "reference"], default="tuning",
                        help="reference: the clean references alone (what a scan reads on them, for analysis)")
    parser.add_argument("--methods", default="verdict,verdict-reference,neural-cleanse",
                        help="comma-separated, of: " + ", ".join(CONFIGS))
    parser.add_argument("--options", default="", help="more options for the scan line (recorded in the report)")
    parser.add_argument("--models", help="comma-separated model names (default the whole half)")
    parser.add_argument("--jobs", type=int, default=1, help="models scanned at once")
    parser.add_argument("--force", action="store_true")
    parser.add_argument("--calibrate", type=float, metavar="QUANTILE",
                        help="print the verdict's reading scales from the tuning half's verdict-reference scans (e.g. 0.9)")
    arguments = parser.parse_args()
    methods = arguments.methods.split(",")
    if unknown := [m for m in methods if m not in CONFIGS]:
        sys.exit(f"unknown methods {unknown}: choose from {', '.join(CONFIGS)}")

    truths = [json.loads(p.read_text()) for p in sorted((BENCHMARK / "models").glob("*.json"))]
    truths = [t for t in truths if t["split"] == arguments.half]
    if arguments.models:
        wanted = set(arguments.models.split(","))
        truths = [t for t in truths if t["name"] in wanted]
    if not truths:
        sys.exit(f"no models of the {arguments.half} half in {BENCHMARK} (tools/make_trojan_benchmark.py makes them)")

    if arguments.calibrate:
        if arguments.half != "tuning":
            sys.exit("the verdict is calibrated on the tuning half only")
        return calibrate(truths, arguments.calibrate)
    rows = [row for method in methods for row in scan_all(arguments, truths, method)]
    lines = [f"# Backdoor scans on the trojan benchmark: {arguments.half} half", "",
             f"{len(truths)} models, {sum(t['trojaned'] for t in truths)} trojaned; each scanned with its data set's 200 clean "
             "held-out images" + (f", options `{arguments.options}`" if arguments.options else "") + ".", "",
             "| method | scan | ROC-AUC | TPR | FPR | target right | s per model |", "|---|---|---|---|---|---|---|"]
    print()
    for method in methods:
        overall = summary([r for r in rows if r["method"] == method])
        lines.append(f"| {method} | `{CONFIGS[method].strip().split('= %time ')[1]}` | " +
                     " | ".join(fmt(overall[k]) for k in ["roc_auc", "tpr", "fpr", "target_right", "seconds_per_model"]) + " |")
        print(f"{arguments.half} half, {method}: ROC-AUC {fmt(overall['roc_auc'])}, TPR {fmt(overall['tpr'])}, FPR {fmt(overall['fpr'])}, "
              f"target right {fmt(overall['target_right'])}, {overall['seconds_per_model']:.1f} s per model")
    lines += ["", "TPR: trojans flagged at the method's default threshold; FPR: clean models flagged; target right: detected trojans "
              "whose target class the method named; s per model: the scan's wall time on this machine (shared).", ""]
    for key, title in [("kind", "trigger kind"), ("dataset", "data set"), ("architecture", "architecture")]:
        lines += [f"## By {title}", "", f"| method | {title} | trojans | detected | target right | clean | false alarms |",
                  "|---|---|---|---|---|---|---|"]
        for method in methods:
            for value in sorted({r[key] for r in rows}):
                group = [r for r in rows if r[key] == value and r["method"] == method]
                trojans = [r for r in group if r["trojaned"]]
                detected = [r for r in trojans if r["flagged"]]
                lines.append(f"| {method} | {value} | {len(trojans)} | {len(detected)} | "
                             f"{sum(r['suspect'] == r['target'] for r in detected)} | {len(group) - len(trojans)} | "
                             f"{sum(r['flagged'] for r in group if not r['trojaned'])} |")
        lines.append("")
    lines += ["## Every model", "", "| method | model | data set | architecture | trigger | source-specific | truth | verdict | score | seconds |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['method']} | {r['name']} | {r['dataset']} | {r['architecture']} | {r['kind']} | "
                     f"{'yes' if r['source_specific'] else ''} | {r['target'] if r['trojaned'] else 'clean'} | "
                     f"{r['suspect'] if r['flagged'] else 'clean'} | {r['score']:.2f} | {r['seconds']:.1f} |")
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = f"trojans-{arguments.half}"
    (RESULTS / f"{stem}.md").write_text("\n".join(lines) + "\n")
    curves = []
    for method in methods:
        group = [r for r in rows if r["method"] == method]
        auc = summary(group)["roc_auc"]
        curves.append((f"{method} (AUC {fmt(auc)})", roc_points([r["score"] for r in group], [r["trojaned"] for r in group])))
    (RESULTS / f"{stem}-roc.svg").write_text(roc_svg(curves, f"trojan benchmark, {arguments.half} half ({len(truths)} models)"))
    (RESULTS / f"{stem}.json").write_text(json.dumps({"summaries": {m: summary([r for r in rows if r["method"] == m]) for m in methods},
                                                      "models": rows}, indent=1) + "\n")
    print(f"\nwrote benchmarks/results/{stem}.md")


if __name__ == "__main__":
    main()
