"""torchvision's classification zoo, one small member per family, built by torchvision's own classes.

Families whose constructors take widths and depths get small ones; the others (AlexNet, VGG, SqueezeNet,
GoogLeNet, Inception v3, ResNet's fixed 64…512 widths) are built full-size on the meta device and then
narrowed. Where a narrowed classifier expects a 7×7 (VGG) or 6×6 (AlexNet) feature map, its adaptive
pooling is set to the small input's feature size, as it is an identity at the full-size input.
"""
import torch
from torch import nn

from .family import CLASSES, Family, GradCamLayer
from .modules import import_torchvision, narrowed

torchvision = import_torchvision()
from torchvision.models import (convnext, densenet, efficientnet, maxvit, mnasnet, mobilenetv2,  # noqa: E402
                                mobilenetv3, regnet, resnet, shufflenetv2, swin_transformer, vgg, vision_transformer)
from torchvision.models.alexnet import AlexNet  # noqa: E402  (torchvision.models.alexnet is the builder function)
from torchvision.models.googlenet import GoogLeNet  # noqa: E402
from torchvision.models.inception import Inception3  # noqa: E402
from torchvision.models.squeezenet import SqueezeNet  # noqa: E402


def on_meta(constructor):
    with torch.device("meta"):
        return constructor()


def small_classifier(model: nn.Module, features: int, spatial: int, hidden: int) -> nn.Module:
    """VGG's and AlexNet's classifier (Dropout/Linear/ReLU in their order) at `hidden` units, fed by a
    `spatial`×`spatial` map of `features` channels."""
    model.avgpool = nn.AdaptiveAvgPool2d((spatial, spatial))
    layers = list(model.classifier)
    linear = [index for index, layer in enumerate(layers) if isinstance(layer, nn.Linear)]
    widths = [features * spatial * spatial, hidden, hidden, CLASSES]
    for position, index in enumerate(linear):
        layers[index] = nn.Linear(widths[position], widths[position + 1])
    model.classifier = nn.Sequential(*layers)
    return model


def resnet18():
    return narrowed(on_meta(lambda: resnet.ResNet(resnet.BasicBlock, [1, 1, 1, 1], num_classes=CLASSES)), 16)


def resnext():
    # ResNeXt's grouped 3×3 bottleneck with 4 groups (32 would leave no channel per group once narrowed).
    return narrowed(on_meta(lambda: resnet.ResNet(resnet.Bottleneck, [1, 1, 1, 1], num_classes=CLASSES,
                                                  groups=4, width_per_group=32)), 32)


def wide_resnet():
    return narrowed(on_meta(lambda: resnet.ResNet(resnet.Bottleneck, [1, 1, 1, 1], num_classes=CLASSES,
                                                  width_per_group=128)), 64)


def vgg11_bn():
    model = narrowed(on_meta(lambda: vgg.VGG(vgg.make_layers(vgg.cfgs["A"], batch_norm=True), num_classes=CLASSES,
                                             init_weights=False)), 32)
    return small_classifier(model, 512 // 32, 1, 32)


def alexnet_small():
    model = narrowed(on_meta(lambda: AlexNet(num_classes=CLASSES)), 16)
    return small_classifier(model, 256 // 16, 1, 32)


def squeezenet11():
    return narrowed(on_meta(lambda: SqueezeNet("1_1", num_classes=CLASSES)), 16)


def densenet_small():
    return densenet.DenseNet(growth_rate=4, block_config=(2, 2, 2, 2), num_init_features=8, bn_size=2,
                             num_classes=CLASSES)


def inception_v3():
    return narrowed(on_meta(lambda: Inception3(num_classes=CLASSES, aux_logits=False, init_weights=False)), 32)


def googlenet_small():
    return narrowed(on_meta(lambda: GoogLeNet(num_classes=CLASSES, aux_logits=False, init_weights=False)), 16)


def shufflenet_v2():
    return shufflenetv2.ShuffleNetV2([2, 2, 1], [8, 16, 32, 48, 64], num_classes=CLASSES)


def mobilenet_v2():
    setting = [[1, 8, 1, 1], [6, 8, 2, 2], [6, 16, 1, 2], [6, 16, 1, 2]]
    model = mobilenetv2.MobileNetV2(num_classes=CLASSES, inverted_residual_setting=setting)
    # The constructor fixes the last 1×1 convolution at 1280 channels; the same block, narrower.
    model.features[-1] = torchvision.ops.Conv2dNormActivation(16, 32, kernel_size=1, activation_layer=nn.ReLU6)
    model.classifier[-1] = nn.Linear(32, CLASSES)
    model.last_channel = 32
    return model


def mobilenet_v3():
    config = mobilenetv3.InvertedResidualConfig
    setting = [config(8, 3, 8, 8, True, "RE", 2, 1, 1.0),
               config(8, 3, 24, 16, False, "RE", 2, 1, 1.0),
               config(16, 5, 32, 16, True, "HS", 2, 1, 1.0)]
    return mobilenetv3.MobileNetV3(setting, last_channel=32, num_classes=CLASSES)


def mnasnet_small():
    model = mnasnet.MNASNet(0.1, num_classes=CLASSES)
    # MNASNet fixes its six stacks at 3, 3, 3, 2, 4 and 1 blocks: each rebuilt by torchvision's own _stack
    # with one block. And it ends in a 1×1 convolution to 1280 channels and a Linear(1280, classes): narrower.
    for index in range(8, 14):
        first = model.layers[index][0]
        convolutions = [layer for layer in first.layers if isinstance(layer, nn.Conv2d)]
        depthwise = convolutions[1]
        model.layers[index] = mnasnet._stack(first.layers[0].in_channels, convolutions[-1].out_channels,
                                             depthwise.kernel_size[0], depthwise.stride[0],
                                             depthwise.out_channels // first.layers[0].in_channels, 1,
                                             first.layers[1].momentum)
    last = model.layers[-3].in_channels
    model.layers[-3] = nn.Conv2d(last, 64, 1, 1, 0, bias=False)
    model.layers[-2] = nn.BatchNorm2d(64, momentum=model.layers[-2].momentum)
    model.classifier[-1] = nn.Linear(64, CLASSES)
    return model


def efficientnet_b0():
    # B0's first five stages (its last two would hold two thirds of the weights at this width).
    setting, _ = efficientnet._efficientnet_conf("efficientnet_b0", width_mult=0.1, depth_mult=0.25)
    return efficientnet.EfficientNet(setting[:5], dropout=0.2, stochastic_depth_prob=0.0, num_classes=CLASSES,
                                     last_channel=32)


def efficientnet_v2():
    fused, mb = efficientnet.FusedMBConvConfig, efficientnet.MBConvConfig
    setting = [fused(1, 3, 1, 8, 8, 1), fused(4, 3, 2, 8, 16, 1), mb(4, 3, 2, 16, 24, 1, 1.0, 1.0),
               mb(4, 3, 1, 24, 24, 1, 1.0, 1.0)]
    return efficientnet.EfficientNet(setting, dropout=0.2, stochastic_depth_prob=0.0, num_classes=CLASSES,
                                     last_channel=32)


def regnet_small():
    params = regnet.BlockParams.from_init_params(depth=4, w_0=8, w_a=8.0, w_m=2.0, group_width=8, se_ratio=0.25)
    return regnet.RegNet(params, num_classes=CLASSES, stem_width=8)


def convnext_small():
    config = convnext.CNBlockConfig
    return convnext.ConvNeXt([config(8, 16, 1), config(16, 24, 1), config(24, None, 1)], stochastic_depth_prob=0.0,
                             num_classes=CLASSES)


def vit_small():
    return vision_transformer.VisionTransformer(image_size=32, patch_size=8, num_layers=2, num_heads=2, hidden_dim=16,
                                                mlp_dim=32, num_classes=CLASSES)


def swin_v1():
    # Two blocks (the second with shifted windows), patch merging, one block: each block is some three
    # hundred nodes of shape arithmetic in the exported graph.
    return swin_transformer.SwinTransformer(patch_size=[4, 4], embed_dim=8, depths=[2, 1], num_heads=[2, 2],
                                            window_size=[4, 4], stochastic_depth_prob=0.0, num_classes=CLASSES)


def swin_v2():
    # Each v2 block has a (2w−1)×(2w−1)×512 table of its continuous position bias, which the exporters fold
    # into a constant: windows of 2, and one block in the second stage, keep that small.
    return swin_transformer.SwinTransformer(patch_size=[4, 4], embed_dim=8, depths=[2, 1], num_heads=[2, 2],
                                            window_size=[2, 2], stochastic_depth_prob=0.0, num_classes=CLASSES,
                                            block=swin_transformer.SwinTransformerBlockV2,
                                            downsample_layer=swin_transformer.PatchMergingV2)


def maxvit_small():
    return maxvit.MaxVit(input_size=(32, 32), stem_channels=8, partition_size=4, block_channels=[8, 16],
                         block_layers=[1, 1], head_dim=4, stochastic_depth_prob=0.0, num_classes=CLASSES)


FAMILIES = [
    Family("tv_resnet", "torchvision", resnet18, 64, gradcam=GradCamLayer("layer4")),
    Family("tv_resnext", "torchvision", resnext, 32),
    Family("tv_wide_resnet", "torchvision", wide_resnet, 32),
    Family("tv_vgg_bn", "torchvision", vgg11_bn, 32),
    Family("tv_alexnet", "torchvision", alexnet_small, 64),
    Family("tv_squeezenet", "torchvision", squeezenet11, 48),
    Family("tv_densenet", "torchvision", densenet_small, 32),
    Family("tv_inception_v3", "torchvision", inception_v3, 80),
    Family("tv_googlenet", "torchvision", googlenet_small, 32),
    Family("tv_shufflenet_v2", "torchvision", shufflenet_v2, 32),
    Family("tv_mobilenet_v2", "torchvision", mobilenet_v2, 32),
    Family("tv_mobilenet_v3", "torchvision", mobilenet_v3, 32),
    Family("tv_mnasnet", "torchvision", mnasnet_small, 32),
    Family("tv_efficientnet_b0", "torchvision", efficientnet_b0, 32),
    Family("tv_efficientnet_v2", "torchvision", efficientnet_v2, 32),
    Family("tv_regnet", "torchvision", regnet_small, 32),
    Family("tv_convnext", "torchvision", convnext_small, 64, gradcam=GradCamLayer("features")),
    Family("tv_vit", "torchvision", vit_small, 32, gradcam=GradCamLayer("encoder.layers.encoder_layer_1.ln_1", "tokens", 1)),
    Family("tv_swin", "torchvision", swin_v1, 32, gradcam=GradCamLayer("norm", "NHWC")),
    Family("tv_swin_v2", "torchvision", swin_v2, 32),
    Family("tv_maxvit", "torchvision", maxvit_small, 32),
]
