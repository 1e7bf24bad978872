"""The ways users turn a PyTorch model into ONNX, and what onnxruntime makes of the result.

- TorchScript (`dynamo=False`), opsets 7–17: with `dynamic_axes` on the batch, or without, which leaves
  the batch fixed at the example's 1 (the exporter's default, and many users' files);
- dynamo (`dynamo=True`): as a plain `torch.onnx.export(model, (x,), path)` call writes it (its default
  opset, fixed batch, weights in `path.data` beside the model), and with a dynamic batch at another opset.

The exported files are kept as the exporters wrote them, with one exception that `strip_node_metadata`
documents.
"""
import io
import os
import pathlib
import sys
import warnings
from dataclasses import dataclass
from typing import Optional

import numpy as np
import onnx
import onnxruntime
import torch

warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
warnings.filterwarnings("ignore", category=UserWarning)
warnings.filterwarnings("ignore", category=DeprecationWarning)
warnings.filterwarnings("ignore", category=FutureWarning)


@dataclass
class Export:
    """One exported file (and its external data file, if any) with what describes it in the manifest."""
    path: pathlib.Path
    exporter: str
    opset: int
    dynamic_batch: bool
    external_data: Optional[pathlib.Path]


def torchscript(model, example: torch.Tensor, path: pathlib.Path, opset: int, dynamic_batch: bool) -> Export:
    if dynamic_batch:
        names = dict(input_names=["input"], output_names=["logits"],
                     dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    else:
        names = {}   # the exporter's own names, as a plain call leaves them
    buffer = io.BytesIO()
    with quiet():
        torch.onnx.export(model, (example[:1],), buffer, dynamo=False, opset_version=opset, **names)
    path.write_bytes(buffer.getvalue())
    return Export(path, "torchscript", opset, dynamic_batch, None)


def dynamo(model, example: torch.Tensor, path: pathlib.Path, opset: Optional[int], dynamic_batch: bool) -> Export:
    """`opset=None` is the exporter's default. A dynamic batch is exported from a batch of two: torch.export
    specialises dimensions of size one."""
    arguments = {} if opset is None else {"opset_version": opset}
    if dynamic_batch:
        arguments["dynamic_shapes"] = ({0: torch.export.Dim("batch")},)
    sample = example[:2] if dynamic_batch else example[:1]
    for stale in (path, path.with_name(path.name + ".data")):
        stale.unlink(missing_ok=True)
    with quiet():
        torch.onnx.export(model, (sample,), str(path), dynamo=True, **arguments)
    data = path.with_name(path.name + ".data")
    written = onnx.load(str(path), load_external_data=False)
    return Export(path, "dynamo", opset_of(written), dynamic_batch, data if data.exists() else None)


class quiet:
    """The exporters print progress lines and, on failure, the whole TorchScript graph: keep them out of
    the script's output (the exception says what failed)."""

    def __enter__(self):
        sys.stdout.flush()
        sys.stderr.flush()
        self.saved = os.dup(1), os.dup(2)
        self.null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(self.null, 1)
        os.dup2(self.null, 2)

    def __exit__(self, *_):
        sys.stdout.flush()
        sys.stderr.flush()
        for descriptor, saved in zip((1, 2), self.saved):
            os.dup2(saved, descriptor)
            os.close(saved)
        os.close(self.null)


def strip_node_metadata(path: pathlib.Path) -> int:
    """The dynamo exporter annotates every node with where it came from: the Python stack trace, the FX
    node, the module namespace, class hierarchy and name scopes (three quarters of a small model's file,
    and this machine's paths). In most families those annotations are dropped; the graph, its value_info
    and the external data file stay as written. Returns the bytes saved."""
    model = onnx.load(str(path), load_external_data=False)
    before = path.stat().st_size
    for node in model.graph.node:
        del node.metadata_props[:]
    path.write_bytes(model.SerializeToString())
    return before - path.stat().st_size


def opset_of(model: onnx.ModelProto) -> int:
    return next(entry.version for entry in model.opset_import if entry.domain in ("", "ai.onnx"))


def operators(model: onnx.ModelProto) -> list:
    return sorted({node.op_type if node.domain in ("", "ai.onnx") else f"{node.domain}.{node.op_type}"
                   for node in model.graph.node})


def session(path: pathlib.Path, optimized: bool = True) -> onnxruntime.InferenceSession:
    options = onnxruntime.SessionOptions()
    if not optimized:
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def fixed_batch(model: onnx.ModelProto) -> Optional[int]:
    """The batch size the model's first input fixes, or None where it is symbolic."""
    dimension = model.graph.input[0].type.tensor_type.shape.dim[0]
    return dimension.dim_value if dimension.HasField("dim_value") else None


def onnxruntime_logits(path: pathlib.Path, x: np.ndarray, optimized: bool = True) -> np.ndarray:
    """onnxruntime's output for the batch `x`; a model with a fixed batch runs item by item."""
    model = onnx.load(str(path), load_external_data=False)
    runner = session(path, optimized)
    name = runner.get_inputs()[0].name
    batch = fixed_batch(model)
    if batch is None:
        return runner.run(None, {name: x})[0]
    return np.concatenate([runner.run(None, {name: x[index:index + batch]})[0] for index in range(0, len(x), batch)])


def checked(path: pathlib.Path) -> onnx.ModelProto:
    """The model after onnx.checker's full check (with shape inference), external data and all."""
    onnx.checker.check_model(str(path), full_check=True)
    return onnx.load(str(path), load_external_data=False)


def tensor_holding(path: pathlib.Path, x: np.ndarray, activation: np.ndarray) -> Optional[str]:
    """The name of the first node output in `path` whose value on `x` equals `activation` (a module's
    output in PyTorch): the ONNX tensor Grad-CAM should look at. Every node output is made a graph
    output of an in-memory copy and compared."""
    model = onnx.load(str(path))                                # with its external data, if any
    batch = fixed_batch(model)
    inputs, expected = (x, activation) if batch is None else (x[:batch], activation[:batch])
    known = {output.name for output in model.graph.output}
    candidates = [name for node in model.graph.node for name in node.output if name and name not in known]
    model.graph.output.extend(onnx.ValueInfoProto(name=name) for name in candidates)
    runner = onnxruntime.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    values = runner.run(candidates, {runner.get_inputs()[0].name: inputs})
    scale = max(1.0, float(np.abs(expected).max()))
    for name, value in zip(candidates, values):
        if value.shape == expected.shape and np.abs(value - expected).max() <= 1e-4 * scale:
            return name
    return None
