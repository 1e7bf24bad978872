"""Full-size classifiers in the style of the ONNX Model Zoo's validated files (ResNet-50 v1 at opset 9,
VGG-16 at opset 8, SqueezeNet 1.1 at opset 7), written at test time by modelzoo_graphs.py with onnx and
numpy alone, load in the kernel, predict onnxruntime's logits and give a gradient map (issue 23)."""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import onnx
import onnxruntime
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import modelzoo_graphs as zoo  # noqa: E402

KERNEL = os.environ["SALIENCY_KERNEL"]
SIZE = 224

MODELS = {   # name: (opset, family, its arguments beyond the full-size defaults)
    "resnet50-v1-opset9": (9, zoo.resnet_v1, {}),
    "vgg16-opset8": (8, zoo.vgg, {}),
    "squeezenet1.1-opset7": (7, zoo.squeezenet, {"version": "1.1"}),
}


@pytest.mark.parametrize("name", MODELS)
def test_full_size_zoo_model_gives_onnxruntimes_logits_and_a_gradient(name, tmp_path):
    opset, family, arguments = MODELS[name]
    graph = zoo.Graph(name, opset, (3, SIZE, SIZE), seed=23)
    # tools/make_exporter_zoo.py checks the small graphs this builder writes; here onnxruntime's loading
    # is the check (onnx.checker takes most of a minute on VGG-16).
    model = graph.model(family(graph, **arguments), check=False)
    onnx.save(model, str(tmp_path / "model.onnx"))
    image = np.random.default_rng(23).standard_normal((1, 3, SIZE, SIZE)).astype(np.float32)
    np.save(tmp_path / "x.npy", image)

    code = ("net = %model load model.onnx\nx = %image load x.npy\nlogits = %predict x --raw\n%save logits y.npy\n"
            "g = %saliency gradient x\n%save g g.npy\n")
    result = subprocess.run([KERNEL, "run", "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr

    session = onnxruntime.InferenceSession(str(tmp_path / "model.onnx"), providers=["CPUExecutionProvider"])
    (expected,) = session.run(None, {"data": image})
    # SqueezeNet's N×C×1×1 scores are imported as N×C, the shape attribution reads classes from.
    logits = np.load(tmp_path / "y.npy")
    assert logits.shape == expected.shape[:2]
    logits = logits.reshape(expected.shape)
    assert np.abs(logits - expected).max() <= 1e-4 * max(1.0, float(np.abs(expected).max()))
    gradient = np.load(tmp_path / "g.npy")
    assert np.isfinite(gradient).all() and np.abs(gradient).max() > 0
