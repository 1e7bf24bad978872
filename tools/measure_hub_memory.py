"""Memory and CPU one JupyterHub user costs: the kernel's resident memory while it runs each of tutorials 1–5 as
JupyterLab would (a kernel per notebook, every cell in order, through nbclient), read from /proc/PID/status —
the peak (VmHWM), and the largest private (RssAnon) and file-backed (RssFile: the binary's code and embedded
models, pages the kernels of all users share) parts sampled every 20 ms — and the CPU time it used
(/proc/PID/stat). Writes benchmarks/results/hub-memory.md, which the README's "A class on JupyterHub" quotes.

Rerun (after `make venv build`):
  SALIENCY_KERNEL=$(swift build -c release --show-bin-path)/saliency-kernel .venv/bin/python tools/measure_hub_memory.py
"""
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import threading
import time

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parents[1]
TUTORIALS = sorted((ROOT / "notebooks").glob("[1-5]-*.ipynb"))
KERNEL = os.environ["SALIENCY_KERNEL"]
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
TICKS = os.sysconf("SC_CLK_TCK")


def status(pid):
    """The kernel's memory counters in KiB."""
    fields = {}
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile", "Threads"):
            fields[key] = int(value.split()[0])
    return fields


def cpu_seconds(pid):
    """User + system time of the kernel (fields 14 and 15 of /proc/PID/stat, after the command's parenthesis)."""
    after = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(after[11]) + int(after[12])) / TICKS


class Sampler(threading.Thread):
    """The largest RssAnon and RssFile seen, every 20 ms (the kernel keeps only VmHWM, the peak of their sum)."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.anon, self.file, self.running = pid, 0, 0, True

    def run(self):
        while self.running:
            try:
                now = status(self.pid)
            except FileNotFoundError:
                return
            self.anon, self.file = max(self.anon, now["RssAnon"]), max(self.file, now["RssFile"])
            time.sleep(0.02)


def measure(path, work):
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=900, kernel_name="saliency", resources={"metadata": {"path": str(work)}})
    with client.setup_kernel():
        pid = client.km.provisioner.process.pid
        idle = status(pid)
        sampler = Sampler(pid)
        sampler.start()
        start = time.monotonic()
        heaviest = (0.0, "")
        for index, cell in enumerate(notebook.cells):
            before = cpu_seconds(pid)
            client.execute_cell(cell, index)
            heaviest = max(heaviest, (cpu_seconds(pid) - before, cell.source.splitlines()[0] if cell.source else ""))
        wall = time.monotonic() - start
        sampler.running = False
        sampler.join()
        end = status(pid)
        return {"name": path.name, "idle": idle["VmRSS"], "peak": end["VmHWM"], "after": end["VmRSS"],
                "anon": sampler.anon, "file": sampler.file, "cpu": cpu_seconds(pid), "wall": wall,
                "heaviest": heaviest}


def mib(kib):
    return f"{kib / 1024:.0f}"


def main():
    prefix = pathlib.Path(tempfile.mkdtemp(prefix="hub-memory-"))
    subprocess.run([KERNEL, "install", "--prefix", str(prefix)], check=True, capture_output=True)
    os.environ["JUPYTER_PATH"] = str(prefix / "share" / "jupyter")
    work = prefix / "notebooks"
    shutil.copytree(ROOT / "notebooks", work, ignore=shutil.ignore_patterns("out"))
    (prefix / "Tests").symlink_to(ROOT / "Tests")
    rows = []
    for path in TUTORIALS:
        rows.append(measure(path, work))
        print(rows[-1], file=sys.stderr)
    shutil.rmtree(prefix, ignore_errors=True)

    cores = os.cpu_count()
    lines = [
        "# Memory and CPU of one kernel per tutorial (JupyterHub sizing)", "",
        f"`tools/measure_hub_memory.py` on this machine ({cores} cores), the `saliency-kernel` binary "
        f"({os.path.getsize(KERNEL) / 2**20:.0f} MiB on disk). Each tutorial runs in a kernel of its own, every cell "
        "in order, as JupyterLab's Run All does. MiB; CPU is the kernel's user + system time.", "",
        "| tutorial | idle RSS | peak RSS (VmHWM) | largest private (RssAnon) | largest shared file pages (RssFile) | RSS after | CPU s | wall s | heaviest cell: CPU s, first line |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        lines.append(f"| {row['name']} | {mib(row['idle'])} | {mib(row['peak'])} | {mib(row['anon'])} | {mib(row['file'])} "
                     f"| {mib(row['after'])} | {row['cpu']:.1f} | {row['wall']:.1f} "
                     f"| {row['heaviest'][0]:.1f} `{row['heaviest'][1]}` |")
    worst = max(rows, key=lambda row: row["peak"])
    lines += ["", f"Largest peak: {mib(worst['peak'])} MiB ({worst['name']}), of which at most {mib(worst['anon'])} MiB "
              "private to the user; the file-backed part is the binary's pages, shared by every kernel on the machine.",
              f"CPU for all five tutorials: {sum(row['cpu'] for row in rows):.0f} s."]
    out = ROOT / "benchmarks" / "results" / "hub-memory.md"
    out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
