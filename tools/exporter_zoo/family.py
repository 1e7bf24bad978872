"""What the zoo knows of one model family: how to build it small, its input size, where Grad-CAM looks."""
from dataclasses import dataclass
from typing import Callable, Optional

from torch import nn

CLASSES = 10


@dataclass(frozen=True)
class GradCamLayer:
    """The last spatial feature map, as pytorch-grad-cam's users name it, and how its tensor is laid out:
    "NCHW" (a CNN), "NHWC" (Swin's stages, ConvNeXt's channels-last blocks) or "tokens" (a ViT's N×T×C
    sequence whose first `prefix_tokens` are class/distillation tokens, the rest an h×w grid)."""
    module: str
    layout: str = "NCHW"
    prefix_tokens: int = 0


@dataclass(frozen=True)
class Family:
    """One model family of one library.

    `build` returns the model with the library's own classes, before randomisation. `oldest_opset` is
    the opset tried with the TorchScript exporter below 11 (None: the family needs newer operators).
    """
    name: str
    source: str
    build: Callable[[], nn.Module]
    size: int = 32
    oldest_opset: Optional[int] = 9
    gradcam: Optional[GradCamLayer] = None
    note: str = ""
