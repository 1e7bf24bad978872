"""Model files as users bring them (issue 23), end to end through `saliency-kernel run`: weights in
an external file, a batch fixed at export, what `%model info` says about them, and inputs that hold
NaN. The models are built here with onnx.helper (no PyTorch) and checked against onnxruntime."""
import os
import pathlib
import subprocess

import numpy as np
import onnx
import onnxruntime
from onnx import TensorProto, helper, numpy_helper

KERNEL = os.environ["SALIENCY_KERNEL"]


def run(code, cwd, check=True):
    result = subprocess.run([KERNEL, "run", "-c", code], cwd=cwd, capture_output=True, text=True, timeout=600)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def fixed_batch_classifier(folder: pathlib.Path, location="model.onnx.data") -> pathlib.Path:
    """A conv classifier declared 1×3×32×32 whose Reshape bakes the batch of 1 in, as an export
    without dynamic_axes writes it, with its weights in an external file."""
    rng = np.random.default_rng(3)
    weights = [numpy_helper.from_array(rng.standard_normal(shape).astype(np.float32) * 0.3, name)
               for name, shape in [("conv.weight", (8, 3, 3, 3)), ("conv.bias", (8,)), ("fc.weight", (10, 8 * 16 * 16)), ("fc.bias", (10,))]]
    weights.append(numpy_helper.from_array(np.array([1, -1], dtype=np.int64), "flat_shape"))
    nodes = [helper.make_node("Conv", ["input", "conv.weight", "conv.bias"], ["c"], pads=[1, 1, 1, 1]),
             helper.make_node("Relu", ["c"], ["r"]), helper.make_node("MaxPool", ["r"], ["p"], kernel_shape=[2, 2], strides=[2, 2]),
             helper.make_node("Reshape", ["p", "flat_shape"], ["flat"]),
             helper.make_node("Gemm", ["flat", "fc.weight", "fc.bias"], ["logits"], transB=1)]
    graph = helper.make_graph(nodes, "fixed", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 32, 32])],
                              [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 10])], weights)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)], producer_name="handmade", producer_version="0.3")
    path = folder / "model.onnx"
    onnx.save_model(model, str(path), save_as_external_data=True, location=location, size_threshold=256)
    return path


def test_info_names_opset_producer_external_data_and_a_rebatched_batch(tmp_path):
    fixed_batch_classifier(tmp_path)
    result = run("net = %model load model.onnx\n%model info net", tmp_path)
    lines = result.stdout.splitlines()
    assert "opset ai.onnx 18" in lines and "producer handmade 0.3" in lines
    data_size = (tmp_path / "model.onnx.data").stat().st_size
    assert f"external data model.onnx.data ({data_size:,} bytes)" in lines
    assert "batch: any (the file declares 1; the graph was re-batched)" in lines


def test_batched_methods_run_on_a_fixed_batch_model_whose_logits_match_onnxruntime(tmp_path):
    """The maps themselves are checked against references in the Swift tests (FixedBatchAttributionTests)."""
    path = fixed_batch_classifier(tmp_path)
    images = np.random.default_rng(4).standard_normal((3, 3, 32, 32)).astype(np.float32)
    np.save(tmp_path / "images.npy", images)
    predictions = "".join(f"x{i} = %image load images.npy --item {i}\nl{i} = %predict x{i} --raw\n%save l{i} logits{i}.npy\n"
                          for i in range(3))
    run(f"net = %model load model.onnx\nxs = %image load images.npy\n{predictions}"
        "%compare gradient,ig,smoothgrad,occlusion xs --steps 8 --samples 4", tmp_path)
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    for i in range(3):
        expected = session.run(None, {"input": images[i:i + 1]})[0]
        np.testing.assert_allclose(np.load(tmp_path / f"logits{i}.npy"), expected, rtol=1e-4, atol=1e-4)


def test_external_data_outside_the_models_folder_is_refused(tmp_path):
    (tmp_path / "secret.bin").write_bytes(b"\0" * 4096)
    folder = tmp_path / "model"
    folder.mkdir()
    path = fixed_batch_classifier(folder)
    model = onnx.load(str(path), load_external_data=False)
    for tensor in model.graph.initializer:
        for entry in tensor.external_data:
            if entry.key == "location":
                entry.value = "../secret.bin"
    onnx.save(model, str(path))
    result = run("net = %model load model/model.onnx", tmp_path, check=False)
    assert result.returncode != 0 and "'../secret.bin' contains a '..' component" in result.stderr


def test_nan_or_infinite_inputs_are_refused_naming_the_image(tmp_path):
    image = np.zeros((1, 3, 64, 64), dtype=np.float32)
    image[0, 0, :2, :3] = np.nan
    image[0, 1, 5, 5] = np.inf
    np.save(tmp_path / "broken.npy", image)
    for command in ["%predict x", "%saliency ig x --steps 4", "%compare gradient,gbp x"]:
        result = run(f"net = %model zoo shapes-cnn\nx = %image load broken.npy\n{command}", tmp_path, check=False)
        assert result.returncode != 0, command
        assert "broken.npy holds 6 NaN and 1 infinite values" in result.stderr and "nan_to_num" in result.stderr, result.stderr
