"""A model zoo scanned sharded (issues 24 and 27): `%backdoor scan --models FOLDER/` over three small CNNs of the
trojan benchmark's tuning half (one trojaned) and a truncated file, run on one machine and as 2 shards merged:
the same table, JSON lines, CSV, JSON and figure, byte for byte; the broken file an error in its place; and a
model's numbers in the zoo those of scanning it alone. Cheap on purpose: 40 images, few iterations."""
import json
import os
import pathlib
import shutil
import subprocess

KERNEL = os.environ["SALIENCY_KERNEL"]
ROOT = pathlib.Path(__file__).resolve().parents[2]
BENCHMARK = ROOT / "benchmarks" / "trojans"
SETTINGS = "--iterations 4 --batch 8"
# The images are made for one model of the zoo (its size and preset); the scan undoes each picture's own preset.
SCRIPT = f"""first = %model load zoo/digits-06.onnx
images = %image load digits/
zoo = %backdoor scan --models zoo/ --images images {SETTINGS}
%save zoo zoo.jsonl
%save zoo zoo.csv
%save zoo zoo.json
%save zoo zoo.svg
"""
SAVED = ["zoo.jsonl", "zoo.csv", "zoo.json", "zoo.svg", "zoo.svg.json"]
# Sorted by path: the broken file is item 0, the TrojAI-style folder item 3.
MODELS = ["broken.onnx", "digits-06.onnx", "digits-10.onnx", "id-13/model.onnx"]


def kernel(*arguments, cwd):
    result = subprocess.run([KERNEL, *arguments], cwd=cwd, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    return result


def zoo_folder(folder):
    """The zoo (both layouts, a truncated model) and 40 of the digits' held-out images."""
    zoo = folder / "zoo"
    (zoo / "id-13").mkdir(parents=True)
    for name in ("digits-06", "digits-10"):
        shutil.copy(BENCHMARK / "models" / f"{name}.onnx", zoo)
    shutil.copy(BENCHMARK / "models" / "digits-13.onnx", zoo / "id-13" / "model.onnx")
    (zoo / "broken.onnx").write_bytes((BENCHMARK / "models" / "digits-06.onnx").read_bytes()[:5000])
    (folder / "digits").mkdir()
    for picture in sorted((BENCHMARK / "images" / "digits").glob("*.png"))[:40]:
        shutil.copy(picture, folder / "digits")


def test_a_zoo_scanned_in_two_shards_merges_to_what_one_machine_writes(tmp_path):
    whole, sharded = tmp_path / "whole", tmp_path / "sharded"
    for folder in (whole, sharded):
        folder.mkdir()
        zoo_folder(folder)
        (folder / "scan.saliency").write_text(SCRIPT)
    one = kernel("run", "scan.saliency", cwd=whole)
    shards = [kernel("run", "scan.saliency", "--shard", f"{index}/2", cwd=sharded) for index in range(2)]
    for index, shard in enumerate(shards):
        lines = [json.loads(line) for line in (sharded / "partials" / f"shard-{index}-of-2.jsonl").read_text().splitlines()]
        assert [line["items"] for line in lines if "command" in line] == [[index, index + 2]]
        # Each shard loaded and scanned its own models only (the broken one is shard 0's error), and timed them.
        scanned = [line["record"] for line in lines if "record" in line]
        failed = [line["skipped"]["pictures"][0] for line in lines if "skipped" in line]
        assert [r["pictures"][0] for r in scanned] == ([MODELS[2]] if index == 0 else [MODELS[1], MODELS[3]])
        assert failed == (["broken.onnx"] if index == 0 else [])
        assert all(r["seconds"] > 0 for r in scanned)
        assert all(not (sharded / name).exists() for name in SAVED)
    assert "broken.onnx" in shards[0].stderr and "id-13/model.onnx" in shards[1].stderr

    merged = kernel("merge", "partials", cwd=sharded)
    for name in SAVED:
        assert (sharded / name).read_bytes() == (whole / name).read_bytes(), name
    assert merged.stdout == one.stdout and "machine time" in merged.stderr

    results = [json.loads(line) for line in (whole / "zoo.jsonl").read_text().splitlines()]
    assert [r["model"] for r in results] == MODELS
    assert "error" in results[0] and "flagged" not in results[0]
    assert all("error" not in r and len(r["scores"]) == 10 and r["score"] == max(r["scores"]) for r in results[1:])
    table = one.stdout.splitlines()
    heading = next(line for line in table if "models flagged" in line)
    assert heading.endswith("of 4 models flagged by the verdict (1 could not be scanned)"), heading
    assert [line.split("\t")[0] for line in table[table.index(heading) + 1:][:4]] == MODELS

    # A model's numbers in the zoo are those it gets scanned alone: one seed for every model, not its place.
    alone = kernel("run", "-c", f"m = %model load zoo/digits-10.onnx\nimages = %image load digits/\n"
                   f"s = %backdoor scan --model m --images images {SETTINGS}\n%save s alone.json\n", cwd=whole)
    assert alone.returncode == 0
    single = json.loads((whole / "alone.json").read_text())
    assert results[2]["scores"] == single["scores"] and results[2]["flagged"] == single["backdoored"]
