"""Vision classifiers in the style of the ONNX Model Zoo's validated files, written node by node with
onnx.helper at the opsets those files use (7–12), with the operator versions of that opset: BatchNormalization
with `spatial` at 7–8, Dropout with a `ratio` attribute until 11 and an input from 12, Clip with min/max
attributes until 10, Upsample at 7–9 and Resize after, Pad/Slice/Squeeze/Unsqueeze/ReduceMean/Split with
their attribute forms until the opset that made them inputs, Reshape to a shape initializer (with 0 for
"copy this dimension", or a batch fixed at 1 as converters from Caffe2 wrote it), Softmax at the end.

Only PyPI's onnx and numpy are needed: Tests/Integration builds full-size models here at test time. Given
a float64 PyTorch tensor as `twin_input`, every node also runs its PyTorch equivalent as it is added, and
`Graph.values[output]` is the model's output with its autograd graph: tools/make_exporter_zoo.py takes the
reference input gradient from it (PyTorch is imported only then).
"""
import numpy as np
import onnx
from onnx import TensorProto, helper


class Graph:
    """One graph under construction at one opset.

    `input_shape` is C×H×W (or H×W×C with `channels_last`, converted by a leading Transpose as tf2onnx
    writes it); `batch` is a fixed batch size or None for a symbolic one. Weights are drawn from a seeded
    normal distribution scaled by fan-in; with `int8_weights`, every weight of two or more dimensions is
    stored as int8 with a per-output-channel scale and read through DequantizeLinear (a QDQ model whose
    only quantization is of its constant weights).
    """

    def __init__(self, name, opset, input_shape, seed=0, batch=None, channels_last=False, twin_input=None,
                 int8_weights=False):
        self.name, self.opset, self.batch = name, opset, batch
        self.rng = np.random.default_rng(seed)
        self.int8_weights = int8_weights
        self.nodes, self.initializers, self.counter, self.shapes = [], [], {}, {}
        self.values = None if twin_input is None else {}
        dims = ["N" if batch is None else batch, *input_shape]
        self.inputs = [helper.make_tensor_value_info("data", TensorProto.FLOAT, dims)]
        self.shapes["data"] = tuple(input_shape)
        if self.values is not None:
            self.values["data"] = twin_input
        self.x = "data"
        if channels_last:
            self.x = self.transpose("data", [0, 3, 1, 2])

    # ---- names, weights, constants -------------------------------------------------------------------
    def fresh(self, kind):
        self.counter[kind] = self.counter.get(kind, 0) + 1
        return f"{kind}_{self.counter[kind]}"

    def constant(self, array, kind="const"):
        name = self.fresh(kind)
        self.initializers.append((name, np.asarray(array)))
        return name

    def weight(self, shape, fan_in, spread=1.0):
        """A weight tensor (He-scaled normal), as a plain initializer or int8 through DequantizeLinear."""
        values = self.rng.standard_normal(shape, dtype=np.float32) * np.float32(spread * np.sqrt(2.0 / fan_in))
        if not self.int8_weights or len(shape) < 2:
            return self.constant(values, "w"), values
        scale = (np.abs(values).reshape(shape[0], -1).max(axis=1) / 127).astype(np.float32)
        quantized = np.clip(np.round(values / scale.reshape(-1, *[1] * (len(shape) - 1))), -127, 127).astype(np.int8)
        output = self.node("DequantizeLinear", [self.constant(quantized, "wq"), self.constant(scale, "scale"),
                                                self.constant(np.zeros(shape[0], np.int8), "zero")], axis=0)
        dequantized = quantized.astype(np.float32) * scale.reshape(-1, *[1] * (len(shape) - 1))
        return output, dequantized

    def bias(self, count, spread=0.1):
        values = (self.rng.standard_normal(count) * spread).astype(np.float32)
        return self.constant(values, "b"), values

    def node(self, op, inputs, outputs=1, **attributes):
        names = [self.fresh(op.lower()) for _ in range(outputs)]
        self.nodes.append(helper.make_node(op, inputs, names, name=self.fresh(op), **attributes))
        return names[0] if outputs == 1 else names

    def twin(self, output, compute):
        """Runs the node's PyTorch equivalent on the twin values, if there is a twin."""
        if self.values is not None:
            self.values[output] = compute(self.values)

    @staticmethod
    def tensor(array):
        import torch
        return torch.tensor(array, dtype=torch.float64)

    # ---- convolution, normalisation, activation -------------------------------------------------------
    def conv(self, x, out, kernel, stride=1, pads=None, group=1, bias=True):
        """`pads` as ONNX writes them (top, left, bottom, right); None is kernel//2 on every side."""
        channels, height, width = self.shapes[x]
        pads = [kernel // 2] * 4 if pads is None else ([pads] * 4 if isinstance(pads, int) else list(pads))
        w_name, w = self.weight((out, channels // group, kernel, kernel), channels // group * kernel * kernel)
        inputs = [x, w_name]
        b = None
        if bias:
            b_name, b = self.bias(out)
            inputs.append(b_name)
        y = self.node("Conv", inputs, kernel_shape=[kernel, kernel], strides=[stride, stride], pads=pads, group=group)
        self.shapes[y] = (out, (height + pads[0] + pads[2] - kernel) // stride + 1,
                          (width + pads[1] + pads[3] - kernel) // stride + 1)

        def compute(v):
            import torch.nn.functional as F
            padded = F.pad(v[x], (pads[1], pads[3], pads[0], pads[2]))
            return F.conv2d(padded, self.tensor(w), None if b is None else self.tensor(b), stride, 0, 1, group)
        self.twin(y, compute)
        return y

    def batch_norm(self, x, epsilon=1e-5):
        channels = self.shapes[x][0]
        gamma = self.rng.uniform(0.5, 1.5, channels).astype(np.float32)
        beta = self.rng.uniform(-0.2, 0.2, channels).astype(np.float32)
        mean = self.rng.uniform(-0.2, 0.2, channels).astype(np.float32)
        variance = self.rng.uniform(0.5, 1.5, channels).astype(np.float32)
        legacy = {"spatial": 1} if self.opset < 9 else {}
        y = self.node("BatchNormalization", [x] + [self.constant(a, "bn") for a in (gamma, beta, mean, variance)],
                      epsilon=epsilon, momentum=0.9, **legacy)
        self.shapes[y] = self.shapes[x]

        def compute(v):
            import torch.nn.functional as F
            return F.batch_norm(v[x], self.tensor(mean), self.tensor(variance), self.tensor(gamma), self.tensor(beta),
                                False, 0.0, epsilon)
        self.twin(y, compute)
        return y

    def relu(self, x):
        y = self.node("Relu", [x])
        self.shapes[y] = self.shapes[x]
        self.twin(y, lambda v: v[x].clamp_min(0))
        return y

    def clip(self, x, low, high):
        """ReLU6 as converters wrote it: attributes until opset 10, inputs from 11."""
        if self.opset <= 10:
            y = self.node("Clip", [x], min=float(low), max=float(high))
        else:
            y = self.node("Clip", [x, self.constant(np.float32(low)), self.constant(np.float32(high))])
        self.shapes[y] = self.shapes[x]
        self.twin(y, lambda v: v[x].clamp(low, high))
        return y

    def lrn(self, x, size=5, alpha=1e-4, beta=0.75, bias=1.0):
        y = self.node("LRN", [x], size=size, alpha=alpha, beta=beta, bias=bias)
        self.shapes[y] = self.shapes[x]

        def compute(v):
            import torch.nn.functional as F
            return F.local_response_norm(v[x], size, alpha, beta, bias)
        self.twin(y, compute)
        return y

    def dropout(self, x, ratio):
        """Identity at inference; its ratio an attribute until opset 11, an input from 12."""
        if self.opset <= 11:
            y = self.node("Dropout", [x], ratio=ratio)
        else:
            y = self.node("Dropout", [x, self.constant(np.float32(ratio), "ratio")])
        self.shapes[y] = self.shapes[x]
        self.twin(y, lambda v: v[x])
        return y

    def softmax(self, x):
        """Softmax over axis 1 (every opset's default before 13 flattens from axis 1 on: the same on N×C,
        and on N×C×1×1 as the Caffe2 converters wrote it)."""
        y = self.node("Softmax", [x], axis=1)
        self.shapes[y] = self.shapes[x]

        def compute(v):
            value = v[x]
            return value.reshape(value.shape[0], -1).softmax(1).reshape(value.shape)
        self.twin(y, compute)
        return y

    # ---- pooling ---------------------------------------------------------------------------------------
    def max_pool(self, x, kernel, stride, pads=(0, 0, 0, 0), storage_order=False):
        """`pads` (top, left, bottom, right): Caffe's ceil-mode pooling was converted into extra
        bottom/right padding."""
        channels, height, width = self.shapes[x]
        extra = {"storage_order": 0} if storage_order and self.opset >= 8 else {}
        y = self.node("MaxPool", [x], kernel_shape=[kernel, kernel], strides=[stride, stride], pads=list(pads), **extra)
        self.shapes[y] = (channels, (height + pads[0] + pads[2] - kernel) // stride + 1,
                          (width + pads[1] + pads[3] - kernel) // stride + 1)

        def compute(v):
            import torch.nn.functional as F
            padded = F.pad(v[x], (pads[1], pads[3], pads[0], pads[2]), value=-float("inf"))
            return F.max_pool2d(padded, kernel, stride)
        self.twin(y, compute)
        return y

    def average_pool(self, x, kernel, stride, pad=0, count_include_pad=None):
        """Symmetric padding `pad`; `count_include_pad` (opset 7+) says whether padded zeros are counted."""
        channels, height, width = self.shapes[x]
        extra = {} if count_include_pad is None else {"count_include_pad": int(count_include_pad)}
        y = self.node("AveragePool", [x], kernel_shape=[kernel, kernel], strides=[stride, stride], pads=[pad] * 4,
                      **extra)
        self.shapes[y] = (channels, (height + 2 * pad - kernel) // stride + 1, (width + 2 * pad - kernel) // stride + 1)

        def compute(v):
            import torch.nn.functional as F
            return F.avg_pool2d(v[x], kernel, stride, pad, count_include_pad=bool(count_include_pad))
        self.twin(y, compute)
        return y

    def global_average_pool(self, x):
        y = self.node("GlobalAveragePool", [x])
        self.shapes[y] = (self.shapes[x][0], 1, 1)
        self.twin(y, lambda v: v[x].mean(dim=(2, 3), keepdim=True))
        return y

    def with_axes(self, op, x, axes, last_attribute_opset, **attributes):
        """A node whose axes were an attribute until `last_attribute_opset` and an input after it."""
        if self.opset <= last_attribute_opset:
            return self.node(op, [x], axes=list(axes), **attributes)
        return self.node(op, [x, self.constant(np.array(axes, np.int64), "axes")], **attributes)

    def reduce_mean(self, x, axes, keepdims):
        """Axes an attribute until opset 17, an input from 18."""
        y = self.with_axes("ReduceMean", x, axes, 17, keepdims=keepdims)
        shape = list(self.shapes[x])
        for axis in sorted(axes, reverse=True):
            if keepdims:
                shape[axis - 1] = 1
            else:
                del shape[axis - 1]
        self.shapes[y] = tuple(shape)
        self.twin(y, lambda v: v[x].mean(dim=tuple(axes), keepdim=bool(keepdims)))
        return y

    # ---- combining -------------------------------------------------------------------------------------
    def concat(self, xs):
        y = self.node("Concat", xs, axis=1)
        self.shapes[y] = (sum(self.shapes[x][0] for x in xs), *self.shapes[xs[0]][1:])

        def compute(v):
            import torch
            return torch.cat([v[x] for x in xs], 1)
        self.twin(y, compute)
        return y

    def add(self, a, b):
        y = self.node("Add", [a, b])
        self.shapes[y] = self.shapes[a]
        self.twin(y, lambda v: v[a] + v[b])
        return y

    def sum(self, xs):
        y = self.node("Sum", xs)
        self.shapes[y] = self.shapes[xs[0]]
        self.twin(y, lambda v: sum(v[x] for x in xs))
        return y

    def mul(self, a, b):
        y = self.node("Mul", [a, b])
        self.shapes[y] = self.shapes[a]
        self.twin(y, lambda v: v[a] * v[b])
        return y

    def sigmoid(self, x):
        y = self.node("Sigmoid", [x])
        self.shapes[y] = self.shapes[x]
        self.twin(y, lambda v: v[x].sigmoid())
        return y

    # ---- layout -----------------------------------------------------------------------------------------
    def transpose(self, x, perm):
        y = self.node("Transpose", [x], perm=list(perm))
        shape = (None, *self.shapes[x])
        self.shapes[y] = tuple(shape[axis] for axis in perm[1:])
        self.twin(y, lambda v: v[x].permute(*perm))
        return y

    def reshape(self, x, shape):
        """To a shape initializer: 0 copies the input's dimension, −1 takes the rest."""
        y = self.node("Reshape", [x, self.constant(np.array(shape, np.int64), "shape")])
        known = [self.shapes[x][axis - 1] if size == 0 and axis > 0 else size for axis, size in enumerate(shape)][1:]
        total = int(np.prod(self.shapes[x]))
        if -1 in known:
            known[known.index(-1)] = total // -int(np.prod(known))
        self.shapes[y] = tuple(known)

        def compute(v):
            # The twin runs the whole batch at once; a batch the graph fixes (Reshape to [1, …] in a
            # batch-1 graph) is applied to each item.
            value = v[x]
            target = [value.shape[axis] if size == 0 or (axis == 0 and size == self.batch) else size
                      for axis, size in enumerate(shape)]
            return value.reshape(target)
        self.twin(y, compute)
        return y

    def flatten(self, x):
        y = self.node("Flatten", [x], axis=1)
        self.shapes[y] = (int(np.prod(self.shapes[x])),)
        self.twin(y, lambda v: v[x].reshape(v[x].shape[0], -1))
        return y

    def squeeze(self, x, axes):
        """Axes an attribute until opset 12, an input from 13."""
        y = self.with_axes("Squeeze", x, axes, 12)
        self.shapes[y] = tuple(size for axis, size in enumerate(self.shapes[x], 1) if axis not in axes)
        self.twin(y, lambda v: v[x].reshape(v[x].shape[0], *self.shapes[y]))
        return y

    def unsqueeze(self, x, axes):
        y = self.with_axes("Unsqueeze", x, axes, 12)
        shape = list(self.shapes[x])
        for axis in sorted(axes):
            shape.insert(axis - 1, 1)
        self.shapes[y] = tuple(shape)
        self.twin(y, lambda v: v[x].reshape(v[x].shape[0], *self.shapes[y]))
        return y

    def slice_channels(self, x, start, end):
        """Channels [start, end): starts/ends/axes attributes until opset 9, inputs from 10."""
        if self.opset <= 9:
            y = self.node("Slice", [x], starts=[start], ends=[end], axes=[1])
        else:
            y = self.node("Slice", [x] + [self.constant(np.array([value], np.int64), "slice")
                                          for value in (start, end, 1)])
        self.shapes[y] = (end - start, *self.shapes[x][1:])
        self.twin(y, lambda v: v[x][:, start:end])
        return y

    def split_channels(self, x, parts):
        """Split along channels: sizes an attribute until opset 12, an input from 13."""
        if self.opset <= 12:
            ys = self.node("Split", [x], outputs=len(parts), axis=1, split=list(parts))
        else:
            ys = self.node("Split", [x, self.constant(np.array(parts, np.int64), "split")], outputs=len(parts), axis=1)
        start = 0
        for y, part in zip(ys, parts):
            self.shapes[y] = (part, *self.shapes[x][1:])
            self.twin(y, lambda v, begin=start, size=part: v[x][:, begin:begin + size])
            start += part
        return ys

    def pad(self, x, pads, mode="constant", value=0.0):
        """`pads` (top, left, bottom, right) on H and W: an attribute until opset 10, an input from 11."""
        full = [0, 0, pads[0], pads[1], 0, 0, pads[2], pads[3]]
        if self.opset <= 10:
            extra = {"value": value} if mode == "constant" else {}
            y = self.node("Pad", [x], pads=full, mode=mode, **extra)
        else:
            inputs = [x, self.constant(np.array(full, np.int64), "pads")]
            if mode == "constant":
                inputs.append(self.constant(np.float32(value), "value"))
            y = self.node("Pad", inputs, mode=mode)
        channels, height, width = self.shapes[x]
        self.shapes[y] = (channels, height + pads[0] + pads[2], width + pads[1] + pads[3])

        def compute(v):
            import torch.nn.functional as F
            torch_mode = {"constant": "constant", "reflect": "reflect", "edge": "replicate"}[mode]
            arguments = {"value": value} if mode == "constant" else {}
            return F.pad(v[x], (pads[1], pads[3], pads[0], pads[2]), mode=torch_mode, **arguments)
        self.twin(y, compute)
        return y

    def upsample(self, x, factor):
        """Nearest-neighbour ×`factor`: Upsample with a scales attribute (7–8) or input (9), Resize from 10."""
        scales = np.array([1, 1, factor, factor], np.float32)
        if self.opset <= 8:
            y = self.node("Upsample", [x], mode="nearest", scales=[float(s) for s in scales])
        elif self.opset == 9:
            y = self.node("Upsample", [x, self.constant(scales, "scales")], mode="nearest")
        elif self.opset == 10:
            y = self.node("Resize", [x, self.constant(scales, "scales")], mode="nearest")
        else:
            y = self.node("Resize", [x, self.constant(np.zeros(0, np.float32), "roi"), self.constant(scales, "scales")],
                          mode="nearest", coordinate_transformation_mode="asymmetric", nearest_mode="floor")
        channels, height, width = self.shapes[x]
        self.shapes[y] = (channels, height * factor, width * factor)

        def compute(v):
            import torch.nn.functional as F
            return F.interpolate(v[x], scale_factor=factor, mode="nearest")
        self.twin(y, compute)
        return y

    # ---- classifier -------------------------------------------------------------------------------------
    def gemm(self, x, out):
        """Gemm with the weight transposed (transB), as every converter writes a fully connected layer."""
        features = self.shapes[x][0]
        w_name, w = self.weight((out, features), features)
        b_name, b = self.bias(out)
        y = self.node("Gemm", [x, w_name, b_name], alpha=1.0, beta=1.0, transB=1)
        self.shapes[y] = (out,)
        self.twin(y, lambda v: v[x] @ self.tensor(w).T + self.tensor(b))
        return y

    def matmul_add(self, x, out):
        """tf2onnx's dense layer: MatMul by a features×out initializer, then Add."""
        features = self.shapes[x][0]
        w_name, w = self.weight((features, out), features)
        b_name, b = self.bias(out)
        product = self.node("MatMul", [x, w_name])
        self.shapes[product] = (out,)
        self.twin(product, lambda v: v[x] @ self.tensor(w))
        y = self.node("Add", [product, b_name])
        self.shapes[y] = (out,)
        self.twin(y, lambda v: v[product] + self.tensor(b))
        return y

    # ---- the model ---------------------------------------------------------------------------------------
    def model(self, output, doc="", check=True):
        """The finished ModelProto (IR version that the opset's onnx release wrote), `output` its only output,
        after onnx.checker's full check (`check=False` skips it: it takes most of a minute on VGG-16)."""
        dims = ["N" if self.batch is None else self.batch, *self.shapes[output]]
        # Built in place rather than with helper.make_graph/make_model, which copy every initializer twice
        # (seconds on VGG-16's half a gigabyte).
        model = onnx.ModelProto(ir_version=IR_VERSIONS.get(self.opset, 7), producer_name="modelzoo_graphs.py",
                                doc_string=doc)
        model.opset_import.add(domain="", version=self.opset)
        graph = model.graph
        graph.name = self.name
        graph.node.extend(self.nodes)
        graph.input.extend(self.inputs)
        graph.output.append(helper.make_tensor_value_info(output, TensorProto.FLOAT, dims))
        for name, array in self.initializers:
            tensor = graph.initializer.add(name=name, data_type=helper.np_dtype_to_tensor_dtype(array.dtype))
            tensor.dims.extend(array.shape)
            tensor.raw_data = array.tobytes()
            if model.ir_version < 4:
                # Before IR version 4 every initializer had to be a graph input too: the old zoo files list
                # their weights after the image.
                graph.input.append(helper.make_tensor_value_info(name, tensor.data_type, array.shape))
        if check:
            onnx.checker.check_model(model, full_check=True)
        return model


# The IR version the onnx release that introduced each opset wrote (onnx/onnx docs/Versioning.md).
IR_VERSIONS = {7: 3, 8: 3, 9: 4, 10: 5, 11: 6, 12: 7, 13: 7, 14: 7, 15: 8, 16: 8, 17: 8}


# ==== the families ===================================================================================
def conv_bn_relu(g, x, out, kernel, stride=1, pads=None, group=1):
    return g.relu(g.batch_norm(g.conv(x, out, kernel, stride, pads, group, bias=False)))


def resnet_v1(g, depths=(3, 4, 6, 3), widths=(64, 128, 256, 512), stem=64, classes=1000):
    """ResNet v1 with bottlenecks as MXNet Gluon (resnet50-v1-7) writes it: the stride on the first 1×1."""
    x = g.max_pool(conv_bn_relu(g, g.x, stem, 7, 2, 3), 3, 2, (1, 1, 1, 1))
    for stage, (depth, width) in enumerate(zip(depths, widths)):
        for block in range(depth):
            stride = 2 if block == 0 and stage > 0 else 1
            y = conv_bn_relu(g, x, width, 1, stride, 0)
            y = conv_bn_relu(g, y, width, 3)
            y = g.batch_norm(g.conv(y, width * 4, 1, 1, 0, bias=False))
            shortcut = x if block > 0 else g.batch_norm(g.conv(x, width * 4, 1, stride, 0, bias=False))
            x = g.relu(g.add(y, shortcut))
    return g.gemm(g.flatten(g.global_average_pool(x)), classes)


def resnet_v2(g, depths=(3, 4, 6, 3), widths=(64, 128, 256, 512), stem=64, classes=1000):
    """Pre-activation ResNet (resnet50-v2-7): BN and ReLU before each convolution, one BN-ReLU at the end."""
    x = g.max_pool(conv_bn_relu(g, g.x, stem, 7, 2, 3), 3, 2, (1, 1, 1, 1))
    for stage, (depth, width) in enumerate(zip(depths, widths)):
        for block in range(depth):
            stride = 2 if block == 0 and stage > 0 else 1
            activated = g.relu(g.batch_norm(x))
            y = g.conv(activated, width, 1, 1, 0, bias=False)
            y = g.conv(g.relu(g.batch_norm(y)), width, 3, stride, bias=False)
            y = g.conv(g.relu(g.batch_norm(y)), width * 4, 1, 1, 0, bias=False)
            shortcut = x if block > 0 else g.conv(activated, width * 4, 1, stride, 0, bias=False)
            x = g.add(y, shortcut)
    x = g.relu(g.batch_norm(x))
    return g.gemm(g.flatten(g.global_average_pool(x)), classes)


VGG16 = (64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M")


def vgg(g, config=VGG16, batch_norm=False, hidden=4096, classes=1000):
    """VGG (vgg16-7, vgg16-bn-7): 3×3 convolutions, 2×2 max pooling, Flatten, two Gemm-ReLU-Dropout, Gemm."""
    x = g.x
    for item in config:
        if item == "M":
            x = g.max_pool(x, 2, 2)
        else:
            x = g.conv(x, item, 3, bias=not batch_norm)
            x = g.relu(g.batch_norm(x) if batch_norm else x)
    x = g.flatten(x)
    for _ in range(2):
        x = g.dropout(g.relu(g.gemm(x, hidden)), 0.5)
    return g.gemm(x, classes)


def fire(g, x, squeeze, expand):
    s = g.relu(g.conv(x, squeeze, 1, pads=0))
    return g.concat([g.relu(g.conv(s, expand, 1, pads=0)), g.relu(g.conv(s, expand, 3))])


def squeezenet(g, version="1.1", width=1.0, classes=1000):
    """SqueezeNet as the Caffe2 converter wrote it (squeezenet1.0-7 / 1.1-7): ceil-mode pooling as extra
    bottom/right padding, Dropout before the classifier convolution, a 4-D Softmax at the end (1.0 with
    the average pool over the whole map, 1.1 with GlobalAveragePool)."""
    w = lambda count: max(1, int(count * width))
    ceil = lambda size: (0, 0, 1, 1) if (size - 3) % 2 else (0, 0, 0, 0)
    if version == "1.0":
        x = g.relu(g.conv(g.x, w(96), 7, 2, 0))
        plan = [(16, 64), (16, 64), (32, 128), "M", (32, 128), (48, 192), (48, 192), (64, 256), "M", (64, 256)]
    else:
        x = g.relu(g.conv(g.x, w(64), 3, 2, 0))
        plan = [(16, 64), (16, 64), "M", (32, 128), (32, 128), "M", (48, 192), (48, 192), (64, 256), (64, 256)]
    x = g.max_pool(x, 3, 2, ceil(g.shapes[x][1]))
    for item in plan:
        x = g.max_pool(x, 3, 2, ceil(g.shapes[x][1])) if item == "M" else fire(g, x, w(item[0]), w(item[1]))
    x = g.relu(g.conv(g.dropout(x, 0.5), classes, 1, pads=0))
    x = g.average_pool(x, g.shapes[x][1], 1) if version == "1.0" else g.global_average_pool(x)
    return g.softmax(x)


def densenet(g, growth=32, blocks=(6, 12, 24, 16), stem=64, bn_size=4, classes=1000):
    """DenseNet-121 (densenet-7/9, from Caffe2): dense layers concatenated, transitions with 2×2 average
    pooling, the classifier a 1×1 convolution whose output is reshaped with a shape initializer [0, −1]."""
    x = g.max_pool(conv_bn_relu(g, g.x, stem, 7, 2, 3), 3, 2, (1, 1, 1, 1))
    for index, layers in enumerate(blocks):
        for _ in range(layers):
            y = g.conv(g.relu(g.batch_norm(x)), bn_size * growth, 1, pads=0, bias=False)
            y = g.conv(g.relu(g.batch_norm(y)), growth, 3, bias=False)
            x = g.concat([x, y])
        if index < len(blocks) - 1:
            x = g.conv(g.relu(g.batch_norm(x)), g.shapes[x][0] // 2, 1, pads=0, bias=False)
            x = g.average_pool(x, 2, 2)
    x = g.relu(g.batch_norm(x))
    x = g.average_pool(x, g.shapes[x][1], 1)
    return g.reshape(g.conv(x, classes, 1, pads=0), [0, -1])


INCEPTION_V1 = [  # 1×1, 3×3 reduce, 3×3, 5×5 reduce, 5×5, pool projection; "M" a stride-2 max pool
    (64, 96, 128, 16, 32, 32), (128, 128, 192, 32, 96, 64), "M",
    (192, 96, 208, 16, 48, 64), (160, 112, 224, 24, 64, 64), (128, 128, 256, 24, 64, 64),
    (112, 144, 288, 32, 64, 64), (256, 160, 320, 32, 128, 128), "M",
    (256, 160, 320, 32, 128, 128), (384, 192, 384, 48, 128, 128)]


def inception_block(g, x, widths):
    one, reduce3, three, reduce5, five, project = widths
    branches = [g.relu(g.conv(x, one, 1, pads=0)),
                g.relu(g.conv(g.relu(g.conv(x, reduce3, 1, pads=0)), three, 3)),
                g.relu(g.conv(g.relu(g.conv(x, reduce5, 1, pads=0)), five, 5)),
                g.relu(g.conv(g.max_pool(x, 3, 1, (1, 1, 1, 1)), project, 1, pads=0))]
    return g.concat(branches)


def inception_v1(g, plan=INCEPTION_V1, width=1.0, classes=1000, reshape_batch=None):
    """Inception v1 / GoogLeNet from Caffe2's bvlc_googlenet (inception-v1-7, googlenet-7): LRN after the
    stem, ceil-mode pooling as extra padding, a 7×7 average pool, Dropout, then either a Reshape to a
    shape initializer with the batch fixed (`reshape_batch`, as inception-v1 writes [1, 1024]) or Flatten,
    Gemm and Softmax."""
    w = lambda count: max(1, int(count * width))
    ceil = lambda size: (0, 0, 1, 1) if (size - 3) % 2 else (0, 0, 0, 0)
    x = g.relu(g.conv(g.x, w(64), 7, 2, 3))
    x = g.lrn(g.max_pool(x, 3, 2, ceil(g.shapes[x][1])))
    x = g.relu(g.conv(g.relu(g.conv(x, w(64), 1, pads=0)), w(192), 3))
    x = g.lrn(x)
    x = g.max_pool(x, 3, 2, ceil(g.shapes[x][1]))
    for item in plan:
        x = g.max_pool(x, 3, 2, ceil(g.shapes[x][1])) if item == "M" else inception_block(g, x, [w(c) for c in item])
    x = g.dropout(g.average_pool(x, g.shapes[x][1], 1), 0.4)
    x = g.flatten(x) if reshape_batch is None else g.reshape(x, [reshape_batch, -1])
    return g.softmax(g.gemm(x, classes))


def channel_shuffle(g, x, groups):
    channels, height, width = g.shapes[x]
    x = g.reshape(x, [0, groups, channels // groups, height, width])
    return g.reshape(g.transpose(x, [0, 2, 1, 3, 4]), [0, channels, height, width])


def shufflenet_v1(g, groups=3, widths=(240, 480, 960), repeats=(4, 8, 4), stem=24, classes=1000):
    """ShuffleNet v1 (shufflenet-7/9, Caffe2): grouped 1×1 convolutions, channel shuffle as Reshape,
    Transpose, Reshape; stride-2 units concatenate a 3×3 average-pooled shortcut."""
    x = g.max_pool(conv_bn_relu(g, g.x, stem, 3, 2), 3, 2, (1, 1, 1, 1))
    for stage, (width, repeat) in enumerate(zip(widths, repeats)):
        for unit in range(repeat):
            stride = 2 if unit == 0 else 1
            inside = g.shapes[x][0]
            out = width - inside if stride == 2 else width
            first_groups = 1 if stage == 0 and unit == 0 else groups
            y = conv_bn_relu(g, x, width // 4, 1, 1, 0, first_groups)
            y = channel_shuffle(g, y, groups)
            y = g.batch_norm(g.conv(y, width // 4, 3, stride, group=width // 4, bias=False))
            y = g.batch_norm(g.conv(y, out, 1, 1, 0, groups, bias=False))
            x = g.relu(g.concat([g.average_pool(x, 3, 2, 1, count_include_pad=True), y]) if stride == 2
                       else g.add(x, y))
    return g.softmax(g.gemm(g.flatten(g.global_average_pool(x)), classes))


def shufflenet_v2(g, widths=(116, 232, 464), repeats=(4, 8, 4), stem=24, last=1024, classes=1000):
    """ShuffleNet v2 as exported from PyTorch at opset 10 (shufflenet-v2-10): channel split by Split
    (stride 1) or two branches (stride 2), Concat, channel shuffle by Reshape/Transpose/Reshape."""
    x = g.max_pool(conv_bn_relu(g, g.x, stem, 3, 2), 3, 2, (1, 1, 1, 1))
    for width, repeat in zip(widths, repeats):
        half = width // 2
        for unit in range(repeat):
            if unit == 0:
                left = g.batch_norm(g.conv(x, g.shapes[x][0], 3, 2, group=g.shapes[x][0], bias=False))
                left = conv_bn_relu(g, left, half, 1, 1, 0)
                right = x
                stride = 2
            else:
                left, right = g.split_channels(x, [half, half])
                stride = 1
            right = conv_bn_relu(g, right, half, 1, 1, 0)
            right = g.batch_norm(g.conv(right, half, 3, stride, group=half, bias=False))
            right = conv_bn_relu(g, right, half, 1, 1, 0)
            x = channel_shuffle(g, g.concat([left, right]), 2)
    x = conv_bn_relu(g, x, last, 1, 1, 0)
    return g.gemm(g.reduce_mean(x, [2, 3], keepdims=0), classes)


MOBILENET_V2 = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2),
                (6, 320, 1, 1)]   # expansion, channels, repeats, stride


def mobilenet_v2(g, plan=MOBILENET_V2, stem=32, last=1280, classes=1000):
    """MobileNet v2 (mobilenetv2-7 / -10): ReLU6 as Clip (attributes before opset 11, inputs after),
    depthwise 3×3, linear bottlenecks with residual Add, GlobalAveragePool, Flatten, Gemm."""
    relu6 = lambda y: g.clip(g.batch_norm(y), 0.0, 6.0)
    x = relu6(g.conv(g.x, stem, 3, 2, bias=False))
    for expansion, channels, repeats, stride in plan:
        for index in range(repeats):
            step = stride if index == 0 else 1
            inside = g.shapes[x][0]
            y = relu6(g.conv(x, inside * expansion, 1, pads=0, bias=False)) if expansion != 1 else x
            y = relu6(g.conv(y, g.shapes[y][0], 3, step, group=g.shapes[y][0], bias=False))
            y = g.batch_norm(g.conv(y, channels, 1, pads=0, bias=False))
            x = g.add(x, y) if step == 1 and inside == channels else y
    x = relu6(g.conv(x, last, 1, pads=0, bias=False))
    return g.gemm(g.flatten(g.global_average_pool(x)), classes)


EFFICIENTNET_LITE4 = [(1, 24, 1, 1, 3), (6, 32, 4, 2, 3), (6, 56, 4, 2, 5), (6, 112, 6, 2, 3), (6, 160, 6, 1, 5),
                      (6, 272, 8, 2, 5), (6, 448, 2, 1, 3)]   # expansion, channels, repeats, stride, kernel


def efficientnet_lite(g, plan=EFFICIENTNET_LITE4, stem=32, last=1280, classes=1000):
    """EfficientNet-Lite4 as tf2onnx wrote it (efficientnet-lite4-11): an NHWC input transposed to NCHW,
    batch norm folded into biased convolutions, ReLU6 as Clip with min/max inputs, no squeeze-excite,
    ReduceMean over H and W, Squeeze, MatMul + Add, Softmax."""
    relu6 = lambda y: g.clip(y, 0.0, 6.0)
    x = relu6(g.conv(g.x, stem, 3, 2, (0, 0, 1, 1)))
    for expansion, channels, repeats, stride, kernel in plan:
        for index in range(repeats):
            step = stride if index == 0 else 1
            inside = g.shapes[x][0]
            y = relu6(g.conv(x, inside * expansion, 1, pads=0)) if expansion != 1 else x
            same = (kernel - 1) // 2 if step == 1 else None
            pads = [same] * 4 if same is not None else [(kernel - 2) // 2, (kernel - 2) // 2, kernel // 2, kernel // 2]
            y = relu6(g.conv(y, g.shapes[y][0], kernel, step, pads, group=g.shapes[y][0]))
            y = g.conv(y, channels, 1, pads=0)
            x = g.add(x, y) if step == 1 and inside == channels else y
    x = relu6(g.conv(x, last, 1, pads=0))
    x = g.squeeze(g.reduce_mean(x, [2, 3], keepdims=1), [2, 3])
    return g.softmax(g.matmul_add(x, classes))


def legacy_operators(g, width=8, classes=10):
    """Not a zoo model: one small graph with the operator forms old converters wrote that the families
    above do not use: Pad with attributes (constant and reflect), Upsample (or Resize), Slice with
    attributes, Squeeze/Unsqueeze/ReduceMean with axes attributes, Sum of three inputs, MaxPool with
    storage_order, AveragePool with count_include_pad, Sigmoid gating."""
    x = g.relu(g.conv(g.pad(g.x, (1, 2, 1, 1), "reflect"), width, 3, pads=0))
    x = g.max_pool(x, 2, 2, storage_order=True)
    up = g.upsample(g.relu(g.conv(x, width, 3, 2)), 2)
    x = g.sum([x, up, g.relu(g.conv(x, width, 1, pads=0))])
    x = g.pad(x, (1, 1, 1, 1), "constant", 0.5)
    first, second = g.slice_channels(x, 0, width // 2), g.slice_channels(x, width // 2, width)
    gate = g.sigmoid(g.unsqueeze(g.unsqueeze(g.reduce_mean(second, [2, 3], keepdims=0), [2]), [3]))
    x = g.concat([g.mul(first, gate), second])
    x = g.average_pool(x, 3, 2, 1, count_include_pad=True)
    x = g.relu(g.batch_norm(g.conv(x, 2 * width, 3, bias=False)))
    x = g.squeeze(g.global_average_pool(x), [2, 3])
    return g.softmax(g.gemm(g.dropout(x, 0.3), classes))
