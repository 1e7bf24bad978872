#!/usr/bin/env python3
"""The two speed goals of the workbench (issue 10), as a user meets them in Jupyter:

notebook 1   executing notebooks/1-getting-started.ipynb end to end with nbclient, from starting
             the kernel to the last output (goal ≤ 10 s); median of --runs runs
%compare     the wall time of `%compare gradient,ig,smoothgrad,gbp,gradcam,lrp img` in a running
             kernel, from execute_request to execute_reply, on the embedded model (goal ≤ 2 s);
             median of --runs runs after one warm-up

There is no reference tool to run beside it: the goals are absolute, and so is the report.

Usage (make bench-workbench does this, with the kernelspec installed in the venv):
    JUPYTER_PATH=.venv/share/jupyter .venv/bin/python tools/bench_workbench.py
"""
import argparse
import pathlib
import shutil
import statistics
import tempfile
import time

import nbformat
from jupyter_client.manager import start_new_kernel
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "1-getting-started.ipynb"
COMPARE = "%compare gradient,ig,smoothgrad,gbp,gradcam,lrp img"


def notebook_seconds(folder):
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    start = time.perf_counter()
    NotebookClient(notebook, timeout=600, kernel_name="saliency", resources={"metadata": {"path": str(folder)}}).execute()
    seconds = time.perf_counter() - start
    errors = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs if o.output_type == "error"]
    if errors:
        raise RuntimeError(f"notebook 1 failed: {errors[0].ename}: {errors[0].evalue}")
    return seconds


def execute(client, code):
    start = time.perf_counter()
    reply = client.execute_interactive(code, timeout=600, output_hook=lambda message: None)
    seconds = time.perf_counter() - start
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"{code!r} failed: {reply['content'].get('evalue')}")
    return seconds


def compare_seconds(runs):
    manager, client = start_new_kernel(kernel_name="saliency")
    try:
        execute(client, "net = %model zoo shapes-cnn\nimg = %data shapes --class star --index 3")
        execute(client, COMPARE)
        return [execute(client, COMPARE) for _ in range(runs)]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        # A copy of the folder, so that the notebook's `out/` files go to a temporary place.
        folder = pathlib.Path(scratch) / "notebooks"
        shutil.copytree(ROOT / "notebooks", folder, ignore=shutil.ignore_patterns("out"))
        notebook = [notebook_seconds(folder) for _ in range(arguments.runs)]
    compare = compare_seconds(arguments.runs)
    rows = [("notebook 1, kernel start to last output", notebook, 10.0), (COMPARE, compare, 2.0)]
    print(f"{'task':<64} {'median':>8} {'best':>8}  goal")
    for task, times, goal in rows:
        median = statistics.median(times)
        verdict = "met" if median <= goal else "NOT met"
        print(f"{task:<64} {median:7.2f}s {min(times):7.2f}s  ≤ {goal:.0f} s {verdict}")


if __name__ == "__main__":
    main()
