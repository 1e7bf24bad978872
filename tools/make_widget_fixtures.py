"""Writes Tests/JupyterWidgetsTests/Fixtures/ipywidgets-defaults.json: the state ipywidgets 8 itself gives a
new widget of every model the kernel speaks, with its Layout and Style models, so that the Swift models are
checked against the reference implementation rather than against a copy of its documentation.

Rerun (with the lab venv, which pins ipywidgets):  .venv/bin/python tools/make_widget_fixtures.py
"""
import json
import pathlib

import ipywidgets

ROOT = pathlib.Path(__file__).resolve().parents[1]
OUT = ROOT / "Tests" / "JupyterWidgetsTests" / "Fixtures" / "ipywidgets-defaults.json"
WIDGETS = ["IntSlider", "FloatSlider", "Dropdown", "ToggleButtons", "Checkbox", "Image", "HTML", "Play", "HBox", "VBox",
           "Output"]


def state(widget):
    """The synced state; references to other models as the name of the model referred to, buffers left out
    (an Image's value is a buffer, listed under `binary`)."""
    result, binary = {}, []
    for key, value in widget.get_state().items():
        if isinstance(value, (bytes, memoryview)):
            binary.append(key)
        elif isinstance(value, str) and value.startswith("IPY_MODEL_"):
            result[key] = "→" + getattr(widget, key).get_state()["_model_name"]
        else:
            result[key] = value
    return {"state": result, "binary": binary}


def main():
    models = {}
    for name in WIDGETS:
        widget = getattr(ipywidgets, name)()
        models[widget.get_state()["_model_name"]] = state(widget)
        for part in ("layout", "style"):
            if hasattr(widget, part):
                models.setdefault(getattr(widget, part).get_state()["_model_name"], state(getattr(widget, part)))
    OUT.write_text(json.dumps({"ipywidgets": ipywidgets.__version__, "protocol": ipywidgets._version.__protocol_version__,
                               "models": models}, indent=1, sort_keys=True) + "\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
