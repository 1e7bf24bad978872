#!/usr/bin/env python3
"""Grad-CAM references on layers that are not N×C×h×w: ConvNeXt's blocks, Swin's channels-last stages,
ViT and DeiT tokens, so that Tests/AttributionTests/CAMLayoutTests.swift can check both the default layer
the workbench picks and the map there against pytorch-grad-cam with its reshape transforms. Run by hand,
never by `make test`:

    python3 -m venv /tmp/venv-torch
    /tmp/venv-torch/bin/pip install "torch==2.13.0+cpu" torchvision timm onnx onnxruntime onnxscript numpy
    /tmp/venv-torch/bin/pip install --no-deps grad-cam
    /tmp/venv-torch/bin/pip install ttach tqdm opencv-python-headless matplotlib scikit-learn scipy
    /tmp/venv-torch/bin/python tools/make_cam_layout_references.py

torchvision is imported through tools/offline_torchvision.py (PyPI's wheel beside the CPU torch).

Each model is a cut-down member of its family with seeded random weights (norm statistics randomised),
exported by the TorchScript exporter at opset 17 with a dynamic batch. Written into
Tests/AttributionTests/Fixtures/cam_layouts/:

    <model>.onnx                  the model
    inputs.npy                    2×3×64×64 inputs in [0, 1) (float32), for every model
    <model>.<layer key>.npy       pytorch-grad-cam's Grad-CAM at that layer, after its ReLU and before
                                  its min-max normalisation and resizing (scale_cam_image replaced by the
                                  identity), N×1×h×w, computed in float64
    manifest.json                 per model: the targets, the ONNX node of the layer the workbench should
                                  pick by default ("default_layer"), and every reference: its module, its
                                  reshape transform and its ONNX node
"""
import importlib.metadata
import io
import json
import pathlib

import numpy as np
import onnx
import torch
from torch import nn

from offline_torchvision import import_torchvision

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "AttributionTests" / "Fixtures" / "cam_layouts"
SEED = 20261206
OPSET = 17
SIZE = 64
TARGETS = [1, 3]


def randomize(model: nn.Module) -> None:
    """Norm parameters away from 1 and 0, and weights that their family initialises to zero (torchvision
    ViT's head) drawn at random: otherwise no gradient reaches any layer."""
    for parameter in model.parameters():
        if parameter.dim() > 1 and not parameter.detach().any():
            with torch.no_grad():
                nn.init.normal_(parameter, std=0.2)
    for module in model.modules():
        if isinstance(module, (nn.LayerNorm, nn.BatchNorm2d, nn.GroupNorm)) and module.weight is not None:
            with torch.no_grad():
                module.weight.uniform_(0.5, 1.5)
                module.bias.uniform_(-0.2, 0.2)


def tokens_to_grid(prefix: int):
    """pytorch-grad-cam's ViT reshape transform: drop the prefix tokens, N×L×C → N×C×h×w."""
    def transform(tensor):
        places = tensor[:, prefix:, :]
        side = int(round(places.shape[1] ** 0.5))
        return places.reshape(places.shape[0], side, side, places.shape[2]).permute(0, 3, 1, 2)
    transform.__name__ = f"tokens_to_grid(prefix={prefix})"
    return transform


def channels_last_to_first(tensor):
    return tensor.permute(0, 3, 1, 2)


def models():
    import_torchvision()
    import timm
    from torchvision.models import convnext, swin_transformer, vision_transformer
    convnext_model = convnext.ConvNeXt([convnext.CNBlockConfig(16, 32, 2), convnext.CNBlockConfig(32, None, 2)],
                                       num_classes=10)
    swin = swin_transformer.SwinTransformer(patch_size=[4, 4], embed_dim=16, depths=[2, 2], num_heads=[2, 4],
                                            window_size=[4, 4], num_classes=10)
    vit = vision_transformer.VisionTransformer(image_size=SIZE, patch_size=16, num_layers=2, num_heads=2,
                                               hidden_dim=32, mlp_dim=64, num_classes=10)
    deit = timm.create_model("deit_tiny_distilled_patch16_224", pretrained=False, img_size=SIZE, patch_size=8, depth=2,
                             embed_dim=32, num_heads=2, num_classes=10)
    return {
        # name: (model, [(key, module, reshape transform or None)]), the first layer the expected default
        "convnext": (convnext_model, [("features_last", convnext_model.features[-1], None)]),
        "swin": (swin, [("permute", swin.permute, None), ("norm", swin.norm, channels_last_to_first),
                        ("stage_last", swin.features[-1], channels_last_to_first)]),
        "vit": (vit, [("block_input", vit.encoder.layers[-2], tokens_to_grid(1)),
                      ("last_ln_1", vit.encoder.layers[-1].ln_1, tokens_to_grid(1))]),
        "deit_distilled": (deit, [("block_input", deit.blocks[-2], tokens_to_grid(2)),
                                  ("last_norm1", deit.blocks[-1].norm1, tokens_to_grid(2))]),
    }


def export(model: nn.Module, example: torch.Tensor) -> onnx.ModelProto:
    buffer = io.BytesIO()
    torch.onnx.export(model, (example,), buffer, dynamo=False, opset_version=OPSET, input_names=["input"],
                      output_names=["logits"], dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    return onnx.load_from_string(buffer.getvalue())


def output_node(proto: onnx.ModelProto, model: nn.Module, module: nn.Module, example: torch.Tensor) -> str:
    """The ONNX node whose output is `module`'s output: the node computing a tensor equal to it, latest
    in the graph among those named after the module's path."""
    path = next(name for name, candidate in model.named_modules() if candidate is module)
    # The TorchScript exporter names a node by its scopes: each the qualified name so far inside
    # Sequential and ModuleList containers (features.3 → /features/features.3/), else the attribute name.
    parts = path.split(".")
    prefixes = {""}
    for count in range(1, len(parts) + 1):
        prefixes = {prefix + "/" + scope for prefix in prefixes for scope in (parts[count - 1], ".".join(parts[:count]))}
    prefixes = {prefix + "/" for prefix in prefixes}
    captured = {}
    handle = module.register_forward_hook(lambda _m, _i, output: captured.setdefault("output", output.detach()))
    with torch.no_grad():
        model(example)
    handle.remove()
    import onnxruntime
    outputs = {}
    for node in proto.graph.node:
        if any(node.name.startswith(prefix) for prefix in prefixes):
            outputs[node.output[0]] = node.name
    if not outputs:
        raise SystemExit(f"no ONNX node named after {path} ({prefixes})")
    probe = onnx.ModelProto()
    probe.CopyFrom(proto)
    del probe.graph.output[:]
    for name in outputs:
        probe.graph.output.append(onnx.ValueInfoProto(name=name))
    session = onnxruntime.InferenceSession(probe.SerializeToString(), providers=["CPUExecutionProvider"])
    values = session.run(None, {"input": example.numpy()})
    expected = captured["output"].numpy()
    matches = [outputs[name] for name, value in zip(outputs, values)
               if value.shape == expected.shape and np.allclose(value, expected, atol=1e-5)]
    if not matches:
        raise SystemExit(f"no ONNX node computes {path}'s output")
    return matches[-1]


def main() -> None:
    import pytorch_grad_cam.base_cam
    from pytorch_grad_cam import GradCAM
    from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget

    FIXTURES.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(SEED)
    generator = torch.Generator().manual_seed(SEED)
    inputs = torch.rand(len(TARGETS), 3, SIZE, SIZE, generator=generator)
    manifest = {"targets": TARGETS, "opset": OPSET,
                "versions": {package: importlib.metadata.version(package)
                             for package in ("torch", "torchvision", "timm", "grad-cam")},
                "models": {}}
    np.save(FIXTURES / "inputs.npy", inputs.numpy().astype(np.float32))
    pytorch_grad_cam.base_cam.scale_cam_image = lambda cam, target_size=None: np.asarray(cam, dtype=np.float64)
    for name, (model, layers) in models().items():
        randomize(model)
        model.eval()
        proto = export(model, inputs[:1])
        onnx.save(proto, FIXTURES / f"{name}.onnx")
        nodes = [output_node(proto, model, module, inputs[:1]) for _, module, _ in layers]
        model.double()
        references = []
        for (key, module, transform), node in zip(layers, nodes):
            with GradCAM(model=model, target_layers=[module], reshape_transform=transform) as cam:
                raw = cam(input_tensor=inputs.double(), targets=[ClassifierOutputTarget(t) for t in TARGETS])
            np.save(FIXTURES / f"{name}.{key}.npy", np.asarray(raw[:, None], dtype=np.float32))
            references.append({"key": key, "onnx_node": node,
                               "module": next(n for n, m in model.named_modules() if m is module),
                               "reshape": None if transform is None else transform.__name__, "shape": list(raw[:, None].shape)})
            print(f"{name:16} {key:14} {node:60} {raw.shape} max {raw.max():.4g}")
        manifest["models"][name] = {"file": f"{name}.onnx", "default_layer": references[0]["onnx_node"],
                                    "references": references, "bytes": (FIXTURES / f"{name}.onnx").stat().st_size}
    (FIXTURES / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


if __name__ == "__main__":
    main()
