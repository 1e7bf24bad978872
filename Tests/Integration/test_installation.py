"""The kernel where users run it (issue 28): the README's `make lab` as whoever runs it — root in CI,
a container or a hub image — and a binary copied away from the source tree that still has its models."""
import asyncio
import hashlib
import json
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid

import jupyter_client

from tornado.websocket import websocket_connect

KERNEL = os.environ["SALIENCY_KERNEL"]
ROOT = pathlib.Path(__file__).resolve().parents[2]
SHIPPED = sorted(path.stem for path in (ROOT / "models").glob("*.onnx"))
SERVER_START_TIMEOUT = 300  # make lab first checks the build and the venv
URL = re.compile(r"(http://(?:localhost|127\.0\.0\.1):\d+)/lab\?token=([0-9a-f]+)")


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _user_environment(tmp_path):
    """What a user's shell would pass: none of the enclosing make's variables, none of the test's
    JUPYTER_PATH (the kernelspec must be found where make lab put it), no display (no browser)."""
    env = {key: value for key, value in os.environ.items()
           if key not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "JUPYTER_PATH", "DISPLAY", "SALIENCY_MODELS"}}
    home = tmp_path / "home"
    env.update(JUPYTER_PORT=str(_free_port()), JUPYTER_DATA_DIR=str(home / "data"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"), JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"))
    return env


def _request(base, token, method, path, body=None):
    request = urllib.request.Request(f"{base}{path}", method=method, headers={"Authorization": f"token {token}"},
                                     data=None if body is None else json.dumps(body).encode())
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read()
        return json.loads(text) if text else None


def _wait_for_url(server, log_path):
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        match = URL.search(log_path.read_text(errors="replace"))
        if match:
            return match.group(1), match.group(2)
        assert server.poll() is None, f"make lab stopped (exit {server.returncode}):\n{log_path.read_text()[-3000:]}"
        time.sleep(0.5)
    raise AssertionError(f"make lab printed no URL with a token in {SERVER_START_TIMEOUT} s:\n{log_path.read_text()[-3000:]}")


async def _execute(base, token, kernel_id, code):
    """One execute_request over the server's kernel websocket; the reply's status and the text outputs."""
    url = base.replace("http", "ws", 1) + f"/api/kernels/{kernel_id}/channels?token={token}"
    connection = await websocket_connect(url)
    msg_id = uuid.uuid4().hex
    await connection.write_message(json.dumps({
        "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "test", "session": uuid.uuid4().hex,
                   "version": "5.4", "date": ""},
        "parent_header": {}, "metadata": {}, "channel": "shell",
        "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False},
    }))
    status, texts, idle = None, [], False
    while status is None or not idle:
        message = json.loads(await asyncio.wait_for(connection.read_message(), timeout=120))
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = message["msg_type"], message["content"]
        if kind == "execute_reply":
            status = content["status"]
        elif kind == "status" and content["execution_state"] == "idle":
            idle = True
        elif kind in ("stream", "execute_result", "display_data", "error"):
            texts.append(content.get("text") or content.get("data", {}).get("text/plain", "") or content.get("evalue", ""))
    connection.close()
    return status, "\n".join(texts)


def test_make_lab_serves_the_saliency_kernel_as_whoever_runs_it(tmp_path):
    log_path = tmp_path / "lab.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(["make", "--no-print-directory", "lab"], cwd=ROOT, env=_user_environment(tmp_path),
                                  stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base, token = _wait_for_url(server, log_path)
        specs = _request(base, token, "GET", "/api/kernelspecs")
        assert "saliency" in specs["kernelspecs"], sorted(specs["kernelspecs"])
        spec = specs["kernelspecs"]["saliency"]["spec"]
        assert spec["display_name"] == "Saliency (Swift)"
        assert os.path.realpath(spec["argv"][0]) == os.path.realpath(KERNEL)

        session = _request(base, token, "POST", "/api/sessions",
                           {"path": "installation-check.ipynb", "type": "notebook", "kernel": {"name": "saliency"}})
        try:
            status, text = asyncio.run(_execute(base, token, session["kernel"]["id"],
                                                "net = %model zoo shapes-cnn\n%model info net"))
            assert status == "ok", text
            assert "shapes-cnn" in text
        finally:
            _request(base, token, "DELETE", f"/api/sessions/{session['id']}")
    finally:
        _stop(server)


def _stop(server):
    """SIGTERM to make and JupyterLab (one process group), SIGKILL if they linger."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(server.pid, sig)
            server.wait(timeout=30)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


def test_a_copied_binary_installs_and_has_every_shipped_model_without_the_source_tree(tmp_path):
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    binary = folder / "saliency-kernel"
    shutil.copy2(KERNEL, binary)
    prefix = tmp_path / "prefix"
    code = "".join(f"m{index} = %model zoo {name}\n%model info m{index}\n" for index, name in enumerate(SHIPPED))
    # A private mount namespace with an empty file system over the repository: neither models/ nor
    # .build/ can be read, as on a hub image or a cluster node that has only the binary.
    hidden = (f"mount -t tmpfs tmpfs '{ROOT}' && test -z \"$(ls -A '{ROOT}')\" && cd '{folder}' "
              f"&& ./saliency-kernel install --prefix '{prefix}' && ./saliency-kernel run -c \"$CODE\"")
    unshare = ["unshare", "--mount"] + ([] if os.geteuid() == 0 else ["--map-root-user"])
    env = {key: value for key, value in os.environ.items() if key != "SALIENCY_MODELS"}
    result = subprocess.run(unshare + ["sh", "-c", hidden], env=dict(env, CODE=code),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    spec = json.loads((prefix / "share/jupyter/kernels/saliency/kernel.json").read_text())
    assert spec["argv"][0] == str(binary)
    for name in SHIPPED:
        assert name in result.stdout
    assert result.stdout.count("embedded") >= len(SHIPPED), result.stdout


def test_saliency_models_overrides_an_embedded_model_file_by_file(tmp_path):
    """A retrained shapes-cnn in SALIENCY_MODELS replaces the embedded one; the others stay embedded."""
    (tmp_path / "models").mkdir()
    shutil.copy2(ROOT / "models" / "shapes-trojan-patch.onnx", tmp_path / "models" / "shapes-cnn.onnx")
    code = "a = %model zoo shapes-cnn\n%model info a\nb = %model zoo shapes-vit\n%model info b\n"
    result = subprocess.run([KERNEL, "run", "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                            env=dict(os.environ, SALIENCY_MODELS=str(tmp_path / "models")))
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.split("shapes-vit", 1)
    assert str(tmp_path / "models" / "shapes-cnn.onnx") in first
    assert hashlib.sha256((tmp_path / "models" / "shapes-cnn.onnx").read_bytes()).hexdigest() in first
    assert "embedded" in second


def _hub_environment(tmp_path, name):
    """A Python environment as a hub's single-user servers run from (not activated), with a `jupyter` console
    script whose `#!` line names its python, as pip writes it; `jupyter kernelspec list` run there lists what the
    kernelspec install put into it."""
    env = tmp_path / name
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    # The test venv's jupyter_client, run by the hub environment's python.
    site = os.path.dirname(os.path.dirname(jupyter_client.__file__))
    jupyter = env / "bin" / "jupyter"
    jupyter.write_text(f"#!{env}/bin/python\nimport sys\nsys.path.insert(0, {site!r})\n"
                       "from jupyter_client.kernelspecapp import KernelSpecApp\nKernelSpecApp.launch_instance()\n")
    jupyter.chmod(0o755)
    return env


def test_sys_prefix_installs_into_the_environment_of_the_jupyter_on_path(tmp_path):
    """`saliency-kernel install --sys-prefix` without an activated environment, as a hub's admin runs it with the
    hub environment's bin on PATH: the kernelspec lands in that environment's sys.prefix, where its Jupyter finds it;
    an activated environment wins; with neither, the error says what to do."""
    hub = _hub_environment(tmp_path, "hub")
    clean = {key: value for key, value in os.environ.items()
             if key not in ("VIRTUAL_ENV", "CONDA_PREFIX", "JUPYTER_PATH", "JUPYTER_DATA_DIR")}
    path = f"{hub / 'bin'}:/usr/bin:/bin"
    result = subprocess.run([KERNEL, "install", "--sys-prefix"], env=dict(clean, PATH=path),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    spec = hub / "share/jupyter/kernels/saliency/kernel.json"
    assert json.loads(spec.read_text())["argv"][0] == os.path.realpath(KERNEL)
    listed = subprocess.run([str(hub / "bin" / "jupyter"), "list", "--json"], env=dict(clean, PATH=path, HOME=str(tmp_path)),
                            capture_output=True, text=True, timeout=60)
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)["kernelspecs"]["saliency"]["resource_dir"] == str(spec.parent)

    active = tmp_path / "active"
    result = subprocess.run([KERNEL, "install", "--sys-prefix"], env=dict(clean, PATH=path, VIRTUAL_ENV=str(active)),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and (active / "share/jupyter/kernels/saliency/kernel.json").exists(), result.stderr

    result = subprocess.run([KERNEL, "install", "--sys-prefix"], env=dict(clean, PATH="/nonexistent"),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "--prefix PATH" in result.stderr, result.stderr
