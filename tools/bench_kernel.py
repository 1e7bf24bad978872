#!/usr/bin/env python3
"""Startup and execute round trip: the saliency kernel against ipykernel, with one client.

startup    from launching the kernel's process (its kernelspec's argv and env, a connection file
           written beforehand) to the first kernel_info_reply, median of runs: the kernel's own start.
           Also, as a user of jupyter_client meets it, from KernelManager.start_kernel() to the reply,
           which adds the manager's own Python (kernelspec lookup, ports, provisioner) to both kernels;
           the kernel starts while start_kernel() is still busy, so the two do not simply add up
round trip from sending an execute_request of a trivial cell to its execute_reply and the idle
           status on IOPub (p50/p99 over --cells cells, after a warm-up)

The client is the same lean one for both kernels: jupyter_client's KernelManager launches the kernel
and its Session signs and parses messages, but the sockets are plain pyzmq (a DEALER on shell, a SUB
on IOPub) polled on the calling thread, so that the client's own thread hops do not swamp what is
measured. Its sockets retry a refused connection after 1 ms instead of libzmq's default 100 ms, so
startup is not rounded up to the reconnect timer.

Usage (make bench-kernel does this): SALIENCY_KERNEL=path/to/saliency-kernel python tools/bench_kernel.py
"""
import argparse
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import zmq
from jupyter_client.connect import write_connection_file
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from jupyter_client.session import Session

# The cheapest cell of each language: it must run the whole execute path but do no work.
TRIVIAL_CELL = {"saliency": "%sleep 0 --quiet", "python3": "pass"}


class LeanClient:
    """Shell and IOPub sockets of one kernel, polled on this thread."""

    def __init__(self, session, url, iopub=True):
        """`url(channel)` is the address of the kernel's `channel` socket. Without `iopub`, the shell
        socket alone, so that no second socket retrying its connection every millisecond competes
        with a starting kernel for the cores."""
        self.session = session
        context = zmq.Context.instance()
        self.shell = context.socket(zmq.DEALER)
        self.iopub = context.socket(zmq.SUB) if iopub else None
        for socket, channel in ((self.shell, "shell"), (self.iopub, "iopub")):
            if socket is None:
                continue
            socket.linger = 0
            socket.setsockopt(zmq.RECONNECT_IVL, 1)
            socket.connect(url(channel))
        if self.iopub is not None:
            self.iopub.setsockopt(zmq.SUBSCRIBE, b"")

    def request(self, msg_type, content):
        message = self.session.msg(msg_type, content)
        self.session.send(self.shell, message)
        return message["header"]["msg_id"]

    def reply(self, socket, timeout=60):
        if not socket.poll(int(timeout * 1000)):
            raise TimeoutError("the kernel did not answer")
        _, frames = self.session.feed_identities(socket.recv_multipart())
        return self.session.deserialize(frames)

    def wait_for_iopub(self):
        """Until the SUB socket's subscription has reached the kernel, broadcasts are lost: ask for
        kernel_info until its busy status comes through on IOPub."""
        while True:
            msg_id = self.request("kernel_info_request", {})
            self.reply(self.shell)
            while self.iopub.poll(100):
                if self.reply(self.iopub)["parent_header"].get("msg_id") == msg_id:
                    return

    def close(self):
        self.shell.close()
        if self.iopub is not None:
            self.iopub.close()


def start(kernel_name):
    """The manager, the client, and the seconds from start_kernel() to the reply."""
    km = KernelManager(kernel_name=kernel_name)
    started = time.perf_counter()
    km.start_kernel()
    client = LeanClient(km.session, km._make_url)
    msg_id = client.request("kernel_info_request", {})
    while client.reply(client.shell)["parent_header"].get("msg_id") != msg_id:
        pass
    return km, client, time.perf_counter() - started


def launch(kernel_name, folder):
    """Seconds from spawning the kernel's process to its kernel_info_reply, with the client's socket
    connected and the request queued beforehand, so that only the kernel is timed."""
    spec = KernelSpecManager().get_kernel_spec(kernel_name)
    connection_file, info = write_connection_file(str(folder / f"{kernel_name}.json"), key=b"bench")
    client = LeanClient(Session(key=b"bench"), lambda channel: f"tcp://{info['ip']}:{info[channel + '_port']}",
                        iopub=False)
    argv = [connection_file if word == "{connection_file}" else word for word in spec.argv]
    if argv[0] in ("python", "python3"):
        argv[0] = sys.executable  # as KernelManager does: ipykernel of this Python, not the PATH's
    started = time.perf_counter()
    process = subprocess.Popen(argv, env={**os.environ, **spec.env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client.request("kernel_info_request", {})
    try:
        if not client.shell.poll(60_000):
            raise TimeoutError(f"{kernel_name} did not answer")
        seconds = time.perf_counter() - started
    finally:
        process.terminate()
        process.wait()
        client.close()
    return seconds


def round_trip(client, code):
    started = time.perf_counter()
    msg_id = client.request("execute_request", {"code": code, "silent": False, "store_history": False,
                                                "user_expressions": {}, "allow_stdin": False})
    reply = client.reply(client.shell)
    assert reply["parent_header"]["msg_id"] == msg_id and reply["content"]["status"] == "ok", reply["content"]
    while True:
        msg = client.reply(client.iopub)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            return time.perf_counter() - started


def measure(kernel_name, starts, cells, folder):
    launches = [launch(kernel_name, folder) for _ in range(starts)]
    managed = []
    for _ in range(starts):
        km, client, seconds = start(kernel_name)
        managed.append(seconds)
        client.close()
        km.shutdown_kernel(now=True)
    km, client, _ = start(kernel_name)
    try:
        client.wait_for_iopub()
        for _ in range(50):
            round_trip(client, TRIVIAL_CELL[kernel_name])
        trips = sorted(round_trip(client, TRIVIAL_CELL[kernel_name]) for _ in range(cells))
    finally:
        client.close()
        km.shutdown_kernel(now=True)
    return {
        "startup": statistics.median(launches),
        "managed": statistics.median(managed),
        "p50": trips[len(trips) // 2],
        "p99": trips[min(len(trips) - 1, int(len(trips) * 0.99))],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cells", type=int, default=1000)
    # Start-up medians of 5 moved by a quarter between runs (ipykernel 515 → 428 ms); 15 steady them.
    parser.add_argument("--starts", type=int, default=15)
    options = parser.parse_args()

    kernel = os.environ.get("SALIENCY_KERNEL")
    if not kernel:
        parser.error("set SALIENCY_KERNEL to the built saliency-kernel binary")
    prefix = pathlib.Path(tempfile.mkdtemp(prefix="saliency-bench-"))
    try:
        subprocess.run([kernel, "install", "--prefix", str(prefix)], check=True, capture_output=True)
        # Our kernelspec from the temporary prefix, ipykernel's (python3) from this Python's own.
        os.environ["JUPYTER_PATH"] = str(prefix / "share" / "jupyter")
        results = {name: measure(name, options.starts, options.cells, prefix) for name in ("saliency", "python3")}
    finally:
        shutil.rmtree(prefix, ignore_errors=True)

    ours, theirs = results["saliency"], results["python3"]
    print(f"{'kernel':<12}{'startup ms':>12}{'managed ms':>12}{'p50 ms':>10}{'p99 ms':>10}   ({options.cells} cells)")
    for label, row in (("saliency", ours), ("ipykernel", theirs)):
        print(f"{label:<12}{row['startup'] * 1e3:>12.1f}{row['managed'] * 1e3:>12.1f}"
              f"{row['p50'] * 1e3:>10.3f}{row['p99'] * 1e3:>10.3f}")
    startup_ratio = theirs["startup"] / ours["startup"]
    p50_ratio = ours["p50"] / theirs["p50"]
    print(f"startup, launch to kernel_info_reply: saliency is {startup_ratio:.1f}x faster than ipykernel (goal >= 20x)")
    print(f"  through KernelManager.start_kernel(): {theirs['managed'] / ours['managed']:.1f}x "
          f"({ours['managed'] * 1e3:.1f} ms against {theirs['managed'] * 1e3:.1f} ms; the manager's own Python is in both)")
    print(f"round trip p50: saliency takes {p50_ratio:.2f} of ipykernel's time (goal <= 0.33)")


if __name__ == "__main__":
    main()
