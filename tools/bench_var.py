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

Two more parts measure sweeps over the user's own data (issue 26):
  folder      250 validation scenes written as PNGs with their masks (`%save scenes photos/`), read back with
              `%data folder`: GridPG and the pointing game of every method with and without VAR, each mean with
              its 95 % bootstrap interval and the paired difference VAR − base with its own
  stream      a pointing-game sweep of the gradient over 1 000 synthetic JPEGs with Pascal VOC boxes (written
              here) on ResNet-50 224² (tools/bench_engine.py's, exported with PyTorch): wall time, time per
              picture and peak resident memory (goal: at most 2 GiB) at 100 and at 1 000 pictures, and the
              progress lines `saliency-kernel run --progress` prints, with the time left. Needs PyTorch and
              Pillow (the bench venv); skipped with a note without them.

Usage (make bench-var does this):
    .venv-bench/bin/python tools/bench_var.py --kernel .build/release/saliency-kernel [--mosaics 20 --images 6]
    ... --rerun shapes-vit/lrp     one row again, after a change that touches only it
    ... --parts folder,stream      only these parts; the others are kept from the existing var.json
Writes benchmarks/results/var.md and var.json.
"""
import argparse
import json
import os
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile
import time

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


def folder_sweeps(kernel, mosaics, pictures):
    """GridPG and the pointing game on a folder of PNGs, with intervals and paired differences, per model."""
    methods = ",".join(METHODS)
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        run(kernel, "scenes = %data shapes --count 250 --split validation\n%save scenes photos/\n", folder)
        for model in MODELS:
            print(f"{model} on a folder …", file=sys.stderr, flush=True)
            run(kernel, f"net = %model zoo {model}\nphotos = %data folder photos/images --masks photos/masks\n"
                        f"g = %gridpg {methods} --var --images photos --n {mosaics}\n%save g g.json\n"
                        f"p = %eval pointing {methods} --var --images photos --n {pictures}\n%save p p.json\n", folder)
            results[model] = {name: {"summary": saved["summary"], "differences": saved["differences"]}
                              for name, saved in (("gridpg", load(folder, "g.json")), ("pointing", load(folder, "p.json")))}
    return results


def write_pictures(folder, count, seed=26):
    """`count` JPEGs of 320×256 in ten class folders: a smooth random background and one ellipse, its box as VOC XML."""
    import numpy as np
    from PIL import Image, ImageDraw
    rng = np.random.default_rng(seed)
    for index in range(count):
        name = f"class{index % 10}/{index:04d}"
        background = rng.uniform(0, 255, (8, 10, 3)).astype(np.uint8)
        picture = Image.fromarray(background).resize((320, 256), Image.BILINEAR)
        width, height = rng.integers(50, 150, 2)
        left, top = rng.integers(0, 320 - width), rng.integers(0, 256 - height)
        ImageDraw.Draw(picture).ellipse([left, top, left + width - 1, top + height - 1], fill=tuple(int(v) for v in rng.integers(0, 256, 3)))
        for part, path in (("photos", f"{name}.jpg"), ("boxes", f"{name}.xml")):
            (folder / part / path).parent.mkdir(parents=True, exist_ok=True)
        picture.save(folder / "photos" / f"{name}.jpg", quality=90)
        (folder / "boxes" / f"{name}.xml").write_text(
            f"<annotation><size><width>320</width><height>256</height><depth>3</depth></size><object><name>class{index % 10}</name>"
            f"<bndbox><xmin>{left + 1}</xmin><ymin>{top + 1}</ymin><xmax>{left + width}</xmax><ymax>{top + height}</ymax></bndbox>"
            "</object></annotation>\n")


def streaming(kernel, count):
    """A pointing-game sweep over `count` JPEGs on ResNet-50: time, peak memory, progress lines; at 100 and at `count`."""
    try:
        import torch
        sys.path.insert(0, str(ROOT / "tools"))
        import bench_engine
        import PIL  # noqa: F401  (writes the pictures)
    except ImportError as error:
        return {"skipped": f"{error}; run from the bench venv (make bench-var)"}
    results = {"runs": []}
    with tempfile.TemporaryDirectory() as name:
        folder = pathlib.Path(name)
        torch.onnx.export(bench_engine.make_model(), (bench_engine.make_input(),), str(folder / "resnet50.onnx"), opset_version=17,
                          input_names=["input"], output_names=["logits"], dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
                          dynamo=False)
        (folder / "labels.txt").write_text("".join(f"class{index}\n" for index in range(1000)))
        started = time.perf_counter()
        write_pictures(folder, count)
        results["writing_seconds"] = time.perf_counter() - started
        for pictures in (100, count):
            print(f"ResNet-50 pointing game over {pictures} JPEGs …", file=sys.stderr, flush=True)
            code = ("net = %model load resnet50.onnx --preset imagenet --labels labels.txt\n"
                    "photos = %data folder photos/ --boxes boxes/\n"
                    f"p = %eval pointing gradient --images photos --n {pictures}\n%save p p.json --force\n")
            started = time.perf_counter()
            with open(folder / "out.txt", "w+") as out, open(folder / "err.txt", "w+") as err:
                process = subprocess.Popen([kernel, "run", "--progress", "-c", code], cwd=folder, stdout=out, stderr=err)
                # wait4 gives this child's own peak resident set (ru_maxrss, KiB on Linux).
                _, status, usage = os.wait4(process.pid, 0)
                seconds = time.perf_counter() - started
                err.seek(0)
                stderr = err.read()
            if os.waitstatus_to_exitcode(status) != 0:
                raise RuntimeError(stderr.strip().splitlines()[-1])
            progress = [line for line in stderr.splitlines() if line.startswith("pointing over")]
            saved = load(folder, "p.json")
            results["runs"].append({"pictures": pictures, "seconds": seconds, "peak_rss_mib": usage.ru_maxrss / 1024,
                                    "progress_lines": len(progress), "first_progress": progress[0] if progress else "",
                                    "last_progress": progress[-1] if progress else "",
                                    "hit_rate": saved["summary"]["gradient"]["hit"], "energy": saved["summary"]["gradient"]["energy"]})
    return results


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


def report(results, yardsticks, mosaics, images, folder, stream):
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
    if folder:
        lines += folder_report(folder)
    if stream:
        lines += stream_report(stream)
    return "\n".join(lines)


def interval(value):
    return f"{value['mean']:.3f} [{value['low']:.3f}, {value['high']:.3f}]" if value else "n/a"


def folder_report(folder):
    lines = ["## On a folder of PNGs, with confidence intervals", "",
             "250 validation scenes written as PNGs with their masks (`%save scenes photos/`) and read back with "
             "`%data folder photos/images --masks photos/masks`: GridPG on 2×2 mosaics of them (`%gridpg … --var --images "
             "photos`) and the energy of the pointing game on the masks (`%eval pointing … --var --images photos`). Each "
             "mean has its 95 % BCa bootstrap interval over items (9 999 resamples); Δ is the paired per-item difference "
             "VAR − base with its own interval: where it excludes 0, the items support the change.", ""]
    for model, parts in folder.items():
        gridpg, pointing = parts["gridpg"], parts["pointing"]
        lines += [f"### {model}", "",
                  "| method | GridPG base | GridPG VAR | Δ GridPG | energy base | energy VAR | Δ energy |", "|---|---|---|---|---|---|---|"]
        for method in METHODS:
            delta = {name: next((d for d in part["differences"] if d["first"] == f"var({method})" and d["second"] == method), {})
                     for name, part in (("gridpg", gridpg), ("pointing", pointing))}
            lines.append(
                f"| {method} | {interval(gridpg['summary'][method]['gridpg'])} | {interval(gridpg['summary'][f'var({method})']['gridpg'])} "
                f"| {interval(delta['gridpg'].get('gridpg'))} | {interval(pointing['summary'][method]['energy'])} "
                f"| {interval(pointing['summary'][f'var({method})']['energy'])} | {interval(delta['pointing'].get('energy'))} |")
        lines.append("")
    return lines


def stream_report(stream):
    if "skipped" in stream:
        return ["## Streaming a sweep on ResNet-50 224²", "", f"Not run: {stream['skipped']}.", ""]
    lines = [f"## Streaming a sweep: {stream['runs'][-1]['pictures']:,} pictures on ResNet-50 224²".replace(",", " "), ""]
    lines += ["The pointing game of the gradient over synthetic 320×256 JPEGs with one ellipse each and its Pascal VOC box "
              f"(written in {stream['writing_seconds']:.0f} s), ten class folders, on ResNet-50 (tools/bench_engine.py's, random "
              "weights; the hit rate is beside the point) at 224²: `%data folder photos/ --boxes boxes/`, then "
              "`%eval pointing gradient --images photos --n N` through `saliency-kernel run --progress`. Peak memory is the "
              "kernel process's own peak resident set (`wait4`); the goal is at most 2 GiB, whatever N.", "",
              "| pictures | wall time | per picture | peak resident memory | progress lines | hit rate | energy |", "|---|---|---|---|---|---|---|"]
    for run_ in stream["runs"]:
        lines.append(f"| {run_['pictures']} | {run_['seconds']:.0f} s | {run_['seconds'] / run_['pictures'] * 1000:.0f} ms "
                     f"| {run_['peak_rss_mib']:.0f} MiB | {run_['progress_lines']} | {interval(run_['hit_rate'])} | {interval(run_['energy'])} |")
    last = stream["runs"][-1]
    lines += ["", f"Progress on stderr, first and last lines of the {last['pictures']}-picture run:", "", "```",
              last["first_progress"], last["last_progress"], "```", ""]
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kernel", required=True)
    parser.add_argument("--mosaics", type=int, default=20)
    parser.add_argument("--images", type=int, default=6)
    parser.add_argument("--pictures", type=int, default=1000, help="pictures of the streaming sweep")
    parser.add_argument("--output", default=str(ROOT / "benchmarks" / "results"))
    parser.add_argument("--rerun", nargs="+", metavar="MODEL/METHOD",
                        help="measure only these rows again and keep the others from the existing var.json")
    parser.add_argument("--parts", default="var,folder,stream", help="which parts to run: var, folder, stream")
    arguments = parser.parse_args()
    arguments.kernel = str(pathlib.Path(arguments.kernel).resolve())  # the runs work in temporary folders
    parts = set(arguments.parts.split(","))
    output = pathlib.Path(arguments.output)
    previous = json.loads((output / "var.json").read_text()) if (output / "var.json").exists() else {}
    results, yardsticks = previous.get("models", {}), previous.get("occlusion_gridpg", {})
    folder, stream = previous.get("folder"), previous.get("stream")
    for model in MODELS if "var" in parts else []:
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
    if "folder" in parts:
        folder = folder_sweeps(arguments.kernel, arguments.mosaics, 100)
    if "stream" in parts:
        stream = streaming(arguments.kernel, arguments.pictures)
    output.mkdir(parents=True, exist_ok=True)
    (output / "var.json").write_text(json.dumps({"occlusion_gridpg": yardsticks, "models": results, "folder": folder, "stream": stream},
                                                indent=2) + "\n")
    text = report(results, yardsticks, arguments.mosaics, arguments.images, folder, stream)
    (output / "var.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
