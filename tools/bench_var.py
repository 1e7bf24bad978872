#!/usr/bin/env python3
"""VAR at our scale: does it make maps class-relevant, as Walter, Vreeken and Fischer (2025) claim?

For gradient, IG, Guided Backprop, Grad-CAM and LRP, each with and without VAR, on shapes-cnn and
shapes-vit, through the workbench's own commands (`saliency-kernel run`):
  GridPG      mean share of positive attribution in the class's cell, on 2×2 mosaics (`%gridpg --var`)
  sanity      similarity of the map to the original once every learned layer is randomized
              (cascading, `%sanity`): Spearman of absolute values, SSIM, HOG. Lower is better.
  deletion    AUC of the target's probability as the most attributed pixels turn black (lower better)
  insertion   AUC as they are revealed on a blurred image (higher better)
  time        wall time of one map, base method and VAR (`%time`), median of three
The paper expects VAR to raise GridPG for every method and to lower similarity under randomization.
The report says where our numbers agree and where they do not; nothing here is tuned to agree.

Usage (make bench-var does this):
    .venv/bin/python tools/bench_var.py --kernel .build/release/saliency-kernel [--mosaics 20 --images 6]
    ... --rerun shapes-vit/lrp     one row again, after a change that touches only it
Writes benchmarks/results/var.md and var.json.
"""
import argparse
import json
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
MODELS = ["shapes-cnn", "shapes-vit"]
METHODS = ["gradient", "ig", "gbp", "gradcam", "lrp"]


def run(kernel, code, folder):
    """Runs a workbench script; returns its stdout, or raises with the workbench's own error."""
    result = subprocess.run([kernel, "run", "-c", code], cwd=folder, capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        raise RuntimeError((result.stderr or result.stdout).strip().splitlines()[-1])
    return result.stdout


def load(folder, name):
    return json.loads((pathlib.Path(folder) / name).read_text())


def measure(kernel, model, method, mosaics, images):
    """Every number of one (model, method) pair, base and VAR side by side."""
    head = f"net = %model zoo {model}\n"
    with tempfile.TemporaryDirectory() as folder:
        run(kernel, head + f"g = %gridpg {method} --var --n {mosaics}\n%save g gridpg.json\n", folder)
        scores = load(folder, "gridpg.json")["scores"]
        base_name = next(name for name in scores if not name.startswith("var("))
        row = {"gridpg": {"base": statistics.fmean(scores[base_name]), "var": statistics.fmean(scores[f"var({base_name})"])}}

        sanity = {"base": [], "var": []}
        deletion = {"base": [], "var": []}
        insertion = {"base": [], "var": []}
        times = {"base": [], "var": []}
        for index in range(images):
            code = head + f"img = %data shapes --index {index}\n"
            code += f"s = %sanity {method} img\n%save s s.json\nv = %sanity {method} img --var\n%save v v.json\n"
            code += f"a = %time %saliency {method} img\nb = %time %var {method} img\n"
            code += "d = %eval deletion a,b\n%save d d.json\ni = %eval insertion a,b --substitute blur\n%save i i.json\n"
            output = run(kernel, code, folder)
            for kind, name in (("base", "s.json"), ("var", "v.json")):
                data = load(folder, name)
                sanity[kind].append({key: data[key][-1] for key in ("spearman", "ssim", "hog")})
                (pathlib.Path(folder) / name).unlink()
            for store, name in ((deletion, "d.json"), (insertion, "i.json")):
                auc = load(folder, name)["auc"]
                (pathlib.Path(folder) / name).unlink()
                var_name = next(key for key in auc if key.startswith("var"))
                base = next(key for key in auc if key != var_name)
                store["base"].append(auc[base])
                store["var"].append(auc[var_name])
            walls = [parse_wall_time(line) for line in output.splitlines() if line.startswith("Wall time:")]
            times["base"].append(walls[0])
            times["var"].append(walls[1])
        row["sanity"] = {kind: {key: statistics.fmean(item[key] for item in values) for key in ("spearman", "ssim", "hog")}
                         for kind, values in sanity.items()}
        row["deletion"] = {kind: statistics.fmean(values) for kind, values in deletion.items()}
        row["insertion"] = {kind: statistics.fmean(values) for kind, values in insertion.items()}
        row["milliseconds"] = {kind: statistics.median(values[-3:]) for kind, values in times.items()}
        return row


def occlusion_gridpg(kernel, model, mosaics):
    """GridPG of occlusion with one 32-pixel window per half cell: where the model itself finds each
    class's evidence, a yardstick for what the gradient-based maps could reach."""
    with tempfile.TemporaryDirectory() as folder:
        run(kernel, f"net = %model zoo {model}\ng = %gridpg occlusion --window 32 --stride 32 --n {mosaics}\n"
                    "%save g gridpg.json\n", folder)
        return statistics.fmean(load(folder, "gridpg.json")["scores"]["occlusion"])


def parse_wall_time(line):
    value, unit = re.match(r"Wall time: ([0-9.]+) (ms|s)", line).groups()
    return float(value) * (1000 if unit == "s" else 1)


def verdict(row):
    """Where VAR moved each number the way the paper expects."""
    return {
        "gridpg": row["gridpg"]["var"] > row["gridpg"]["base"],
        "sanity": row["sanity"]["var"]["spearman"] < row["sanity"]["base"]["spearman"],
        "deletion": row["deletion"]["var"] < row["deletion"]["base"],
        "insertion": row["insertion"]["var"] > row["insertion"]["base"],
    }


def report(results, yardsticks, mosaics, images):
    mark = {True: "yes", False: "**no**"}
    lines = [
        "# VAR at our scale",
        "",
        f"Made by `make bench-var` (tools/bench_var.py): GridPG on {mosaics} 2×2 mosaics of confidently classified "
        f"test scenes; sanity checks, deletion and insertion on test scenes 0–{images - 1}, each map of the "
        "scene's own class. Each cell reads base → VAR. Sanity: similarity to the original map after cascading "
        "randomization of every learned layer (Spearman of absolute values / SSIM / HOG; lower means the map "
        "depends on the weights, as it should). Deletion AUC: lower is better; insertion AUC (blurred "
        "substitute): higher is better. Time: one map on one 64×64 scene, median of the last three scenes.",
        "",
        "The paper expects VAR to raise GridPG and to lower similarity under randomization for every method; "
        "the last columns say whether our numbers agree.",
        "",
    ]
    for model, rows in results.items():
        lines += [f"## {model}", "",
                  f"GridPG of occlusion (32-pixel windows, no VAR), where the model itself finds each class's "
                  f"evidence: {yardsticks[model]:.3f}.", "",
                  "| method | GridPG | sanity Spearman | sanity SSIM | sanity HOG | deletion AUC | insertion AUC | ms per map | "
                  "GridPG up | sanity down | deletion down | insertion up |",
                  "|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for method, row in rows.items():
            if "error" in row:
                lines.append(f"| {method} | not run: {row['error']} |" + " |" * 11)
                continue
            s, v = row["sanity"]["base"], row["sanity"]["var"]
            agree = verdict(row)
            lines.append(
                f"| {method} | {row['gridpg']['base']:.3f} → {row['gridpg']['var']:.3f} "
                f"| {s['spearman']:.3f} → {v['spearman']:.3f} | {s['ssim']:.3f} → {v['ssim']:.3f} | {s['hog']:.3f} → {v['hog']:.3f} "
                f"| {row['deletion']['base']:.3f} → {row['deletion']['var']:.3f} "
                f"| {row['insertion']['base']:.3f} → {row['insertion']['var']:.3f} "
                f"| {row['milliseconds']['base']:.0f} → {row['milliseconds']['var']:.0f} "
                f"| {mark[agree['gridpg']]} | {mark[agree['sanity']]} | {mark[agree['deletion']]} | {mark[agree['insertion']]} |")
        lines.append("")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kernel", required=True)
    parser.add_argument("--mosaics", type=int, default=20)
    parser.add_argument("--images", type=int, default=6)
    parser.add_argument("--output", default=str(ROOT / "benchmarks" / "results"))
    parser.add_argument("--rerun", nargs="+", metavar="MODEL/METHOD",
                        help="measure only these rows again and keep the others from the existing var.json")
    arguments = parser.parse_args()
    output = pathlib.Path(arguments.output)
    results, yardsticks = {}, {}
    if arguments.rerun:
        previous = json.loads((output / "var.json").read_text())
        results, yardsticks = previous["models"], previous["occlusion_gridpg"]
    for model in MODELS:
        if not arguments.rerun:
            print(f"{model} occlusion …", file=sys.stderr, flush=True)
            yardsticks[model] = occlusion_gridpg(arguments.kernel, model, arguments.mosaics)
        results.setdefault(model, {})
        for method in METHODS:
            if arguments.rerun and f"{model}/{method}" not in arguments.rerun:
                continue
            print(f"{model} {method} …", file=sys.stderr, flush=True)
            try:
                results[model][method] = measure(arguments.kernel, model, method, arguments.mosaics, arguments.images)
            except RuntimeError as error:
                results[model][method] = {"error": str(error)}
    output.mkdir(parents=True, exist_ok=True)
    (output / "var.json").write_text(json.dumps({"occlusion_gridpg": yardsticks, "models": results}, indent=2) + "\n")
    text = report(results, yardsticks, arguments.mosaics, arguments.images)
    (output / "var.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
