#!/usr/bin/env python3
"""The exporter zoo: the ONNX files today's exporters and model zoos write, small, with references.
Run by hand, never by `make test` (about half an hour on two cores):

    /tmp/venv-torch/bin/python tools/make_exporter_zoo.py            # everything
    /tmp/venv-torch/bin/python tools/make_exporter_zoo.py tv_resnet   # some families again

/tmp/venv-torch holds, from PyPI: torch 2.13.0+cpu, torchvision 0.28.0, timm 1.0.31, transformers 5.25.0,
onnx 1.23.2, onnxruntime 1.32.0, onnxscript 0.7.2, numpy (PyPI's torchvision is built for CUDA torch;
exporter_zoo/modules.py:import_torchvision makes its models importable beside the CPU wheel). Optimum's
exporter needs its own venv, /tmp/venv-optimum (exporter_zoo/optimum_export.py says how to make it);
without it the Optimum variants are left out, listed in not_exported.json.

What it writes, for each family, into Tests/ONNXTests/Fixtures/exporters/<family>/ or, for the held-out
families (HELD_OUT below, fixed before any importer work), into .../exporters-heldout/<family>/:

    input.npy                 a float32 batch of 2, standard normal, drawn until every max-pooling window
                              has a clear winner (tools/exporter_zoo/references.py explains why)
    input_gradient.npy        ∂(Σ_batch logits[:, target]) / ∂input by PyTorch autograd on the module
                              (float64), or on the hand-built graph's PyTorch twin
    gradcam.npy               for a few families: Grad-CAM at the last spatial feature map
    <variant>.onnx            one exported file (+ <variant>.onnx.data: the dynamo exporter's weights)
    <variant>.logits.npy      onnxruntime's output for input.npy (item by item where the batch is fixed)

and manifest.json (every variant: family, source, exporter, opset, batch, external data, operators,
target, files, tolerances, notes) and not_exported.json (what an exporter refused, with its message).
Every file passes onnx.checker's full check and runs in onnxruntime, whose logits agree with PyTorch's
float64 forward pass to 1e-4 relative (otherwise the variant is left out and listed as not exported).
"""
import argparse
import copy
import json
import os
import pathlib
import shutil
import subprocess
import tempfile
import time
import traceback

import numpy as np
import onnx
import torch

from exporter_zoo import exporting, quantized, references
from exporter_zoo.family import CLASSES
from exporter_zoo.modules import calibrated_head, logits_of, randomized

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Tests" / "ONNXTests" / "Fixtures"
DEVELOPMENT, HELD_OUT_FOLDER = FIXTURES / "exporters", FIXTURES / "exporters-heldout"
OPTIMUM_PYTHON = pathlib.Path(os.environ.get("OPTIMUM_PYTHON", "/tmp/venv-optimum/bin/python"))

# Fixed before the importer work began; see exporters/README.md for why these.
HELD_OUT = {
    "tv_googlenet", "tv_efficientnet_v2", "tv_swin_v2", "tv_regnet",
    "timm_deit", "timm_levit", "timm_mobilevit_v2", "timm_coatnet", "timm_ghostnet_v2",
    "hf_swin",
    "modelzoo_densenet", "modelzoo_shufflenet_v2", "modelzoo_googlenet",
}

TORCHSCRIPT_OPSETS = [11, 12, 13, 14, 15, 16, 17]
OLD_OPSETS = [9, 10, 8, 7]
DYNAMO_DYNAMIC_OPSETS = [18, 21, 22, 23, 19]
# Each family is exported three ways (TorchScript at a modern opset, TorchScript at an old opset, dynamo),
# and the batch varies over the families instead of doubling the files: every third family's modern
# TorchScript export keeps the batch fixed, and every third family's dynamo export has a dynamic batch at
# another opset instead of the defaults.
FIXED_TORCHSCRIPT_EVERY = DYNAMO_DYNAMIC_EVERY = 3
# The dynamo files of these families keep every node annotation the exporter wrote (stack traces and all);
# the others lose them (exporting.strip_node_metadata): most of a dynamo file's size.
AS_WRITTEN = {"tv_resnet", "timm_coatnet"}
LOGITS_TOLERANCE = 1e-4


def folder_of(family: str) -> pathlib.Path:
    return (HELD_OUT_FOLDER if family in HELD_OUT else DEVELOPMENT) / family


def relative_difference(actual: np.ndarray, expected: np.ndarray) -> float:
    """max |actual − expected| / max(1, max |expected|): the logits tolerance the tests use."""
    return float(np.abs(actual - expected).max() / max(1.0, float(np.abs(expected).max())))


class Zoo:
    """Collects manifest entries and refusals while the families are written."""

    def __init__(self):
        self.entries, self.refused = [], []

    def refuse(self, family, variant, exporter, opset, error):
        message = " ".join(str(error).split())[:400]
        self.refused.append({"family": family, "variant": variant, "exporter": exporter, "opset": opset,
                             "error": message, "split": "heldout" if family in HELD_OUT else "development"})
        print(f"    {variant}: not exported — {message[:160]}")

    def add(self, family, source, export: exporting.Export, x, torch_logits, files, extra, optimized=True,
            tolerance=LOGITS_TOLERANCE):
        """Checks the exported file, runs onnxruntime on it and records it; a file that fails the checker or
        whose onnxruntime logits differ from `torch_logits` by more than `tolerance` is refused instead."""
        variant = export.path.stem
        try:
            model = exporting.checked(export.path)
            logits = exporting.onnxruntime_logits(export.path, x, optimized)
        except Exception as error:
            self.refuse(family, variant, export.exporter, export.opset, f"onnx.checker/onnxruntime: {error}")
            self.remove(export)
            return None
        difference = relative_difference(logits, torch_logits)
        if difference > tolerance:
            self.refuse(family, variant, export.exporter, export.opset,
                        f"onnxruntime's logits differ from PyTorch's by {difference:.2e} relative")
            self.remove(export)
            return None
        np.save(export.path.with_name(variant + ".logits.npy"), logits.astype(np.float32))
        batch = exporting.fixed_batch(model)
        size = export.path.stat().st_size + (export.external_data.stat().st_size if export.external_data else 0)
        entry = {
            "name": f"{family}/{variant}", "family": family, "source": source, "exporter": export.exporter,
            "opset": export.opset, "batch": "dynamic" if batch is None else batch,
            "external_data": export.external_data.name if export.external_data else None,
            "producer": f"{model.producer_name} {model.producer_version}".strip(),
            "model": f"{family}/{variant}.onnx", "logits": f"{family}/{variant}.logits.npy",
            "logits_tolerance": tolerance, "onnxruntime_vs_reference": difference,
            "operators": exporting.operators(model), "size_bytes": size, "expect": "match",
            **files, **extra,
        }
        self.entries.append(entry)
        print(f"    {variant}: {size / 1024:.0f} KiB, {len(model.graph.node)} nodes, ort vs torch {difference:.1e}")
        return entry

    @staticmethod
    def remove(export):
        for path in (export.path, export.external_data):
            if path is not None:
                path.unlink(missing_ok=True)

    def write(self, replaced):
        """Writes both manifests: the entries of this run, and those of earlier runs for families not in
        `replaced` (the families this run makes)."""
        for folder, in_split in ((DEVELOPMENT, lambda f: f not in HELD_OUT), (HELD_OUT_FOLDER, lambda f: f in HELD_OUT)):
            manifest, refused = folder / "manifest.json", folder / "not_exported.json"
            kept = lambda items: [item for item in items if item["family"] not in replaced]
            old_entries = kept(json.loads(manifest.read_text())) if manifest.exists() else []
            old_refused = kept(json.loads(refused.read_text())) if refused.exists() else []
            entries = sorted(old_entries + [e for e in self.entries if in_split(e["family"])], key=lambda e: e["name"])
            refusals = sorted(old_refused + [r for r in self.refused if in_split(r["family"])],
                              key=lambda r: (r["family"], r["variant"]))
            folder.mkdir(parents=True, exist_ok=True)
            manifest.write_text(json.dumps(entries, indent=1) + "\n")
            refused.write_text(json.dumps(refusals, indent=1) + "\n")


# ==== PyTorch families ===============================================================================
def variants(index: int):
    """The exports of the index-th family: opsets and batch kinds rotate over the families, and the opset
    moves up where the family needs a newer one than its turn gives it."""
    if index % FIXED_TORCHSCRIPT_EVERY == FIXED_TORCHSCRIPT_EVERY - 1:
        modern = ("torchscript", TORCHSCRIPT_OPSETS[(index + 3) % 7:], False)
    else:
        modern = ("torchscript", TORCHSCRIPT_OPSETS[index % 7:], True)
    plan = [
        modern,
        ("torchscript", list(range(OLD_OPSETS[index % len(OLD_OPSETS)], 11)), True),
    ]
    if index % DYNAMO_DYNAMIC_EVERY == 0:
        opset = DYNAMO_DYNAMIC_OPSETS[index // DYNAMO_DYNAMIC_EVERY % len(DYNAMO_DYNAMIC_OPSETS)]
        plan.append(("dynamo", [opset], True))
    else:
        plan.append(("dynamo", [None], False))                       # torch.onnx.export(model, (x,), path)
    return plan


def export_one(zoo, family, folder, model, example, exporter, opset, dynamic):
    """One export, or None with the exporter's refusal recorded."""
    suffix = "dynamic" if dynamic else "fixed"
    path = folder / f"{exporter}_opset{'default' if opset is None else opset}_{suffix}.onnx"
    try:
        if exporter == "torchscript":
            return exporting.torchscript(model, example, path, opset, dynamic)
        export = exporting.dynamo(model, example, path, opset, dynamic)
        final = path.with_name(f"dynamo_opset{export.opset}_{suffix}.onnx")
        if final != path:
            rename_with_data(export, final)
        return export
    except Exception as error:
        zoo.refuse(family.name, path.stem, exporter, opset, f"{type(error).__name__}: {error}")
        for stale in (path, path.with_name(path.name + ".data")):
            stale.unlink(missing_ok=True)
        return None


def rename_with_data(export: exporting.Export, final: pathlib.Path):
    """Renames a dynamo export once its opset is known: the model refers to its data file by name, so
    the references are rewritten and the data file renamed with it."""
    model = onnx.load(str(export.path), load_external_data=False)
    if export.external_data is not None:
        new_data = final.with_name(final.name + ".data")
        for tensor in model.graph.initializer:
            for entry in tensor.external_data:
                if entry.key == "location":
                    entry.value = new_data.name
        export.external_data.rename(new_data)
        export.external_data = new_data
    final.write_bytes(model.SerializeToString())
    export.path.unlink()
    export.path = final


def torch_family(zoo: Zoo, family, index: int):
    folder = folder_of(family.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    torch.manual_seed(index)
    model = randomized(family.build(), seed=index).eval()
    shape = (references.BATCH, 3, family.size, family.size)
    calibrated_head(model, torch.randn(shape, generator=torch.Generator().manual_seed(index)), CLASSES)
    reference = copy.deepcopy(model).double()
    forward64 = lambda t: logits_of(reference(t))
    x, margins, draws = references.tie_free_input(forward64, shape, index)
    target, gradient = references.live_target(forward64, x, (3 * index + 1) % CLASSES)
    activation = None
    if family.gradcam:
        target, cam, activation = references.grad_cam_target(reference, forward64, x, target, family.gradcam)
        np.save(folder / "gradcam.npy", cam)
        gradient = references.input_gradient(forward64, x, target)
    with torch.no_grad():
        torch_logits = forward64(torch.tensor(x, dtype=torch.float64)).numpy()
    np.save(folder / "input.npy", x)
    np.save(folder / "input_gradient.npy", gradient)
    files = {"input": f"{family.name}/input.npy", "input_gradient": f"{family.name}/input_gradient.npy"}
    extra = {"target": target, "input_shape": list(shape), "load_input_shape": None, "note": family.note,
             "gradient": {"method": "PyTorch autograd on the module", "dtype": "float64",
                          "max_pool_windows": margins.windows, "max_pool_exact_ties": margins.exact_ties,
                          "max_pool_smallest_gap": None if margins.windows == 0 else margins.smallest_gap,
                          "input_draws": draws + 1}}
    example = torch.tensor(x)
    for exporter, opsets, dynamic in variants(index):
        # The first opset whose export the exporter writes, onnx.checker passes and onnxruntime runs right.
        for opset in opsets:
            export = export_one(zoo, family, folder, model, example, exporter, opset, dynamic)
            if export is None:
                continue
            strip = exporter == "dynamo" and family.name not in AS_WRITTEN
            note = {"node_metadata_removed_bytes": exporting.strip_node_metadata(export.path)} if strip else {}
            if exporter == "dynamo" and opset is None:
                note["call"] = "torch.onnx.export(model, (x,), path): the exporter's defaults"
            entry = zoo.add(family.name, family.source, export, x, torch_logits, files, extra | note)
            if entry is None:
                continue
            if family.gradcam:
                entry["gradcam"] = {"module": family.gradcam.module, "layout": family.gradcam.layout,
                                    "prefix_tokens": family.gradcam.prefix_tokens,
                                    "file": f"{family.name}/gradcam.npy",
                                    "onnx_tensor": exporting.tensor_holding(export.path, x, activation)}
            break
    if family.source == "hf":
        optimum_variant(zoo, family, folder, model, x, torch_logits, files, extra)


def optimum_variant(zoo, family, folder, model, x, torch_logits, files, extra):
    """Optimum's exporter on the same weights, saved by transformers 5 and read by Optimum's transformers."""
    if not OPTIMUM_PYTHON.exists():
        zoo.refuse(family.name, "optimum", "optimum", None, f"no Optimum venv at {OPTIMUM_PYTHON}")
        return
    with tempfile.TemporaryDirectory() as scratch:
        model.model.save_pretrained(f"{scratch}/model")
        result = subprocess.run([str(OPTIMUM_PYTHON), str(ROOT / "tools" / "exporter_zoo" / "optimum_export.py"),
                                 f"{scratch}/model", f"{scratch}/onnx"], capture_output=True, text=True,
                                env=os.environ | {"HF_HUB_OFFLINE": "1"})
        if result.returncode != 0:
            zoo.refuse(family.name, "optimum", "optimum", None, result.stderr.strip().splitlines()[-1])
            return
        written = onnx.load(f"{scratch}/onnx/model.onnx", load_external_data=False)
        opset = exporting.opset_of(written)
        path = folder / f"optimum_opset{opset}_dynamic.onnx"
        shutil.copy(f"{scratch}/onnx/model.onnx", path)
    # Optimum leaves height and width symbolic too: the importer is told the size, as `--size HxW` does.
    size = list(x.shape[2:])
    zoo.add(family.name, family.source, exporting.Export(path, "optimum", opset, True, None), x, torch_logits,
            files, extra | {"load_input_shape": [-1, 3, *size]})


# ==== hand-built zoo graphs ==========================================================================
def hand_built_family(zoo: Zoo, family, index: int):
    from exporter_zoo import modelzoo_style
    folder = folder_of(family.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shape = (references.BATCH, *family.input_shape)

    def graph(opset, batch, x64):
        g = modelzoo_style.zoo.Graph(family.name, opset, family.input_shape, seed=index, batch=batch,
                                     channels_last=family.channels_last, twin_input=x64,
                                     int8_weights=family.int8_weights)
        return g, family.build(g)

    def forward64(t):
        g, output = graph(*family.variants[0], t)
        return g.values[output].reshape(t.shape[0], -1)

    x, margins, draws = references.tie_free_input(forward64, shape, 1000 + index)
    target, gradient = references.live_target(forward64, x, (3 * index + 1) % CLASSES)
    with torch.no_grad():
        twin_output = forward64(torch.tensor(x, dtype=torch.float64))
    np.save(folder / "input.npy", x)
    np.save(folder / "input_gradient.npy", gradient)
    files = {"input": f"{family.name}/input.npy", "input_gradient": f"{family.name}/input_gradient.npy"}
    for opset, batch in family.variants:
        g, output = graph(opset, batch, None)
        model = g.model(output, doc=family.note)
        path = folder / f"onnx_helper_opset{opset}_{'dynamic' if batch is None else 'fixed'}.onnx"
        path.write_bytes(model.SerializeToString())
        logits_shape = (references.BATCH, *g.shapes[output])
        extra = {"target": target, "input_shape": list(shape), "load_input_shape": None, "note": family.note,
                 "gradient": {"method": "PyTorch autograd on the graph's twin (modelzoo_graphs.py)",
                              "dtype": "float64", "max_pool_windows": margins.windows, "max_pool_exact_ties": margins.exact_ties,
                              "max_pool_smallest_gap": None if margins.windows == 0 else margins.smallest_gap,
                              "input_draws": draws + 1}}
        zoo.add(family.name, "modelzoo-style", exporting.Export(path, "onnx.helper", opset, batch is None, None), x,
                twin_output.numpy().reshape(logits_shape), files, extra)


# ==== quantized files ================================================================================
def torchscript_dynamic(family: str) -> pathlib.Path:
    """The family's TorchScript export with a dynamic batch at opset 11–17: what quantization starts from."""
    return next(path for path in sorted(folder_of(family).glob("torchscript_opset1?_dynamic.onnx")))


def quantized_files(zoo: Zoo):
    """Static QDQ of two exported families, and QOperator of one, from their TorchScript files."""
    folder = DEVELOPMENT / "quantized"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in ("tv_resnet", "tv_mobilenet_v2"):
        origin = torchscript_dynamic(name)
        x = np.load(folder_of(name) / "input.npy")
        np.save(folder / f"{name}.input.npy", x)
        base = {"input": f"quantized/{name}.input.npy", "input_gradient": None, "input_shape": list(x.shape),
                "load_input_shape": None, "target": None, "gradient": None}
        path = quantized.qdq(origin, folder / f"{name}_qdq.onnx", "input", x.shape[1:])
        opset = exporting.opset_of(onnx.load(str(path)))
        path = path.rename(folder / f"{name}_qdq_opset{opset}_dynamic.onnx")
        reference = exporting.onnxruntime_logits(path, x, optimized=False)
        fused = exporting.onnxruntime_logits(path, x, optimized=True)
        noise = quantized.float_noise_sensitivity(path, x)
        if noise > quantized.QDQ_TOLERANCE:
            raise RuntimeError(f"{path.name}: ten times float32 noise moves the logits by {noise:.1e}, beyond the "
                               f"tolerance")
        export = exporting.Export(path, "onnxruntime.quantization (QDQ)", opset, True, None)
        zoo.add("quantized", "onnxruntime.quantization", export, x, reference, base,
                {"gradient_note": "quantized activations: rounding is flat almost everywhere, no gradient",
                 "note": f"quantize_static QDQ (per-channel int8 weights, uint8 activations) of "
                         f"{name}/{origin.name}; logits from onnxruntime without graph optimisations (the ONNX "
                         f"definition); optimised onnxruntime (integer kernels) differs by "
                         f"{relative_difference(fused, reference):.1e} relative",
                 "float_noise_sensitivity": noise},
                optimized=False, tolerance=quantized.QDQ_TOLERANCE)
    origin = torchscript_dynamic("tv_resnet")
    x = np.load(folder / "tv_resnet.input.npy")
    path = quantized.qoperator(origin, folder / "tv_resnet_qoperator.onnx", "input", x.shape[1:])
    model = exporting.checked(path)
    opset = exporting.opset_of(model)
    path = path.rename(folder / f"tv_resnet_qoperator_opset{opset}_dynamic.onnx")
    integer_ops = sorted({node.op_type for node in model.graph.node
                          if node.op_type.startswith("QLinear") or node.op_type.endswith("Integer")})
    zoo.entries.append({
        "name": f"quantized/{path.stem}", "family": "quantized", "source": "onnxruntime.quantization",
        "exporter": "onnxruntime.quantization (QOperator)", "opset": opset, "batch": "dynamic",
        "external_data": None, "producer": f"{model.producer_name} {model.producer_version}",
        "model": f"quantized/{path.name}", "input": "quantized/tv_resnet.input.npy", "logits": None,
        "input_gradient": None, "logits_tolerance": None, "target": None, "input_shape": list(x.shape),
        "load_input_shape": None, "operators": exporting.operators(model), "size_bytes": path.stat().st_size,
        "expect": "refused", "refusal_must_name": integer_ops,
        "note": "QOperator format: integer operators; the importer must refuse it, saying that quantized "
                "operators are not supported and naming one of refusal_must_name"})


# ==== main ===========================================================================================
def families():
    from exporter_zoo import hf_families, modelzoo_style, timm_families, torchvision_families
    torch_families = torchvision_families.FAMILIES + timm_families.FAMILIES + hf_families.FAMILIES
    return torch_families, modelzoo_style.FAMILIES


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("only", nargs="*", help="families to make again (default: all)")
    arguments = parser.parse_args()
    torch_families, hand_built = families()
    known = {f.name for f in torch_families + hand_built} | {"quantized"}
    unknown = set(arguments.only) - known
    if unknown:
        parser.error(f"unknown families {sorted(unknown)}; known: {sorted(known)}")
    wanted = lambda name: not arguments.only or name in arguments.only
    zoo = Zoo()
    replaced = set(arguments.only) or known      # the manifests are rewritten after every family
    started = time.time()
    for index, family in enumerate(torch_families):
        if wanted(family.name):
            print(f"{family.name} ({family.source}, {time.time() - started:.0f}s)", flush=True)
            try:
                torch_family(zoo, family, index)
            except Exception:
                traceback.print_exc()
                zoo.refuse(family.name, "*", "*", None, traceback.format_exc().strip().splitlines()[-1])
            zoo.write(replaced)
    for index, family in enumerate(hand_built):
        if wanted(family.name):
            print(f"{family.name} (modelzoo-style, {time.time() - started:.0f}s)", flush=True)
            hand_built_family(zoo, family, 100 + index)
            zoo.write(replaced)
    if wanted("quantized"):
        print("quantized", flush=True)
        quantized_files(zoo)
        zoo.write(replaced)
    total = sum(path.stat().st_size for folder in (DEVELOPMENT, HELD_OUT_FOLDER) for path in folder.rglob("*")
                if path.is_file())
    print(f"{len(zoo.entries)} files written, {len(zoo.refused)} refusals, fixtures now {total / 2**20:.1f} MiB, "
          f"{time.time() - started:.0f}s")


if __name__ == "__main__":
    main()
