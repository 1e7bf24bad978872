"""Making a library's model small and random without leaving the library's own classes.

Every family is built by its library's constructor (torchvision, timm, transformers), so the exported
graph is what a user of that library gets. Where a constructor fixes the widths, `narrowed` divides the
channel counts afterwards; `randomized` then redraws every constant-initialised parameter and every
normalisation statistic, so that no layer is an identity, and `calibrated_head` scales the classifier so
that the logits are of order one (a tolerance relative to them then means something).
"""
import sys
import types

import torch
from torch import nn


def import_torchvision():
    """PyPI's torchvision wheel is built against PyPI's CUDA torch: its C extension does not load beside
    the CPU torch wheel, and `import torchvision` then fails registering fake kernels for the detection
    ops it never loaded ("operator torchvision::nms does not exist"). The classification models are plain
    Python, so only that registration module is left out."""
    try:
        import torchvision
    except RuntimeError:
        for name in [key for key in sys.modules if key == "torchvision" or key.startswith("torchvision.")]:
            del sys.modules[name]
        sys.modules["torchvision._meta_registrations"] = types.ModuleType("torchvision._meta_registrations")
        import torchvision
    return torchvision


def narrowed(model: nn.Module, divisor: int) -> nn.Module:
    """`model` with every Conv2d, Linear and BatchNorm2d rebuilt with its channel counts divided by
    `divisor`. A count that `divisor` does not divide stays as it is (the image's 3 channels, the class
    count, odd internal widths). The new width is a function of the old one alone, so every layer still
    meets its neighbours, and a concatenation of parts that are multiples of `divisor` still adds up to
    what the next layer expects. Build `model` on the meta device: its full-size weights are never made."""
    def narrow(count: int) -> int:
        return count // divisor if count % divisor == 0 else count

    for parent in list(model.modules()):
        for name, child in list(parent.named_children()):
            if isinstance(child, nn.Conv2d):
                depthwise = child.groups > 1 and child.groups == child.in_channels
                channels = narrow(child.in_channels)
                replacement = nn.Conv2d(channels, narrow(child.out_channels), child.kernel_size, child.stride,
                                        child.padding, child.dilation, channels if depthwise else child.groups,
                                        child.bias is not None, child.padding_mode)
            elif isinstance(child, nn.Linear):
                replacement = nn.Linear(narrow(child.in_features), narrow(child.out_features), child.bias is not None)
            elif isinstance(child, nn.BatchNorm2d):
                replacement = nn.BatchNorm2d(narrow(child.num_features), child.eps, child.momentum)
            else:
                continue
            setattr(parent, name, replacement)
    return model


MULTIPLICATIVE = ("weight", "gamma", "scale")


def randomized(model: nn.Module, seed: int) -> nn.Module:
    """Redraws, with a fixed seed, what constructors initialise to constants: normalisation statistics
    (mean U(−0.2, 0.2), variance U(0.5, 1.5)), multiplicative parameters such as norm weights and layer
    scales (U(0.5, 1.5)), and additive ones such as biases and class tokens (N(0, 0.1²)). Parameters drawn
    at random by the constructor keep their values."""
    generator = torch.Generator().manual_seed(seed)

    def uniform(tensor, low, high):
        tensor.copy_(torch.rand(tensor.shape, generator=generator, dtype=tensor.dtype) * (high - low) + low)

    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.modules.batchnorm._BatchNorm) and module.running_mean is not None:
                uniform(module.running_mean, -0.2, 0.2)
                uniform(module.running_var, 0.5, 1.5)
        for name, parameter in model.named_parameters():
            if parameter.numel() > 1 and parameter.min() != parameter.max():
                continue
            if any(word in name.rsplit(".", 1)[-1].lower() for word in MULTIPLICATIVE):
                uniform(parameter, 0.5, 1.5)
            else:
                parameter.copy_(torch.randn(parameter.shape, generator=generator, dtype=parameter.dtype) * 0.1)
    return model


def classifier_layers(model: nn.Module, classes: int) -> list[nn.Module]:
    """The layers that write the logits: every Linear layer with `classes` outputs (DeiT has two heads
    whose outputs are averaged), or else the last Conv2d with `classes` output channels (SqueezeNet)."""
    linear = [module for module in model.modules() if isinstance(module, nn.Linear) and module.out_features == classes]
    if linear:
        return linear
    convolutions = [module for module in model.modules()
                    if isinstance(module, nn.Conv2d) and module.out_channels == classes]
    if not convolutions:
        raise ValueError(f"{type(model).__name__} has no layer with {classes} outputs")
    return convolutions[-1:]


def logits_of(output) -> torch.Tensor:
    """The logits tensor of a model's output (transformers wraps it in an output object)."""
    return getattr(output, "logits", output)


def calibrated_head(model: nn.Module, inputs: torch.Tensor, classes: int, spread: float = 3.0) -> nn.Module:
    """Scales the classifier's weights and biases so that the logits on `inputs` have standard deviation
    `spread`: random deep networks otherwise give logits anywhere from 1e-4 to 1e4. The heads are linear
    and followed by nothing but positively homogeneous layers (ReLU, averaging), so the logits scale by
    the same factor."""
    with torch.no_grad():
        factor = spread / float(logits_of(model(inputs)).std())
        for layer in classifier_layers(model, classes):
            layer.weight.mul_(factor)
            if layer.bias is not None:
                layer.bias.mul_(factor)
    return model
