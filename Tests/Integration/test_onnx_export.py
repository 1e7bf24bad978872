"""The project's ONNX exports load in onnxruntime, pass the ONNX checker and give the logits
PyTorch gave for the original models (the references of tools/make_engine_fixtures.py)."""
from pathlib import Path

import numpy as np
import onnx
import onnxruntime
import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "ONNXTests" / "Fixtures"
EXPORTED = sorted((FIXTURES / "exported").glob("*.onnx"))


def test_there_are_exports_to_check():
    assert len(EXPORTED) >= 6


@pytest.mark.parametrize("path", EXPORTED, ids=lambda p: p.stem)
def test_export_passes_checker_and_matches_reference_logits(path):
    model = onnx.load(str(path))
    onnx.checker.check_model(model, full_check=True)
    assert {p.key: p.value for p in model.metadata_props}["recipe"] == "fixture"
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    inputs = np.load(FIXTURES / f"{path.stem}.input.npy")
    expected = np.load(FIXTURES / f"{path.stem}.logits.npy")
    (logits,) = session.run(None, {session.get_inputs()[0].name: inputs})
    scale = np.abs(expected).max()
    assert np.abs(logits - expected).max() <= 1e-4 * scale


@pytest.mark.parametrize("path", EXPORTED[:1], ids=lambda p: p.stem)
def test_export_follows_any_batch_size(path):
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    inputs = np.load(FIXTURES / f"{path.stem}.input.npy")
    doubled = np.concatenate([inputs, inputs])
    (logits,) = session.run(None, {session.get_inputs()[0].name: doubled})
    assert logits.shape[0] == 2 * inputs.shape[0]
    np.testing.assert_allclose(logits[: inputs.shape[0]], logits[inputs.shape[0]:], rtol=1e-5, atol=1e-6)
