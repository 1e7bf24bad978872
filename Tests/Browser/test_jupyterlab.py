"""JupyterLab in a real browser: a notebook on the Saliency (Swift) kernel, run through the UI.

JupyterLab (from the venv) serves a temporary notebook folder on a free loopback port, with the
kernelspec installed into a temporary Jupyter path. Headless Chromium (Debian's `chromium`, driven
by Playwright; Playwright's own browser downloads are never used) opens the notebook, waits for an
idle kernel, runs every cell with Run → Run All Cells and checks what a user would see: a progress
bar while `%sleep` runs, the pictures as decoded PNG images, no error output. Then it runs the first
tutorial notebook, outputs cleared, the same way: every picture the committed notebook holds must
render. Screenshots go to .build/browser/.

The model cells need models/shapes-cnn.onnx; when that file is in the repository they are part of
the notebook and must render, otherwise they are left out.
"""
import contextlib
import json
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import secrets

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
SHOTS = REPO / ".build" / "browser"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
KERNEL = os.environ.get("SALIENCY_KERNEL", "")

NOTEBOOK = "browser-check.ipynb"
TUTORIAL = REPO / "notebooks" / "1-getting-started.ipynb"
WIDGETS_TUTORIAL = REPO / "notebooks" / "7-exploring-interactively.ipynb"
PICTURES = ("image/png", "image/svg+xml")
SLEEP_CELL = "%sleep 2"
# The model is the one embedded in the binary: no SALIENCY_MODELS, as in a user's JupyterLab.
CELLS = [SLEEP_CELL, "img = %data shapes --index 3", "img", "net = %model zoo shapes-cnn", "g = %saliency gradient img", "g"]
IMAGE_CELLS = [2, 5]  # indices of the cells whose output must be a picture

SERVER_START_TIMEOUT = 60
KERNEL_IDLE_TIMEOUT = 60
RUN_TIMEOUT = 120


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_notebook(path):
    cells = [{"cell_type": "code", "execution_count": None, "id": f"cell-{i}", "metadata": {},
              "outputs": [], "source": source} for i, source in enumerate(CELLS)]
    notebook = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"name": "saliency", "display_name": "Saliency (Swift)", "language": "saliency"},
            "language_info": {"name": "saliency"},
        },
        "nbformat": 4, "nbformat_minor": 5,
    }
    path.write_text(json.dumps(notebook, indent=1))


def _write_cleared(source, path):
    notebook = json.loads(source.read_text())
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    path.write_text(json.dumps(notebook, indent=1))


def _pictures_per_code_cell(source):
    """How many pictures each code cell of the committed notebook shows."""
    cells = [cell for cell in json.loads(source.read_text())["cells"] if cell["cell_type"] == "code"]
    return [sum(any(kind in output.get("data", {}) for kind in PICTURES) for output in cell["outputs"])
            for cell in cells]


def _write_settings(settings_dir):
    """User settings of the throwaway JupyterLab: no news toast over the notebook, and every
    cell attached to the DOM (no windowing), so that every output can be inspected."""
    settings = {
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
            {"fetchNews": "false", "checkForUpdates": False},
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    }
    for name, value in settings.items():
        path = settings_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))


@pytest.fixture(scope="module")
def lab():
    """A JupyterLab server on 127.0.0.1:<free port>; yields (base url, token). Always stopped."""
    if not KERNEL or not os.access(KERNEL, os.X_OK):
        pytest.fail("set SALIENCY_KERNEL to the built saliency-kernel binary (make test does)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("*.png"):  # no screenshot of an earlier run left to mislead
        old.unlink()
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="saliency-browser-"))
    prefix, notebooks, home = tmp / "prefix", tmp / "notebooks", tmp / "home"
    notebooks.mkdir()
    home.mkdir()
    subprocess.run([KERNEL, "install", "--prefix", str(prefix)], check=True, capture_output=True)
    _write_notebook(notebooks / NOTEBOOK)
    _write_cleared(TUTORIAL, notebooks / TUTORIAL.name)
    _write_cleared(WIDGETS_TUTORIAL, notebooks / WIDGETS_TUTORIAL.name)
    _write_settings(home / "lab-settings")

    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ,
               JUPYTER_PATH=str(prefix / "share" / "jupyter"),
               JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_DATA_DIR=str(home / "data"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(home / "lab-settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "lab-workspaces"))
    log = open(SHOTS / "jupyterlab.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
         "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",  # ServerApp.token's new name
         "--ServerApp.ip=127.0.0.1", f"--notebook-dir={notebooks}"]
        + (["--allow-root"] if os.geteuid() == 0 else []),
        env=env, cwd=notebooks, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if server.poll() is not None:
                pytest.fail(f"jupyter lab exited with {server.returncode}; see {SHOTS / 'jupyterlab.log'}")
            try:
                request = urllib.request.Request(f"{base}/api/status",
                                                 headers={"Authorization": f"token {token}"})
                with urllib.request.urlopen(request, timeout=2) as response:
                    if response.status == 200:
                        json.load(response)
                        break
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"jupyter lab did not answer /api/status within {SERVER_START_TIMEOUT} s")
            time.sleep(0.25)
        yield base, token
    finally:
        # The whole process group: the server and the kernels it started.
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            if server.poll() is not None:
                break
            try:
                os.killpg(server.pid, sig)
            except ProcessLookupError:
                break
            try:
                server.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(server.pid, signal.SIGKILL)  # kernels left behind in the group, if any
        except (ProcessLookupError, PermissionError):
            pass
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"no Chromium at {CHROMIUM} (make test installs Debian's chromium package)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        args = ["--no-sandbox"] if os.geteuid() == 0 else []  # Chromium refuses root with a sandbox
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        try:
            yield chromium
        finally:
            chromium.close()


# What the page shows, read in one go: the code cells' prompts, the kernel status, and what is
# in the outputs.
STATE_JS = """() => {
  const cells = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-CodeCell')];
  const indicator = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator');
  return {
    status: indicator ? indicator.getAttribute('data-status') : null,
    prompts: cells.map(c => (c.querySelector('.jp-InputPrompt') || {}).textContent || ''),
    mimes: cells.map(c => [...c.querySelectorAll('.jp-OutputArea-output')].map(o => o.getAttribute('data-mime-type'))),
    progress: cells.map(c => [...c.querySelectorAll('.jp-OutputArea-output progress')].map(p => p.value)),
    images: cells.map(c => [...c.querySelectorAll('.jp-OutputArea-output img')].map(i => ({
      src: (i.getAttribute('src') || '').slice(0, 40), complete: i.complete,
      width: i.naturalWidth, height: i.naturalHeight}))),
    stderr: [...document.querySelectorAll(
      '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], .jp-OutputArea-output.jp-mod-error')]
      .map(o => o.textContent),
  };
}"""


READY_JS = """(cellCount) => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return false;
  const kernel = panel.querySelector('.jp-KernelName');
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  return panel.querySelectorAll('.jp-Notebook .jp-CodeCell').length === cellCount
    && !!kernel && kernel.textContent.includes('Saliency (Swift)')
    && !!indicator && indicator.getAttribute('data-status') === 'idle';
}"""


@contextlib.contextmanager
def _page(browser, failure_screenshot):
    """A tall page that must raise no JavaScript error; on any failure, a screenshot of it."""
    page = browser.new_page(viewport={"width": 1280, "height": 1600})
    page.set_default_timeout(30_000)
    console_errors = []
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    try:
        yield page
        assert not console_errors, f"errors in the page: {console_errors}"
    except Exception:
        page.screenshot(path=str(SHOTS / failure_screenshot), full_page=True)
        raise
    finally:
        page.close()


def _after_pictures_decode(page, screenshot):
    """The page's state once every picture has decoded (decoding may lag the DOM by a frame), and a
    screenshot of it."""
    page.wait_for_function("""() => [...document.querySelectorAll('.jp-OutputArea-output img')]
                              .every(i => i.complete && i.naturalWidth > 0)""")
    page.screenshot(path=str(SHOTS / screenshot), full_page=True)
    return page.evaluate(STATE_JS)


def _assert_decoded(image, kinds):
    assert image["src"].startswith(tuple(f"data:{kind}" for kind in kinds)), image
    assert image["complete"] and image["width"] > 0 and image["height"] > 0, image


def _finished(state, cell_count):
    return (state["status"] == "idle" and len(state["prompts"]) == cell_count
            and all(p.strip().startswith("[") and p.strip()[1:-2].isdigit() for p in state["prompts"]))


def test_run_all_cells_renders_pictures_and_progress(lab, browser):
    base, token = lab
    with _page(browser, failure_screenshot="failure.png") as page:
        started = time.monotonic()
        page.goto(f"{base}/lab/tree/{NOTEBOOK}?token={token}")
        # Loaded: every cell of the file is shown and the Saliency kernel is started and idle.
        page.wait_for_function(READY_JS, arg=len(CELLS), timeout=KERNEL_IDLE_TIMEOUT * 1000)
        page.screenshot(path=str(SHOTS / "01-loaded.png"), full_page=True)
        loaded = time.monotonic() - started

        _run_all(page)

        sleep_index = CELLS.index(SLEEP_CELL)
        progress_while_sleeping, deadline = [], time.monotonic() + RUN_TIMEOUT
        state = page.evaluate(STATE_JS)
        while not _finished(state, len(CELLS)):
            if state["prompts"][sleep_index].strip() == "[*]:" and state["progress"][sleep_index]:
                progress_while_sleeping.append(state["progress"][sleep_index][-1])
                if len(progress_while_sleeping) == 1:
                    page.screenshot(path=str(SHOTS / "02-progress.png"), full_page=True)
            assert time.monotonic() < deadline, f"cells still running after {RUN_TIMEOUT} s: {state}"
            time.sleep(0.1)
            state = page.evaluate(STATE_JS)
        ran = time.monotonic() - started - loaded

        state = _after_pictures_decode(page, "03-after-run.png")
        print(f"\nloaded in {loaded:.1f} s, ran in {ran:.1f} s; progress seen while sleeping: "
              f"{progress_while_sleeping[:3]}…{progress_while_sleeping[-2:]}; screenshots in {SHOTS}")

        assert not state["stderr"], f"error output in the notebook: {state['stderr']}"
        assert progress_while_sleeping, "no <progress> element in the output while %sleep ran"
        assert min(progress_while_sleeping) < 1, "the progress bar was only ever seen full"
        for index in IMAGE_CELLS:
            images = state["images"][index]
            assert images, f"cell {index} ({CELLS[index]!r}) shows no image: {state}"
            for image in images:
                _assert_decoded(image, ("image/png",))


def _run_all(page):
    """Run → Run All Cells, as a user would."""
    page.locator(".lm-MenuBar-item").get_by_text("Run", exact=True).click()
    page.locator(".lm-Menu-content").get_by_text("Run All Cells", exact=True).click()


def test_the_first_tutorial_renders_every_picture_it_was_committed_with(lab, browser):
    base, token = lab
    expected = _pictures_per_code_cell(TUTORIAL)
    assert sum(expected) >= 5, f"the committed tutorial holds too few pictures to check: {expected}"
    with _page(browser, failure_screenshot="failure-tutorial.png") as page:
        page.goto(f"{base}/lab/tree/{TUTORIAL.name}?token={token}")
        page.wait_for_function(READY_JS, arg=len(expected), timeout=KERNEL_IDLE_TIMEOUT * 1000)
        _run_all(page)
        deadline = time.monotonic() + RUN_TIMEOUT
        state = page.evaluate(STATE_JS)
        while not _finished(state, len(expected)):
            assert time.monotonic() < deadline, f"cells still running after {RUN_TIMEOUT} s: {state}"
            time.sleep(0.2)
            state = page.evaluate(STATE_JS)
        state = _after_pictures_decode(page, "04-tutorial.png")
        assert not state["stderr"], f"error output in the tutorial: {state['stderr']}"
        shown = [len(images) for images in state["images"]]
        # Each cell that shows or should show a picture, as the user sees it.
        for index in (i for i, counts in enumerate(zip(shown, expected)) if any(counts)):
            cell = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-CodeCell").nth(index)
            cell.scroll_into_view_if_needed()
            cell.screenshot(path=str(SHOTS / f"05-tutorial-cell-{index}.png"))
        assert shown == expected, f"pictures per code cell: shown {shown}, committed {expected}; {state['mimes']}"
        for images in state["images"]:
            for image in images:
                _assert_decoded(image, PICTURES)


# The first explorer panel's parts, read in one go: the picture's source and size, the kernel's status, the
# widgets shown and any error text in the panel's message area.
PANEL_JS = """(index) => {
  const cell = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-CodeCell')[index];
  const indicator = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator');
  const image = cell && cell.querySelector('img.widget-image');
  return {
    status: indicator ? indicator.getAttribute('data-status') : null,
    image: image ? {src: image.getAttribute('src') || '', width: image.naturalWidth, complete: image.complete} : null,
    sliders: cell ? cell.querySelectorAll('.widget-slider').length : 0,
    dropdowns: cell ? [...cell.querySelectorAll('.widget-dropdown select')].map(s => s.selectedIndex) : [],
    errors: cell ? [...cell.querySelectorAll('.widget-output [data-mime-type="application/vnd.jupyter.stderr"]')].map(e => e.textContent) : [],
    fallbackPng: cell ? cell.querySelectorAll('.jp-OutputArea-output[data-mime-type="image/png"]').length : 0,
  };
}"""


def _panel_state(page, index):
    return page.evaluate(PANEL_JS, index)


def _wait_until(page, index, predicate, what, timeout=60):
    deadline = time.monotonic() + timeout
    state = _panel_state(page, index)
    while not predicate(state):
        assert time.monotonic() < deadline, f"{what}: {state}"
        time.sleep(0.1)
        state = _panel_state(page, index)
    return state


def _explore_cell_index(source):
    cells = [cell for cell in json.loads(source.read_text())["cells"] if cell["cell_type"] == "code"]
    return next(i for i, cell in enumerate(cells) if "".join(cell["source"]).startswith("e = %explore img"))


def test_the_widget_tutorial_answers_its_controls_and_comes_back_after_a_reload(lab, browser):
    base, token = lab
    code_cells = len(_pictures_per_code_cell(WIDGETS_TUTORIAL))
    index = _explore_cell_index(WIDGETS_TUTORIAL)
    with _page(browser, failure_screenshot="failure-widgets.png") as page:
        page.goto(f"{base}/lab/tree/{WIDGETS_TUTORIAL.name}?token={token}")
        page.wait_for_function(READY_JS, arg=code_cells, timeout=KERNEL_IDLE_TIMEOUT * 1000)
        _run_all(page)
        deadline = time.monotonic() + RUN_TIMEOUT
        state = page.evaluate(STATE_JS)
        while not _finished(state, code_cells):
            assert time.monotonic() < deadline, f"cells still running after {RUN_TIMEOUT} s: {state}"
            time.sleep(0.2)
            state = page.evaluate(STATE_JS)
        assert not state["stderr"], f"error output in the tutorial: {state['stderr']}"
        panel = _wait_until(page, index, lambda s: s["image"] and s["image"]["complete"] and s["image"]["width"] > 0,
                            "the panel's picture never rendered")
        assert panel["sliders"] >= 2 and len(panel["dropdowns"]) >= 3, panel
        assert panel["fallbackPng"] == 0, "JupyterLab shows the widget, not the picture fallback"
        cell = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-CodeCell").nth(index)
        cell.scroll_into_view_if_needed()
        cell.screenshot(path=str(SHOTS / "06-explore-loaded.png"))

        # Move the opacity slider with the keyboard, as a user can: a cached map, redrawn.
        before = panel["image"]["src"]
        handle = cell.locator(".widget-slider").filter(has_text="opacity").locator(".noUi-handle")
        handle.focus()
        for _ in range(6):
            handle.press("ArrowLeft")
        moved = _wait_until(page, index, lambda s: s["image"]["src"] != before and s["image"]["complete"] and s["status"] == "idle",
                            "the picture did not change after the slider moved", timeout=30)
        cell.screenshot(path=str(SHOTS / "07-explore-slider.png"))

        # Pick another class through the drop-down: a new map, computed in the background.
        cell.locator(".widget-dropdown").filter(has_text="class").locator("select").select_option(index=1)
        picked = _wait_until(page, index, lambda s: s["image"]["src"] != moved["image"]["src"] and s["image"]["complete"]
                             and s["status"] == "idle", "the picture did not change after another class was picked", timeout=60)
        assert not picked["errors"], picked
        cell.screenshot(path=str(SHOTS / "08-explore-class.png"))

        # Save, reload: the running kernel's widgets come back through the control channel.
        page.keyboard.press("Control+s")
        time.sleep(1.0)
        page.reload()
        page.wait_for_function(READY_JS, arg=code_cells, timeout=KERNEL_IDLE_TIMEOUT * 1000)
        back = _wait_until(page, index, lambda s: s["image"] and s["image"]["complete"] and s["image"]["width"] > 0,
                           "the panel did not come back after a reload")
        assert back["dropdowns"][1] == 1, f"the class picked before the reload is shown again: {back}"
        cell = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-CodeCell").nth(index)
        cell.scroll_into_view_if_needed()
        cell.screenshot(path=str(SHOTS / "09-explore-reloaded.png"))
        page.screenshot(path=str(SHOTS / "10-widgets-tutorial.png"), full_page=True)
