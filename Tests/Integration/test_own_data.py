"""Evaluating explanations on the user's own data (issue 26): labelled folders and CSV lists with masks and
boxes, GridPG, the pointing game, deletion and sanity checks over them, with per-item results and
bootstrap intervals. Through `saliency-kernel run`, as a user's script runs."""
import csv
import json
import os
import pathlib
import re
import shutil
import subprocess

import numpy as np
import pytest

KERNEL = os.environ["SALIENCY_KERNEL"]
HEAD = "net = %model zoo shapes-cnn\nscenes = %data shapes --count 200\n%save scenes f/\n"


def run(code, cwd, check=True, progress=False):
    result = subprocess.run([KERNEL, "run", *(["--progress"] if progress else []), "-c", code], cwd=cwd,
                            capture_output=True, text=True, timeout=600)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def lines(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def scene_numbers(record):
    """The shapes scene behind each picture: 'shapes test #79' in memory, '…/079-shapes-test-79.png' on disk."""
    return [int(re.search(r"(\d+)(\.png)?$", picture).group(1)) for picture in record["pictures"]]


def test_a_folder_of_the_shapes_scenes_gives_the_gridpg_numbers_of_the_scenes_themselves(tmp_path):
    """The scenes in memory, the same scenes written as PNGs in the ImageFolder layout, and the same files
    through the CSV list: the same mosaics of the same scenes, and the same scores up to the 8-bit rounding
    of PNG (the scenes are float; a PNG pixel is the nearest multiple of 1/255)."""
    methods = "gradient,gradcam,gbp --var --n 30 --confidence 0.9"
    run(HEAD + "photos = %data folder f/images\nlisted = %data folder f/labels.csv\n"
        f"a = %gridpg {methods} --images scenes\n%save a a.jsonl\n"
        f"b = %gridpg {methods} --images photos\n%save b b.jsonl\n%save b b.json\n"
        f"c = %gridpg {methods} --images listed\n%save c c.jsonl\n", tmp_path)
    memory, folder, listed = (lines(tmp_path / f"{name}.jsonl") for name in "abc")
    assert len(memory) == len(folder) == len(listed) == 30 * 6
    for a, b, c in zip(memory, folder, listed):
        assert (a["item"], a["method"], a["labels"], a["seed"]) == (b["item"], b["method"], b["labels"], b["seed"])
        assert scene_numbers(a) == scene_numbers(b) == scene_numbers(c)
        # The folder and the list read the same files: the same numbers exactly.
        assert (b["gridpg"], b["detail"]) == (c["gridpg"], c["detail"]) and c["pictures"] == ["images/" + p for p in b["pictures"]]
    # PNG's rounding moves single cells of pixel-gradient maps by up to a few hundredths here (3.5e-2 measured),
    # CAM cells by 2e-3; the means over 30 mosaics by less than 1e-3.
    summary = json.loads((tmp_path / "b.json").read_text())
    for method in summary["methods"]:
        ours = [r["gridpg"] for r in memory if r["method"] == method]
        theirs = [r["gridpg"] for r in folder if r["method"] == method]
        assert abs(np.mean(ours) - np.mean(theirs)) < 5e-3, method
        assert summary["summary"][method]["gridpg"]["mean"] == pytest.approx(np.mean(theirs), abs=1e-12)


def test_every_item_is_the_same_in_any_subset_of_a_sweep(tmp_path):
    """Per-item seeds and per-mosaic draws: a shorter sweep gives exactly the first items of a longer one,
    random methods included (issue 27 shards sweeps on this)."""
    run("net = %model zoo shapes-cnn\nscenes = %data shapes --count 40\n"
        "long = %gridpg gradient,smoothgrad --samples 4 --n 6 --confidence 0.9\n%save long long.jsonl\n"
        "short = %gridpg gradient,smoothgrad --samples 4 --n 3 --confidence 0.9\n%save short short.jsonl\n"
        "e = %eval deletion smoothgrad,gradcam --samples 4 --images scenes --n 8 --points 10\n%save e e.jsonl\n"
        "f = %eval deletion smoothgrad,gradcam --samples 4 --images scenes --n 3 --points 10\n%save f f.jsonl\n", tmp_path)
    long, short = lines(tmp_path / "long.jsonl"), lines(tmp_path / "short.jsonl")
    assert short == long[:len(short)] and len(short) == 6
    assert len({r["seed"] for r in long}) == 6  # one seed per mosaic
    e, f = lines(tmp_path / "e.jsonl"), lines(tmp_path / "f.jsonl")
    assert f == e[:len(f)] and len(f) == 6


def test_the_saved_results_agree_with_each_other_and_with_the_table(tmp_path):
    run(HEAD + "photos = %data folder f/images --masks f/masks\n"
        "p = %eval pointing gradient,gradcam --images photos --var --n 40 --resamples 2000\n"
        + "".join(f"%save p p.{extension}\n" for extension in ("jsonl", "csv", "json", "npy", "png", "svg")), tmp_path)
    records = lines(tmp_path / "p.jsonl")
    summary = json.loads((tmp_path / "p.json").read_text())
    assert summary["methods"] == ["gradient", "gradcam", "var(gradient)", "var(gradcam)"] and summary["items"] == 40
    with open(tmp_path / "p.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == len(records) == 160
    for row, record in zip(rows, records):
        assert (int(row["item"]), row["method"], float(row["hit"]), float(row["energy"])) == \
               (record["item"], record["method"], record["hit"], record["energy"])
    matrix = np.load(tmp_path / "p.npy")
    assert matrix.shape == (4, 40)
    for method, statistics in summary["summary"].items():
        hits = [r["hit"] for r in records if r["method"] == method]
        energies = [r["energy"] for r in records if r["method"] == method]
        assert statistics["hit"]["mean"] == pytest.approx(np.mean(hits)) and statistics["energy"]["n"] == 40
        assert statistics["energy"]["low"] <= np.mean(energies) <= statistics["energy"]["high"]
        assert np.allclose(matrix[summary["methods"].index(method)], hits)
    # A paired difference is the mean of the per-item differences, with its own interval.
    for difference in summary["differences"]:
        first = {r["item"]: r["energy"] for r in records if r["method"] == difference["first"]}
        second = {r["item"]: r["energy"] for r in records if r["method"] == difference["second"]}
        assert difference["energy"]["mean"] == pytest.approx(np.mean([first[i] - second[i] for i in first]))
    assert [(d["first"], d["second"]) for d in summary["differences"]] == [
        ("var(gradient)", "gradient"), ("var(gradcam)", "gradcam"), ("gradcam", "gradient")]
    sidecar = json.loads((tmp_path / "p.jsonl.json").read_text())
    assert sidecar["bootstrap"] == {"resamples": 2000, "level": 0.95, "method": "bca", "seed": 0}
    assert sidecar["images"]["index_sha256"] and sidecar["model_sha256"]
    assert (tmp_path / "p.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and b"<svg" in (tmp_path / "p.svg").read_bytes()[:200]
    # The same sweep again gives the same bytes, the figure's included.
    run(HEAD.replace("%save scenes f/\n", "") + "photos = %data folder f/images --masks f/masks\n"
        "p = %eval pointing gradient,gradcam --images photos --var --n 40 --resamples 2000\n"
        "%save p again.jsonl\n%save p again.json\n%save p again.png\n", tmp_path)
    for extension in ("jsonl", "png"):
        assert (tmp_path / f"again.{extension}").read_bytes() == (tmp_path / f"p.{extension}").read_bytes()
    assert json.loads((tmp_path / "again.json").read_text())["summary"] == summary["summary"]


def test_boxes_hold_the_masks_so_the_pointing_game_on_boxes_scores_no_lower(tmp_path):
    run(HEAD + "masked = %data folder f/images --masks f/masks\nboxed = %data folder f/images --boxes f/boxes\n"
        "m = %eval pointing gradient --images masked --n 30 --tolerance 0\n%save m m.jsonl\n"
        "b = %eval pointing gradient --images boxed --n 30 --tolerance 0\n%save b b.jsonl\n", tmp_path)
    masked, boxed = lines(tmp_path / "m.jsonl"), lines(tmp_path / "b.jsonl")
    assert [r["pictures"] for r in masked] == [r["pictures"] for r in boxed]
    assert all(b["hit"] >= m["hit"] and b["energy"] >= m["energy"] - 1e-12 for m, b in zip(masked, boxed))
    assert sum(b["energy"] > m["energy"] + 1e-3 for m, b in zip(masked, boxed)) > 10  # a box covers more than its shape
    box = (tmp_path / "f" / "boxes" / pathlib.Path(masked[0]["pictures"][0]).with_suffix(".xml")).read_text()
    assert "<annotation>" in box and "<bndbox>" in box


def test_sanity_over_a_set_scores_every_layer_and_keeps_vars_classes(tmp_path):
    run("net = %model zoo shapes-cnn\nscenes = %data shapes --count 3\nimg = %data shapes --index 1\n"
        "s = %sanity gradient --images scenes --var\n%save s s.jsonl\nt = %sanity gradient img\n%save t t.json\n", tmp_path)
    records = lines(tmp_path / "s.jsonl")
    single = json.loads((tmp_path / "t.json").read_text())
    assert [r["method"] for r in records] == ["gradient", "var(gradient)"] * 3
    # Scene 1 alone and as item 1 of the set: the same check, layer by layer.
    item = next(r for r in records if r["item"] == 1 and r["method"] == "gradient")
    assert item["detail"]["spearman"] == pytest.approx(single["spearman"], abs=1e-12)
    assert item["spearman"] == item["detail"]["spearman"][-1] and len(item["detail"]["hog"]) == len(single["layers"])


@pytest.mark.parametrize("code, message", [
    ("x = %data folder nowhere/", "no folder nowhere/"),
    ("x = %data folder f/images --masks f/masks --boxes f/boxes --split test", "--split"),
    ("%gridpg gradient --images net", "'net' is a model, not a set of images"),
    ("x = %data folder f/images\n%eval pointing gradient --images x", "has no mask or boxes"),
    ("%eval deletion gradient --n 3", "--images SET first"),
    ("x = %data folder f/labels.csv --masks f/masks", "names its masks and boxes in its own columns"),
])
def test_mistakes_are_named(tmp_path, code, message):
    run(HEAD, tmp_path)
    result = run("net = %model zoo shapes-cnn\nscenes = %data shapes --count 200\n" + code, tmp_path, check=False)
    assert result.returncode != 0 and message in result.stderr, result.stderr


def test_unreadable_pictures_unknown_classes_and_masks_of_another_size_are_named_and_skipped_when_asked(tmp_path):
    run("net = %model zoo shapes-cnn\nscenes = %data shapes --count 20\n%save scenes f/\n", tmp_path)
    broken = tmp_path / "f" / "images" / "star" / "00-broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff not really a JPEG")
    shutil.copytree(tmp_path / "f" / "images" / "ring", tmp_path / "f" / "images" / "zebra_crossing")
    mask = sorted((tmp_path / "f" / "masks" / "cross").iterdir())[0]
    run("m = %data mosaic\n%save m wide.png", tmp_path)  # 128×128, the scenes' masks 64×64
    shutil.copy(tmp_path / "wide.png", mask)

    refused = run("net = %model zoo shapes-cnn\nx = %data folder f/images --masks f/masks", tmp_path, check=False)
    assert refused.returncode != 0 and "1 class folders match none of shapes-cnn's labels: zebra_crossing" in refused.stderr
    shutil.rmtree(tmp_path / "f" / "images" / "zebra_crossing")
    failed = run("net = %model zoo shapes-cnn\nx = %data folder f/images --masks f/masks\n%eval pointing gradient --images x",
                 tmp_path, check=False)
    # The first bad picture in the set's order stops the sweep, named (classes in name order: cross before star).
    assert failed.returncode != 0 and f"cannot use cross/{mask.name}: the mask" in failed.stderr and "--on-error skip" in failed.stderr
    skipped = run("net = %model zoo shapes-cnn\nx = %data folder f/images --masks f/masks --on-error skip\n"
                  "p = %eval pointing gradient --images x\n%save p p.jsonl", tmp_path)
    assert "skipped 2 of 21 items" in skipped.stderr
    reasons = {tuple(r["pictures"]): r["skipped"] for r in lines(tmp_path / "p.jsonl") if "skipped" in r}
    assert set(reasons) == {("star/00-broken.jpg",), (f"cross/{mask.name}",)}
    assert "is 128×128 but its picture" in reasons[(f"cross/{mask.name}",)]
    # GridPG leaves an unreadable picture out of its mosaics, and says so.
    gridpg = run("net = %model zoo shapes-cnn\nx = %data folder f/images --on-error skip\n"
                 "g = %gridpg gradient --images x --n 20 --confidence 0\n%save g g.jsonl", tmp_path)
    assert "left out 1 unreadable pictures: star/00-broken.jpg" in gridpg.stderr
    assert not any("star/00-broken.jpg" in r["pictures"] for r in lines(tmp_path / "g.jsonl"))


def test_a_headless_sweep_reports_its_progress_and_the_time_left_when_asked(tmp_path):
    result = run("net = %model zoo shapes-cnn\nscenes = %data shapes --count 40\n"
                 "%sanity gradient,gbp,gradcam --images scenes --n 30", tmp_path, progress=True)
    progress = [line for line in result.stderr.splitlines() if line.startswith("sanity over shapes test")]
    assert progress and "done in" in progress[-1] and any("left" in line for line in progress), result.stderr
    quiet = run("net = %model zoo shapes-cnn\nscenes = %data shapes --count 5\n%sanity gradient --images scenes", tmp_path)
    assert "sanity over" not in quiet.stderr
