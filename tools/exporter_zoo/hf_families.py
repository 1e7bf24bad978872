"""Hugging Face transformers' image classifiers, from configs with tiny sizes.

The models return an output object; `LogitsOnly` hands the exporters and autograd its logits tensor, as
Optimum's exporter does (its ONNX output is `logits`). `configured` keeps the config so the same
weights can be saved for the Optimum exporter, which runs in its own environment (see optimum_export.py).
"""
import transformers
from torch import nn

from .family import CLASSES, Family, GradCamLayer


class LogitsOnly(nn.Module):
    """A transformers image classifier whose forward returns the logits tensor alone."""

    def __init__(self, model: transformers.PreTrainedModel):
        super().__init__()
        self.model = model

    def forward(self, pixel_values):
        return self.model(pixel_values=pixel_values).logits


def classifier(config_class, model_class, **sizes):
    config = config_class(num_labels=CLASSES, **sizes)
    model = model_class(config)
    model.config.id2label = {index: f"class_{index}" for index in range(CLASSES)}
    model.config.label2id = {label: index for index, label in model.config.id2label.items()}
    return LogitsOnly(model)


def vit():
    return classifier(transformers.ViTConfig, transformers.ViTForImageClassification, image_size=32, patch_size=8,
                      hidden_size=16, num_hidden_layers=2, num_attention_heads=2, intermediate_size=32)


def deit():
    return classifier(transformers.DeiTConfig, transformers.DeiTForImageClassification, image_size=32, patch_size=8,
                      hidden_size=16, num_hidden_layers=2, num_attention_heads=2, intermediate_size=32)


def swin():
    return classifier(transformers.SwinConfig, transformers.SwinForImageClassification, image_size=32, patch_size=4,
                      embed_dim=8, depths=[2, 1], num_heads=[2, 2], window_size=4)


def convnext():
    return classifier(transformers.ConvNextConfig, transformers.ConvNextForImageClassification,
                      hidden_sizes=[8, 8, 16, 16], depths=[1, 1, 1, 1])


def resnet():
    return classifier(transformers.ResNetConfig, transformers.ResNetForImageClassification, embedding_size=8,
                      hidden_sizes=[8, 8, 16, 16], depths=[1, 1, 1, 1], layer_type="basic")


FAMILIES = [
    Family("hf_vit", "hf", vit, 32, gradcam=GradCamLayer("model.vit.layers.1.layernorm_before", "tokens", 1)),
    Family("hf_deit", "hf", deit, 32),
    Family("hf_swin", "hf", swin, 32, gradcam=GradCamLayer("model.swin.layernorm", "tokens", 0)),
    Family("hf_convnext", "hf", convnext, 32),
    Family("hf_resnet", "hf", resnet, 32),
]
