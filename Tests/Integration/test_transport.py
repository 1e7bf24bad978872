"""ipc transport, restart, and the kernelspec/CLI around the kernel."""
import json
import pathlib
import subprocess
import sys

from conftest import KERNEL, PREFIX
from kernel_clients import execute, running_kernel

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_ipc_transport(tmp_path):
    with running_kernel(transport="ipc", ip=str(tmp_path / "kernel-ipc")) as (km, kc):
        reply, outputs = execute(kc, "%echo over ipc")
        assert reply["content"]["status"] == "ok"
        assert outputs[0]["content"]["text"] == "over ipc\n"
        assert list(tmp_path.glob("kernel-ipc-*"))


def test_restart_gives_a_fresh_kernel():
    with running_kernel() as (km, kc):
        execute(kc, "x = %echo before --result")
        old_pid = km.provisioner.pid
        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=10)
        assert km.provisioner.pid != old_pid
        reply, outputs = execute(kc, "%who")
        assert reply["content"]["status"] == "ok"
        assert outputs[0]["content"]["data"]["text/plain"] == "The workspace is empty."
        assert reply["content"]["execution_count"] == 1


def test_shutdown_request_ends_the_process():
    with running_kernel() as (km, kc):
        km.request_shutdown()
        km.finish_shutdown(waittime=5)
        assert not km.is_alive()


def test_installed_kernelspec_matches_the_committed_one():
    installed = json.loads((PREFIX / "share/jupyter/kernels/saliency/kernel.json").read_text())
    committed = json.loads((ROOT / "kernelspec/saliency/kernel.json").read_text())
    assert installed["argv"][0] == str(pathlib.Path(KERNEL).resolve())
    assert installed["argv"][1:] == committed["argv"][1:]
    assert {k: v for k, v in installed.items() if k != "argv"} == {k: v for k, v in committed.items() if k != "argv"}
    for logo in ("logo-32x32.png", "logo-64x64.png", "logo-svg.svg"):
        assert (PREFIX / "share/jupyter/kernels/saliency" / logo).read_bytes() == (
            ROOT / "kernelspec/saliency" / logo
        ).read_bytes()


def test_jupyter_kernelspec_list_shows_saliency():
    listing = subprocess.run([sys.executable, "-m", "jupyter", "kernelspec", "list", "--json"],
                             check=True, capture_output=True, text=True)
    specs = json.loads(listing.stdout)["kernelspecs"]
    assert specs["saliency"]["spec"]["display_name"] == "Saliency (Swift)"


def test_headless_run():
    ok = subprocess.run([KERNEL, "run", "-c", "x = %echo hi --result\n%echo out\n%echo x"],
                        capture_output=True, text=True, timeout=30)
    assert ok.returncode == 0 and ok.stdout == "out\nx\n"
    failed = subprocess.run([KERNEL, "run", "-c", "%echo first\n%ecko second\n%echo third"],
                            capture_output=True, text=True, timeout=30)
    assert failed.returncode != 0
    assert failed.stdout == "first\n"
    assert "line 2" in failed.stderr and "did you mean %echo?" in failed.stderr


def test_headless_run_of_a_file(tmp_path):
    script = tmp_path / "cells.saliency"
    script.write_text("# a script\nt = %sleep 0 --quiet\n%echo done\n%echo result --result\n")
    ran = subprocess.run([KERNEL, "run", str(script)], capture_output=True, text=True, timeout=30)
    assert ran.returncode == 0 and ran.stdout == "done\nresult\n"


def test_the_kernel_takes_its_options_through_the_full_command_line_too(tmp_path):
    """kernel.json's exact `--connection-file F` starts the kernel at once; any other form, here the
    `serve` subcommand with a log level, goes through the usual parser and starts the same kernel."""
    from jupyter_client import BlockingKernelClient
    from jupyter_client.connect import write_connection_file

    connection_file, _ = write_connection_file(str(tmp_path / "kernel.json"), key=b"secret")
    process = subprocess.Popen([KERNEL, "serve", "--connection-file", connection_file, "--log-level", "info"],
                               stderr=subprocess.PIPE, text=True)
    client = BlockingKernelClient(connection_file=connection_file)
    client.load_connection_file()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=20)
        reply, outputs = execute(client, "%echo configured")
        assert outputs[0]["content"]["text"] == "configured\n"
        client.shutdown()
        _, stderr = process.communicate(timeout=20)
    finally:
        client.stop_channels()
        process.kill()
    assert process.returncode == 0
    assert "kernel ready" in stderr  # logged at info, below the default level (warning)
