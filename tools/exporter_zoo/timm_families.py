"""timm's common families, small, built with timm's own classes and builders.

Where a timm builder lets keyword arguments override its defaults (`timm.create_model(name, depths=…)`),
that is used, as a user of timm would; where it does not, the family's class is called with the builder's
arguments at small sizes. The TF-ported EfficientNet keeps its 'same' padding, computed from the input's
shape at run time; GhostNet is v2 (its DFC attention upsamples with nearest-neighbour interpolation).
"""
import dataclasses

import timm
from timm.models import (byobnet, densenet, efficientnet, ghostnet, maxxvit, metaformer, mlp_mixer, mobilenetv3,
                         mobilevit, regnet, rexnet)
from timm.layers import BatchNormAct2d
from torch import nn

from .family import CLASSES, Family, GradCamLayer


def narrower_head(model: nn.Module, width: int) -> nn.Module:
    """MobileNetV3, GhostNet and EfficientNet end in a 1×1 convolution to 1280 channels whatever their
    width; the same convolution (and EfficientNet's batch norm after it) and classifier, `width` wide."""
    head = model.conv_head
    model.conv_head = nn.Conv2d(head.in_channels, width, 1, bias=head.bias is not None)
    if isinstance(getattr(model, "bn2", None), BatchNormAct2d):
        norm = model.bn2
        model.bn2 = BatchNormAct2d(width, eps=norm.eps, momentum=norm.momentum, act_layer=type(norm.act))
    model.classifier = nn.Linear(width, CLASSES)
    model.head_hidden_size = width
    return model


def resnet_d():
    # resnet18d: deep 3-conv stem, average-pool shortcuts (AvgPool with count_include_pad=False).
    return timm.create_model("resnet18d", num_classes=CLASSES, layers=(1, 1, 1, 1), channels=(8, 8, 16, 16),
                             stem_width=8)


def shortened(model: nn.Module, blocks: int, width: int) -> nn.Module:
    """A timm EfficientNet or MobileNetV3 with its first `blocks` stages only (the last ones hold most of
    the weights even at the smallest channel multiplier), its head re-fitted to the new last stage."""
    model.blocks = model.blocks[:blocks]
    channels = [module for module in model.blocks[-1].modules() if isinstance(module, nn.Conv2d)][-1].out_channels
    head = model.conv_head
    model.conv_head = nn.Conv2d(channels, head.out_channels, 1, bias=head.bias is not None)
    return narrower_head(model, width)


def tf_efficientnet():
    return shortened(efficientnet._gen_efficientnet("tf_efficientnet_b0", channel_multiplier=0.1,
                                                    depth_multiplier=0.25, num_classes=CLASSES, bn_eps=1e-3,
                                                    pad_type="same"), 5, 32)


def mobilenet_v3():
    return shortened(mobilenetv3._gen_mobilenet_v3("mobilenetv3_large_100", channel_multiplier=0.1,
                                                   depth_multiplier=0.25, num_classes=CLASSES), 5, 32)


def convnext():
    return timm.create_model("convnext_atto", num_classes=CLASSES, depths=(1, 1, 1, 1), dims=(8, 8, 16, 16))


def vit():
    return timm.create_model("vit_tiny_patch16_224", num_classes=CLASSES, img_size=32, patch_size=8, embed_dim=16,
                             depth=2, num_heads=2)


def deit_distilled():
    return timm.create_model("deit_tiny_distilled_patch16_224", num_classes=CLASSES, img_size=32, patch_size=8,
                             embed_dim=16, depth=2, num_heads=2)


def swin():
    return timm.create_model("swin_tiny_patch4_window7_224", num_classes=CLASSES, img_size=32, embed_dim=8,
                             depths=(2, 1), num_heads=(2, 2), window_size=4)


def regnet_y():
    # timm's RegNet wants four stages: the smallest widths that give four out of four blocks.
    config = regnet.RegNetCfg(depth=4, w0=8, wa=8.0, wm=1.4, group_size=4, se_ratio=0.25, stem_width=8)
    return regnet.RegNet(config, num_classes=CLASSES)


def rexnet_small():
    return rexnet.RexNet(initial_chs=8, final_chs=16, width_mult=0.1, depth_mult=0.25, num_classes=CLASSES)


def ghostnet_v2():
    blocks = [[[3, 16, 8, 0, 1]], [[3, 24, 16, 0, 2]], [[5, 32, 16, 0.25, 1]], [[3, 48, 24, 0, 2]]]
    return narrower_head(ghostnet.GhostNet(blocks, num_classes=CLASSES, width=1.0, version="v2"), 64)


def mixer():
    # mixer_s16_224's builder fixes patch_size, num_blocks and embed_dim: its class, with the builder's rest.
    return mlp_mixer.MlpMixer(num_classes=CLASSES, img_size=32, patch_size=8, num_blocks=2, embed_dim=16)


def poolformer():
    return metaformer.MetaFormer(depths=(1, 1, 1, 1), dims=(8, 8, 16, 16), downsample_norm=None, mlp_act=nn.GELU,
                                 mlp_bias=True, norm_layers=metaformer.GroupNorm1, layer_scale_init_values=1e-5,
                                 res_scale_init_values=None, use_mlp_head=False, num_classes=CLASSES)


def levit():
    return timm.create_model("levit_128s", num_classes=CLASSES, img_size=64, embed_dim=(16, 16), key_dim=8,
                             num_heads=(2, 2), depth=(1, 1))


def mobilevit_v2():
    # mobilevitv2's layout (inverted residuals, then MobileViT v2 blocks with separable linear attention),
    # with fewer and narrower blocks.
    config = mobilevit._mobilevitv2_cfg(multiplier=0.125)
    config = dataclasses.replace(config, blocks=(
        mobilevit._inverted_residual_block(d=1, c=8, s=1, br=2.0),
        mobilevit._inverted_residual_block(d=1, c=16, s=2, br=2.0),
        mobilevit._mobilevitv2_block(d=1, c=16, s=2, transformer_depth=1),
        mobilevit._mobilevitv2_block(d=1, c=24, s=2, transformer_depth=1)))
    return byobnet.ByobNet(config, num_classes=CLASSES)


def coatnet():
    config = maxxvit.MaxxVitCfg(embed_dim=(8, 16), depths=(1, 1), block_type=("C", "T"), stem_width=8,
                                transformer_cfg=maxxvit.MaxxVitTransformerCfg(dim_head=8))
    return maxxvit.MaxxVit(config, img_size=32, num_classes=CLASSES)


def densenet_deep_stem():
    return densenet.DenseNet(growth_rate=4, block_config=(2, 2, 2), bn_size=2, stem_type="deep", num_classes=CLASSES)


FAMILIES = [
    Family("timm_resnet_d", "timm", resnet_d, 32),
    Family("timm_tf_efficientnet", "timm", tf_efficientnet, 32, gradcam=GradCamLayer("bn2")),
    Family("timm_mobilenetv3", "timm", mobilenet_v3, 32),
    Family("timm_convnext", "timm", convnext, 32),
    Family("timm_vit", "timm", vit, 32, gradcam=GradCamLayer("blocks.1.norm1", "tokens", 1)),
    Family("timm_deit", "timm", deit_distilled, 32),
    Family("timm_swin", "timm", swin, 32),
    Family("timm_regnet", "timm", regnet_y, 32),
    Family("timm_rexnet", "timm", rexnet_small, 32),
    Family("timm_ghostnet_v2", "timm", ghostnet_v2, 32),
    Family("timm_mixer", "timm", mixer, 32),
    Family("timm_poolformer", "timm", poolformer, 32),
    Family("timm_levit", "timm", levit, 64),
    Family("timm_mobilevit_v2", "timm", mobilevit_v2, 32),
    Family("timm_coatnet", "timm", coatnet, 32),
    Family("timm_densenet", "timm", densenet_deep_stem, 32),
]
