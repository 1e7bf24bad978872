"""The ONNX Model Zoo's validated vision classifiers, small, written by Tests/Integration/modelzoo_graphs.py
at the opsets the zoo's files have, each with the PyTorch twin that gives its reference gradient."""
import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Tests" / "Integration"))
import modelzoo_graphs as zoo  # noqa: E402

from .family import CLASSES  # noqa: E402


@dataclass(frozen=True)
class HandBuilt:
    """One zoo family: `build(graph)` adds its nodes to a `zoo.Graph` and returns the output name.
    `variants` are (opset, batch) pairs: batch None is symbolic, 1 is fixed as the zoo file fixes it."""
    name: str
    build: Callable
    input_shape: tuple
    variants: tuple
    channels_last: bool = False
    int8_weights: bool = False
    note: str = ""


SMALL_VGG = (8, "M", 16, "M", 16, 16, "M", 24, 24, "M", 24, 24, "M")
SMALL_INCEPTION = [(64, 64, 64, 32, 32, 32), "M", (64, 64, 96, 32, 32, 32), (96, 64, 96, 32, 64, 64)]  # ÷8

FAMILIES = [
    HandBuilt("modelzoo_resnet_v1", partial(zoo.resnet_v1, depths=(1, 1, 1, 1), widths=(4, 8, 8, 16), stem=8,
                                            classes=CLASSES), (3, 32, 32), ((7, None), (12, 1)),
              note="MXNet Gluon ResNet v1 (resnet50-v1-7): stride on the bottleneck's first 1×1"),
    HandBuilt("modelzoo_resnet_v2", partial(zoo.resnet_v2, depths=(1, 1, 1, 1), widths=(4, 8, 8, 16), stem=8,
                                            classes=CLASSES), (3, 32, 32), ((8, None),),
              note="pre-activation ResNet v2 (resnet50-v2-7)"),
    HandBuilt("modelzoo_vgg", partial(zoo.vgg, config=SMALL_VGG, hidden=32, classes=CLASSES), (3, 32, 32),
              ((8, None),), note="VGG-16 layout (vgg16-7) at small widths"),
    HandBuilt("modelzoo_vgg_bn", partial(zoo.vgg, config=SMALL_VGG, batch_norm=True, hidden=32, classes=CLASSES),
              (3, 32, 32), ((9, 1),), note="VGG-16-BN (vgg16-bn-7) at small widths, batch fixed at 1"),
    HandBuilt("modelzoo_squeezenet_1_0", partial(zoo.squeezenet, version="1.0", width=0.125, classes=CLASSES),
              (3, 32, 32), ((7, 1),), note="Caffe2 SqueezeNet 1.0 (squeezenet1.0-7): 4-D Softmax output N×C×1×1"),
    HandBuilt("modelzoo_squeezenet_1_1", partial(zoo.squeezenet, version="1.1", width=0.125, classes=CLASSES),
              (3, 32, 32), ((7, None), (9, None)), note="SqueezeNet 1.1 (squeezenet1.1-7)"),
    HandBuilt("modelzoo_densenet", partial(zoo.densenet, growth=4, blocks=(2, 2, 2, 2), stem=8, bn_size=2,
                                           classes=CLASSES), (3, 32, 32), ((9, None),),
              note="Caffe2 DenseNet-121 layout (densenet-9): 1×1 convolution classifier, Reshape [0, −1]"),
    HandBuilt("modelzoo_inception_v1", partial(zoo.inception_v1, plan=SMALL_INCEPTION, width=1 / 8,
                                               classes=CLASSES, reshape_batch=1), (3, 32, 32), ((7, 1),),
              note="Caffe2 bvlc_googlenet as inception-v1-7: LRN, Reshape to [1, −1] (the batch fixed in the graph)"),
    HandBuilt("modelzoo_googlenet", partial(zoo.inception_v1, plan=SMALL_INCEPTION, width=1 / 8, classes=CLASSES),
              (3, 32, 32), ((9, None), (12, None)), note="googlenet-9/-12 style: Flatten instead of the fixed Reshape"),
    HandBuilt("modelzoo_shufflenet_v1", partial(zoo.shufflenet_v1, groups=3, widths=(24, 48, 96), repeats=(2, 1, 1),
                                                stem=12, classes=CLASSES), (3, 32, 32), ((9, None),),
              note="Caffe2 ShuffleNet v1 (shufflenet-9): grouped 1×1, channel shuffle by Reshape/Transpose/Reshape"),
    HandBuilt("modelzoo_shufflenet_v2", partial(zoo.shufflenet_v2, widths=(16, 32, 48), repeats=(2, 1, 1), stem=8,
                                                last=64, classes=CLASSES), (3, 32, 32), ((10, None), (12, None)),
              note="PyTorch-exported ShuffleNet v2 (shufflenet-v2-10/-12): Split, ReduceMean head"),
    HandBuilt("modelzoo_mobilenet_v2", partial(zoo.mobilenet_v2, plan=[(1, 8, 1, 1), (6, 8, 2, 2), (6, 16, 2, 2)],
                                               stem=8, last=64, classes=CLASSES), (3, 32, 32),
              ((7, None), (10, None), (12, 1)), note="MobileNet v2 (mobilenetv2-7/-10/-12): ReLU6 as Clip"),
    HandBuilt("modelzoo_efficientnet_lite4", partial(zoo.efficientnet_lite,
                                                     plan=[(1, 8, 1, 1, 3), (6, 8, 2, 2, 3), (6, 16, 1, 2, 5),
                                                           (6, 16, 1, 1, 5)], stem=8, last=64, classes=CLASSES),
              (32, 32, 3), ((11, 1),), channels_last=True,
              note="tf2onnx EfficientNet-Lite4 (efficientnet-lite4-11): NHWC input of batch 1, Transpose, Clip "
                   "inputs, ReduceMean+Squeeze, MatMul+Add, Softmax"),
    HandBuilt("modelzoo_legacy_operators", partial(zoo.legacy_operators, width=8, classes=CLASSES), (3, 32, 32),
              ((7, None), (8, None), (9, None), (10, None), (11, None)),
              note="the old operator forms the families above do not use (Pad/Slice/Squeeze/Unsqueeze/ReduceMean "
                   "attributes, Upsample 7 and 9, Resize 10 and 11, Sum, storage_order, count_include_pad)"),
    HandBuilt("modelzoo_int8_weights", partial(zoo.resnet_v1, depths=(1, 1, 1, 1), widths=(4, 8, 8, 16), stem=8,
                                               classes=CLASSES), (3, 32, 32), ((13, None),), int8_weights=True,
              note="QDQ with only the constant weights quantized (int8 per output channel through DequantizeLinear)"),
    HandBuilt("modelzoo_int8_weights_mobilenet", partial(zoo.mobilenet_v2, plan=[(1, 8, 1, 1), (6, 8, 2, 2)], stem=8,
                                                         last=32, classes=CLASSES), (3, 32, 32), ((13, None),),
              int8_weights=True, note="weight-only QDQ MobileNet v2 (depthwise weights per channel)"),
]
