"""Quantized files as onnxruntime's quantization tool writes them from a float model.

QDQ format (`quantize_static(..., quant_format=QDQ)`): QuantizeLinear→DequantizeLinear pairs on the
weights and on the activations between operators, the operators themselves in float. Its reference is
onnxruntime with graph optimisations off, which runs those nodes as the ONNX standard defines them;
optimised, onnxruntime fuses them into integer kernels whose rounding differs slightly (the manifest
records by how much). An activation that lands within float32 noise of a rounding boundary can round to
the neighbouring step in another correct implementation, so these files carry a looser logits tolerance
(`QDQ_TOLERANCE`), checked to be well above what float32 noise in the quantized activations does to
them (`float_noise_sensitivity`),
and no input gradient (rounding is flat almost everywhere).

QOperator format: QLinearConv, QLinearMatMul, … — integer operators the importer is to refuse by name.
"""
import pathlib

import numpy as np
import onnx
from onnx import version_converter
from onnxruntime.quantization import (CalibrationDataReader, QuantFormat, QuantType, quant_pre_process,
                                      quantize_static)

QDQ_TOLERANCE = 1e-2


class RandomImages(CalibrationDataReader):
    """Calibration batches of standard-normal images, like the fixtures' inputs."""

    def __init__(self, input_name: str, shape, count: int = 16, seed: int = 0):
        generator = np.random.default_rng(seed)
        self.batches = iter([{input_name: generator.standard_normal((1, *shape)).astype(np.float32)}
                             for _ in range(count)])

    def get_next(self):
        return next(self.batches, None)


def float_noise_sensitivity(path: pathlib.Path, x: np.ndarray, trials: int = 20, seed: int = 0) -> float:
    """How far the logits move, relative to max(1, max |logits|), when every activation that is quantized
    is first scaled by 1 + 1e-5·N(0, 1): ten times the float32 noise a different but correct order of sums
    leaves, enough to tip the values nearest a rounding boundary across it (the next quantization mostly
    absorbs the step). Run as ONNX defines the operators (onnxruntime without graph optimisations)."""
    import onnxruntime
    generator = np.random.default_rng(seed)
    original = onnx.load(str(path))
    graph_inputs = {value.name for value in original.graph.input}

    def logits(model):
        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
        runner = onnxruntime.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
        return runner.run(None, {runner.get_inputs()[0].name: x})[0]

    reference = logits(original)
    scale = max(1.0, float(np.abs(reference).max()))
    largest = 0.0
    for _ in range(trials):
        model = onnx.ModelProto()
        model.CopyFrom(original)
        sites = [node for node in model.graph.node
                 if node.op_type == "QuantizeLinear" and node.input[0] not in graph_inputs]
        for index, node in enumerate(sites):
            factor = onnx.numpy_helper.from_array(np.float32(1 + 1e-5 * generator.standard_normal()), f"noise_{index}")
            model.graph.initializer.append(factor)
            noisy = f"{node.input[0]}_noisy_{index}"
            model.graph.node.append(onnx.helper.make_node("Mul", [node.input[0], factor.name], [noisy]))
            node.input[0] = noisy
        sorted_nodes = topologically_sorted(model.graph)
        del model.graph.node[:]
        model.graph.node.extend(sorted_nodes)
        largest = max(largest, float(np.abs(logits(model) - reference).max()) / scale)
    return largest


def topologically_sorted(graph):
    """The graph's nodes in an order where each comes after the producers of its inputs."""
    produced = {value.name for value in graph.input} | {tensor.name for tensor in graph.initializer} | {""}
    pending, ordered = list(graph.node), []
    while pending:
        ready = [node for node in pending if all(name in produced for name in node.input)]
        for node in ready:
            ordered.append(node)
            produced.update(node.output)
        pending = [node for node in pending if node not in ready]
    return ordered


def quantized(float_model: pathlib.Path, output: pathlib.Path, input_name: str, shape, quant_format) -> pathlib.Path:
    """Per-channel weights need DequantizeLinear's `axis` (opset 13): an older model is converted first,
    as onnxruntime's documentation advises (the quantizer otherwise writes an invalid model)."""
    prepared = output.with_name(output.stem + ".prepared.onnx")
    model = onnx.load(str(float_model))
    if next(entry.version for entry in model.opset_import if entry.domain in ("", "ai.onnx")) < 13:
        model = version_converter.convert_version(model, 13)
    onnx.save(model, str(prepared))
    quant_pre_process(str(prepared), str(prepared))
    quantize_static(str(prepared), str(output), RandomImages(input_name, shape), quant_format=quant_format,
                    per_channel=True, activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8)
    prepared.unlink()
    return output


def qdq(float_model, output, input_name, shape):
    return quantized(float_model, output, input_name, shape, QuantFormat.QDQ)


def qoperator(float_model, output, input_name, shape):
    return quantized(float_model, output, input_name, shape, QuantFormat.QOperator)
