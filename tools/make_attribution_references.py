#!/usr/bin/env python3
"""Reference attributions from the trusted Python libraries (Captum, pytorch-grad-cam, Zennit) for
one small CNN, so that Tests/AttributionTests/ReferenceParityTests.swift can prove that our Swift
methods compute the same numbers. Run by hand, never by `make test` (PyTorch is never needed there):

    python3 -m venv /tmp/refvenv
    /tmp/refvenv/bin/pip install "torch==2.13.0+cpu" captum zennit onnx numpy onnxscript
    /tmp/refvenv/bin/pip install --no-deps grad-cam
    /tmp/refvenv/bin/pip install "torch==2.13.0+cpu" ttach tqdm opencv-python-headless matplotlib scikit-learn scipy
    /tmp/refvenv/bin/python tools/make_attribution_references.py

Pinning torch keeps the CPU wheel that the project's machines find in their local wheel folder (pip's
find-links); `pip install torch --index-url https://download.pytorch.org/whl/cpu` may not work offline,
and an unpinned `pip install torch captum zennit grad-cam` from PyPI fetches the CUDA build (gigabytes).
PyPI's torchvision (pulled in by zennit) is built against that CUDA torch and does not import beside
the CPU wheel; the script then stubs the few torchvision names that pytorch-grad-cam and Zennit import
and never call (see `stub_torchvision_if_broken`). Versions used for the committed files: torch
2.13.0+cpu, captum 0.9.0, zennit 0.5.1, grad-cam 1.5.7 (also recorded in manifest.json).

What it writes into Tests/AttributionTests/Fixtures/:

    reference_cnn.onnx        the model, exported from float32 weights (opset 17, dynamic batch)
    inputs.npy                2×3×32×32 images in [0, 1]: uniform noise, and noisy stripes
    targets.npy               the target class of each image (float32, one per image)
    logits.npy                the model's logits for the inputs
    <method>.npy              one reference attribution per entry of the manifest
    manifest.json             every reference: file, library and version, method, parameters, notes

The model is conv3×3(3→8)-ReLU-maxpool2-conv3×3(8→16)-ReLU-conv3×3(16→16)-ReLU-global average
pool-linear(16→5), He-initialised from a fixed seed, in eval mode (no BatchNorm: LRP wants it folded,
and the ONNX fixtures already cover it). All references are computed in float64 (the float32 weights
cast up), then stored as float32: they are the exact answer our float32 engine should approach.

Conventions that differ from the library's defaults, so that raw numbers can be compared:

- Captum `LayerGradCam` is called with `relu_attributions=True` (our CAMs are non-negative).
- pytorch-grad-cam min-max normalises every CAM and resizes it to the input with OpenCV. Its
  `scale_cam_image` is replaced by the identity while the references are made, so the stored maps are
  the library's own CAMs at the layer's resolution after its ReLU, before normalising and resizing.
  The library's normal output (normalised, 32×32) is stored too, as `*_normalized.npy`.
- Zennit's attributor backpropagates whatever output relevance it is given. Our
  `LayerwiseRelevancePropagation` seeds the target's logit (one-hot × f_c(x), see
  `Network.inputGradients(seedWithLogits:)`), so the Zennit references are seeded the same way.
"""
import contextlib
import importlib.metadata
import io
import json
import pathlib

import numpy as np
import onnx
import torch
from torch import nn

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "AttributionTests" / "Fixtures"
SEED = 20240607
OPSET = 17
TARGETS = [1, 3]


class ReferenceCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.relu1 = nn.ReLU()
        self.pool = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.relu2 = nn.ReLU()
        self.conv3 = nn.Conv2d(16, 16, 3, padding=1)
        self.relu3 = nn.ReLU()
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(16, 5)

    def initialize(self) -> None:
        """He-normal convolutions and small random biases: PyTorch's default initialisation shrinks the
        signal at every layer, so that the logits hardly depend on the input and the gradients are tiny."""
        for module in self.modules():
            if isinstance(module, (nn.Conv2d, nn.Linear)):
                nn.init.kaiming_normal_(module.weight, nonlinearity="relu")
                nn.init.uniform_(module.bias, -0.1, 0.1)

    def forward(self, x):
        x = self.pool(self.relu1(self.conv1(x)))
        x = self.relu3(self.conv3(self.relu2(self.conv2(x))))
        return self.fc(self.flatten(self.gap(x)))


def make_inputs() -> torch.Tensor:
    """Two different images in [0, 1]: uniform noise, and coloured stripes with a little noise."""
    generator = torch.Generator().manual_seed(SEED + 1)
    noise = torch.rand(2, 3, 32, 32, generator=generator)
    rows, columns = torch.meshgrid(torch.arange(32.0), torch.arange(32.0), indexing="ij")
    stripes = torch.stack([0.5 + 0.4 * torch.sin(2 * torch.pi * (rows * 0.11 + columns * 0.05 + phase))
                           for phase in (0.0, 0.3, 0.6)])
    return torch.stack([noise[0], (stripes + 0.1 * (noise[1] - 0.5)).clamp(0, 1)])


def version(package: str) -> str:
    return importlib.metadata.version(package)


def export(model: nn.Module, example: torch.Tensor) -> bytes:
    buffer = io.BytesIO()
    torch.onnx.export(model, (example,), buffer, dynamo=False, opset_version=OPSET,
                      input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    return buffer.getvalue()


def relu_node_name(model_proto: onnx.ModelProto, module_name: str) -> str:
    """The ONNX node name of `module_name`'s ReLU (the exporter names it /<module>/Relu)."""
    names = [node.name for node in model_proto.graph.node if node.op_type == "Relu" and module_name in node.name]
    assert len(names) == 1, names
    return names[0]


class References:
    def __init__(self):
        self.manifest = []

    def save(self, name: str, array, method: str, library: str, parameters: dict, notes: str = "") -> None:
        if isinstance(array, torch.Tensor):
            array = array.detach().cpu().numpy()
        array = np.ascontiguousarray(np.asarray(array, dtype=np.float32))
        np.save(FIXTURES / f"{name}.npy", array)
        entry = {"name": name, "file": f"{name}.npy", "method": method, "library": library,
                 "parameters": parameters, "shape": list(array.shape)}
        if notes:
            entry["notes"] = notes
        self.manifest.append(entry)
        print(f"{name:32} {str(array.shape):20} max|·| {np.abs(array).max():.4g}")


def stub_torchvision_if_broken() -> None:
    """pytorch-grad-cam imports torchvision.transforms for its image-preprocessing helpers, Zennit
    torchvision.models.resnet for its ResNet canonizer; neither is used here. PyPI's torchvision is built
    against PyPI's CUDA torch and fails to import beside the CPU torch wheel; then these names are
    stubbed (plain placeholder classes), and nothing that is called depends on them."""
    import sys
    import types
    try:
        import torchvision.transforms  # noqa: F401
        return
    except Exception as error:  # RuntimeError: operator torchvision::nms does not exist
        print(f"torchvision unusable ({error}); stubbing the names pytorch-grad-cam and Zennit import")
    for name in [key for key in sys.modules if key == "torchvision" or key.startswith("torchvision.")]:
        del sys.modules[name]

    def unavailable(*_, **__):
        raise RuntimeError("torchvision is stubbed by make_attribution_references.py")

    modules = {name: types.ModuleType(name) for name in [
        "torchvision", "torchvision.transforms", "torchvision.transforms.functional", "torchvision.models",
        "torchvision.models.resnet"]}
    for name, module in modules.items():
        module.__path__ = []
        if "." in name:
            parent, child = name.rsplit(".", 1)
            setattr(modules[parent], child, module)
    for name in ["Compose", "Normalize", "ToTensor", "Resize"]:
        setattr(modules["torchvision.transforms"], name, unavailable)
    modules["torchvision.transforms.functional"].resize = unavailable
    for name in ["Bottleneck", "BasicBlock"]:
        setattr(modules["torchvision.models.resnet"], name, type(name, (torch.nn.Module,), {}))
    sys.modules.update(modules)


@contextlib.contextmanager
def current_output_gradients_in_deeplift():
    """Captum 0.9.0's DeepLift reads a module's output gradient from a tensor hook that runs before the
    next module's hook has rewritten that gradient (captum issue #1104, fixed by pull request #1843, not
    in a release yet). A ReLU that feeds a hooked MaxPool then rescales the plain max-pool gradient instead
    of DeepLIFT's, and attributions no longer sum to f(x) − f(x′): on the fixture model with a 0.5
    baseline the convergence delta is 4e-3, against 1e-16 with the fix. With a zero baseline the two agree.
    Within this context, the output gradient is taken from a full backward pre-hook, which sees it after
    the rewrite, as the fix does."""
    import captum.attr._core.deep_lift as deep_lift

    def register(module, hook, _attribution):
        latest = {}

        def remember(_module, grad_output):
            latest["gradient"] = grad_output[0]

        def watch_input(_module, inputs):
            tensor = inputs[0] if isinstance(inputs, tuple) else inputs

            def on_input_gradient(input_gradient):
                if "gradient" not in latest:
                    return None
                result = hook(module, input_gradient, latest["gradient"])
                return result[0] if isinstance(result, tuple) else result
            tensor.register_hook(on_input_gradient)
            return tensor.clone()
        return [module.register_forward_pre_hook(watch_input), module.register_full_backward_pre_hook(remember)]

    original = deep_lift._register_backward_hook
    deep_lift._register_backward_hook = register
    try:
        yield
    finally:
        deep_lift._register_backward_hook = original


def main() -> None:
    stub_torchvision_if_broken()
    from captum.attr import (Deconvolution, DeepLift, GuidedBackprop, InputXGradient, IntegratedGradients, LayerGradCam,
                             Occlusion, Saliency)
    import pytorch_grad_cam
    import pytorch_grad_cam.base_cam
    from pytorch_grad_cam import GradCAM, GradCAMPlusPlus, LayerCAM
    from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget
    from zennit.attribution import Gradient
    from zennit.composites import EpsilonAlpha2Beta1Flat, EpsilonGammaBox, EpsilonPlusFlat

    FIXTURES.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(SEED)
    model = ReferenceCNN()
    model.initialize()
    model.eval()
    inputs32 = make_inputs()

    data = export(model, inputs32[:1])
    proto = onnx.load_from_string(data)
    onnx.checker.check_model(proto)
    (FIXTURES / "reference_cnn.onnx").write_bytes(data)
    cam_layer = relu_node_name(proto, "relu3")

    model = model.double()
    inputs = inputs32.double()
    targets = torch.tensor(TARGETS)
    with torch.no_grad():
        logits = model(inputs)
    print("logits", logits.numpy().round(4), "targets", TARGETS)

    refs = References()
    refs.save("inputs", inputs, "input", "torch", {"shape": [2, 3, 32, 32], "images": "uniform noise; coloured stripes with noise"})
    refs.save("targets", np.array(TARGETS), "targets", "", {})
    refs.save("logits", logits, "forward", f"torch {version('torch')}", {})

    captum = f"captum {version('captum')}"
    refs.save("saliency", Saliency(model).attribute(inputs, target=targets, abs=True),
              "Saliency", captum, {"abs": True})
    refs.save("input_x_gradient", InputXGradient(model).attribute(inputs, target=targets),
              "InputXGradient", captum, {})
    for method, name in [("gausslegendre", "ig_gausslegendre"), ("riemann_trapezoid", "ig_riemann_trapezoid")]:
        attributions = IntegratedGradients(model).attribute(inputs, baselines=0.0, target=targets, n_steps=32,
                                                            method=method)
        refs.save(name, attributions, "IntegratedGradients", captum,
                  {"n_steps": 32, "method": method, "baselines": 0})
    refs.save("guided_backprop", GuidedBackprop(model).attribute(inputs, target=targets),
              "GuidedBackprop", captum, {})
    refs.save("deconvolution", Deconvolution(model).attribute(inputs, target=targets),
              "Deconvolution", captum, {})
    refs.save("layer_gradcam", LayerGradCam(model, model.relu3).attribute(inputs, target=targets,
                                                                            relu_attributions=True),
              "LayerGradCam", captum, {"layer": "relu3", "onnx_node": cam_layer, "relu_attributions": True},
              "at the layer's resolution, before any upsampling")
    occlusion = Occlusion(model).attribute(inputs, sliding_window_shapes=(3, 8, 8), strides=(3, 4, 4),
                                           baselines=0.0, target=targets)
    refs.save("occlusion", occlusion, "Occlusion", captum,
              {"sliding_window_shapes": [3, 8, 8], "strides": [3, 4, 4], "baselines": 0})

    attributions, delta = DeepLift(model).attribute(inputs, baselines=0.0, target=targets, return_convergence_delta=True)
    refs.save("deeplift", attributions, "DeepLift", captum, {"baselines": 0.0, "eps": 1e-10},
              f"rescale rule at the ReLUs and the max pool; convergence delta {delta.abs().max().item():.1e}")
    _, stale_delta = DeepLift(model).attribute(inputs, baselines=0.5, target=targets, return_convergence_delta=True)
    with current_output_gradients_in_deeplift():
        attributions, delta = DeepLift(model).attribute(inputs, baselines=0.5, target=targets,
                                                        return_convergence_delta=True)
    refs.save("deeplift_constant", attributions, "DeepLift", captum + " with captum#1104 fixed",
              {"baselines": 0.5, "eps": 1e-10},
              f"convergence delta {delta.abs().max().item():.1e}; unpatched captum {stale_delta.abs().max().item():.1e}")
    # pytorch-grad-cam: the normal output, then the raw CAMs with its normaliser switched off.
    gradcam = f"grad-cam {version('grad-cam')}"
    cam_targets = [ClassifierOutputTarget(t) for t in TARGETS]
    cams = [("gradcam", GradCAM), ("gradcampp", GradCAMPlusPlus), ("layercam", LayerCAM)]
    for name, constructor in cams:
        with constructor(model=model, target_layers=[model.relu3]) as cam:
            refs.save(f"{name}_normalized", cam(input_tensor=inputs, targets=cam_targets), constructor.__name__,
                      gradcam, {"target_layers": ["relu3"], "onnx_node": cam_layer},
                      "the library's output: min-max normalised per image, resized to 32×32 by OpenCV")
    scale = pytorch_grad_cam.base_cam.scale_cam_image
    pytorch_grad_cam.base_cam.scale_cam_image = lambda cam, target_size=None: np.asarray(cam, dtype=np.float64)
    try:
        for name, constructor in cams:
            with constructor(model=model, target_layers=[model.relu3]) as cam:
                raw = cam(input_tensor=inputs, targets=cam_targets)
            refs.save(name, raw[:, None], constructor.__name__, gradcam,
                      {"target_layers": ["relu3"], "onnx_node": cam_layer},
                      "the library's CAM after its ReLU, before min-max normalisation and resizing "
                      "(scale_cam_image replaced by the identity), N×1×h×w")
    finally:
        pytorch_grad_cam.base_cam.scale_cam_image = scale

    # Zennit: output relevance = one-hot(target) × the target's logit, as our LRP seeds it.
    zennit = f"zennit {version('zennit')}"
    seed = torch.zeros_like(logits)
    seed[torch.arange(len(TARGETS)), targets] = logits[torch.arange(len(TARGETS)), targets]
    low, high = torch.zeros_like(inputs), torch.ones_like(inputs)
    composites = [
        ("lrp_epsilon_plus_flat", EpsilonPlusFlat(epsilon=1e-6), {"epsilon": 1e-6}),
        ("lrp_epsilon_gamma_box", EpsilonGammaBox(low=low, high=high, epsilon=1e-6, gamma=0.25),
         {"low": 0, "high": 1, "epsilon": 1e-6, "gamma": 0.25}),
        ("lrp_epsilon_alpha2_beta1_flat", EpsilonAlpha2Beta1Flat(epsilon=1e-6), {"epsilon": 1e-6}),
    ]
    for name, composite, parameters in composites:
        with Gradient(model=model, composite=composite) as attributor:
            _, relevance = attributor(inputs.clone().requires_grad_(True), attr_output=seed)
        refs.save(name, relevance, type(composite).__name__, zennit, parameters | {"seed": "one-hot × target logit"},
                  f"sum of relevance per image: {relevance.sum(dim=(1, 2, 3)).numpy().round(5).tolist()}")

    manifest = {"model": "reference_cnn.onnx", "opset": OPSET, "seed": SEED, "cam_layer": cam_layer,
                "precision": "references computed in float64 from the float32 weights, stored as float32",
                "references": refs.manifest}
    (FIXTURES / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    total = sum(path.stat().st_size for path in FIXTURES.iterdir())
    print(f"{len(refs.manifest)} files, {total / 1024:.0f} KiB in {FIXTURES}")


if __name__ == "__main__":
    main()
