"""Sharded headless sweeps (issue 27): `saliency-kernel run FILE --shard I/N` measures the shard's items of
every sweep, `saliency-kernel merge` joins the shards into exactly what one machine writes."""
import json
import os
import pathlib
import shutil
import subprocess

KERNEL = os.environ["SALIENCY_KERNEL"]
# Three kinds of sweep, a random method (SmoothGrad draws from each item's seed), and every format %save writes.
SCRIPT = """net = %model zoo shapes-cnn
scenes = %data shapes --count 24
g = %gridpg gradient,smoothgrad --samples 4 --var --n 7 --confidence 0.9
%save g g.jsonl
%save g g.csv
%save g g.json
%save g g.png
%save g g.svg
%save g g.npy
e = %eval deletion smoothgrad,gradcam --samples 4 --images scenes --n 9 --points 10
%save e e.jsonl
%save e e.json
%save e e.svg
s = %sanity gradient --images scenes --n 3
%save s s.json
%save s s.csv
"""
SAVED = ["g.jsonl", "g.csv", "g.json", "g.png", "g.png.json", "g.svg", "g.svg.json", "g.npy", "g.npy.json",
         "e.jsonl", "e.json", "e.svg", "e.svg.json", "s.json", "s.csv"]
# Slurm's array variables for two shards, a Kubernetes Indexed Job's for the other two.
SHARD_ENVIRONMENTS = [{"SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "4"},
                      {"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "4"},
                      {"JOB_COMPLETION_INDEX": "2", "JOB_COMPLETIONS": "4"},
                      {"JOB_COMPLETION_INDEX": "3", "JOB_COMPLETIONS": "4"}]


def kernel(*arguments, cwd, environment=None, check=True):
    result = subprocess.run([KERNEL, *arguments], cwd=cwd, capture_output=True, text=True, timeout=900,
                            env={**os.environ, **(environment or {})})
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_four_merged_shards_write_what_one_machine_writes_byte_for_byte(tmp_path):
    whole, sharded = tmp_path / "whole", tmp_path / "sharded"
    for folder in (whole, sharded):
        folder.mkdir()
        (folder / "sweep.saliency").write_text(SCRIPT)
    one = kernel("run", "sweep.saliency", cwd=whole)
    shards = [kernel("run", "sweep.saliency", "--shard", "auto", "--partials", "parts", cwd=sharded, environment=environment)
              for environment in SHARD_ENVIRONMENTS]
    assert all(not (sharded / name).exists() for name in SAVED), "a shard must leave %save to the merge"
    assert all("left to `saliency-kernel merge`" in shard.stderr for shard in shards)
    assert sorted(p.name for p in (sharded / "parts").iterdir()) == [f"shard-{i}-of-4.jsonl" for i in range(4)]

    # Each shard measured items i, i+4, … of every sweep, and no others.
    for index in range(4):
        lines = [json.loads(line) for line in (sharded / "parts" / f"shard-{index}-of-4.jsonl").read_text().splitlines()]
        assert lines[0]["shard"] == index and lines[0]["of"] == 4 and lines[0]["script"] == SCRIPT
        sweeps = [line for line in lines if "command" in line]
        assert [s["command"] for s in sweeps] == ["gridpg", "eval", "sanity"]
        for sweep, total in zip(sweeps, (7, 9, 3)):
            assert sweep["items"] == list(range(index, total, 4))
        assert {line["record"]["item"] % 4 for line in lines if "record" in line} == {index}

    merged = kernel("merge", "parts", cwd=sharded)
    for name in SAVED:
        assert (sharded / name).read_bytes() == (whole / name).read_bytes(), name
    # The same tables; only the maps of the first mosaic, drawn while measuring, are not shown again.
    assert merged.stdout == one.stdout.replace("<figure GridPG examples>\n", "")


def test_a_missing_or_duplicated_shard_is_named_and_nothing_is_written(tmp_path):
    code = "net = %model zoo shapes-cnn\nscenes = %data shapes --count 12\ne = %eval deletion gradient --images scenes --n 5 --points 5\n%save e e.jsonl\n"
    for index in range(3):
        kernel("run", "-c", code, "--shard", f"{index}/3", "--partials", "parts", cwd=tmp_path)
    (tmp_path / "again").mkdir()
    shutil.copy(tmp_path / "parts" / "shard-1-of-3.jsonl", tmp_path / "again")
    (tmp_path / "parts" / "shard-2-of-3.jsonl").rename(tmp_path / "shard-2-of-3.jsonl")

    missing = kernel("merge", "parts", cwd=tmp_path, check=False)
    assert missing.returncode != 0 and "shard 2 of 3 is missing (no shard-2-of-3.jsonl)" in missing.stderr, missing.stderr
    duplicated = kernel("merge", "parts", "again", "shard-2-of-3.jsonl", cwd=tmp_path, check=False)
    assert duplicated.returncode != 0 and "shard 1 of 3 is given 2 times: parts/shard-1-of-3.jsonl, again/shard-1-of-3.jsonl" in duplicated.stderr, \
        duplicated.stderr
    assert not (tmp_path / "e.jsonl").exists()

    # A shard of another run (another count) and a script changed since the shards ran are refused as well.
    kernel("run", "-c", code, "--shard", "0/2", "--partials", "other", cwd=tmp_path)
    foreign = kernel("merge", "parts", "shard-2-of-3.jsonl", "other", cwd=tmp_path, check=False)
    assert foreign.returncode != 0 and "different runs" in foreign.stderr, foreign.stderr
    kernel("merge", "parts", "shard-2-of-3.jsonl", cwd=tmp_path)
    assert len((tmp_path / "e.jsonl").read_text().splitlines()) == 5


def test_bad_shards_are_refused_with_what_is_wrong(tmp_path):
    for shard, environment, message in [("4/4", {}, "must lie in 0…3"), ("1of4", {}, "is not I/N"),
                                        ("auto", {"JOB_COMPLETION_INDEX": "1"}, "JOB_COMPLETIONS is not"),
                                        ("auto", {}, "--shard auto needs SLURM_ARRAY_TASK_ID")]:
        environment = {**{k: v for k, v in os.environ.items() if not k.startswith(("SLURM_", "JOB_"))}, **environment}
        result = subprocess.run([KERNEL, "run", "-c", "%help", "--shard", shard], cwd=tmp_path, capture_output=True, text=True,
                                env=environment, timeout=60)
        assert result.returncode != 0 and message in result.stderr, (shard, result.stderr)
    (tmp_path / "shard-0-of-1.jsonl").write_text('{"format": "something else"}\n')
    result = kernel("merge", "shard-0-of-1.jsonl", cwd=tmp_path, check=False)
    assert result.returncode != 0 and "is not a shard's partial results" in result.stderr
