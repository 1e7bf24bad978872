"""Every tutorial notebook in notebooks/ runs headless through nbclient, as papermill or CI would
run it, without errors, and shows what it promises: pictures, tables, explanations."""
import json
import pathlib
import shutil

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def outputs_of(notebook):
    return [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]


def run_copy(path, tmp_path):
    """Executes the notebook at `path` in a fresh copy of notebooks/ under `tmp_path`, so that its `out/`
    files go to a temporary place (notebook 6 reads its model from ../Tests); returns it."""
    work = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", work, ignore=shutil.ignore_patterns("out"))
    (tmp_path / "Tests").symlink_to(ROOT / "Tests")
    notebook = nbformat.read(work / path.name, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="saliency", resources={"metadata": {"path": str(work)}}).execute()
    return notebook


def test_the_seven_tutorials_are_there():
    assert len(NOTEBOOKS) == 7


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_without_errors_and_shows_figures(path, tmp_path):
    notebook = run_copy(path, tmp_path)
    work = tmp_path / "notebooks"
    outputs = outputs_of(notebook)
    assert not [o for o in outputs if o.output_type == "error"]
    pictures = [o for o in outputs if "image/png" in o.get("data", {})]
    assert pictures, "every tutorial shows at least one figure"
    for picture in pictures:
        provenance = picture["metadata"]["saliency/provenance"]
        records = provenance.get("maps", [provenance])  # %eval records the provenance of each map it scores
        assert provenance["version"] and all(r.get("image_sha256") or r.get("model_sha256") for r in records)
    # Tables of numbers from a model carry the provenance of those numbers, as figures do.
    scored = ("<th>probability</th>", "GridPG on", "energy on the object", "backdoor")
    tables = [o for o in outputs if "<table" in o.get("data", {}).get("text/html", "")]
    for table in (t for t in tables if any(mark in t["data"]["text/html"] for mark in scored)):
        assert table["metadata"]["saliency/provenance"]["version"], table["data"]["text/html"][:80]
    if path.name.startswith("3-"):
        # The folder it writes is read back, and its sweeps report intervals and paired differences.
        html = [o["data"]["text/html"] for o in outputs if "<table" in o.get("data", {}).get("text/html", "")]
        assert any("GridPG on 12 2×2 mosaics of out/my-pictures/images" in t and "bootstrap interval" in t for t in html)
        assert any("var(gradcam) − gradcam" in t for t in html)
        records = [json.loads(line) for line in (work / "out" / "pointing.jsonl").read_text().splitlines()]
        assert len(records) == 120 * 3 and {r["method"] for r in records} == {"gradient", "gradcam", "lrp"}
        assert len((work / "out" / "pointing.csv").read_text().splitlines()) == 120 * 3 + 1
    if path.name.startswith("6-"):
        # The logits it saves are the ones PyTorch computed for the fixture (tools/make_engine_fixtures.py),
        # and its table names the classes from the labels file.
        fixture = ROOT / "Tests" / "ONNXTests" / "Fixtures" / "resnet_tiny_opset11.logits.npy"
        assert np.allclose(np.load(work / "out" / "logits.npy")[0], np.load(fixture)[0], rtol=1e-4, atol=1e-5)
        tables = [o["data"]["text/html"] for o in outputs if "<th>probability</th>" in o.get("data", {}).get("text/html", "")]
        names = (work / "data" / "cifar10-labels.txt").read_text().split()
        assert tables and sum(f">{name} (" in tables[0] for name in names) == 3, tables[:1]
    if path.name.startswith("5-"):
        # Both scans, the patch scan and the universal one against the clean original, flag the target
        # class recorded in their trojan's model card.
        verdicts = [o.get("data", {}).get("text/plain", "").split("\n")[0] for o in outputs]
        found = [text for text in verdicts if "records target" in text and text.endswith(": found")]
        assert len(found) == 2 and any("hexagon" in text for text in found), verdicts
        # ... and finds nothing in the clean model it was made from.
        assert any(text == "no backdoor found" for text in verdicts), verdicts
        # The flagged class's row, and only it, stands out in the verdict table.
        flagged = [o["data"]["text/html"] for o in outputs if "records target" in o.get("data", {}).get("text/plain", "")]
        for html, target in zip(flagged, ("star (3)", "hexagon (7)")):
            assert html.count("<tr style=") == 1, html
            assert target in html.split("<tr style=\"background:#fdd\">")[1].split("</tr>")[0], html
        assert len(flagged) == 2
        # Every scan charts its scores; every flagged one outlines where its target's map gathers.
        plain = [o.get("data", {}).get("text/plain", "") for o in outputs]
        assert plain.count("<figure scores of every class>") == 4, plain
        assert plain.count("<figure suspected trigger region>") == 3, plain
        # The saved scan has the shape that bulk scoring reads.
        scan = json.loads((work / "out" / "backdoor-scan.json").read_text())
        assert scan["backdoored"] is True and scan["target"] == scan["recorded_target"] == 3
        assert len(scan["scores"]) == 10 and scan["threshold"] == 2 and scan["parameters"]["iterations"] == "40"
        assert scan["provenance"]["model_sha256"]


def test_a_notebook_run_twice_gives_the_same_numbers_and_picture_bytes(tmp_path):
    """Only the progress bars (marked in their metadata: they end with the time taken) may differ."""
    getting_started = ROOT / "notebooks" / "1-getting-started.ipynb"
    runs = []
    for attempt in ("first", "second"):
        notebook = run_copy(getting_started, tmp_path / attempt)
        runs.append([(o.output_type, o.get("data"), o.get("metadata"), o.get("text"))
                     for o in outputs_of(notebook) if not o.get("metadata", {}).get("progress")])
    pictures = [data["image/png"] for _, data, _, _ in runs[0] if data and "image/png" in data]
    assert len(pictures) >= 4, "the notebook's figures are among what is compared"
    for index, (first, second) in enumerate(zip(*runs)):
        assert first == second, f"output {index} differs between two runs"
    assert len(runs[0]) == len(runs[1])


def test_committed_notebooks_hold_their_outputs():
    """They read well on GitHub: executed, with their figures."""
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        assert all(cell.execution_count for cell in code), path.name
        assert any("image/png" in o.get("data", {}) for o in outputs_of(notebook)), path.name
        # make notebooks leaves the progress bars out: they end with the time taken, and would make
        # every rerun a change.
        assert not any("<progress" in o.get("data", {}).get("text/html", "") for o in outputs_of(notebook)), path.name


def test_the_committed_widget_tutorial_stores_the_state_of_every_panel():
    """make notebooks keeps widget state (nbclient's store_widget_state): every panel shown has its models in the
    notebook's metadata, pictures as base64 buffers, so that a renderer with the widget manager draws them."""
    notebook = nbformat.read(ROOT / "notebooks" / "7-exploring-interactively.ipynb", as_version=4)
    state = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    views = [o["data"]["application/vnd.jupyter.widget-view+json"]["model_id"] for o in outputs_of(notebook)
             if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(views) == 5
    for view in views:
        assert state[view]["model_name"] == "VBoxModel"
        # Every model a panel refers to, down to the layouts, is stored.
        pending, seen = [view], set()
        while pending:
            model = state[pending.pop()]["state"]
            refs = [v for v in model.values() if isinstance(v, str) and v.startswith("IPY_MODEL_")]
            refs += [c for c in model.get("children", [])]
            for ref in refs:
                if ref not in seen:
                    seen.add(ref)
                    pending.append(ref.removeprefix("IPY_MODEL_"))
    images = [m for m in state.values() if m["model_name"] == "ImageModel"]
    assert len(images) == 5 and all(m["buffers"][0]["path"] == ["value"] and m["buffers"][0]["encoding"] == "base64" for m in images)

