#!/usr/bin/env python3
"""Reference fixtures for the ONNX importer's handling of the files users bring (issue 23): external
data, old operator versions, graphs exported with a fixed batch, and quantized models. Run by hand,
never by `make test`:

    /tmp/venv-torch/bin/python tools/make_importer_fixtures.py          # torch, onnx 1.23, onnxruntime 1.32

Everything lands in Tests/ONNXTests/Fixtures/importer/ (and seeds for the ONNX fuzzer in
Fuzz/corpus/onnx/), each folder with a manifest.json:

    external/    a small CNN from the dynamo exporter (opset 18, weights in `<name>.onnx.data`) and one
                 saved with onnx's external-data helper into a subfolder, with onnxruntime's logits
    opsets/      hand-built onnx.helper graphs of every operator version from opset 7 on whose
                 attributes or inputs changed (BatchNormalization's spatial, Dropout's ratio, Slice/Pad/
                 Clip attributes, axes as attribute or input, Softmax's 2-D coercion before 13, …), and
                 torchvision-style classifiers exported at opsets 7–10, each with onnxruntime's outputs
                 (and PyTorch's input gradient for the exported ones)
    fixed/       a torchvision ResNet and ViT exported without dynamic_axes by both exporters, and a
                 graph that really fixes its batch, with per-item onnxruntime logits, PyTorch input gradients
                 and Captum integrated gradients
    quantized/   QDQ models from onnxruntime.quantization (per-tensor and per-channel weights) with
                 onnxruntime's outputs without graph optimizations (the Q/DQ nodes run as written), and a
                 QOperator model the importer must refuse

Inputs are seeded; models have seeded random weights (no downloads).
"""
import io
import json
import os
import pathlib
import shutil
import tempfile
import warnings

import numpy as np
import onnx
import onnxruntime
import torch
import torchvision
from onnx import TensorProto, helper, numpy_helper
from torch import nn

from make_engine_fixtures import LocalResponseNorm, input_gradient

warnings.filterwarnings("ignore")
ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Tests" / "ONNXTests" / "Fixtures" / "importer"
FUZZ_SEEDS = ROOT / "Fuzz" / "corpus" / "onnx"


def run(model_bytes_or_path, x, optimized=True):
    options = onnxruntime.SessionOptions()
    if not optimized:
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
    session = onnxruntime.InferenceSession(model_bytes_or_path, options, providers=["CPUExecutionProvider"])
    return session.run(None, {session.get_inputs()[0].name: x})


def seeded_input(shape, seed):
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


def write_manifest(folder: pathlib.Path, entries):
    (folder / "manifest.json").write_text(json.dumps(entries, indent=2) + "\n")


def fresh(folder: str) -> pathlib.Path:
    path = FIXTURES / folder
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def small_cnn(seed: int, classes=5) -> nn.Module:
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Conv2d(16, 24, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                          nn.Linear(24, classes))
    with torch.no_grad():
        model[1].running_mean.uniform_(-0.2, 0.2)
        model[1].running_var.uniform_(0.5, 1.5)
    return model.eval()


# ---------------------------------------------------------------------------------------------------
# external/: weights beside the model
def make_external():
    folder = fresh("external")
    entries = []
    model = small_cnn(1)
    x = seeded_input((2, 3, 16, 16), 1)
    # The dynamo exporter (torch ≥ 2.9's default) writes tensors above its threshold to <name>.onnx.data.
    path = folder / "cnn_dynamo.onnx"
    torch.onnx.export(model, (torch.from_numpy(x[:1]),), str(path), dynamo=True, input_names=["input"],
                      output_names=["logits"], dynamic_shapes=({0: torch.export.Dim("batch")},))
    proto = onnx.load(str(path), load_external_data=False)
    assert any(t.data_location == TensorProto.EXTERNAL for t in proto.graph.initializer), "no external tensor"
    entries.append(("cnn_dynamo", x, run(str(path), x)[0]))
    # onnx's helper: every tensor in one file in a subfolder, at 4096-aligned offsets.
    loaded = onnx.load(str(path))
    (folder / "weights").mkdir()
    onnx.save_model(loaded, str(folder / "cnn_subfolder.onnx"), save_as_external_data=True, all_tensors_to_one_file=True,
                    location="weights/cnn_subfolder.bin", size_threshold=128, convert_attribute=True)
    entries.append(("cnn_subfolder", x, run(str(folder / "cnn_subfolder.onnx"), x)[0]))
    manifest = []
    for name, inputs, logits in entries:
        np.save(folder / f"{name}.input.npy", inputs)
        np.save(folder / f"{name}.logits.npy", logits)
        files = sorted({e.value for t in onnx.load(str(folder / f"{name}.onnx"), load_external_data=False).graph.initializer
                        for e in t.external_data if e.key == "location"})
        manifest.append({"name": name, "external_files": files})
        print(f"external/{name}: {files}")
    write_manifest(folder, manifest)


def make_fuzz_seeds():
    """Models whose weights point into the fuzzer's weights.bin (float32 0.001·i, i < 1024)."""
    def external(name, dims, location, offset, length):
        tensor = helper.make_tensor_value_info(name, TensorProto.FLOAT, dims)
        proto = TensorProto()
        proto.name, proto.data_type = name, TensorProto.FLOAT
        proto.dims.extend(dims)
        proto.data_location = TensorProto.EXTERNAL
        for key, value in [("location", location), ("offset", str(offset)), ("length", str(length))]:
            entry = proto.external_data.add()
            entry.key, entry.value = key, value
        return proto

    seeds = {
        "external_weights": [("w", [4, 3, 3, 3], "weights.bin", 0, 432), ("b", [4], "weights.bin", 432, 16)],
        "external_subfolder": [("w", [4, 3, 3, 3], "sub/small.bin", 0, 64), ("b", [4], "inside.bin", 4096 - 16, 16)],
        "external_escape": [("w", [4, 3, 3, 3], "escape.bin", 0, 432), ("b", [4], "../secret.bin", 0, 16)],
    }
    for seed, tensors in seeds.items():
        graph = helper.make_graph(
            [helper.make_node("Conv", ["x", "w", "b"], ["y"], pads=[1, 1, 1, 1])], seed,
            [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 3, 6, 6])],
            [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 4, 6, 6])],
            [external(*t) for t in tensors])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
        model.ir_version = 9
        (FUZZ_SEEDS / f"{seed}.onnx").write_bytes(model.SerializeToString())
    print(f"fuzz seeds: {', '.join(seeds)}")


# ---------------------------------------------------------------------------------------------------
# opsets/: every operator version whose attributes or inputs changed, from opset 7 on
RNG = np.random.default_rng(11)


def tensor(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def floats(*shape, low=-1.0, high=1.0):
    return RNG.uniform(low, high, shape).astype(np.float32)


def ints(*values):
    return np.array(values, dtype=np.int64)


def graph_case(name, opset, nodes, input_shape, initializers=(), output="y", gradient=None):
    """One hand-built graph of input 'x' (batch left open) and output `output`, with onnxruntime's
    output on a seeded batch of 2; `gradient`, a PyTorch function of the input, also gives the input
    gradient for a seeded output seed."""
    return dict(name=name, opset=opset, nodes=nodes, input_shape=input_shape, initializers=list(initializers),
                output=output, gradient=gradient)


def old_operator_cases():
    c = []
    x4 = [2, 3, 6, 6]
    scale, bias, mean, var = floats(3, low=0.5, high=1.5), floats(3), floats(3, low=-0.3, high=0.3), floats(3, low=0.5, high=1.5)
    bn = [tensor("s", scale), tensor("b", bias), tensor("m", mean), tensor("v", var)]
    for opset in [7, 8]:
        c.append(graph_case(f"batchnorm_spatial1_opset{opset}", opset,
                            [helper.make_node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"], spatial=1, epsilon=1e-3, momentum=0.8)],
                            x4, bn))
    full = [floats(3, 6, 6, low=0.5, high=1.5), floats(3, 6, 6), floats(3, 6, 6, low=-0.3, high=0.3), floats(3, 6, 6, low=0.5, high=1.5)]

    def per_activation(x):
        s, b, m, v = (torch.tensor(a, dtype=torch.float64) for a in full)
        return (x - m) / torch.sqrt(v + 1e-3) * s + b
    c.append(graph_case("batchnorm_spatial0_opset7", 7,
                        [helper.make_node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"], spatial=0, epsilon=1e-3)],
                        x4, [tensor(n, a) for n, a in zip("sbmv", full)], gradient=per_activation))
    c.append(graph_case("batchnorm_opset9", 9, [helper.make_node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"], epsilon=1e-3)],
                        x4, bn))
    # Dropout: ratio attribute and an unread mask (7, 10), ratio and training_mode inputs (12).
    for opset in [7, 10]:
        c.append(graph_case(f"dropout_mask_opset{opset}", opset,
                            [helper.make_node("Dropout", ["x"], ["d", "mask"], ratio=0.3), helper.make_node("Relu", ["d"], ["y"])], x4))
    c.append(graph_case("dropout_ratio_input_opset12", 12,
                        [helper.make_node("Dropout", ["x", "ratio", "training"], ["d"]), helper.make_node("Relu", ["d"], ["y"])], x4,
                        [tensor("ratio", np.float32(0.4)), tensor("training", np.bool_(False))]))
    c.append(graph_case("reshape_opset7", 7, [helper.make_node("Reshape", ["x", "shape"], ["y"])], x4, [tensor("shape", ints(0, -1, 4))]))
    # Axes as attributes (before 13, ReduceMean before 18) and as inputs.
    c.append(graph_case("squeeze_unsqueeze_attributes_opset11", 11,
                        [helper.make_node("ReduceMean", ["x"], ["r"], axes=[2, 3], keepdims=1),
                         helper.make_node("Squeeze", ["r"], ["q"], axes=[-1, 2]),
                         helper.make_node("Unsqueeze", ["q"], ["y"], axes=[1])], x4))
    c.append(graph_case("squeeze_unsqueeze_inputs_opset13", 13,
                        [helper.make_node("ReduceMean", ["x"], ["r"], axes=[3], keepdims=0),
                         helper.make_node("Unsqueeze", ["r", "a"], ["u"]), helper.make_node("Squeeze", ["u", "a"], ["y"])],
                        x4, [tensor("a", ints(1))]))
    c.append(graph_case("squeeze_all_ones_opset7", 7,
                        [helper.make_node("GlobalAveragePool", ["x"], ["g"]), helper.make_node("Squeeze", ["g"], ["y"], axes=[2, 3])], x4))
    c.append(graph_case("reducemean_axes_input_opset18", 18,
                        [helper.make_node("ReduceMean", ["x", "a"], ["y"], keepdims=0)], x4, [tensor("a", ints(1, -1))]))
    # Slice with attributes (before 10) and inputs with steps (10 on).
    c.append(graph_case("slice_attributes_opset9", 9,
                        [helper.make_node("Slice", ["x"], ["y"], starts=[1, -5], ends=[3, 1000], axes=[1, 3])], x4))
    c.append(graph_case("slice_attributes_no_axes_opset7", 7,
                        [helper.make_node("Slice", ["x"], ["y"], starts=[0, 1, 2], ends=[2, 3, 5])], x4))
    c.append(graph_case("slice_inputs_opset10", 10, [helper.make_node("Slice", ["x", "st", "en", "ax", "sp"], ["y"])], x4,
                        [tensor("st", ints(5, 0)), tensor("en", ints(0, 3)), tensor("ax", ints(3, 1)), tensor("sp", ints(-2, 2))]))
    # Pad with attributes (before 11).
    for mode in ["constant", "reflect", "edge"]:
        c.append(graph_case(f"pad_{mode}_attributes_opset10", 10,
                            [helper.make_node("Pad", ["x"], ["y"], mode=mode, pads=[0, 0, 1, 2, 0, 0, 2, 1], value=0.5)], x4))
    c.append(graph_case("pad_attributes_opset7", 7, [helper.make_node("Pad", ["x"], ["y"], pads=[0, 1, 0, 0, 0, 1, 0, 0])], x4))
    # Clip with attributes (before 11).
    c.append(graph_case("clip_attributes_opset10", 10, [helper.make_node("Clip", ["x"], ["y"], min=-0.2, max=0.6)], x4))
    c.append(graph_case("clip_max_only_opset7", 7, [helper.make_node("Clip", ["x"], ["y"], max=0.3)], x4))
    c.append(graph_case("clip_inputs_opset11", 11, [helper.make_node("Clip", ["x", "lo", ""], ["y"])], x4, [tensor("lo", np.float32(-0.1))]))
    # Pooling: MaxPool's storage_order and an unread Indices output (8), ceil_mode (10), dilations (12).
    c.append(graph_case("maxpool_storage_order_opset8", 8,
                        [helper.make_node("MaxPool", ["x"], ["y", "indices"], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1],
                                          storage_order=1)], x4))
    c.append(graph_case("maxpool_opset7", 7, [helper.make_node("MaxPool", ["x"], ["y"], kernel_shape=[2, 2], strides=[2, 2])], x4))
    c.append(graph_case("maxpool_ceil_opset10", 10,
                        [helper.make_node("MaxPool", ["x"], ["y"], kernel_shape=[3, 3], strides=[2, 2], ceil_mode=1)], x4))
    c.append(graph_case("maxpool_dilations_opset12", 12,
                        [helper.make_node("MaxPool", ["x"], ["y"], kernel_shape=[2, 2], dilations=[2, 2])], x4))
    c.append(graph_case("averagepool_count_include_pad_opset7", 7,
                        [helper.make_node("AveragePool", ["x"], ["y"], kernel_shape=[3, 3], pads=[1, 1, 1, 1], count_include_pad=1)], x4))
    c.append(graph_case("averagepool_ceil_opset10", 10,
                        [helper.make_node("AveragePool", ["x"], ["y"], kernel_shape=[2, 2], strides=[2, 2], pads=[0, 0, 1, 1], ceil_mode=1)], x4))
    # Gemm: C broadcast from opset 7 (opset 6's `broadcast` attribute is gone), transA, C optional from 11.
    x2 = [2, 5]
    c.append(graph_case("gemm_broadcast_opset7", 7, [helper.make_node("Gemm", ["x", "w", "c"], ["y"], alpha=0.5, beta=2.0, transB=1)],
                        x2, [tensor("w", floats(4, 5)), tensor("c", floats(4))]))
    c.append(graph_case("gemm_transpose_a_opset9", 9,
                        [helper.make_node("Transpose", ["x"], ["t"], perm=[1, 0]), helper.make_node("Gemm", ["t", "w", "c"], ["y"], transA=1)],
                        x2, [tensor("w", floats(5, 3)), tensor("c", floats(1, 3))]))
    # Softmax and LogSoftmax: before 13 over the input coerced to 2-D from `axis` (default 1) on.
    for op, opset, axis, shape in [("Softmax", 11, 1, x4), ("Softmax", 7, None, [2, 3, 5]), ("LogSoftmax", 9, 2, x4),
                                   ("Softmax", 12, -1, x4), ("Softmax", 13, 1, x4), ("LogSoftmax", 13, None, x4)]:
        attributes = {} if axis is None else {"axis": axis}
        coerced = opset < 13
        start = (1 if axis is None else axis) if coerced else (-1 if axis is None else axis)

        def reference(x, op=op, start=start, coerced=coerced):
            function = torch.softmax if op == "Softmax" else torch.log_softmax
            if not coerced:
                return function(x, start)
            start = start % x.dim()
            return function(x.reshape(*x.shape[:start], -1).reshape(int(np.prod(x.shape[:start])), -1), -1).reshape(x.shape)
        c.append(graph_case(f"{op.lower()}_axis{'default' if axis is None else axis}_opset{opset}", opset,
                            [helper.make_node(op, ["x"], ["y"], **attributes)], shape, gradient=reference))
    c.append(graph_case("flatten_axis2_opset7", 7, [helper.make_node("Flatten", ["x"], ["y"], axis=2)], x4))
    c.append(graph_case("flatten_negative_axis_opset11", 11, [helper.make_node("Flatten", ["x"], ["y"], axis=-1)], x4))
    # Split: sizes as attribute (before 13), input (13), or the number of outputs (18).
    c.append(graph_case("split_attribute_opset7", 7,
                        [helper.make_node("Split", ["x"], ["a", "b"], axis=1, split=[1, 2]),
                         helper.make_node("ReduceMean", ["b"], ["m"], axes=[1], keepdims=1), helper.make_node("Add", ["a", "m"], ["y"])], x4))
    c.append(graph_case("split_input_opset13", 13,
                        [helper.make_node("Split", ["x", "sizes"], ["a", "b"], axis=3), helper.make_node("Concat", ["b", "a"], ["y"], axis=3)],
                        x4, [tensor("sizes", ints(4, 2))]))
    c.append(graph_case("split_outputs_opset18", 18,
                        [helper.make_node("Split", ["x"], ["a", "b", "c"], axis=2, num_outputs=3),
                         helper.make_node("Mul", ["a", "c"], ["p"]), helper.make_node("Sub", ["p", "b"], ["y"])], x4))
    c.append(graph_case("cast_concat_opset7", 7,
                        [helper.make_node("Cast", ["x"], ["c"], to=TensorProto.FLOAT), helper.make_node("Concat", ["c", "x"], ["y"], axis=1)], x4))
    # The element-wise and window operators at the oldest opset.
    c.append(graph_case("conv_same_upper_opset7", 7,
                        [helper.make_node("Conv", ["x", "w", "b"], ["y"], auto_pad="SAME_UPPER", strides=[2, 2], group=3)],
                        x4, [tensor("w", floats(6, 1, 3, 3)), tensor("b", floats(6))]))
    c.append(graph_case("convtranspose_opset7", 7,
                        [helper.make_node("ConvTranspose", ["x", "w"], ["y"], strides=[2, 2], pads=[1, 1, 1, 1], output_padding=[1, 1])],
                        x4, [tensor("w", floats(3, 2, 3, 3))]))
    c.append(graph_case("activations_opset7", 7,
                        [helper.make_node("PRelu", ["x", "slope"], ["p"]), helper.make_node("LeakyRelu", ["p"], ["l"], alpha=0.2),
                         helper.make_node("HardSigmoid", ["l"], ["h"], alpha=0.3, beta=0.4), helper.make_node("Tanh", ["x"], ["t"]),
                         helper.make_node("Sigmoid", ["t"], ["g"]), helper.make_node("Mul", ["h", "g"], ["m"]),
                         helper.make_node("Relu", ["x"], ["r"]), helper.make_node("Add", ["r", "one"], ["r1"]), helper.make_node("Sqrt", ["r1"], ["q"]),
                         helper.make_node("Pow", ["q", "three"], ["w"]), helper.make_node("Div", ["m", "w"], ["d"]),
                         helper.make_node("Sub", ["d", "bias"], ["y"])],
                        x4, [tensor("slope", floats(3, 1, 1)), tensor("one", np.float32(1)), tensor("three", np.float32(3)),
                             tensor("bias", floats(1, 3, 1, 1))]))
    c.append(graph_case("lrn_pools_opset7", 7,
                        [helper.make_node("LRN", ["x"], ["l"], size=3, alpha=1e-2, beta=0.75, bias=1.0),
                         helper.make_node("GlobalMaxPool", ["l"], ["a"]), helper.make_node("GlobalAveragePool", ["x"], ["b"]),
                         helper.make_node("Identity", ["a"], ["i"]), helper.make_node("Add", ["i", "b"], ["y"])], x4))
    c.append(graph_case("matmul_transpose_gather_opset7", 7,
                        [helper.make_node("Transpose", ["x"], ["t"], perm=[0, 2, 3, 1]), helper.make_node("MatMul", ["t", "w"], ["m"]),
                         helper.make_node("Gather", ["m", "i"], ["y"], axis=1)],
                        x4, [tensor("w", floats(3, 4)), tensor("i", ints(5, 0, 2))]))
    c.append(graph_case("erf_opset9", 9, [helper.make_node("Erf", ["x"], ["y"])], x4))
    c.append(graph_case("expand_opset8", 8,
                        [helper.make_node("ReduceMean", ["x"], ["r"], axes=[1], keepdims=1), helper.make_node("Expand", ["r", "shape"], ["y"])],
                        x4, [tensor("shape", ints(1, 4, 1, 1))]))
    # Shape arithmetic with axes as attributes: a batch-following Reshape at opset 9.
    c.append(graph_case("shape_arithmetic_opset9", 9,
                        [helper.make_node("Shape", ["x"], ["s"]), helper.make_node("Gather", ["s", "zero"], ["n"], axis=0),
                         helper.make_node("Unsqueeze", ["n"], ["nn"], axes=[0]), helper.make_node("Concat", ["nn", "minus"], ["target"], axis=0),
                         helper.make_node("Reshape", ["x", "target"], ["y"])],
                        x4, [tensor("zero", np.int64(0)), tensor("minus", ints(-1))]))
    c.append(graph_case("layernorm_unread_mean_opset17", 17,
                        [helper.make_node("LayerNormalization", ["x", "g", "b"], ["y", "mean", "inverse"], axis=-1, epsilon=1e-4)],
                        [2, 4, 6], [tensor("g", floats(6)), tensor("b", floats(6))]))
    # The newest versions (types added, semantics kept), up to onnxruntime's newest opset.
    c.append(graph_case("newest_operators_opset28", 28,
                        [helper.make_node("Conv", ["x", "w"], ["c"], pads=[1, 1, 1, 1]), helper.make_node("Relu", ["c"], ["r"]),
                         helper.make_node("Pad", ["r", "pads"], ["p"], mode="edge"), helper.make_node("MaxPool", ["p"], ["m"], kernel_shape=[2, 2]),
                         helper.make_node("Cast", ["m"], ["f"], to=TensorProto.FLOAT), helper.make_node("Flatten", ["f"], ["l"]),
                         helper.make_node("Reshape", ["l", "shape"], ["q"]), helper.make_node("Transpose", ["q"], ["t"], perm=[0, 2, 1]),
                         helper.make_node("Squeeze", ["t", "axis"], ["y"])],
                        x4, [tensor("w", floats(4, 3, 3, 3)), tensor("pads", ints(0, 0, 0, 1, 0, 0, 1, 0)),
                             tensor("shape", ints(0, -1, 1)), tensor("axis", ints(1))]))
    return c


def write_graph_case(folder, case):
    shape = case["input_shape"]
    x = RNG.standard_normal(shape).astype(np.float32)
    graph = helper.make_graph(case["nodes"], case["name"],
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N"] + shape[1:])],
                              [helper.make_tensor_value_info(case["output"], TensorProto.FLOAT, None)], case["initializers"])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", case["opset"])])
    model.ir_version = 3 if case["opset"] < 9 else 4 if case["opset"] < 11 else 7 if case["opset"] < 15 else 10
    # The output's shape as onnx infers it (the checker wants one).
    if model.ir_version == 3:
        # IR 3 files (the Model Zoo's opset 7 and 8 ones) list every initializer among the graph inputs.
        model.graph.input.extend(helper.make_tensor_value_info(t.name, t.data_type, t.dims) for t in case["initializers"])
    y = run(model.SerializeToString(), x)[0]
    # The output's shape as onnx infers it (the checker wants one), else as onnxruntime computed it.
    inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True).graph.output[0]
    if not inferred.type.tensor_type.HasField("shape"):
        inferred = helper.make_tensor_value_info(case["output"], TensorProto.FLOAT, ["N"] + list(y.shape[1:]))
    model.graph.output[0].CopyFrom(inferred)
    try:
        onnx.checker.check_model(model, full_check=True)
    except Exception as error:
        raise RuntimeError(f"{case['name']}: {error}")
    data = model.SerializeToString()
    (folder / f"{case['name']}.onnx").write_bytes(data)
    np.save(folder / f"{case['name']}.input.npy", x)
    np.save(folder / f"{case['name']}.output.npy", y)
    entry = {"name": case["name"], "opset": case["opset"], "operators": sorted({n.op_type for n in case["nodes"]})}
    if case["gradient"] is not None:
        inputs = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        output = case["gradient"](inputs)
        assert np.allclose(output.detach().numpy(), y, rtol=1e-4, atol=1e-5), f"{case['name']}: PyTorch ≠ onnxruntime"
        seed = RNG.standard_normal(y.shape).astype(np.float32)
        (output * torch.tensor(seed, dtype=torch.float64)).sum().backward()
        np.save(folder / f"{case['name']}.seed.npy", seed)
        np.save(folder / f"{case['name']}.input_gradient.npy", inputs.grad.numpy().astype(np.float32))
        entry["gradient"] = True
    return entry


# Small classifiers in the style of the ONNX Model Zoo's families, exported by PyTorch's TorchScript
# exporter at the old opsets the zoo's files use.
class Fire(nn.Module):
    def __init__(self, cin, squeeze, expand):
        super().__init__()
        self.squeeze, self.left, self.right = nn.Conv2d(cin, squeeze, 1), nn.Conv2d(squeeze, expand, 1), nn.Conv2d(squeeze, expand, 3, padding=1)

    def forward(self, x):
        s = torch.relu(self.squeeze(x))
        return torch.cat([torch.relu(self.left(s)), torch.relu(self.right(s))], 1)


def zoo_squeezenet():
    return nn.Sequential(nn.Conv2d(3, 8, 3, 2), nn.ReLU(), nn.MaxPool2d(3, 2), Fire(8, 4, 8), Fire(16, 4, 8), nn.Dropout(0.5),
                         nn.Conv2d(16, 10, 1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Softmax(1))


class InvertedResidual(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(channels, channels * 3, 1, bias=False), nn.BatchNorm2d(channels * 3), nn.ReLU6(),
                                  nn.Conv2d(channels * 3, channels * 3, 3, padding=1, groups=channels * 3, bias=False),
                                  nn.BatchNorm2d(channels * 3), nn.ReLU6(), nn.Conv2d(channels * 3, channels, 1, bias=False),
                                  nn.BatchNorm2d(channels))

    def forward(self, x):
        return x + self.body(x)


def zoo_mobilenet():
    return nn.Sequential(nn.Conv2d(3, 8, 3, 2, 1, bias=False), nn.BatchNorm2d(8), nn.ReLU6(), InvertedResidual(8), InvertedResidual(8),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.2), nn.Linear(8, 10))


class DenseBlock(nn.Module):
    def __init__(self):
        super().__init__()
        self.one = nn.Sequential(nn.BatchNorm2d(8), nn.ReLU(), nn.Conv2d(8, 4, 3, padding=1, bias=False))
        self.two = nn.Sequential(nn.BatchNorm2d(12), nn.ReLU(), nn.Conv2d(12, 4, 3, padding=1, bias=False))

    def forward(self, x):
        x = torch.cat([x, self.one(x)], 1)
        return torch.cat([x, self.two(x)], 1)


def zoo_densenet():
    return nn.Sequential(nn.Conv2d(3, 8, 3, padding=1, bias=False), DenseBlock(), nn.BatchNorm2d(16), nn.ReLU(),
                         nn.Conv2d(16, 8, 1, bias=False), nn.AvgPool2d(2, 2, padding=1, count_include_pad=False),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 10))


class ShuffleUnit(nn.Module):
    def __init__(self, channels):
        super().__init__()
        half = channels // 2
        self.branch = nn.Sequential(nn.Conv2d(half, half, 1, bias=False), nn.BatchNorm2d(half), nn.ReLU(),
                                    nn.Conv2d(half, half, 3, padding=1, groups=half, bias=False), nn.BatchNorm2d(half))

    def forward(self, x):
        left, right = x.chunk(2, dim=1)
        x = torch.cat([left, self.branch(right)], 1)
        batch, channels, height, width = x.shape
        return x.view(batch, 2, channels // 2, height, width).transpose(1, 2).reshape(batch, channels, height, width)


def zoo_shufflenet():
    return nn.Sequential(nn.Conv2d(3, 8, 3, 2, 1, bias=False), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(3, 2, 1), ShuffleUnit(8),
                         ShuffleUnit(8), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 10))


class InceptionBlock(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Conv2d(8, 4, 1)
        self.b = nn.Sequential(nn.Conv2d(8, 4, 1), nn.ReLU(), nn.Conv2d(4, 4, 3, padding=1))
        self.c = nn.Sequential(nn.AvgPool2d(3, 1, 1), nn.Conv2d(8, 4, 1))

    def forward(self, x):
        return torch.relu(torch.cat([self.a(x), self.b(x), self.c(x)], 1))


class NativeLRN(nn.Module):
    """ONNX's own LRN node, as the zoo's GoogLeNet has it (PyTorch would export a decomposition)."""
    def forward(self, x):
        return LocalResponseNorm.apply(x)


def zoo_inception():
    return nn.Sequential(nn.Conv2d(3, 8, 5, 2, 2), nn.ReLU(), nn.MaxPool2d(3, 2, 1), NativeLRN(), InceptionBlock(),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(12, 10))


def zoo_vgg():
    return nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 8, 3, padding=1), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8 * 8 * 8, 16), nn.ReLU(), nn.Dropout(), nn.Linear(16, 10))


ZOO = [("resnet", lambda: tiny_resnet(20), [7, 8, 9]), ("squeezenet", zoo_squeezenet, [7, 8]), ("mobilenet", zoo_mobilenet, [9, 10]),
       ("densenet", zoo_densenet, [7, 9]), ("shufflenet", zoo_shufflenet, [9]), ("inception", zoo_inception, [7]),
       ("vgg", zoo_vgg, [8, 10])]


def make_opsets():
    folder = fresh("opsets")
    manifest = {"operators": [write_graph_case(folder, case) for case in old_operator_cases()], "classifiers": []}
    for index, (name, constructor, opsets) in enumerate(ZOO):
        torch.manual_seed(30 + index)
        model = constructor().eval()
        for module in model.modules():
            if isinstance(module, nn.BatchNorm2d):
                with torch.no_grad():
                    module.running_mean.uniform_(-0.2, 0.2)
                    module.running_var.uniform_(0.5, 1.5)
        x = seeded_input((2, 3, 32, 32), 40 + index)
        target = index % 10
        gradient = input_gradient(model, x, target)
        for opset in opsets:
            stem = f"zoo_{name}_opset{opset}"
            buffer = io.BytesIO()
            torch.onnx.export(model, (torch.from_numpy(x[:1]),), buffer, dynamo=False, opset_version=opset, input_names=["input"],
                              output_names=["logits"], dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
                              training=torch.onnx.TrainingMode.PRESERVE)
            data = buffer.getvalue()
            logits = run(data, x)[0]
            with torch.no_grad():
                assert np.allclose(logits, model(torch.from_numpy(x)).numpy(), rtol=1e-4, atol=1e-5), f"{stem}: onnxruntime ≠ PyTorch"
            (folder / f"{stem}.onnx").write_bytes(data)
            np.save(folder / f"{stem}.input.npy", x)
            np.save(folder / f"{stem}.logits.npy", logits)
            np.save(folder / f"{stem}.input_gradient.npy", gradient)
            operators = sorted({n.op_type for n in onnx.load_from_string(data).graph.node})
            manifest["classifiers"].append({"name": stem, "opset": opset, "target": target, "operators": operators})
            print(f"opsets/{stem}: {len(data) / 1024:.1f} KiB, {' '.join(operators)}")
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"opsets/: {len(manifest['operators'])} operator graphs")


# ---------------------------------------------------------------------------------------------------
# fixed/: exported without dynamic_axes
def tiny_vit(seed: int) -> nn.Module:
    torch.manual_seed(seed)
    from torchvision.models.vision_transformer import VisionTransformer
    return VisionTransformer(image_size=32, patch_size=8, num_layers=2, num_heads=2, hidden_dim=16, mlp_dim=32,
                             num_classes=10).eval()


def tiny_resnet(seed: int) -> nn.Module:
    """torchvision's ResNet (its forward: flatten(x, 1) before fc) narrowed to 8 and 16 channels."""
    torch.manual_seed(seed)
    from torchvision.models.resnet import BasicBlock, ResNet
    model = ResNet(BasicBlock, [1, 1, 1, 1], num_classes=10)
    model.conv1, model.bn1 = nn.Conv2d(3, 8, 7, 2, 3, bias=False), nn.BatchNorm2d(8)
    downsample = nn.Sequential(nn.Conv2d(8, 16, 1, 2, bias=False), nn.BatchNorm2d(16))
    model.layer1, model.layer2 = nn.Sequential(BasicBlock(8, 8)), nn.Sequential(BasicBlock(8, 16, 2, downsample))
    model.layer3, model.layer4, model.fc = nn.Identity(), nn.Identity(), nn.Linear(16, 10)
    model.eval()
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            with torch.no_grad():
                module.running_mean.uniform_(-0.2, 0.2)
                module.running_var.uniform_(0.5, 1.5)
    return model


class FirstItemOnly(nn.Module):
    """A graph that really fixes its batch: it reads the first item's features into every row."""
    def __init__(self):
        super().__init__()
        torch.manual_seed(5)
        self.features = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.head = nn.Linear(16, 10)

    def forward(self, x):
        features = self.features(x)
        return self.head(torch.cat([features, features[0:1].expand(features.shape[0], -1)], 1))


def make_fixed():
    folder = fresh("fixed")
    manifest = []
    # torchvision's ViT through the TorchScript exporter computes its attention shapes with Mod, which
    # the operators branch adds; its fixture joins this list once that is merged.
    cases = [("resnet", tiny_resnet(3), 3, ["torchscript", "dynamo"]), ("vit", tiny_vit(4), 4, ["dynamo"]),
             ("first_item", FirstItemOnly(), None, ["torchscript"])]
    for name, model, target, exporters in cases:
        x = seeded_input((3, 3, 32, 32), 7)
        for exporter in exporters:
            stem = f"{name}_{exporter}"
            buffer = io.BytesIO()
            if exporter == "dynamo":
                program = torch.onnx.export(model, (torch.from_numpy(x[:1]),), dynamo=True, input_names=["input"],
                                            output_names=["logits"])
                data = program.model_proto.SerializeToString()
            else:
                torch.onnx.export(model, (torch.from_numpy(x[:1]),), buffer, dynamo=False, opset_version=17,
                                  input_names=["input"], output_names=["logits"])
                data = buffer.getvalue()
            proto = onnx.load_from_string(data)
            assert proto.graph.input[0].type.tensor_type.shape.dim[0].dim_value == 1, "the batch is not fixed"
            (folder / f"{stem}.onnx").write_bytes(data)
            logits = np.concatenate([run(data, x[i:i + 1])[0] for i in range(len(x))])
            np.save(folder / f"{stem}.input.npy", x)
            np.save(folder / f"{stem}.logits.npy", logits)
            entry = {"name": stem, "rebatchable": name != "first_item"}
            if target is not None:
                np.save(folder / f"{stem}.input_gradient.npy", input_gradient(model, x, target))
                np.save(folder / f"{stem}.integrated_gradients.npy", captum_integrated_gradients(model, x, target))
                entry["target"] = target
            manifest.append(entry)
            print(f"fixed/{stem}: {len(data) / 1024:.1f} KiB")
    write_manifest(folder, manifest)


def captum_integrated_gradients(model: nn.Module, x: np.ndarray, target: int) -> np.ndarray:
    """Captum's IG from a zero baseline, 8 Gauss-Legendre steps, in float64: a batched method the
    re-batched graph must run on the whole batch."""
    from captum.attr import IntegratedGradients
    reference = model.double()
    attributions = IntegratedGradients(reference).attribute(torch.tensor(x, dtype=torch.float64), baselines=0.0,
                                                            target=target, n_steps=8, method="gausslegendre")
    model.float()
    return attributions.numpy().astype(np.float32)


# ---------------------------------------------------------------------------------------------------
# quantized/: QDQ and QOperator files from onnxruntime.quantization
class FakeQuantize(torch.autograd.Function):
    """QuantizeLinear as the importer runs it: round half to even, clamp; straight-through backward."""
    @staticmethod
    def forward(context, x, scale, zero_point, low, high):
        unclamped = torch.round(x / scale) + zero_point
        context.save_for_backward((unclamped >= low) & (unclamped <= high), scale)
        return unclamped.clamp(low, high)

    @staticmethod
    def backward(context, seed):
        inside, scale = context.saved_tensors
        return seed * inside / scale, None, None, None, None


def torch_run(model: onnx.ModelProto, x: torch.Tensor) -> torch.Tensor:
    """The few operators of a quantized small CNN, in float64 PyTorch: the reference for gradients
    through the fake quantization."""
    import torch.nn.functional as F
    values = {t.name: torch.tensor(numpy_helper.to_array(t).astype(np.float64)) for t in model.graph.initializer}
    ranges = {t.name: {TensorProto.UINT8: (0, 255), TensorProto.INT8: (-128, 127)}.get(t.data_type) for t in model.graph.initializer}
    values[model.graph.input[0].name] = x

    def per_axis(value, like, axis):
        return value if value.dim() == 0 else value.reshape([-1 if d == axis else 1 for d in range(like.dim())])
    for node in model.graph.node:
        a = {attribute.name: helper.get_attribute_value(attribute) for attribute in node.attribute}
        i = [values[name] for name in node.input]
        if node.op_type == "QuantizeLinear":
            axis = a.get("axis", 1)
            low, high = ranges[node.input[2]]
            y = FakeQuantize.apply(i[0], per_axis(i[1], i[0], axis), per_axis(i[2], i[0], axis), low, high)
        elif node.op_type == "DequantizeLinear":
            axis = a.get("axis", 1)
            zero = i[2] if len(i) > 2 else torch.zeros_like(i[1])
            y = (i[0] - per_axis(zero, i[0], axis)) * per_axis(i[1], i[0], axis)
        elif node.op_type == "Conv":
            pads = a.get("pads", [0, 0, 0, 0])
            y = F.conv2d(i[0], i[1], i[2] if len(i) > 2 else None, a.get("strides", [1, 1]), pads[:2], a.get("dilations", [1, 1]), a.get("group", 1))
        elif node.op_type == "Relu":
            y = torch.relu(i[0])
        elif node.op_type == "MaxPool":
            y = F.max_pool2d(i[0], a["kernel_shape"], a.get("strides", a["kernel_shape"]), a.get("pads", [0, 0, 0, 0])[:2])
        elif node.op_type == "GlobalAveragePool":
            y = i[0].mean(dim=(2, 3), keepdim=True)
        elif node.op_type == "Flatten":
            y = i[0].flatten(a.get("axis", 1))
        elif node.op_type == "Gemm":
            y = i[0] @ (i[1].T if a.get("transB", 0) else i[1]) + i[2]
        else:
            raise ValueError(f"torch_run has no {node.op_type}")
        values[node.output[0]] = y
    return values[model.graph.output[0].name]


def make_quantized():
    from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static
    folder = fresh("quantized")
    model = small_cnn(9)
    x = seeded_input((2, 3, 16, 16), 9)
    buffer = io.BytesIO()
    torch.onnx.export(model, (torch.from_numpy(x[:1]),), buffer, dynamo=False, opset_version=13, input_names=["input"],
                      output_names=["logits"], dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})

    class Calibration(CalibrationDataReader):
        def __init__(self):
            self.batches = iter([{"input": seeded_input((1, 3, 16, 16), 100 + i)} for i in range(16)])

        def get_next(self):
            return next(self.batches, None)
    manifest = []
    with tempfile.TemporaryDirectory() as scratch:
        source = os.path.join(scratch, "float.onnx")
        pathlib.Path(source).write_bytes(buffer.getvalue())
        for name, form, per_channel in [("cnn_qdq_per_tensor", QuantFormat.QDQ, False), ("cnn_qdq_per_channel", QuantFormat.QDQ, True),
                                        ("cnn_qoperator", QuantFormat.QOperator, False)]:
            target = os.path.join(scratch, f"{name}.onnx")
            quantize_static(source, target, Calibration(), quant_format=form, per_channel=per_channel,
                            activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8)
            data = pathlib.Path(target).read_bytes()
            (folder / f"{name}.onnx").write_bytes(data)
            entry = {"name": name, "format": form.name, "per_channel": per_channel}
            if form == QuantFormat.QDQ:
                # Without graph optimizations the Q/DQ nodes run as written, in float: what the
                # importer does. The default session fuses them into integer kernels that round
                # their requantization differently; its logits are kept for the record.
                literal, fused = run(data, x, optimized=False)[0], run(data, x)[0]
                inputs = torch.tensor(x, dtype=torch.float64, requires_grad=True)
                logits = torch_run(onnx.load_from_string(data), inputs)
                assert np.allclose(logits.detach().numpy(), literal, rtol=1e-4, atol=1e-4), f"{name}: PyTorch ≠ onnxruntime"
                logits[:, 2].sum().backward()
                np.save(folder / f"{name}.input.npy", x)
                np.save(folder / f"{name}.logits.npy", literal)
                np.save(folder / f"{name}.logits_fused.npy", fused)
                np.save(folder / f"{name}.input_gradient.npy", inputs.grad.numpy().astype(np.float32))
                proto = onnx.load_from_string(data)
                scales = [float(numpy_helper.to_array(t).max()) for t in proto.graph.initializer if t.name.endswith("_scale")
                          and any(n.op_type == "QuantizeLinear" and n.input[1] == t.name for n in proto.graph.node)]
                entry.update(target=2, largest_activation_scale=max(scales),
                             fused_difference=float(np.abs(fused - literal).max()))
            manifest.append(entry)
            print(f"quantized/{name}: {len(data) / 1024:.1f} KiB")
    write_manifest(folder, manifest)


def copy_fuzz_seeds():
    """Small fixtures of each kind seed the ONNX fuzzer: a fixed batch re-batched and kept, QDQ, old
    operator versions."""
    for folder, name in [("fixed", "resnet_torchscript"), ("fixed", "first_item_torchscript"), ("quantized", "cnn_qdq_per_channel"),
                         ("opsets", "zoo_shufflenet_opset9"), ("opsets", "slice_attributes_opset9"),
                         ("opsets", "softmax_axis1_opset11"), ("opsets", "batchnorm_spatial0_opset7")]:
        shutil.copy(FIXTURES / folder / f"{name}.onnx", FUZZ_SEEDS / f"{name}.onnx")


if __name__ == "__main__":
    make_opsets()
    make_external()
    make_fuzz_seeds()
    make_fixed()
    make_quantized()
    copy_fuzz_seeds()
