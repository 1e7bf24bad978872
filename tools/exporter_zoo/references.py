"""The reference values every fixture carries: a tie-free input, PyTorch's input gradient, Grad-CAM.

Max-pool ties. Where two values of a max-pooling window are equal, the gradient goes to whichever one an
implementation picks, and maps differ at that pixel; where they differ by less than float32 rounding,
an engine computing in float32 may pick the other one than the float64 reference. Inputs here are drawn
from a continuous distribution, so exact ties among non-zero values have probability zero; windows of
zeros (after a ReLU) tie, but the ReLU before them passes no gradient to any of their pixels, whichever
is picked. Exact ties among non-zero values do occur where one value is copied: a max pooling of a max
pooling's output (GoogLeNet's pool branch after a stride-2 pool) sees the element that won two
overlapping windows twice; either copy leads back to the same pixel. What remains is near-ties: values
that differ by less than float32 noise. `tie_free_input` redraws the input until every max-pooling window
of the float64 forward pass has its two largest values either equal or at least `MARGIN` apart relative
to the largest: ten times the float32 rounding (6e-8 a step) accumulated over the layers before it
(about 1e-6). The tests then need no allowance for ties: every pixel must match.
"""
from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch
import torch.nn.functional as F
from torch.overrides import TorchFunctionMode

from .family import GradCamLayer

BATCH = 2
MARGIN = 1e-5


@dataclass
class PoolingMargins:
    """Counted over every max-pooling window of one forward pass."""
    windows: int = 0
    near_ties: int = 0
    exact_ties: int = 0
    smallest_gap: float = float("inf")


class MaxPoolWatch(TorchFunctionMode):
    """Measures, for every 2-D max pooling the model runs (module or functional), the gap between the two
    largest values of each window relative to the largest. Windows whose largest value is exactly zero
    (all zeros after a ReLU) are not counted: no gradient reaches them; exact ties are counted apart."""

    def __init__(self):
        super().__init__()
        self.margins = PoolingMargins()

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        result = func(*args, **kwargs)
        if "max_pool2d" in getattr(func, "__name__", ""):
            with torch._C.DisableTorchFunction():
                self.measure(func, args, kwargs, result)
        return result

    def measure(self, func, args, kwargs, result):
        names = ["input", "kernel_size", "stride", "padding", "dilation", "ceil_mode", "return_indices"]
        bound = dict(zip(names, args)) | kwargs
        x = bound["input"].detach()
        pair = lambda value, default: (value, value) if isinstance(value, int) else tuple(value or default)
        kernel = pair(bound["kernel_size"], None)
        stride = pair(bound.get("stride"), kernel) if bound.get("stride") not in (None, []) else kernel
        padding = pair(bound.get("padding", 0), (0, 0))
        dilation = pair(bound.get("dilation", 1), (1, 1))
        output = result[0] if isinstance(result, tuple) else result
        out_h, out_w = output.shape[-2:]
        extra = [max(0, (size - 1) * s + (k - 1) * d + 1 - (length + 2 * p))
                 for size, s, k, d, length, p in zip((out_h, out_w), stride, kernel, dilation, x.shape[-2:], padding)]
        padded = F.pad(x, (padding[1], padding[1] + extra[1], padding[0], padding[0] + extra[0]), value=-float("inf"))
        flat = padded.reshape(-1, 1, *padded.shape[-2:])
        windows = F.unfold(flat, kernel, dilation=dilation, stride=stride)        # (N·C, k·k, L)
        top = windows.topk(2, dim=1).values
        largest, second = top[:, 0], top[:, 1]
        counted = (largest != 0) & torch.isfinite(second)
        gap = ((largest - second) / largest.abs().clamp_min(1e-300))[counted]
        self.margins.windows += int(counted.sum())
        self.margins.exact_ties += int((gap == 0).sum())
        gap = gap[gap > 0]
        if gap.numel():
            self.margins.near_ties += int((gap < MARGIN).sum())
            self.margins.smallest_gap = min(self.margins.smallest_gap, float(gap.min()))


def pooling_margins(forward: Callable[[torch.Tensor], object], x: np.ndarray) -> PoolingMargins:
    with torch.no_grad(), MaxPoolWatch() as watch:
        forward(torch.tensor(x, dtype=torch.float64))
    return watch.margins


def tie_free_input(forward: Callable[[torch.Tensor], object], shape, seed: int, attempts: int = 50):
    """A standard-normal float32 input of `shape` (batch first) whose max-pooling windows all have a clear
    winner in `forward` (float64), with the margins measured; the seed is advanced until one is found."""
    for attempt in range(attempts):
        x = np.random.default_rng([seed, attempt]).standard_normal(shape).astype(np.float32)
        margins = pooling_margins(forward, x)
        if margins.near_ties == 0:
            return x, margins, attempt
    raise RuntimeError(f"no tie-free input in {attempts} draws (last: {margins})")


def input_gradient(forward: Callable[[torch.Tensor], torch.Tensor], x: np.ndarray, target: int,
                   dtype=torch.float64) -> np.ndarray:
    """∂(Σ_batch logits[:, target]) / ∂input by autograd."""
    inputs = torch.tensor(x, dtype=dtype, requires_grad=True)
    forward(inputs)[:, target].sum().backward()
    return inputs.grad.numpy().astype(np.float32)


def live_target(forward: Callable[[torch.Tensor], torch.Tensor], x: np.ndarray, first: int,
                classes: int = 10) -> tuple[int, np.ndarray]:
    """The first class from `first` on (cyclically) whose logit depends on every image of `x`, with its
    input gradient: behind a ReLU on the logits (SqueezeNet's classifier) a class can be zero for every
    input, and its all-zero gradient would make a test that cannot fail."""
    for offset in range(classes):
        target = (first + offset) % classes
        gradient = input_gradient(forward, x, target)
        if all(np.abs(image).max() > 0 for image in gradient):
            return target, gradient
    raise ValueError("no class's logit depends on the input")


def as_nchw(activation: torch.Tensor, layer: GradCamLayer) -> torch.Tensor:
    """pytorch-grad-cam's reshape transforms: NHWC stages and ViT token sequences to N×C×h×w."""
    if layer.layout == "NCHW":
        return activation
    if layer.layout == "NHWC":
        return activation.permute(0, 3, 1, 2)
    tokens = activation[:, layer.prefix_tokens:, :]
    side = int(round(tokens.shape[1] ** 0.5))
    return tokens.reshape(tokens.shape[0], side, side, tokens.shape[2]).permute(0, 3, 1, 2)


def grad_cam(model: torch.nn.Module, forward: Callable[[torch.Tensor], torch.Tensor], x: np.ndarray, target: int,
             layer: GradCamLayer, dtype=torch.float64):
    """Grad-CAM at `layer` as pytorch-grad-cam computes it before its min-max scaling and resizing:
    ReLU(Σ_c mean_hw(∂y_target/∂A_c) · A_c), per image, at the layer's h×w. Returns the map and the
    layer's activation as the module returned it (to find the same tensor in an ONNX graph)."""
    module = model.get_submodule(layer.module)
    captured = {}

    def hook(_, __, output):
        output.retain_grad()
        captured["activation"] = output

    handle = module.register_forward_hook(hook)
    try:
        logits = forward(torch.tensor(x, dtype=dtype))
        logits[:, target].sum().backward()
    finally:
        handle.remove()
    activation = captured["activation"]
    values, gradients = as_nchw(activation, layer), as_nchw(activation.grad, layer)
    weights = gradients.mean(dim=(2, 3), keepdim=True)
    cam = torch.relu((weights * values).sum(dim=1))
    return cam.detach().numpy().astype(np.float32), activation.detach().numpy()


def grad_cam_target(model, forward, x, first: int, layer: GradCamLayer, classes: int = 10):
    """The first class from `first` on (cyclically) whose Grad-CAM is positive on at least a quarter of
    each image's map, with that map and the layer's activation: on random weights many classes' maps are
    all zero after the ReLU, and a zero reference tells nothing. `first` if no class qualifies."""
    for offset in range(classes):
        target = (first + offset) % classes
        cam, activation = grad_cam(model, forward, x, target, layer)
        if all((image > 0).mean() >= 0.25 for image in cam):
            return target, cam, activation
    return (first, *grad_cam(model, forward, x, first, layer))
