#!/usr/bin/env python3
"""Reference fixtures for the ONNX importer and the engine: small models, their inputs, logits and
input gradients. Run by hand, never by `make test`:

    python3 -m venv /tmp/venv-torch
    /tmp/venv-torch/bin/pip install "torch==2.13.0+cpu" onnx==1.23.2 onnxruntime==1.32.0 numpy onnxscript
    /tmp/venv-torch/bin/python tools/make_engine_fixtures.py

Each model is built in PyTorch with seeded random weights (BatchNorm statistics randomised too, so
that no layer is an identity), exported with a dynamic batch axis so the exporter's shape arithmetic
(Shape, Gather, Cast, ConstantOfShape, Unsqueeze, Concat) appears in the graph, and written as
`<name>.onnx` with three small .npy files beside it:

    <name>.input.npy           a fixed float32 input, batch of 2
    <name>.logits.npy          onnxruntime's logits for that input (float32)
    <name>.input_gradient.npy  PyTorch's ∂(Σ_batch logits[:, target]) / ∂input, computed in float64

`manifest.json` lists every model with its opset, the op types in its graph, and the target class.
"""
import io
import json
import math
import pathlib

import numpy as np
import onnx
import onnxruntime
import torch
from torch import nn
import torch.nn.functional as F

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "ONNXTests" / "Fixtures"
CLASSES = 10
BATCH = 2


def randomize_batch_norm_statistics(model: nn.Module) -> None:
    for module in model.modules():
        if isinstance(module, (nn.BatchNorm2d, nn.LayerNorm)):
            with torch.no_grad():
                module.weight.uniform_(0.5, 1.5)
                module.bias.uniform_(-0.2, 0.2)
        if isinstance(module, nn.BatchNorm2d):
            with torch.no_grad():
                module.running_mean.uniform_(-0.2, 0.2)
                module.running_var.uniform_(0.5, 1.5)


def conv_bn_relu(cin, cout, stride=1, groups=1):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, groups=groups, bias=False),
                         nn.BatchNorm2d(cout), nn.ReLU())


# ---- reduced-width ResNet: conv-BN-ReLU, residual Add, max pooling, global average pooling, Gemm ----
class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.body = nn.Sequential(conv_bn_relu(cin, cout, stride),
                                  nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout))
        self.shortcut = (nn.Identity() if stride == 1 and cin == cout else
                         nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout)))

    def forward(self, x):
        return F.relu(self.body(x) + self.shortcut(x))


class TinyResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 5, 2, 2, bias=False), nn.BatchNorm2d(8), nn.ReLU(),
                                  nn.MaxPool2d(3, 2, 1))
        self.stages = nn.Sequential(BasicBlock(8, 8, 1), BasicBlock(8, 16, 2))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(16, CLASSES)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(self.stages(self.stem(x))), 1))


# ---- MobileNet v2/v3-like: depthwise conv, ReLU6 (Clip), HardSwish, HardSigmoid, squeeze-excite Mul ----
class SqueezeExcite(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.reduce = nn.Conv2d(channels, channels // 4, 1)
        self.expand = nn.Conv2d(channels // 4, channels, 1)

    def forward(self, x):
        scale = F.adaptive_avg_pool2d(x, 1)
        return x * F.hardsigmoid(self.expand(F.relu(self.reduce(scale))))


class InvertedResidual(nn.Module):
    def __init__(self, cin, cout, stride, activation, squeeze_excite):
        super().__init__()
        hidden = cin * 3
        self.use_residual = stride == 1 and cin == cout
        layers = [nn.Conv2d(cin, hidden, 1, bias=False), nn.BatchNorm2d(hidden), activation(),
                  nn.Conv2d(hidden, hidden, 3, stride, 1, groups=hidden, bias=False), nn.BatchNorm2d(hidden),
                  activation()]
        if squeeze_excite:
            layers.append(SqueezeExcite(hidden))
        layers += [nn.Conv2d(hidden, cout, 1, bias=False), nn.BatchNorm2d(cout)]
        self.body = nn.Sequential(*layers)

    def forward(self, x):
        y = self.body(x)
        return x + y if self.use_residual else y


class TinyMobileNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, 2, 1, bias=False), nn.BatchNorm2d(8), nn.ReLU6())
        self.blocks = nn.Sequential(InvertedResidual(8, 8, 1, nn.ReLU6, False),
                                    InvertedResidual(8, 12, 2, nn.Hardswish, True),
                                    InvertedResidual(12, 12, 1, nn.Hardswish, True))
        self.head = nn.Sequential(nn.Conv2d(12, 24, 1), nn.Hardswish(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                                  nn.Dropout(0.2), nn.Linear(24, CLASSES))

    def forward(self, x):
        return self.head(self.blocks(self.stem(x)))


# ---- DenseNet-like: Concat of growing features, transition with AvgPool; a SqueezeNet fire module ----
class DenseLayer(nn.Module):
    def __init__(self, cin, growth):
        super().__init__()
        self.body = nn.Sequential(nn.BatchNorm2d(cin), nn.ReLU(), nn.Conv2d(cin, growth, 3, 1, 1, bias=False))

    def forward(self, x):
        return torch.cat([x, self.body(x)], 1)


class Fire(nn.Module):
    def __init__(self, cin, squeeze, expand):
        super().__init__()
        self.squeeze = nn.Conv2d(cin, squeeze, 1)
        self.expand1 = nn.Conv2d(squeeze, expand, 1)
        self.expand3 = nn.Conv2d(squeeze, expand, 3, padding=1)

    def forward(self, x):
        s = F.relu(self.squeeze(x))
        return torch.cat([F.relu(self.expand1(s)), F.relu(self.expand3(s))], 1)


class TinyDenseSqueezeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, 1, 1, bias=False)
        self.dense = nn.Sequential(DenseLayer(8, 4), DenseLayer(12, 4))
        self.transition = nn.Sequential(nn.BatchNorm2d(16), nn.ReLU(), nn.Conv2d(16, 8, 1, bias=False),
                                        nn.AvgPool2d(2, 2))
        self.fire = Fire(8, 4, 8)
        self.classifier = nn.Sequential(nn.Dropout(0.5), nn.Conv2d(16, CLASSES, 1), nn.ReLU(),
                                        nn.AdaptiveAvgPool2d(1), nn.Flatten())

    def forward(self, x):
        x = self.transition(self.dense(self.stem(x)))
        x = F.max_pool2d(self.fire(x), 2, 2, ceil_mode=True)
        return self.classifier(x)


# ---- 2-block tiny ViT: patch-embed conv, Reshape/Transpose, MatMul attention, Softmax, LayerNorm, GELU ----
class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, dim * 3)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        batch, tokens, dim = x.shape
        qkv = self.qkv(x).reshape(batch, tokens, 3, self.heads, dim // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        weights = (q @ k.transpose(-2, -1)) * (dim // self.heads) ** -0.5
        out = (weights.softmax(-1) @ v).transpose(1, 2).reshape(batch, tokens, dim)
        return self.proj(out)


class Block(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attention = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, dim * 2), nn.GELU(), nn.Linear(dim * 2, dim))

    def forward(self, x):
        x = x + self.attention(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class TinyViT(nn.Module):
    def __init__(self, dim=16, heads=2, patch=8, image=32):
        super().__init__()
        self.patch_embed = nn.Conv2d(3, dim, patch, patch)
        self.cls_token = nn.Parameter(torch.randn(1, 1, dim) * 0.5)
        self.position = nn.Parameter(torch.randn(1, (image // patch) ** 2 + 1, dim) * 0.5)
        self.blocks = nn.Sequential(Block(dim, heads), Block(dim, heads))
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, CLASSES)

    def forward(self, x):
        x = self.patch_embed(x).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], 1) + self.position
        x = self.norm(self.blocks(x))
        return self.head(x[:, 0])


# ---- the remaining element-wise and structural ops ----
class LocalResponseNorm(torch.autograd.Function):
    """PyTorch exports its LRN as a decomposition; this emits ONNX's own LRN op, same definition."""
    size, alpha, beta, bias = 3, 1e-2, 0.75, 1.0

    @staticmethod
    def forward(context, x):
        context.save_for_backward(x)
        return LocalResponseNorm.reference(x)

    @staticmethod
    def backward(context, seed):
        x, = context.saved_tensors
        with torch.enable_grad():
            x = x.detach().requires_grad_()
            return torch.autograd.grad(LocalResponseNorm.reference(x), x, seed)

    @staticmethod
    def reference(x):
        c = LocalResponseNorm
        return F.local_response_norm(x, c.size, c.alpha, c.beta, c.bias)

    @staticmethod
    def symbolic(graph, x):
        c = LocalResponseNorm
        return graph.op("LRN", x, size_i=c.size, alpha_f=c.alpha, beta_f=c.beta, bias_f=c.bias)


class MiscOps(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)
        self.prelu = nn.PReLU(4)
        self.up = nn.ConvTranspose2d(4, 4, 3, stride=2, padding=1, output_padding=1)
        self.fc = nn.Linear(8, CLASSES)

    def forward(self, x):
        x = F.pad(x, (1, 2, 0, 1))                                # Pad, asymmetric
        x = LocalResponseNorm.apply(self.conv(x))                                # LRN
        left, right = torch.split(x, [4, 4], dim=1)               # Split
        left = self.prelu(left) - torch.tanh(right)               # PRelu, Tanh, Sub
        right = F.leaky_relu(right, 0.1) / (1.5 + torch.sigmoid(left))   # LeakyRelu, Sigmoid, Div
        y = torch.sqrt(left.pow(2) + 1.0) * right                 # Pow, Sqrt, Mul
        y = self.up(y)                                            # ConvTranspose
        mean = y.mean(dim=(2, 3), keepdim=True)                   # ReduceMean
        features = torch.cat([mean, (y - mean).pow(2).mean(dim=(2, 3), keepdim=True)], 1)
        return self.fc(features.squeeze(3).squeeze(2))            # Squeeze, Gemm


MODELS = [
    # name, constructor, input shape (C, H, W), [opsets], target class
    ("resnet_tiny", TinyResNet, (3, 32, 32), [11, 17], 3),
    ("mobilenet_tiny", TinyMobileNet, (3, 32, 32), [13, 14, 20], 5),
    ("densenet_squeezenet_tiny", TinyDenseSqueezeNet, (3, 16, 16), [12, 18], 7),
    ("vit_tiny", TinyViT, (3, 32, 32), [12, 17, 20], 1),
    ("misc_ops", MiscOps, (3, 12, 12), [11, 13, 18], 2),
]


def export(model: nn.Module, example: torch.Tensor, opset: int) -> bytes:
    buffer = io.BytesIO()
    torch.onnx.export(model, (example,), buffer, dynamo=False, opset_version=opset,
                      input_names=["input"], output_names=["logits"],
                      # PRESERVE keeps BatchNormalization as a node (the engine folds it, not the exporter).
                      training=torch.onnx.TrainingMode.PRESERVE,
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    return buffer.getvalue()


def input_gradient(model: nn.Module, x: np.ndarray, target: int) -> np.ndarray:
    reference = model.double()
    inputs = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    reference(inputs)[:, target].sum().backward()
    model.float()
    return inputs.grad.numpy().astype(np.float32)


def main() -> None:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    manifest = []
    for index, (name, constructor, shape, opsets, target) in enumerate(MODELS):
        torch.manual_seed(index)
        model = constructor()
        randomize_batch_norm_statistics(model)
        model.eval()
        x = np.random.default_rng(index).standard_normal((BATCH, *shape)).astype(np.float32)
        gradient = input_gradient(model, x, target)
        for opset in opsets:
            stem = f"{name}_opset{opset}"
            data = export(model, torch.from_numpy(x[:1]), opset)
            onnx.checker.check_model(onnx.load_from_string(data))
            session = onnxruntime.InferenceSession(data, providers=["CPUExecutionProvider"])
            logits = session.run(None, {"input": x})[0]
            with torch.no_grad():
                torch_logits = model(torch.from_numpy(x)).numpy()
            assert np.allclose(logits, torch_logits, rtol=1e-4, atol=1e-5), f"{stem}: onnxruntime ≠ PyTorch"
            (FIXTURES / f"{stem}.onnx").write_bytes(data)
            np.save(FIXTURES / f"{stem}.input.npy", x)
            np.save(FIXTURES / f"{stem}.logits.npy", logits)
            np.save(FIXTURES / f"{stem}.input_gradient.npy", gradient)
            ops = sorted({node.op_type for node in onnx.load_from_string(data).graph.node})
            manifest.append({"name": stem, "opset": opset, "target": target, "input_shape": [BATCH, *shape],
                             "operators": ops})
            print(f"{stem}: {len(data) / 1024:.1f} KiB, ops {' '.join(ops)}")
    (FIXTURES / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


if __name__ == "__main__":
    main()
