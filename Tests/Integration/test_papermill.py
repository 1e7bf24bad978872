"""Papermill runs the tutorials with parameters: python/saliency_papermill's translator writes papermill's
parameters as `%set NAME = VALUE` lines, which the kernel binds to the same values, and its command line
(papermill's own, the translator loaded) runs tutorial 1 with the ones it is given."""
import json
import os
import pathlib
import subprocess
import sys

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
KERNEL = os.environ["SALIENCY_KERNEL"]
TUTORIAL = ROOT / "notebooks" / "1-getting-started.ipynb"


def test_translated_parameters_bind_the_values_papermill_was_given():
    """Every type papermill passes, written by the translator and read by the kernel, comes back as the value:
    text with quotes, backslashes, a newline, a tab, accents and a character beyond the first plane included."""
    from saliency_papermill import SaliencyTranslator

    parameters = {"text": 'say "hi" it\'s\x07\\ there\nnext\tline é 😀 $x # not a comment', "quote": 'one " # not a comment either', "count": 12, "big": -1234567,
                  "ratio": 0.125, "tiny": 1e-05, "on": True, "off": False, "nothing": None,
                  "methods": ["gradient", "ig"], "mixed": [1, 2.5, True, "a b"]}
    cell = SaliencyTranslator.codify(parameters)
    assert cell.splitlines()[0] == "# Parameters"
    echoes = "\n".join(f"%echo \"${name}\"" for name in parameters if name != "nothing") + "\n%echo x $nothing"
    run = subprocess.run([KERNEL, "run", "-c", cell + echoes], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    expected = [parameters["text"], parameters["quote"], "12", "-1234567", "0.125", "1e-05", "true", "false", "gradient,ig", "1,2.5,true,a b", "x"]
    assert run.stdout == "".join(line + "\n" for line in expected)


def test_values_the_language_cannot_hold_are_refused_by_the_translator():
    from papermill.exceptions import PapermillException
    from saliency_papermill import SaliencyTranslator

    for value in (float("nan"), float("inf"), {"a": 1}, [[1]], [None]):
        with pytest.raises(PapermillException):
            SaliencyTranslator.translate(value)


def test_help_notebook_lists_the_parameters_cell():
    """papermill --help-notebook reads the parameters cell through the translator's inspect."""
    run = subprocess.run([sys.executable, "-m", "saliency_papermill", "--help-notebook", str(TUTORIAL)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert 'model_name: str (default "shapes-cnn")' in run.stdout, run.stdout
    assert "steps: int (default 32)" in run.stdout, run.stdout
    assert "the embedded model: shapes-cnn or shapes-vit" in run.stdout, run.stdout


def test_tutorial_1_runs_through_papermill_with_its_parameters(tmp_path):
    """The injected cell follows the parameters cell, and the values took effect: the model loaded is the one
    asked for (its summary names it) and Integrated Gradients ran the steps asked for (its map's provenance)."""
    output = tmp_path / "out.ipynb"
    run = subprocess.run([sys.executable, "-m", "saliency_papermill", str(TUTORIAL), str(output), "--cwd", str(tmp_path),
                          "-p", "model_name", "shapes-vit", "-p", "steps", "12", "--log-level", "WARNING"],
                         capture_output=True, text=True, timeout=600, env=os.environ)
    assert run.returncode == 0, run.stderr[-3000:]
    notebook = nbformat.read(output, as_version=4)
    tags = [cell.metadata.get("tags", []) for cell in notebook.cells]
    given = tags.index(["parameters"])
    assert tags[given + 1] == ["injected-parameters"]
    assert notebook.cells[given + 1].source.splitlines() == [
        "# Parameters", '%set model_name = "shapes-vit"', "%set steps = 12"]
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    info = next(cell for cell in notebook.cells if cell.source.startswith("net = %model zoo $model_name"))
    text = json.dumps(info.outputs)
    assert "shapes-vit" in text and "shapes-cnn" not in text
    ig = next(cell for cell in notebook.cells if cell.source.startswith("ig = %saliency ig"))
    provenance = [o["metadata"]["saliency/provenance"] for o in ig.outputs if "saliency/provenance" in o.get("metadata", {})]
    assert provenance and provenance[0]["parameters"]["steps"] == "12", provenance
