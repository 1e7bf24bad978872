#!/usr/bin/env python3
"""The two speed goals of the workbench (issue 10), as a user meets them in Jupyter:

notebook 1   executing notebooks/1-getting-started.ipynb end to end with nbclient, from starting
             the kernel to the last output (goal ≤ 10 s); median of --runs runs
%compare     the wall time of `%compare gradient,ig,smoothgrad,gbp,gradcam,lrp img` in a running
             kernel, from execute_request to execute_reply, on the embedded model (goal ≤ 2 s);
             median of --runs runs after one warm-up
%explore     as a frontend meets a panel (issue 25), on shapes-cnn, from sending a control's comm_msg to the
             new picture (the Image model's update with its PNG buffer) arriving on the client's IOPub socket:
             a slider change over a cached map (goal ≤ 50 ms), another class's new gradient map (≤ 300 ms),
             and Guided Backprop picked while RISE (2000 masks) still computes (≤ 1 s: RISE stops, GBP runs)

There is no reference tool to run beside it: the goals are absolute, and so is the report.

Usage (make bench-workbench does this, with the kernelspec installed in the venv):
    JUPYTER_PATH=.venv/share/jupyter .venv/bin/python tools/bench_workbench.py
"""
import argparse
import pathlib
import re
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


class Panel:
    """An `%explore img` panel in a running kernel, moved through its comms as JupyterLab's widget manager does."""

    def __init__(self, client):
        self.client = client
        msg_id = client.execute("net = %model zoo shapes-cnn\nimg = %data shapes --class star --index 3\ne = %explore img")
        self.widgets = {}
        while True:
            msg = client.get_iopub_msg(timeout=120)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "comm_open":
                self.widgets[msg["content"]["comm_id"]] = msg["content"]["data"]["state"]
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        self.image = self.find("ImageModel")
        self.provenance = next(i for i, s in self.widgets.items() if "provenance" in str(s.get("value", "")))

    def find(self, model, description=None):
        return next(i for i, s in self.widgets.items()
                    if s["_model_name"] == model and (description is None or s.get("description") == description))

    def options(self, description):
        return self.widgets[self.find("DropdownModel", description)]["_options_labels"]

    def change(self, widget, state):
        msg = self.client.session.msg("comm_msg", {"comm_id": widget, "data": {"method": "update", "state": state,
                                                                              "buffer_paths": []}})
        self.client.shell_channel.send(msg)
        return msg["header"]["msg_id"]

    def seconds_to_picture(self, widget, state, method=None, timeout=60):
        """From sending the change to the picture's update on IOPub (of `method`'s map, when given)."""
        start = time.perf_counter()
        self.change(widget, state)
        picture, shown = None, None
        while time.perf_counter() - start < timeout:
            msg = self.client.get_iopub_msg(timeout=timeout)
            if msg["msg_type"] != "comm_msg":
                continue
            content = msg["content"]
            if content["comm_id"] == self.image and ["value"] in content["data"].get("buffer_paths", []):
                picture = time.perf_counter() - start
            if content["comm_id"] == self.provenance:
                found = re.search(r'"method"\s*:\s*"([\w-]+)"', content["data"].get("state", {}).get("value", ""))
                shown = found and found.group(1)
            if picture is not None and (method is None or shown == method):
                return picture
        raise RuntimeError(f"no picture within {timeout} s")

    def drain(self, seconds=0.3):
        """Lets messages of an earlier change pass."""
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            try:
                self.client.get_iopub_msg(timeout=0.05)
            except Exception:
                pass


def explore_seconds(runs):
    manager, client = start_new_kernel(kernel_name="saliency")
    try:
        panel = Panel(client)
        opacity = panel.find("FloatSliderModel", "opacity")
        cached = []
        for run in range(max(runs, 5) + 1):
            seconds = panel.seconds_to_picture(opacity, {"value": 0.3 + 0.05 * (run % 8)})
            panel.drain(0.1)
            cached.append(seconds)
        classes = panel.find("DropdownModel", "class")
        labels = panel.options("class")
        # Entries 5 and up list every class once; but for the top class's (shown first), their gradient maps
        # are not in the cache yet.
        new = [index for index in range(5, len(labels)) if labels[index] not in labels[0]][:max(runs, 5)]
        fresh = [panel.seconds_to_picture(classes, {"index": index}, method="gradient") for index in new]
        methods = panel.options("method")
        method = panel.find("DropdownModel", "method")
        # For each class: RISE starts (seconds of work), and 0.3 s later Guided Backprop is picked, whose map is
        # not cached: the picture waits for RISE to stop and GBP to run.
        superseded = []
        for index in new[:max(runs, 3)]:
            panel.seconds_to_picture(classes, {"index": index}, method="gradient")
            panel.change(method, {"index": methods.index("rise")})
            panel.drain(0.3)
            superseded.append(panel.seconds_to_picture(method, {"index": methods.index("gbp")}, method="gbp"))
            panel.seconds_to_picture(method, {"index": methods.index("gradient")}, method="gradient")
        return cached[1:], fresh, superseded
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
    cached, fresh, superseded = explore_seconds(arguments.runs)
    rows = [("notebook 1, kernel start to last output", notebook, 10.0), (COMPARE, compare, 2.0),
            ("%explore: slider change, cached map → picture on IOPub", cached, 0.05),
            ("%explore: another class, new gradient map → picture", fresh, 0.3),
            ("%explore: GBP picked while RISE computes → picture", superseded, 1.0)]
    print(f"{'task':<64} {'median':>9} {'worst':>9}  goal")
    for task, times, goal in rows:
        median = statistics.median(times)
        verdict = "met" if median <= goal else "NOT met"
        unit = (lambda t: f"{t * 1000:7.1f}ms") if goal < 1.5 else (lambda t: f"{t:8.2f}s")
        print(f"{task:<64} {unit(median)} {unit(max(times))}  ≤ {goal * 1000 if goal < 1.5 else goal:g}"
              f"{' ms' if goal < 1.5 else ' s'} {verdict}")


if __name__ == "__main__":
    main()
