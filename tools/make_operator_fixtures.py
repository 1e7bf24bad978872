#!/usr/bin/env python3
"""Reference fixtures for the operators of today's exporters (issue 23): small ONNX graphs written with
onnx.helper, one or a few per operator family, with onnxruntime's outputs and PyTorch's gradients.
Run by hand, never by `make test`:

    /tmp/venv-torch/bin/python tools/make_operator_fixtures.py

(the environment of tools/make_engine_fixtures.py: torch 2.13 CPU, onnx 1.23.2, onnxruntime 1.32.)

Each graph reads one input `x` (batch axis symbolic); the other operands are initializers. Branches
that exercise several operators are flattened to N×k and concatenated, so one output covers a family.
Beside each `<name>.onnx` in Tests/ONNXTests/Fixtures/operators/:

    <name>.input.npy           the input, float32
    <name>.output.npy          onnxruntime's output for it
    <name>.seed.npy            a random output gradient
    <name>.input_gradient.npy  ∂(Σ seed ⊙ output)/∂x

The gradient comes from PyTorch autograd in float64 on the same function written with torch ops, whose
forward must match onnxruntime's first (rtol 1e-4, atol 1e-5), so the reference follows ONNX's
semantics, not this engine's. Resize modes PyTorch has no interpolation for (asymmetric or
half-pixel linear, round_prefer_ceil, exclude_outside, tf_crop_and_resize, …) are linear (affine) maps
of x; their gradient is Mᵀ·seed with M measured column by column from onnxruntime itself
(`gradient_source` says which), which needs no second implementation of Resize.

`manifest.json` lists every graph with its opset, its operator types and the gradient's source.
"""
import json
import pathlib

import numpy as np
import onnx
import onnxruntime
import torch
import torch.nn.functional as F
from onnx import TensorProto, helper, numpy_helper

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "ONNXTests" / "Fixtures" / "operators"
BATCH = 2


class Graph:
    """An ONNX graph under construction: one float input `x` with a symbolic batch, initializers, nodes."""

    def __init__(self, name, opset, shape):
        self.name, self.opset, self.shape = name, opset, shape
        self.nodes, self.initializers, self.count = [], [], 0

    def fresh(self, stem):
        self.count += 1
        return f"{stem}_{self.count}"

    def const(self, values, dtype=np.float32):
        name = self.fresh("c")
        self.initializers.append(numpy_helper.from_array(np.asarray(values, dtype=dtype), name))
        return name

    def ints(self, values):
        return self.const(values, np.int64)

    def __call__(self, op, *inputs, outputs=1, **attributes):
        names = [self.fresh(op.lower()) for _ in range(outputs)]
        self.nodes.append(helper.make_node(op, list(inputs), names, name=names[0], **attributes))
        return names[0] if outputs == 1 else names

    def flat(self, value):
        """The value as N×k, for concatenating branches of different shapes."""
        return self("Reshape", value, self.ints([0, -1]))

    def joined(self, values):
        return self("Concat", *[self.flat(value) for value in values], axis=1)

    def model(self, output, deprecated=False):
        x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", *self.shape])
        y = helper.make_tensor_value_info(output, TensorProto.FLOAT, ["batch", "features"])
        graph = helper.make_graph(self.nodes, self.name, [x], [y], initializer=self.initializers)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", self.opset)],
                                  producer_name="make_operator_fixtures")
        model.ir_version = 8 if self.opset <= 18 else 10
        if not deprecated:  # the checker refuses deprecated operators that onnxruntime still runs
            onnx.checker.check_model(model)
        return model


def away_from(x, kinks, margin=0.06):
    """x with every element at least `margin` from each kink (piecewise operators)."""
    for kink in kinks:
        near = np.abs(x - kink) < margin
        x = np.where(near, kink + np.where(x >= kink, margin, -margin), x)
    return x.astype(np.float32)


def flat(value):
    return value.reshape(value.shape[0], -1)


def joined(values):
    return torch.cat([flat(value) for value in values], 1)


# ---------------------------------------------------------------- element-wise operators

def elementwise(rng):
    g = Graph("elementwise_opset18", 18, [3, 4])
    x = "x"
    branches = [
        g("Neg", x), g("Abs", x), g("Exp", x), g("Log", g("Abs", x)), g("Reciprocal", x), g("Sin", x), g("Cos", x),
        g("Softplus", x), g("Softsign", x), g("Elu", x, alpha=0.7), g("Selu", x), g("Celu", x, alpha=1.3), g("Mish", x),
        g("ThresholdedRelu", x, alpha=0.5), g("Sign", x), g("Floor", x), g("Ceil", x), g("Round", g("Mul", x, g.const(2.0))),
        g("Cast", g("IsNaN", x), to=TensorProto.FLOAT), g("Cast", g("IsInf", x), to=TensorProto.FLOAT),
        g("Cast", g("Not", g("Less", x, g.const(0.0))), to=TensorProto.FLOAT),
    ]
    output = g.joined(branches)

    def reference(x):
        return joined([
            -x, x.abs(), x.exp(), x.abs().log(), x.reciprocal(), x.sin(), x.cos(), F.softplus(x), F.softsign(x),
            F.elu(x, 0.7), F.selu(x), F.celu(x, 1.3), F.mish(x), F.threshold(x, 0.5, 0.0), x.sign(), x.floor(), x.ceil(),
            (2 * x).round(), x.isnan().to(x.dtype), x.isinf().to(x.dtype), (~(x < 0)).to(x.dtype),
        ])

    magnitudes = rng.uniform(0.2, 1.6, (BATCH, 3, 4)) * rng.choice([-1, 1], (BATCH, 3, 4))
    return g.model(output), away_from(magnitudes, [-1.5, -1, -0.75, -0.5, -0.25, 0.25, 0.5, 0.75, 1, 1.5]), reference


def swish(rng):
    g = Graph("swish_opset24", 24, [5])
    output = g.joined([g("Swish", "x"), g("Swish", "x", alpha=1.7)])
    return g.model(output), rng.uniform(-3, 3, (BATCH, 5)).astype(np.float32), \
        lambda x: joined([x * torch.sigmoid(x), x * torch.sigmoid(1.7 * x)])


def selection(rng):
    g = Graph("selection_opset13", 13, [3, 4])
    x = "x"
    c = np.array([0.3, -0.2, 0.9, -0.6], np.float32)
    twice = g("Mul", x, g.const(2.0))
    near = g("Greater", x, g.const(-0.5))
    branches = [
        g("Where", g("Less", x, g.const(c)), x, twice),
        g("Where", g("And", near, g("Not", g("Equal", x, g.const(c)))), g("Neg", x), x),
        g("Where", g("Or", g("LessOrEqual", x, g.const(-0.8)), g("GreaterOrEqual", x, g.const(0.8))), x, g.const(0.25)),
        g("Where", g("Xor", near, g("Greater", x, g.const(c))), twice, g("Neg", x)),
        g("Mod", x, g.const(0.7), fmod=1),
        g("Mod", g.const(np.full((3, 4), 1.3, np.float32)), x, fmod=1),
        g("Max", x, g.const(c), g("Neg", x)),
        g("Max", x, x),
        g("Min", x, g.const(c)),
        g("Sum", x, g.const(c), x),
        g("Mean", x, g.const(c[:, None].repeat(4, 1)[:3])),
    ]
    output = g.joined(branches)
    ct = torch.tensor(c, dtype=torch.float64)

    def maximum(*values):
        return torch.stack(torch.broadcast_tensors(*values)).amax(0)

    def reference(x):
        twice, near = 2 * x, x > -0.5
        return joined([
            torch.where(x < ct, x, twice),
            torch.where(near & ~(x == ct), -x, x),
            torch.where((x <= -0.8) | (x >= 0.8), x, torch.tensor(0.25, dtype=x.dtype)),
            torch.where(near ^ (x > ct), twice, -x),
            torch.fmod(x, 0.7),
            torch.fmod(torch.full_like(x, 1.3), x),
            maximum(x, ct.expand_as(x), -x),
            maximum(x, x),
            torch.minimum(x, ct),
            x + ct + x,
            (x + torch.tensor(c[:, None].repeat(4, 1)[:3], dtype=x.dtype)) / 2,
        ])

    magnitudes = rng.uniform(0.2, 1.5, (BATCH, 3, 4)) * rng.choice([-1, 1], (BATCH, 3, 4))
    return g.model(output), away_from(magnitudes, [-0.8, -0.5, 0, 0.8, *c]), reference


# ---------------------------------------------------------------- reductions

def reductions(rng, opset):
    g = Graph(f"reductions_opset{opset}", opset, [3, 4])
    x = "x"

    def reduce(op, axes, keepdims=1):
        if opset >= 18 or op == "ReduceSum":
            return g(op, x, g.ints(axes), keepdims=keepdims)
        return g(op, x, axes=axes, keepdims=keepdims)

    branches = [
        reduce("ReduceSum", [1]), reduce("ReduceMax", [2], 0), reduce("ReduceMin", [1, 2]), reduce("ReduceL1", [-1]),
        reduce("ReduceL2", [1], 0), reduce("ReduceSumSquare", [2]), reduce("ReduceProd", [1]),
        reduce("ReduceLogSumExp", [2], 0), reduce("ReduceMean", [1, 2], 0),
        g("Cast", g("ArgMax", x, axis=2, keepdims=0, select_last_index=1), to=TensorProto.FLOAT),
        g("Cast", g("ArgMin", x, axis=1), to=TensorProto.FLOAT),
    ]
    if opset >= 18:
        branches.append(g("ReduceSum", x, keepdims=1, noop_with_empty_axes=1))
    output = g.joined(branches)

    def reference(x):
        pieces = [
            x.sum(1, keepdim=True), x.amax(2), x.amin((1, 2), keepdim=True), x.abs().sum(-1, keepdim=True),
            x.square().sum(1).sqrt(), x.square().sum(2, keepdim=True), x.prod(1, keepdim=True), x.logsumexp(2),
            x.mean((1, 2)), (x.shape[2] - 1 - x.flip(2).argmax(2)).to(x.dtype), x.argmin(1, keepdim=True).to(x.dtype),
        ]
        return joined(pieces + ([x] if opset >= 18 else []))

    return g.model(output), rng.uniform(0.5, 1.5, (BATCH, 3, 4)).astype(np.float32), reference


# ---------------------------------------------------------------- Resize and Upsample

def resize_graph(name, opset, resizes):
    """A graph of several resizes of x (N×2×4×5), each given as (attributes, inputs after x)."""
    g = Graph(name, opset, [2, 4, 5])
    branches = []
    for op, attributes, inputs in resizes(g):
        branches.append(g(op, "x", *inputs, **attributes))
    return g, g.joined(branches)


def shape_sizes(g, height, width):
    """Resize sizes built as exporters build them: the input's batch and channels, then fixed sizes."""
    return g("Concat", g("Slice", g("Shape", "x"), g.ints([0]), g.ints([2])), g.ints([height, width]), axis=0)


def resize_opset13(rng):
    def resizes(g):
        empty = g.const(np.array([], np.float32))
        return [
            ("Resize", dict(mode="nearest", coordinate_transformation_mode="asymmetric", nearest_mode="floor"),
             ["", g.const([1, 1, 2, 2])]),
            ("Resize", dict(mode="nearest", coordinate_transformation_mode="half_pixel", nearest_mode="round_prefer_ceil"),
             [empty, "", shape_sizes(g, 7, 9)]),
            ("Resize", dict(mode="linear", coordinate_transformation_mode="pytorch_half_pixel"), ["", g.const([1, 1, 1.5, 0.6])]),
            ("Resize", dict(mode="linear", coordinate_transformation_mode="align_corners"), ["", "", shape_sizes(g, 6, 8)]),
            ("Resize", dict(mode="linear", coordinate_transformation_mode="half_pixel"), ["", g.const([1, 1, 0.5, 0.5])]),
            ("Resize", dict(mode="cubic", coordinate_transformation_mode="pytorch_half_pixel", cubic_coeff_a=-0.75),
             ["", g.const([1, 1, 2, 1.6])]),
            ("Resize", dict(mode="cubic", coordinate_transformation_mode="align_corners"), ["", "", shape_sizes(g, 5, 7)]),
        ]

    g, output = resize_graph("resize_opset13", 13, resizes)

    def reference(x):
        return joined([
            F.interpolate(x, scale_factor=2, mode="nearest"),
            F.interpolate(x, size=(7, 9), mode="nearest-exact"),
            F.interpolate(x, scale_factor=(1.5, 0.6), mode="bilinear", align_corners=False),
            F.interpolate(x, size=(6, 8), mode="bilinear", align_corners=True),
            F.interpolate(x, scale_factor=0.5, mode="bilinear", align_corners=False),
            F.interpolate(x, scale_factor=(2, 1.6), mode="bicubic", align_corners=False),
            F.interpolate(x, size=(5, 7), mode="bicubic", align_corners=True),
        ])

    return g.model(output), rng.standard_normal((BATCH, 2, 4, 5)).astype(np.float32), reference


def resize_modes_opset13(rng):
    def resizes(g):
        return [
            ("Resize", dict(mode="linear", coordinate_transformation_mode="asymmetric"), ["", g.const([1, 1, 1.5, 1.5])]),
            ("Resize", dict(mode="cubic", coordinate_transformation_mode="half_pixel", cubic_coeff_a=-0.5, exclude_outside=1),
             ["", "", shape_sizes(g, 6, 7)]),
            ("Resize", dict(mode="nearest", coordinate_transformation_mode="tf_half_pixel_for_nn", nearest_mode="ceil"),
             ["", g.const([1, 1, 1.5, 1.25])]),
            ("Resize", dict(mode="nearest", coordinate_transformation_mode="asymmetric", nearest_mode="round_prefer_ceil"),
             ["", g.const([1, 1, 0.75, 0.6])]),
            ("Resize", dict(mode="nearest", coordinate_transformation_mode="half_pixel", nearest_mode="floor"),
             ["", g.const([1, 1, 2.5, 1.5])]),
            ("Resize", dict(mode="nearest", coordinate_transformation_mode="half_pixel"), ["", "", shape_sizes(g, 7, 9)]),
            ("Resize", dict(mode="linear", coordinate_transformation_mode="tf_crop_and_resize", extrapolation_value=0.3),
             [g.const([0, 0, -0.2, 0.2, 1, 1, 0.9, 1.3]), "", shape_sizes(g, 5, 6)]),
            ("Resize", dict(mode="nearest", coordinate_transformation_mode="tf_crop_and_resize", extrapolation_value=-1.0),
             [g.const([0, 0, 0.1, 0.1, 1, 1, 0.8, 0.9]), "", shape_sizes(g, 3, 4)]),
        ]

    g, output = resize_graph("resize_modes_opset13", 13, resizes)
    return g.model(output), rng.standard_normal((BATCH, 2, 4, 5)).astype(np.float32), None


def resize_opset10(rng):
    g, output = resize_graph("resize_opset10", 10, lambda g: [
        ("Resize", dict(mode="nearest"), [g.const([1, 1, 2, 3])]),
        ("Resize", dict(mode="linear"), [g.const([1, 1, 1.5, 2])]),
        ("Resize", dict(mode="nearest"), [g.const([1, 1, 0.5, 0.75])]),
    ])
    return g.model(output), rng.standard_normal((BATCH, 2, 4, 5)).astype(np.float32), None


def resize_opset11(rng):
    def resizes(g):
        empty = g.const(np.array([], np.float32))
        return [
            ("Resize", dict(mode="linear", coordinate_transformation_mode="align_corners"), [empty, g.const([1, 1, 2, 2])]),
            ("Resize", dict(mode="nearest", coordinate_transformation_mode="asymmetric", nearest_mode="floor"),
             [empty, empty, shape_sizes(g, 7, 9)]),
        ]

    g, output = resize_graph("resize_opset11", 11, resizes)
    return g.model(output), rng.standard_normal((BATCH, 2, 4, 5)).astype(np.float32), lambda x: joined([
        F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=True),
        F.interpolate(x, size=(7, 9), mode="nearest"),
    ])


def resize_opset18(rng):
    g, output = resize_graph("resize_opset18", 18, lambda g: [
        ("Resize", dict(mode="nearest", coordinate_transformation_mode="asymmetric", nearest_mode="floor", axes=[2, 3]),
         ["", g.const([2, 1.5])]),
        ("Resize", dict(mode="linear", axes=[2, 3], keep_aspect_ratio_policy="not_larger"), ["", "", g.ints([6, 6])]),
        ("Resize", dict(mode="cubic", axes=[3, 2], keep_aspect_ratio_policy="not_smaller"), ["", "", g.ints([3, 7])]),
    ])
    return g.model(output), rng.standard_normal((BATCH, 2, 4, 5)).astype(np.float32), None


def resize_opset19(rng):
    g, output = resize_graph("resize_opset19", 19, lambda g: [
        ("Resize", dict(mode="linear", coordinate_transformation_mode="half_pixel_symmetric"), ["", g.const([1, 1, 1.7, 0.7])]),
        ("Resize", dict(mode="nearest", coordinate_transformation_mode="half_pixel_symmetric"), ["", g.const([1, 1, 2.2, 1.3])]),
    ])
    return g.model(output), rng.standard_normal((BATCH, 2, 4, 5)).astype(np.float32), None


def upsample_opset7(rng):
    g, output = resize_graph("upsample_opset7", 7, lambda g: [("Upsample", dict(mode="nearest", scales=[1.0, 1.0, 2.0, 3.0]), [])])
    return g.model(output), rng.standard_normal((BATCH, 2, 4, 5)).astype(np.float32), \
        lambda x: flat(F.interpolate(x, scale_factor=(2, 3), mode="nearest"))


def upsample_opset9(rng):
    g, output = resize_graph("upsample_opset9", 9, lambda g: [
        ("Upsample", dict(mode="linear"), [g.const([1, 1, 2, 1.5])]),
        ("Upsample", dict(mode="nearest"), [g.const([1, 1, 1, 2])]),
    ])
    return g.model(output), rng.standard_normal((BATCH, 2, 4, 5)).astype(np.float32), None


# ---------------------------------------------------------------- normalizations, layout, Einsum

def normalization(rng, opset):
    g = Graph(f"normalization_opset{opset}", opset, [4, 3, 3])
    scale, bias = rng.uniform(0.5, 1.5, 4).astype(np.float32), rng.uniform(-0.3, 0.3, 4).astype(np.float32)
    group_scale, group_bias = (scale, bias) if opset >= 21 else (scale[:2], bias[:2])
    branches = [g("GroupNormalization", "x", g.const(group_scale), g.const(group_bias), num_groups=2, epsilon=1e-4)]
    if opset < 21:
        branches.append(g("InstanceNormalization", "x", g.const(scale), g.const(bias), epsilon=1e-4))
    output = g.joined(branches)

    def reference(x):
        s, b = (torch.tensor(v, dtype=x.dtype) for v in (scale, bias))
        if opset >= 21:
            grouped = F.group_norm(x, 2, s, b, eps=1e-4)
        else:
            normalized = F.group_norm(x, 2, eps=1e-4).reshape(x.shape[0], 2, -1)
            grouped = normalized * s[:2, None] + b[:2, None]
        pieces = [grouped] + ([] if opset >= 21 else [F.instance_norm(x, weight=s, bias=b, eps=1e-4)])
        return joined(pieces)

    return g.model(output, deprecated=opset < 21), rng.standard_normal((BATCH, 4, 3, 3)).astype(np.float32), reference


def layout(rng):
    g = Graph("layout_opset14", 14, [4, 2, 4])
    x = "x"
    branches = [
        g("Tile", x, g.ints([1, 2, 1, 3])),
        g("DepthToSpace", x, blocksize=2),
        g("DepthToSpace", x, blocksize=2, mode="CRD"),
        g("SpaceToDepth", x, blocksize=2),
        g("CumSum", x, g.const(np.array(3, np.int64), np.int64)),
        g("CumSum", x, g.const(np.array(1, np.int32), np.int32), exclusive=1, reverse=1),
        g("Trilu", x),
        g("Trilu", x, g.const(np.array(1, np.int64), np.int64), upper=0),
        g("Hardmax", x, axis=-1),
    ]
    output = g.joined(branches)

    def reference(x):
        n = x.shape[0]
        reversed_exclusive = x.flip(1).cumsum(1).flip(1) - x
        return joined([
            x.repeat(1, 2, 1, 3),
            x.reshape(n, 2, 2, 1, 2, 4).permute(0, 3, 4, 1, 5, 2).reshape(n, 1, 4, 8),
            F.pixel_shuffle(x, 2),
            x.reshape(n, 4, 1, 2, 2, 2).permute(0, 3, 5, 1, 2, 4).reshape(n, 16, 1, 2),
            x.cumsum(3), reversed_exclusive, x.triu(), x.tril(1),
            F.one_hot(x.argmax(-1), 4).to(x.dtype),
        ])

    return g.model(output), rng.standard_normal((BATCH, 4, 2, 4)).astype(np.float32), reference


def einsum(rng):
    g = Graph("einsum_opset12", 12, [3, 4])
    w, v, w1, w2 = (rng.standard_normal(shape).astype(np.float32) for shape in [(4, 5), (4,), (4, 2), (2, 3)])
    branches = [
        g("Einsum", "x", g.const(w), equation="bij,jk->bik"),
        g("Einsum", "x", equation="bij->bji"),
        g("Einsum", "x", "x", equation="bij,bkj->bik"),
        g("Einsum", "x", g.const(v), equation="...j,j->..."),
        g("Einsum", "x", g.const(w1), g.const(w2), equation="bij,jk,kl->bil"),
    ]
    output = g.joined(branches)

    def reference(x):
        t = lambda a: torch.tensor(a, dtype=x.dtype)
        return joined([
            torch.einsum("bij,jk->bik", x, t(w)), torch.einsum("bij->bji", x), torch.einsum("bij,bkj->bik", x, x),
            torch.einsum("...j,j->...", x, t(v)), torch.einsum("bij,jk,kl->bil", x, t(w1), t(w2)),
        ])

    return g.model(output), rng.standard_normal((BATCH, 3, 4)).astype(np.float32), reference


# ---------------------------------------------------------------- shapes at run time and at load time

def shape_runtime(rng):
    """Batch-dependent shape arithmetic feeding computations on the image, as the dynamo exporter writes
    `as_strided` (a Gather over indices built from Range over the batch) and as `torch.full_like` is written."""
    g = Graph("shape_runtime_opset17", 17, [3, 4])
    batch = g("Squeeze", g("Shape", "x", end=1), g.ints([0]))
    rows = g("Mul", g("Range", g.const(np.array(0, np.int64), np.int64), batch, g.const(np.array(1, np.int64), np.int64)),
             g.const(np.array(12, np.int64), np.int64))
    indices = g("Add", g("Unsqueeze", rows, g.ints([1])), g.ints(np.arange(12).reshape(1, 12)))
    gathered = g("Gather", g("Reshape", "x", g.ints([-1])), indices, axis=0)
    filled = g("ConstantOfShape", g("Shape", "x"), value=helper.make_tensor("value", TensorProto.FLOAT, [1], [0.5]))
    divided = g("Div", "x", g("Cast", g("Size", "x"), to=TensorProto.FLOAT))
    windows = g("Mul", g("Shape", "x", end=1), g.ints([3]))
    stacked = g("Reshape", "x", g("Concat", windows, g.ints([1, 4]), axis=0))
    expanded = g("Expand", stacked, g("Concat", windows, g.ints([2, 4]), axis=0))
    output = g.joined([gathered, g("Add", "x", filled), divided, g("Reshape", expanded, g("Concat", g("Shape", "x", end=1), g.ints([-1]), axis=0))])
    return g.model(output), rng.standard_normal((BATCH, 3, 4)).astype(np.float32), \
        lambda x: joined([x.reshape(x.shape[0], 12), x + 0.5, x / x.numel(),
                          x.reshape(3 * x.shape[0], 1, 4).expand(3 * x.shape[0], 2, 4).reshape(x.shape[0], -1)])


def folding_rules(rng):
    """The remaining folding rules, on the dimensions of x, whose values reach the output as a factor:
    the network keeps only the product, everything else folds at load time."""
    g = Graph("folding_rules_opset18", 18, [3, 5, 7])
    dims = g("Slice", g("Shape", "x"), g.ints([1]), g.ints([4]))
    real = g("Cast", dims, to=TensorProto.FLOAT)
    half = g("Div", real, g.const(2.0))
    below, above = g("LessOrEqual", dims, g.ints(5)), g("GreaterOrEqual", dims, g.ints(5))
    as_float = lambda value: g("Cast", value, to=TensorProto.FLOAT)
    # Integer results pass through an integer Div before the Cast: were a rule to give a float, the
    # division would not truncate and the factor would show it.
    halved = lambda value: as_float(g("Div", value, g.ints(2)))
    four = g.ints(4)
    pieces = [
        g("Floor", half), g("Round", half), g("Sqrt", real), g("Reciprocal", real), g("Pow", real, g.ints(2)),
        g("Sum", real, real, real), halved(g("Sign", g("Sub", dims, g.ints(5)))), as_float(below), as_float(above),
        as_float(g("Or", below, above)), as_float(g("Xor", below, above)), halved(g("Tile", dims, g.ints([2]))),
        halved(g("ReduceSum", dims, g.ints([0]), keepdims=1)), halved(g("ReduceMax", dims, g.ints([0]), keepdims=1)),
        halved(g("ReduceMin", dims, g.ints([0]), keepdims=1)), halved(g("Add", g("ArgMin", dims, keepdims=1), g.ints(3))),
        halved(g("Mod", dims, four)), halved(g("Min", dims, four)), halved(g("Max", dims, g.ints(6))),
        halved(g("Abs", g("Neg", dims))),
    ]
    factors = g("Concat", *pieces, axis=0)
    values = np.concatenate([[1, 2, 3], [2, 2, 4], np.sqrt([3, 5, 7]), 1 / np.array([3, 5, 7]), [9, 25, 49], [9, 15, 21],
                             [0, 0, 0], [1, 1, 0], [0, 1, 1], [1, 1, 1], [1, 0, 1], [1, 2, 3, 1, 2, 3], [7], [3], [1], [1],
                             [1, 0, 1], [1, 2, 2], [3, 3, 3], [1, 2, 3]])
    count = len(values)
    window = g("Slice", g("Reshape", "x", g.ints([0, -1])), g.ints([0]), g.ints([count]), g.ints([1]))
    output = g("Mul", window, factors)
    factors64 = torch.tensor(values, dtype=torch.float64)
    return g.model(output), rng.standard_normal((BATCH, 3, 5, 7)).astype(np.float32), \
        lambda x: x.reshape(x.shape[0], -1)[:, :count] * factors64


def scatter(rng):
    """ScatterND on the image (overwriting and adding rows) and on constants (a mask, as Swin writes its
    attention mask), which folds."""
    g = Graph("scatter_opset18", 18, [3, 4])
    data = g("Transpose", "x", perm=[1, 2, 0])
    updates = g("Transpose", g("Mul", g("Slice", "x", g.ints([0]), g.ints([2]), g.ints([1])), g.const(3.0)), perm=[1, 2, 0])
    written = g("Transpose", g("ScatterND", data, g.ints([[2], [0]]), updates), perm=[2, 0, 1])
    added = g("Transpose", g("ScatterND", data, g.ints([[1], [1]]), updates, reduction="add"), perm=[2, 0, 1])
    zeros = g("ConstantOfShape", g.ints([3, 4]), value=helper.make_tensor("value", TensorProto.FLOAT, [1], [0.0]))
    mask = g("ScatterND", zeros, g.ints([[0, 1], [2, 3]]), g.const([5.0, 7.0]))
    output = g.joined([written, added, g("Mul", "x", mask)])

    def reference(x):
        data, updates = x.permute(1, 2, 0), (3 * x[:, 0:2]).permute(1, 2, 0)
        written = torch.stack([updates[1], data[1], updates[0]])
        added = torch.stack([data[0], data[1] + updates[0] + updates[1], data[2]])
        mask = torch.zeros(3, 4, dtype=x.dtype)
        mask[0, 1], mask[2, 3] = 5, 7
        return joined([written.permute(2, 0, 1), added.permute(2, 0, 1), x * mask])

    return g.model(output), rng.standard_normal((BATCH, 3, 4)).astype(np.float32), reference


def shape_folding(rng):
    """Static shape arithmetic with the operators of Swin's window padding and dynamo's clamps, which
    must fold at load time with ONNX's integer semantics (an integer Div truncates before a Ceil)."""
    g = Graph("shape_folding_opset18", 18, [3, 5, 7])
    s = g("Shape", "x")
    height, width = g("Gather", s, g.ints(2)), g("Gather", s, g.ints(3))
    four = g.ints(4)
    pad = lambda size: g("Unsqueeze", g("Mod", g("Sub", four, g("Mod", size, four)), four), g.ints([0]))
    pads = g("Concat", g.ints([0, 0, 0, 0, 0, 0]), pad(height), pad(width), axis=0)
    padded = g("Pad", "x", pads)
    half = g("Cast", g("Ceil", g("Cast", g("Div", g("Mod", width, four), g.ints(2)), to=TensorProto.FLOAT)), to=TensorProto.INT64)
    end = g("Unsqueeze", g("Add", half, g.ints(2)), g.ints([0]))
    columns = g("Slice", "x", g.ints([0]), end, g.ints([3]))
    smaller = g("Abs", g("Neg", g("Min", height, width)))
    rows = g("Slice", "x", g.ints([0]), g("Unsqueeze", g("Sub", smaller, g.ints(1)), g.ints([0])), g.ints([2]))
    larger = g("Max", height, width, g.ints(6))
    wide = g("Slice", "x", g.ints([0]), g("Unsqueeze", g("Sub", larger, g.ints(2)), g.ints([0])), g.ints([3]))
    batch = g("Slice", s, g.ints([0]), g.ints([1]))
    condition = g("And", g("Greater", height, g.ints(2)), g("Not", g("Less", width, g.ints(3))))
    chosen = g("Where", condition, g.ints([35]), g.ints([99]))
    first = g("Reshape", g("Gather", "x", g.ints(0), axis=1), g("Concat", batch, chosen, axis=0))
    product = g("ReduceProd", g("Slice", s, g.ints([1]), g.ints([4])), keepdims=1)
    flattened = g("Reshape", "x", g("Concat", batch, product, axis=0))
    largest = g("ArgMax", g("Slice", s, g.ints([1]), g.ints([4])), keepdims=1)
    channel = g("Gather", "x", largest, axis=1)
    total = g("Unsqueeze", g("Add", g("Add", height, width), g.ints(-10)), g.ints([0]))
    limited = g("Slice", "x", g.ints([0]), total, g.ints([3]))
    output = g.joined([padded, columns, rows, wide, first, flattened, channel, limited])

    def reference(x):
        return joined([F.pad(x, (0, 1, 0, 3)), x[..., :3], x[:, :, :4], x[..., :5], x[:, 0].reshape(x.shape[0], 35),
                       x.reshape(x.shape[0], 105), x[:, 2:3], x[..., :2]])

    return g.model(output), rng.standard_normal((BATCH, 3, 5, 7)).astype(np.float32), reference


# ---------------------------------------------------------------- references

def onnxruntime_output(model, x):
    session = onnxruntime.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return session.run(None, {"x": x})[0]


def torch_gradient(reference, x, seed):
    inputs = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    output = reference(inputs)
    (output * torch.tensor(seed, dtype=torch.float64)).sum().backward()
    return output.detach().numpy(), inputs.grad.numpy()


def map_gradient(model, x, seed):
    """Mᵀ·seed for an output affine in x, M measured per batch item from onnxruntime: each column is the
    response to one unit input less the response to zero."""
    item = int(np.prod(x.shape[1:]))
    basis = np.concatenate([np.zeros((1, item), np.float32), np.eye(item, dtype=np.float32)]).reshape(item + 1, *x.shape[1:])
    responses = onnxruntime_output(model, basis).astype(np.float64).reshape(item + 1, -1)
    columns = responses[1:] - responses[0]
    gradient = np.stack([columns @ seed[b].astype(np.float64).reshape(-1) for b in range(x.shape[0])])
    return gradient.reshape(x.shape)


CASES = [
    elementwise, swish, selection, lambda rng: reductions(rng, 13), lambda rng: reductions(rng, 18),
    resize_opset13, resize_modes_opset13, resize_opset10, resize_opset11, resize_opset18, resize_opset19,
    upsample_opset7, upsample_opset9, lambda rng: normalization(rng, 18), lambda rng: normalization(rng, 21),
    layout, einsum, shape_runtime, shape_folding, scatter, folding_rules,
]


def main():
    FIXTURES.mkdir(parents=True, exist_ok=True)
    manifest = []
    for index, case in enumerate(CASES):
        rng = np.random.default_rng(1000 + index)
        model, x, reference = case(rng)
        name = model.graph.name
        output = onnxruntime_output(model, x)
        seed = rng.standard_normal(output.shape).astype(np.float32)
        if reference is None:
            gradient, source = map_gradient(model, x, seed), "onnxruntime linear map"
        else:
            expected, gradient = torch_gradient(reference, x, seed)
            assert expected.shape == output.shape, f"{name}: PyTorch gives {expected.shape}, onnxruntime {output.shape}"
            assert np.allclose(output, expected, rtol=1e-4, atol=1e-5), \
                f"{name}: onnxruntime and PyTorch differ by {np.abs(output - expected).max()}"
            source = "PyTorch autograd"
            if name.startswith(("resize", "upsample")):
                assert np.allclose(gradient, map_gradient(model, x, seed), rtol=1e-4, atol=1e-5), f"{name}: map gradient"
        onnx.save(model, FIXTURES / f"{name}.onnx")
        for kind, array in [("input", x), ("output", output), ("seed", seed), ("input_gradient", gradient)]:
            np.save(FIXTURES / f"{name}.{kind}.npy", np.ascontiguousarray(array, dtype=np.float32))
        operators = sorted({node.op_type for node in model.graph.node})
        manifest.append({"name": name, "opset": model.opset_import[0].version, "operators": operators,
                         "gradient_source": source})
        print(f"{name}: output {output.shape}, gradient from {source}, operators {' '.join(operators)}")
    (FIXTURES / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


if __name__ == "__main__":
    main()
