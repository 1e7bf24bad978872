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
"""
import json
import math
import pathlib
import random
import statistics

ROOT = pathlib.Path(__file__).resolve().parents[1]
SCANS = ROOT / ".build" / "bench-trojans" / "verdict-reference"
HALVES = ("tuning", "held-out")


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
    readings = [r for r in scan["readings"] if design["strengths"] is None or r.startswith("universal")
                or strength_of(r) in design["strengths"]]
    found = {}
    for kind in design["kinds"]:
        for reading in readings:
            found[f"{kind}:{reading}"] = mad_indices(per_class(scan, reading, mode, kind), 0.1 if kind == "rate" else 0.2)
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


DESIGNS = {
    "strengths 1, 1/2, 1/4 (the shipped readings)": {"kinds": ["rate"], "strengths": {1, 0.5, 0.25}},
    "ladder 1 … 1/16": {"kinds": ["rate"], "strengths": None},
    "per-source rates": {"kinds": ["source"], "strengths": None},
    "ladder + per-source rates": {"kinds": ["rate", "source"], "strengths": None},
}


def main():
    truths = {t["name"]: t for t in (json.loads(p.read_text()) for p in (ROOT / "benchmarks/trojans/models").glob("*.json"))}
    scans = {p.stem: json.loads(p.read_text()) for p in SCANS.glob("*.json")
             if p.stem in truths and truths[p.stem]["split"] in HALVES}
    print(f"{len(scans)} scans, {sum(truths[n]['trojaned'] for n in scans)} trojaned; repeated 10-fold cross-validation")
    for share, label in [(0.1, "threshold flags a tenth of the clean training models"), (0.0, "threshold: highest clean training score")]:
        for mode in ["alone", "reference"]:
            for name, design in DESIGNS.items():
                r = evaluate(scans, truths, design, mode, share)
                print(f"{label:52} {mode:9} {name:44} ROC-AUC {r['auc']:.3f} TPR {r['tpr']:.2f} FPR {r['fpr']:.2f} "
                      f"target right {r['target_right']:.2f}", flush=True)


if __name__ == "__main__":
    main()
