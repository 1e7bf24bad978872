#!/usr/bin/env python3
"""Out-of-fold figures of candidate verdict designs, from cached `verdict-reference` scans (tools/bench_trojans.py).

The verdict's calibration (reading scales at the 90 % quantile of clean models, a threshold on clean scores) is
fitted on the training folds and applied to the test fold, repeated over stratified random splits, so that a
design is judged on models its calibration did not see. Written for the ladder experiment of issue 24
(benchmarks/results/trojans-ladder-experiment.md): the scans it reads were made by the verdict of commit 82bddc5,
which records patch readings at strengths 1 … 1/16 and per-source rates. Rerun:
    git checkout 82bddc5 && swift build -c release --product saliency-kernel
    python3 tools/bench_trojans.py --kernel .build/release/saliency-kernel --half tuning --methods verdict-reference
    python3 tools/bench_trojans.py --kernel .build/release/saliency-kernel --half held-out --methods verdict-reference
    python3 tools/crossvalidate_verdict.py

Then for the stamp reading (benchmarks/results/trojans-stamp-experiment.md): held-out-2's shipped-verdict scans
(`--half held-out-2 --methods verdict`, alone only: they hold no reference rates) join the 66, and the stamp family's
scans (`--methods stamp-reference` on all three seen halves, made by the current kernel) are merged into every scan:
    python3 tools/crossvalidate_verdict.py --stamp
"""
import argparse
import json
import math
import pathlib
import random
import statistics

ROOT = pathlib.Path(__file__).resolve().parents[1]
CACHE = ROOT / ".build" / "bench-trojans"
SCANS = CACHE / "verdict-reference"
HALVES = ("tuning", "held-out")
STAMP = "stamp:patch-side/8"


def mad_indices(values, resolution):
    center = statistics.median(values)
    spread = max(resolution, 1.4826 * statistics.median([abs(v - center) for v in values]))
    return [(v - center) / spread for v in values]


def strength_of(reading):
    return float(reading.split("×")[1]) if "×" in reading else 1.0


def per_class(scan, reading, mode, kind):
    """A reading's per-class value: the rate, or the largest rate of one source class; minus the reference's rate."""
    entry = scan["readings"][reading]
    if kind == "rate":
        values = entry["rates"]
    else:
        values = [max([r for s, r in enumerate(row) if r is not None and s != target] or [0])
                  for target, row in enumerate(entry["source_rates"])]
    if mode == "reference":
        values = [a - b for a, b in zip(values, entry["reference_rates"])]
    return values


def features(scan, mode, design):
    def kept(reading):
        if reading == STAMP:
            return False
        if reading.startswith("universal"):
            return strength_of(reading) in design.get("universal", {1, 0.5, 0.25})
        return design["strengths"] is None or strength_of(reading) in design["strengths"]
    readings = [r for r in scan["readings"] if kept(r)]
    readings = [r for r in readings if not design.get("stamp_only")] + ([STAMP] if design.get("stamp") else [])
    found = {}
    for kind in design["kinds"]:
        for reading in readings:
            values = per_class(scan, reading, mode, kind)
            if reading == STAMP and design.get("escape"):
                # BackdoorVerdict.escapeLog: −log of the share of images that escape the class (clamped at 0.01),
                # so that the index counts e-folds fewer escapes than the median class.
                found[f"{kind}:{reading}"] = mad_indices([-math.log(max(0.01, 1 - v)) for v in values], design["escape"])
                continue
            if reading == STAMP and design.get("delta"):
                # The rate resolution (0.1) carried to log-odds at the median rate m: 0.1 / (m (1 − m)).
                clamped = [min(0.99, max(0.01, v)) for v in values]
                m = statistics.median(clamped)
                found[f"{kind}:{reading}"] = mad_indices([math.log(v / (1 - v)) for v in clamped], 0.1 / (m * (1 - m)))
                continue
            if reading == STAMP and design.get("logit"):
                # BackdoorVerdict.logOdds: rates clamped to [0.01, 0.99], log-odds within 0.5 are no outliers.
                clamped = [min(0.99, max(0.01, v)) for v in values]
                found[f"{kind}:{reading}"] = mad_indices([math.log(v / (1 - v)) for v in clamped], 0.5)
                continue
            found[f"{kind}:{reading}"] = mad_indices(values, 0.1 if kind == "rate" else 0.2)
    return found


def score(found, scales):
    classes = len(next(iter(found.values())))
    scores = [max(found[f][c] / scales[f] for f in found) for c in range(classes)]
    suspect = max(range(classes), key=scores.__getitem__)
    return suspect, scores[suspect]


def fit(scans, truths, train, mode, design, flagged_clean_share):
    clean = [n for n in train if not truths[n]["trojaned"]]
    found = {n: features(scans[n], mode, design) for n in train}
    scales = {}
    for f in found[train[0]]:
        tops = sorted(max(found[n][f]) for n in clean)
        scales[f] = max(1.0, tops[min(len(tops) - 1, int(0.9 * len(tops)))])
    clean_scores = sorted((score(found[n], scales)[1] for n in clean), reverse=True)
    return scales, max(1.0, clean_scores[int(len(clean_scores) * flagged_clean_share)])


def roc_auc(scores, truths):
    positives = [s for s, t in zip(scores, truths) if t]
    negatives = [s for s, t in zip(scores, truths) if not t]
    return sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives) / (len(positives) * len(negatives))


def evaluate(scans, truths, design, mode, flagged_clean_share, folds=10, repeats=4):
    names = sorted(scans)
    rows, aucs = [], []
    for repeat in range(repeats):
        generator = random.Random(repeat)
        trojans = [n for n in names if truths[n]["trojaned"]]
        clean = [n for n in names if not truths[n]["trojaned"]]
        generator.shuffle(trojans)
        generator.shuffle(clean)
        repeat_rows = []
        for fold in range(folds):
            test = trojans[fold::folds] + clean[fold::folds]
            scales, threshold = fit(scans, truths, [n for n in names if n not in test], mode, design, flagged_clean_share)
            for name in test:
                suspect, value = score(features(scans[name], mode, design), scales)
                repeat_rows.append((truths[name]["trojaned"], truths[name]["target"], suspect, value, value > threshold))
        aucs.append(roc_auc([r[3] for r in repeat_rows], [r[0] for r in repeat_rows]))
        rows += repeat_rows
    trojan_rows = [r for r in rows if r[0]]
    detected = [r for r in trojan_rows if r[4]]
    return {"auc": statistics.fmean(aucs), "tpr": len(detected) / len(trojan_rows),
            "fpr": sum(r[4] for r in rows if not r[0]) / sum(not r[0] for r in rows),
            "target_right": sum(r[2] == r[1] for r in detected) / max(1, len(detected))}


STAMP_DESIGNS = {
    # The ladder scans of the 66 also hold a universal reading at ¼, which the shipped verdict (and held-out-2's scans) has not.
    "the shipped readings": {"kinds": ["rate"], "strengths": {1, 0.5, 0.25}, "universal": {1, 0.5}},
    "the shipped readings + stamp": {"kinds": ["rate"], "strengths": {1, 0.5, 0.25}, "universal": {1, 0.5}, "stamp": True},
    "stamp alone": {"kinds": ["rate"], "strengths": set(), "stamp": True, "stamp_only": True},
    "the shipped readings + stamp (log-odds)": {"kinds": ["rate"], "strengths": {1, 0.5, 0.25}, "universal": {1, 0.5}, "stamp": True, "logit": True},
    "the shipped readings + stamp (escapes, floor 1)": {"kinds": ["rate"], "strengths": {1, 0.5, 0.25}, "universal": {1, 0.5},
                                                        "stamp": True, "escape": 1.0},
    "stamp alone (escapes, floor 1)": {"kinds": ["rate"], "strengths": set(), "stamp": True, "stamp_only": True, "escape": 1.0},
    "the shipped readings + stamp (log-odds, resolution at the median)": {"kinds": ["rate"], "strengths": {1, 0.5, 0.25},
                                                                          "universal": {1, 0.5}, "stamp": True, "delta": True},
    "stamp alone (log-odds, resolution at the median)": {"kinds": ["rate"], "strengths": set(), "stamp": True, "stamp_only": True, "delta": True},
    "stamp alone (log-odds)": {"kinds": ["rate"], "strengths": set(), "stamp": True, "stamp_only": True, "logit": True},
}

DESIGNS = {
    "strengths 1, 1/2, 1/4 (the shipped readings)": {"kinds": ["rate"], "strengths": {1, 0.5, 0.25}},
    "ladder 1 … 1/16": {"kinds": ["rate"], "strengths": None},
    "per-source rates": {"kinds": ["source"], "strengths": None},
    "ladder + per-source rates": {"kinds": ["rate", "source"], "strengths": None},
}


def with_stamp(truths):
    """The seen models' scans with the stamp reading merged in: the 66 verdict-reference scans and held-out-2's
    verdict scans (alone only), each with its stamp-reference scan."""
    scans = {}
    for folder, halves in [(SCANS, HALVES), (CACHE / "verdict", ("held-out-2",))]:
        for path in folder.glob("*.json"):
            stamp = CACHE / "stamp-reference" / path.name
            if path.stem in truths and truths[path.stem]["split"] in halves and stamp.exists():
                scan = json.loads(path.read_text())
                scan["readings"][STAMP] = json.loads(stamp.read_text())["readings"][STAMP]
                scans[path.stem] = scan
    return scans


def print_fit(sets, truths, design, share):
    """The calibration on every seen scan, as BackdoorVerdict.standardReadings' lines and its two thresholds."""
    fitted = {mode: fit(scans, truths, sorted(scans), mode, design, share) for mode, scans in sets.items()}
    for feature, scale in fitted["alone"][0].items():
        name = feature.split(":", 1)[1]
        family, rest = name.split(":", 1)
        divisor = rest.split("/")[1].split("×")[0] if rest.startswith("patch") else "nil"
        print(f"        Reading(family: .{family}, windowDivisor: {divisor}, fraction: {strength_of(name):g}, "
              f"scale: {scale:.2f}, referenceScale: {fitted['reference'][0][feature]:.2f}),  // {name}")
    for mode, (_, threshold) in fitted.items():
        print(f"{mode}: threshold {threshold:.2f} ({len(sets[mode])} scans)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stamp", action="store_true", help="the stamp reading's experiment (see above)")
    parser.add_argument("--fit", metavar="SHARE", type=float,
                        help="with --stamp: fit the shipped readings + stamp on every seen scan, the threshold flagging at most this "
                             "share of the clean models, and print the scales and thresholds for BackdoorVerdict.swift")
    arguments = parser.parse_args()
    truths = {t["name"]: t for t in (json.loads(p.read_text()) for p in (ROOT / "benchmarks/trojans/models").glob("*.json"))}
    if arguments.stamp:
        every = with_stamp(truths)
        sets = {"alone": every, "reference": {n: s for n, s in every.items() if truths[n]["split"] in HALVES}}
        designs = STAMP_DESIGNS
        if arguments.fit is not None:
            return print_fit(sets, truths, STAMP_DESIGNS["the shipped readings + stamp (log-odds, resolution at the median)"], arguments.fit)
    else:
        scans = {p.stem: json.loads(p.read_text()) for p in SCANS.glob("*.json")
                 if p.stem in truths and truths[p.stem]["split"] in HALVES}
        sets, designs = {"alone": scans, "reference": scans}, DESIGNS
    for mode, scans in sets.items():
        print(f"{mode}: {len(scans)} scans, {sum(truths[n]['trojaned'] for n in scans)} trojaned; repeated 10-fold cross-validation")
    for share, label in [(0.1, "threshold flags a tenth of the clean training models"), (0.0, "threshold: highest clean training score")]:
        for mode, scans in sets.items():
            for name, design in designs.items():
                r = evaluate(scans, truths, design, mode, share)
                print(f"{label:52} {mode:9} {name:44} ROC-AUC {r['auc']:.3f} TPR {r['tpr']:.2f} FPR {r['fpr']:.2f} "
                      f"target right {r['target_right']:.2f}", flush=True)


if __name__ == "__main__":
    main()
