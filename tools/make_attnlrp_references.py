#!/usr/bin/env python3
"""AttnLRP references from LXT (Achtibat et al. 2024, `pip install lxt`) for one tiny hybrid ViT built
like shapes-vit, so that Tests/AttributionTests/AttnLRPParityTests.swift can prove that our LRP
composites follow LXT's rules at attention. Run by hand, never by `make test`:

    /tmp/refvenv/bin/pip install lxt          # beside the packages make_attribution_references.py lists
    /tmp/refvenv/bin/python tools/make_attnlrp_references.py

(or, beside /tmp/venv-torch: a venv whose .pth file points at its site-packages, with
`pip install --no-deps lxt==2.1`).

The model: conv3×3(3→8)-ReLU-maxpool2-conv3×3(8→16)-ReLU-maxpool2 on 16×16 images, a 1×1 convolution
embedding the 4×4 grid as 16 tokens of width 16, learned position embeddings, one pre-norm block
(two heads, a learned temperature, a GELU MLP of width 32), a final LayerNorm, max pooling over the
tokens and a linear classifier (5 classes). Linear layers are written x·W + b, as shapes-vit's are,
so they export as MatMul + Add. Random weights from a fixed seed; LayerNorm's affine terms and every
bias are random too, so that no rule is tested only on zeros.

Two references, both LXT's explicit functional rules computed in float64:

    relevance.npy           LXT as it is
    relevance_matched.npy   LXT on exactly this graph's operations, with Zennit's stabiliser: each
                            linear layer as its MatMul and its bias Add (two rules, as the exported
                            graph has them, where LXT's linear rule takes the bias into one), and
                            z + ε·sign(z) where LXT's `_stabilize` adds +ε whatever the sign. Our
                            rules should give this one to float precision; the plain one differs
                            by those two choices only.

The rules are the ε-rule (ε = 1e-6) on the
convolutions and linear layers, the uniform ε-rule on q·kᵀ and on attention·values, the Taylor rule
on softmax, LayerNorm with its deviation detached, the identity rule on GELU, the ε-rule on sums;
max pooling, ReLU and reshapes pass relevance by their gradient. The output relevance is one-hot ×
the target's logit, as our LRP seeds it.

Writes into Tests/AttributionTests/Fixtures/attnlrp/: reference_vit.onnx (opset 20), the same model
exported at opset 14 as reference_vit_opset14.onnx (LayerNorm and GELU spelled out), inputs.npy, targets.npy,
logits.npy, relevance.npy, relevance_matched.npy and manifest.json.
"""
import contextlib
import importlib.metadata
import io
import json
import pathlib

import numpy as np
import torch
import torch.nn.functional as F
import lxt.explicit.functional as lxt_functional
import lxt.explicit.rules as lxt_rules
from lxt.explicit import functional as lxt
from lxt.explicit.rules import EpsilonRule, identity
from torch import nn

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "AttributionTests" / "Fixtures" / "attnlrp"
SEED = 20261123
TARGETS = [2, 4]
WIDTH, HEADS, HIDDEN, CLASSES = 16, 2, 32, 5
EPSILON = 1e-6


class TinyViT(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.embedding = nn.Conv2d(16, WIDTH, 1)
        self.position = nn.Parameter(torch.randn(1, 16, WIDTH) * 0.3)
        self.norm1, self.norm2, self.norm = (nn.LayerNorm(WIDTH) for _ in range(3))
        linear = lambda inputs, outputs: nn.ParameterList([nn.Parameter(torch.randn(inputs, outputs) / inputs ** 0.5),
                                                            nn.Parameter(torch.randn(outputs) * 0.1)])
        self.query, self.key, self.value, self.projection = (linear(WIDTH, WIDTH) for _ in range(4))
        self.hidden, self.output = linear(WIDTH, HIDDEN), linear(HIDDEN, WIDTH)
        self.scale = nn.Parameter(torch.tensor([(WIDTH // HEADS) ** -0.5]))
        self.head = nn.Linear(WIDTH, CLASSES)
        for norm in (self.norm1, self.norm2, self.norm):
            nn.init.uniform_(norm.weight, 0.5, 1.5)
            nn.init.uniform_(norm.bias, -0.2, 0.2)
        self.lrp = False

    def forward(self, x):
        conv = (lambda layer, x: EpsilonRule(layer, epsilon=EPSILON)(x)) if self.lrp else (lambda layer, x: layer(x))
        add = (lambda a, b: lxt.add2(a, b, epsilon=EPSILON)) if self.lrp else torch.add
        matmul = (lambda a, b: lxt.matmul(a, b, epsilon=EPSILON)) if self.lrp else torch.matmul
        norm = (lambda layer, x: lxt.layer_norm(x, layer.weight, layer.bias, layer.eps)) if self.lrp else (lambda layer, x: layer(x))
        softmax = (lambda x: lxt.softmax(x, -1)) if self.lrp else (lambda x: F.softmax(x, -1))
        gelu = (lambda x: identity(F.gelu, x)) if self.lrp else F.gelu
        scaled = (lambda x: lxt.mul2(x, self.scale.detach())) if self.lrp else (lambda x: x * self.scale)

        def linear(parameters, x):
            weight, bias = parameters
            if self.lrp:
                return lxt.linear_epsilon(x, weight.t(), bias, epsilon=EPSILON)
            return torch.matmul(x, weight) + bias

        x = F.max_pool2d(F.relu(conv(self.conv1, x)), 2)
        x = F.max_pool2d(F.relu(conv(self.conv2, x)), 2)
        x = conv(self.embedding, x)
        batch = x.shape[0]
        tokens = add(x.reshape(batch, WIDTH, 16).transpose(1, 2), self.position)

        attended = norm(self.norm1, tokens)
        split = lambda t: t.reshape(batch, 16, HEADS, WIDTH // HEADS).transpose(1, 2)
        q, k, v = (split(linear(p, attended)) for p in (self.query, self.key, self.value))
        weights = softmax(scaled(matmul(q, k.transpose(-1, -2))))
        mixed = matmul(weights, v).transpose(1, 2).reshape(batch, 16, WIDTH)
        tokens = add(tokens, linear(self.projection, mixed))
        tokens = add(tokens, linear(self.output, gelu(linear(self.hidden, norm(self.norm2, tokens)))))

        grid = norm(self.norm, tokens).transpose(1, 2).reshape(batch, WIDTH, 4, 4)
        pooled = F.adaptive_max_pool2d(grid, 1).flatten(1)
        return conv(self.head, pooled)


def lxt_relevance(model: TinyViT, inputs: torch.Tensor):
    """LXT's input relevance for the targets, seeded with one-hot × the target's logit; and the logits."""
    model.lrp = True
    x = inputs.double().requires_grad_(True)
    logits = model(x)
    seed = torch.zeros_like(logits)
    seed[range(len(TARGETS)), TARGETS] = logits[range(len(TARGETS)), TARGETS]
    logits.backward(seed.detach())
    model.lrp = False
    return x.grad.detach(), logits.detach()


@contextlib.contextmanager
def matched_to_the_graph():
    """LXT with Zennit's stabiliser and each linear layer as the graph's MatMul and bias Add."""
    original = lxt_functional._stabilize, lxt_rules._stabilize, lxt_functional.linear_epsilon
    signed = lambda z, epsilon=1e-6, inplace=False: z + epsilon * ((z == 0).to(z) + z.sign())
    fused = lxt_functional.linear_epsilon
    split = lambda x, weight, bias=None, epsilon=1e-6: lxt_functional.add2(fused(x, weight, None, epsilon=epsilon), bias,
                                                                           epsilon=epsilon)
    lxt_functional._stabilize, lxt_rules._stabilize, lxt_functional.linear_epsilon = signed, signed, split
    try:
        yield
    finally:
        lxt_functional._stabilize, lxt_rules._stabilize, lxt_functional.linear_epsilon = original


def main() -> None:
    torch.manual_seed(SEED)
    model = TinyViT().eval()
    inputs = torch.rand(2, 3, 16, 16)
    FIXTURES.mkdir(parents=True, exist_ok=True)
    # Opset 20 writes LayerNormalization and Gelu as single operators; opset 14 spells both out
    # (ReduceMean, Sub, Pow, Sqrt, Div; Div, Erf, Add, Mul), as exporters of older opsets do.
    for opset, name in [(20, "reference_vit.onnx"), (14, "reference_vit_opset14.onnx")]:
        buffer = io.BytesIO()
        torch.onnx.export(model, (inputs,), buffer, dynamo=False, opset_version=opset, input_names=["input"],
                          output_names=["logits"], dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
        (FIXTURES / name).write_bytes(buffer.getvalue())

    model = model.double()
    relevance, logits = lxt_relevance(model, inputs)
    with torch.no_grad():
        plain = model(inputs.double())
    assert torch.allclose(plain, logits), "the LXT forward must compute the same logits"
    with matched_to_the_graph():
        matched, _ = lxt_relevance(model, inputs)

    arrays = {"inputs": inputs, "targets": torch.tensor(TARGETS, dtype=torch.float32), "logits": plain,
              "relevance": relevance, "relevance_matched": matched}
    for name, array in arrays.items():
        np.save(FIXTURES / f"{name}.npy", np.ascontiguousarray(array.detach().numpy().astype(np.float32)))
    manifest = {
        "model": "reference_vit.onnx", "opset": 20, "spelled_out_model": "reference_vit_opset14.onnx", "seed": SEED, "targets": TARGETS, "epsilon": EPSILON,
        "library": f"lxt {importlib.metadata.version('lxt')}, torch {importlib.metadata.version('torch')}",
        "relevance_sums": relevance.sum(dim=(1, 2, 3)).tolist(),
        "matched_differs_from_plain_by": float((matched - relevance).abs().max() / relevance.abs().max()),
    }
    (FIXTURES / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(json.dumps(manifest, indent=2))


if __name__ == "__main__":
    main()
