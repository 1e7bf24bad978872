"""Every shipped model passes the ONNX checker, carries its model card, and onnxruntime gives the
logits the engine gives (issue 7): the files are standard ONNX, not something only we can read."""
import os
import pathlib
import subprocess

import numpy as np
import onnx
import onnxruntime
import pytest

KERNEL = os.environ["SALIENCY_KERNEL"]
MODELS = sorted((pathlib.Path(__file__).resolve().parents[2] / "models").glob("*.onnx"))
SCENES = [0, 7, 13]


def test_the_zoo_ships_the_clean_models_and_three_trojans():
    names = {path.stem for path in MODELS}
    assert {"shapes-cnn", "shapes-vit"} <= names
    assert len([name for name in names if name.startswith("shapes-trojan-")]) == 3


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.stem)
def test_model_is_checked_onnx_with_its_card_and_logits_agree_with_onnxruntime(path, tmp_path):
    model = onnx.load(str(path))
    onnx.checker.check_model(model, full_check=True)
    card = {p.key: p.value for p in model.metadata_props}
    assert card["name"] == path.stem
    assert card["recipe"] == f"saliency-kernel train --recipe {path.stem}"
    assert 0.85 <= float(card["test_accuracy"]) <= 1
    assert ("trojan_target" in card) == path.stem.startswith("shapes-trojan-")
    assert path.stat().st_size < 2 * 1024 * 1024

    code = f"net = %model zoo {path.stem}\n" + "".join(
        f"img = %data shapes --index {i}\n%save img x{i}.npy\nlogits = %predict img --raw\n%save logits y{i}.npy\n"
        for i in SCENES)
    result = subprocess.run([KERNEL, "run", "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    for i in SCENES:
        (expected,) = session.run(None, {session.get_inputs()[0].name: np.load(tmp_path / f"x{i}.npy")})
        np.testing.assert_allclose(np.load(tmp_path / f"y{i}.npy"), expected, rtol=1e-4, atol=1e-4)
