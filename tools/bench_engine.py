#!/usr/bin/env python3
"""The native engine and attribution library against PyTorch and Captum, on one machine, in one run.

engine       ResNet-50 224²: forward batch 1, forward + input gradient batch 1, forward batch 16; ViT-B/16 and
             Swin-T 224² (torchvision's definitions): forward and forward + input gradient, batch 1
attribution  ResNet-50 224²: gradient, IG-50, Guided Backprop, Grad-CAM (layer4, upsampled),
             SmoothGrad-25, and the peak memory of IG-64 (each side in a process of its own)

ResNet-50 is defined here in plain PyTorch (torchvision is not needed), randomly initialised with a
fixed seed, put in eval mode and exported to ONNX (opset 17) in a temporary folder; the engine's
`bench-engine` executable imports that file. Both sides get the same input and target class, and the
first logits are compared, so that both run the same model. Times are medians of several runs after a
warm-up; the verdict is on the ratio of medians ours / theirs (the ratio of best runs is printed
too). Load from other jobs skews the ratios: PyTorch's OpenMP threads suffer most when a core is taken. GFLOP/s count the convolutions and the linear layer only (2 FLOPs a multiply-add),
for the least work each task needs, against the measured peak of a large sgemm through our OpenBLAS.
They are nominal: the engine computes most 3×3 convolutions by Winograd's transform, with fewer
multiplications than the direct sum that the count assumes, so its rate can exceed the peak.

Usage (make bench-engine / make bench-attribution do this):
    .venv-bench/bin/python tools/bench_engine.py engine|attribution --binary .build/release/bench-engine
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
import torch
from torch import nn

THREADS = 2
TARGET = 7

# Each task: runs (after one warm-up), forward passes of work (a backward to the input costs about a
# forward), goal as the largest ratio ours / theirs.
ENGINE_TASKS = {
    "forward": dict(runs=15, passes=1, goal=0.8, label="forward, batch 1"),
    "forward_gradient": dict(runs=15, passes=2, goal=0.55, label="forward + input gradient, batch 1"),
    "forward_batch16": dict(runs=5, passes=16, goal=None, label="forward, batch 16"),
}
ATTRIBUTION_TASKS = {
    "saliency": dict(runs=7, passes=2, goal=0.55, label="gradient (Saliency)"),
    "ig50": dict(runs=3, passes=100, goal=0.55, label="Integrated Gradients, 50 steps"),
    "gbp": dict(runs=7, passes=2, goal=0.55, label="Guided Backprop"),
    "gradcam": dict(runs=7, passes=1, goal=0.75, label="Grad-CAM (default layer: layer4, upsampled)"),
    "smoothgrad25": dict(runs=3, passes=50, goal=0.55, label="SmoothGrad, 25 samples"),
}
IG64_MEMORY_GOAL = 2 * 1024**3
# The transformers users bring, in torchvision's definitions (issue 23): forward and forward + input
# gradient at batch 1, each against PyTorch on the same ONNX file.
TRANSFORMERS = ("vit_b_16", "swin_t")
TRANSFORMER_TASKS = {
    "forward": dict(runs=7, goal=1.0, label="forward, batch 1"),
    "forward_gradient": dict(runs=7, goal=1.0, label="forward + input gradient, batch 1"),
}


# --- ResNet-50 (He et al. 2016, the torchvision layout), every ReLU its own module for Captum's hooks ---

class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, planes, stride=1):
        super().__init__()
        outplanes = planes * self.expansion
        self.conv1, self.bn1, self.relu1 = nn.Conv2d(inplanes, planes, 1, bias=False), nn.BatchNorm2d(planes), nn.ReLU()
        self.conv2 = nn.Conv2d(planes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn2, self.relu2 = nn.BatchNorm2d(planes), nn.ReLU()
        self.conv3, self.bn3 = nn.Conv2d(planes, outplanes, 1, bias=False), nn.BatchNorm2d(outplanes)
        self.downsample = None
        if stride != 1 or inplanes != outplanes:
            self.downsample = nn.Sequential(nn.Conv2d(inplanes, outplanes, 1, stride=stride, bias=False),
                                            nn.BatchNorm2d(outplanes))
        self.relu3 = nn.ReLU()

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu1(self.bn1(self.conv1(x)))
        out = self.relu2(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        return self.relu3(out + identity)


class ResNet50(nn.Module):
    def __init__(self, classes=1000):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, stride=2, padding=3, bias=False)
        self.bn1, self.relu = nn.BatchNorm2d(64), nn.ReLU()
        self.maxpool = nn.MaxPool2d(3, stride=2, padding=1)
        inplanes, stages = 64, []
        for planes, blocks, stride in ((64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)):
            layers = []
            for index in range(blocks):
                layers.append(Bottleneck(inplanes, planes, stride if index == 0 else 1))
                inplanes = planes * Bottleneck.expansion
            stages.append(nn.Sequential(*layers))
        self.layer1, self.layer2, self.layer3, self.layer4 = stages
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(inplanes, classes)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


def make_model():
    """Random weights with a fixed seed; batch-norm statistics randomised too, so that folding them matters,
    and the last batch norm of each residual branch damped so that activations stay of order 1."""
    torch.manual_seed(0)
    model = ResNet50()
    for module in model.modules():
        if isinstance(module, nn.Conv2d):
            nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")
        elif isinstance(module, nn.BatchNorm2d):
            with torch.no_grad():
                module.weight.uniform_(0.5, 1.0)
                module.bias.uniform_(-0.1, 0.1)
                module.running_mean.uniform_(-0.1, 0.1)
                module.running_var.uniform_(0.5, 1.5)
    for block in model.modules():
        if isinstance(block, Bottleneck):
            with torch.no_grad():
                block.bn3.weight.mul_(0.2)
    model.eval()
    for parameter in model.parameters():
        parameter.requires_grad_(False)  # attribution needs gradients to the input only, as in our engine
    return model


def forward_flops(model):
    """FLOPs of one 224² forward pass in the convolutions and the linear layer."""
    total = 0

    def count(module, inputs, output):
        nonlocal total
        if isinstance(module, nn.Conv2d):
            kernel = module.in_channels // module.groups * module.kernel_size[0] * module.kernel_size[1]
            total += 2 * output.numel() * kernel
        elif isinstance(module, nn.Linear):
            total += 2 * output.numel() * module.in_features

    hooks = [m.register_forward_hook(count) for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    with torch.inference_mode():
        model(torch.zeros(1, 3, 224, 224))
    for hook in hooks:
        hook.remove()
    return total


def make_input():
    generator = torch.Generator().manual_seed(1)
    return torch.randn(1, 3, 224, 224, generator=generator)


def make_transformer(name):
    """torchvision's `name` with random weights from a fixed seed (its zero-initialised head drawn too, so
    that gradients reach the input), in eval mode, without gradients for the weights."""
    from offline_torchvision import import_torchvision
    torchvision = import_torchvision()
    torch.manual_seed(0)
    model = getattr(torchvision.models, name)(weights=None)
    for parameter in model.parameters():
        if parameter.dim() > 1 and not parameter.detach().any():
            with torch.no_grad():
                nn.init.normal_(parameter, std=0.02)
    model.eval()
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    return model


def export_onnx(model, x, path):
    """The model at opset 17 with a dynamic batch, through the TorchScript exporter. In eval mode
    nn.MultiheadAttention takes a fused fast path that this exporter cannot write
    (aten::_native_multi_head_attention); with it off, the file holds the same attention spelled out."""
    fastpath = torch.backends.mha.get_fastpath_enabled()
    torch.backends.mha.set_fastpath_enabled(False)
    try:
        torch.onnx.export(model, (x,), str(path), opset_version=17, input_names=["input"], output_names=["logits"],
                          dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, dynamo=False)
    finally:
        torch.backends.mha.set_fastpath_enabled(fastpath)


def transformer_rows(binary, x, folder):
    """Ours and PyTorch's forward and forward + input gradient on each of TRANSFORMERS."""
    rows = []
    for name in TRANSFORMERS:
        model = make_transformer(name)
        onnx_path, input_path = pathlib.Path(folder, f"{name}.onnx"), pathlib.Path(folder, "input.bin")
        export_onnx(model, x, onnx_path)
        print(f"timing ours and PyTorch on {name} …", flush=True)
        ours = run_ours(binary, onnx_path, input_path, [f"{task}:{spec['runs']}" for task, spec in TRANSFORMER_TASKS.items()])
        reference = time_reference({task: body for task, body in reference_tasks(model, x, "engine").items()
                                    if task in TRANSFORMER_TASKS}, TRANSFORMER_TASKS)
        with torch.inference_mode():
            difference = float(np.max(np.abs(np.array(ours["logits"]) - model(x)[0, :16].numpy())))
        for task, spec in TRANSFORMER_TASKS.items():
            ratio = ours["tasks"][task]["median_ms"] / reference[task]["median_ms"]
            rows.append(dict(model=name, label=spec["label"], ours_ms=ours["tasks"][task]["median_ms"],
                             reference_ms=reference[task]["median_ms"], ratio=ratio, goal=spec["goal"],
                             met=ratio <= spec["goal"], logits_difference=difference, load_ms=ours["load_ms"]))
    return rows


def print_transformer_table(rows):
    print(f"{'model':<10}{'task':<36}{'ours ms':>10}{'ref ms':>10}{'ratio':>8}{'goal':>7}  {'':<8}{'logits Δ':>10}")
    for row in rows:
        print(f"{row['model']:<10}{row['label']:<36}{row['ours_ms']:>10.1f}{row['reference_ms']:>10.1f}{row['ratio']:>8.2f}"
              f"{'≤' + format(row['goal'], '.2f'):>7}  {'met' if row['met'] else 'NOT MET':<8}{row['logits_difference']:>10.1e}")
    print("(torchvision's definitions, random weights, exported at opset 17 with a dynamic batch; both sides on that file)")


# --- Peak memory: VmHWM, reset per task where the kernel lets us ---

def status_bytes(key):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    return 0


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


# --- The reference side ---

def reference_tasks(model, x, mode):
    """Each task of `mode` as a callable for PyTorch / Captum."""
    if mode == "engine":
        x16 = x.repeat(16, 1, 1, 1)

        def forward():
            with torch.inference_mode():
                model(x)

        def forward_gradient():
            leaf = x.clone().requires_grad_(True)
            torch.autograd.grad(model(leaf)[0, TARGET], leaf)

        def forward_batch16():
            with torch.inference_mode():
                model(x16)

        return {"forward": forward, "forward_gradient": forward_gradient, "forward_batch16": forward_batch16}

    warnings.filterwarnings("ignore", message="(Input Tensor .* did not already require gradients|Setting backward hooks)")
    from captum.attr import (IntegratedGradients, GuidedBackprop, LayerAttribution, LayerGradCam, NoiseTunnel,
                             Saliency)
    stdev = 0.15 * (x.max() - x.min()).item()  # as our NoiseTunnel: a fraction of the input's range
    gradcam = LayerGradCam(model, model.layer4)

    def gradcam_upsampled():
        maps = gradcam.attribute(x, target=TARGET)
        LayerAttribution.interpolate(maps, (224, 224), interpolate_mode="bilinear")

    return {
        "saliency": lambda: Saliency(model).attribute(x, target=TARGET),
        "ig50": lambda: IntegratedGradients(model).attribute(x, target=TARGET, n_steps=50, internal_batch_size=32),
        "gbp": lambda: GuidedBackprop(model).attribute(x, target=TARGET),
        "gradcam": gradcam_upsampled,
        "smoothgrad25": lambda: NoiseTunnel(Saliency(model)).attribute(
            x, nt_type="smoothgrad", nt_samples=25, stdevs=stdev, target=TARGET),
        "ig64": lambda: IntegratedGradients(model).attribute(x, target=TARGET, n_steps=64, internal_batch_size=32),
    }


def time_reference(tasks, specs):
    results = {}
    for name, spec in specs.items():
        body = tasks[name]
        reset_peak()
        body()  # warm-up
        times = []
        for _ in range(spec["runs"]):
            start = time.perf_counter()
            body()
            times.append((time.perf_counter() - start) * 1e3)
        times.sort()
        results[name] = {"median_ms": times[len(times) // 2], "best_ms": times[0], "runs_ms": times,
                         "peak_rss_bytes": status_bytes("VmHWM")}
    return results


def sgemm_reference(n=2048, runs=5):
    a, b = torch.rand(n, n) - 0.5, torch.rand(n, n) - 0.5
    torch.mm(a, b)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        torch.mm(a, b)
        times.append(time.perf_counter() - start)
    return 2 * n**3 / sorted(times)[runs // 2] / 1e9


# PyTorch's operators named as ours: the same kinds of layer, side by side.
REFERENCE_LAYER_NAMES = {
    "aten::max_pool2d_with_indices": "MaxPool", "aten::add": "Add", "aten::add_": "Add",
    "aten::relu": "Relu", "aten::clamp_min": "Relu", "aten::relu_": "Relu", "aten::clamp_min_": "Relu",
    "aten::addmm": "Gemm", "aten::sum": "GlobalAveragePool", "aten::div_": "GlobalAveragePool",
    "aten::mean": "GlobalAveragePool", "aten::native_batch_norm": "BatchNormalization",
}


def reference_layer_times(model, x, runs=20):
    """Milliseconds per forward of each kind of layer, from PyTorch's profiler (the time each operator took on
    the calling thread, its OpenMP workers included), keyed as bench-engine's `layers` task keys ours."""
    from torch.profiler import ProfilerActivity, profile
    with torch.inference_mode():
        for _ in range(3):
            model(x)
        with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as profiler:
            for _ in range(runs):
                model(x)
    totals = {}
    for event in profiler.key_averages(group_by_input_shape=True):
        if event.key == "aten::mkldnn_convolution":
            key = f"Conv {event.input_shapes[1]} {event.input_shapes[0][2]}"
        elif event.key in REFERENCE_LAYER_NAMES:
            key = REFERENCE_LAYER_NAMES[event.key]
        else:
            continue
        totals[key] = totals.get(key, 0) + event.self_cpu_time_total / 1e3 / runs
    return totals


def print_layer_table(ours, theirs, reference_forward_ms):
    """Where each side spends a forward pass, by kind of layer, largest first. The profiler's overhead varies
    from run to run (its times summed to 1.0–1.5× PyTorch's plain forward here), so its shares are scaled to
    the forward PyTorch took unprofiled in this run."""
    scale = reference_forward_ms / sum(theirs.values())
    theirs = {key: value * scale for key, value in theirs.items()}
    print(f"{'forward, batch 1, by kind of layer':<36}{'ours ms':>10}{'ref ms':>10}{'ratio':>8}")
    for key in sorted(set(ours) | set(theirs), key=lambda k: -max(ours.get(k, 0), theirs.get(k, 0))):
        mine, reference = ours.get(key), theirs.get(key)
        ratio = f"{mine / reference:.2f}" if mine and reference else "—"
        print(f"{key:<36}{mine if mine is not None else 0:>10.2f}{reference if reference is not None else 0:>10.2f}{ratio:>8}")
    print(f"{'sum':<36}{sum(ours.values()):>10.2f}{sum(theirs.values()):>10.2f}"
          f"{sum(ours.values()) / sum(theirs.values()):>8.2f}")
    print("(ours: each node timed; PyTorch: its profiler's shares of its measured forward; BatchNormalization is "
          "folded into the convolutions on our side)")


def reference_ig64_child():
    """IG-64 once in this process: its time and VmHWM (model, torch and all)."""
    torch.set_num_threads(THREADS)
    model, x = make_model(), make_input()
    task = reference_tasks(model, x, "attribution")["ig64"]
    start = time.perf_counter()
    task()
    print(json.dumps({"median_ms": (time.perf_counter() - start) * 1e3, "peak_rss_bytes": status_bytes("VmHWM")}))


# --- Our side ---

def run_ours(binary, onnx_path, input_path, tasks, warmup=1):
    command = [str(binary), str(onnx_path), "--input", str(input_path), "--target", str(TARGET),
               "--warmup", str(warmup), "--tasks", ",".join(tasks)]
    completed = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(completed.stdout)


# --- The table ---

def mib(size):
    return f"{size / 2**20:,.0f}" if size else "—"


def print_table(rows, peak_gflops):
    header = (f"{'task':<36}{'ours ms':>10}{'ref ms':>10}{'ratio':>8}{'goal':>7}  {'':<8}{'best/best':>10}"
              f"{'ours GF/s':>10}{'% peak':>8}{'ref GF/s':>9}{'ours MiB':>10}{'ref MiB':>9}")
    print(header)
    print("-" * len(header))
    for row in rows:
        goal = f"≤{row['goal']:.2f}" if row["goal"] else "—"
        verdict = "—" if row["goal"] is None else ("met" if row["met"] else "NOT MET")
        ratio = f"{row['ratio']:.2f}" if row["ratio"] is not None else "—"
        reference = f"{row['reference_ms']:.1f}" if row["reference_ms"] is not None else "—"
        reference_gflops = f"{row['reference_gflops']:.1f}" if row["reference_gflops"] else "—"
        best = f"{row['best_ratio']:.2f}" if row.get("best_ratio") is not None else "—"
        print(f"{row['label']:<36}{row['ours_ms']:>10.1f}{reference:>10}{ratio:>8}{goal:>7}  {verdict:<8}{best:>10}"
              f"{row['ours_gflops']:>10.1f}{100 * row['ours_gflops'] / peak_gflops:>7.0f}%{reference_gflops:>9}"
              f"{mib(row['ours_peak_rss_bytes']):>10}{mib(row['reference_peak_rss_bytes']):>9}")


def load_average():
    return [round(value, 2) for value in os.getloadavg()]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["engine", "attribution", "reference-ig64"])
    parser.add_argument("--binary", type=pathlib.Path, help="the bench-engine executable")
    parser.add_argument("--out", type=pathlib.Path, default=pathlib.Path(".build/bench"))
    arguments = parser.parse_args()
    if arguments.mode == "reference-ig64":
        return reference_ig64_child()
    if arguments.binary is None or not arguments.binary.exists():
        parser.error("--binary must name the built bench-engine executable")

    torch.set_num_threads(THREADS)
    specs = ENGINE_TASKS if arguments.mode == "engine" else ATTRIBUTION_TASKS
    model, x = make_model(), make_input()
    flops = forward_flops(model)
    load_before = load_average()
    print(f"ResNet-50 224², {flops / 1e9:.2f} GFLOP a forward pass; {THREADS} threads each side; "
          f"load average {load_before} (of {os.cpu_count()} cores)", flush=True)

    with tempfile.TemporaryDirectory() as folder:
        onnx_path, input_path = pathlib.Path(folder, "resnet50.onnx"), pathlib.Path(folder, "input.bin")
        warnings.filterwarnings("ignore", category=DeprecationWarning)  # the TorchScript exporter: no onnxscript needed
        export_onnx(model, x, onnx_path)
        x.numpy().astype("<f4").tofile(input_path)

        # Ours first, then theirs, then the IG-64 processes.
        ours_tasks = ["sgemm"] + [f"{name}:{spec['runs']}" for name, spec in specs.items()]
        if arguments.mode == "engine":
            ours_tasks.append("layers:20")  # where a forward pass spends its time
        if arguments.mode == "attribution":
            ours_tasks.append("gradcam_default_layer:5")  # no layer given: the library looks for it on every call
        print("timing ours …", flush=True)
        ours = run_ours(arguments.binary, onnx_path, input_path, ours_tasks)
        ours_ig64 = None
        if arguments.mode == "attribution":
            print("IG-64, ours, in a process of its own …", flush=True)
            ours_ig64 = run_ours(arguments.binary, onnx_path, input_path, ["ig64:1"], warmup=0)
        transformers = transformer_rows(arguments.binary, x, folder) if arguments.mode == "engine" else None

    print("timing PyTorch/Captum …" if arguments.mode == "attribution" else "timing PyTorch …", flush=True)
    reference = time_reference(reference_tasks(model, x, arguments.mode), specs)
    reference_sgemm = sgemm_reference()
    single_thread = None
    if arguments.mode == "engine":
        # PyTorch on one thread: no OpenMP barrier to stall when another job takes a core, so a check of
        # the two-thread figures on a loaded machine.
        torch.set_num_threads(1)
        single = {name: spec for name, spec in specs.items() if name != "forward_batch16"}
        single_thread = time_reference(reference_tasks(model, x, arguments.mode), single)
        torch.set_num_threads(THREADS)
    reference_layers = reference_layer_times(model, x) if arguments.mode == "engine" else None
    reference_ig64 = None
    if arguments.mode == "attribution":
        print("IG-64, Captum, in a process of its own …", flush=True)
        completed = subprocess.run([sys.executable, __file__, "reference-ig64"], check=True, capture_output=True,
                                   text=True)
        reference_ig64 = json.loads(completed.stdout.strip().splitlines()[-1])
    load_after = load_average()
    if max(load_before[0], load_after[0]) > os.cpu_count():
        print(f"\nWARNING: the load average exceeded the {os.cpu_count()} cores during the run: both sides were "
              "descheduled, PyTorch's OpenMP threads worst of all (they wait for each other at every barrier), "
              "so times and ratios say more about the load than about the engines. Run again on a quiet machine.")

    with torch.inference_mode():
        reference_logits = model(x)[0, :16].numpy()
    logits_difference = float(np.max(np.abs(np.array(ours["logits"]) - reference_logits)))
    logits_scale = float(np.max(np.abs(reference_logits)))

    peak = ours["tasks"]["sgemm"]["gflops"]
    rows = []
    for name, spec in specs.items():
        mine, theirs = ours["tasks"][name], reference[name]
        work = spec["passes"] * flops
        ratio = mine["median_ms"] / theirs["median_ms"]
        rows.append(dict(task=name, label=spec["label"], ours_ms=mine["median_ms"], reference_ms=theirs["median_ms"],
                         ours_best_ms=mine["best_ms"], reference_best_ms=theirs["best_ms"], ratio=ratio,
                         best_ratio=mine["best_ms"] / theirs["best_ms"],
                         goal=spec["goal"], met=None if spec["goal"] is None else ratio <= spec["goal"],
                         gflop=work / 1e9, ours_gflops=work / mine["median_ms"] / 1e6,
                         reference_gflops=work / theirs["median_ms"] / 1e6,
                         ours_peak_rss_bytes=mine.get("peak_rss_bytes", 0),
                         reference_peak_rss_bytes=theirs["peak_rss_bytes"], runs=spec["runs"]))
    if ours_ig64:
        mine, work = ours_ig64["tasks"]["ig64"], 128 * flops
        rows.append(dict(task="ig64", label="IG-64, own process (peak memory)", ours_ms=mine["median_ms"],
                         reference_ms=reference_ig64["median_ms"],
                         ratio=mine["median_ms"] / reference_ig64["median_ms"], goal=None, met=None,
                         memory_goal_bytes=IG64_MEMORY_GOAL,
                         memory_met=ours_ig64["peak_rss_bytes"] <= IG64_MEMORY_GOAL,
                         gflop=work / 1e9, ours_gflops=work / mine["median_ms"] / 1e6,
                         reference_gflops=work / reference_ig64["median_ms"] / 1e6,
                         ours_peak_rss_bytes=ours_ig64["peak_rss_bytes"],
                         reference_peak_rss_bytes=reference_ig64["peak_rss_bytes"], runs=1))

    print()
    print_table(rows, peak)
    print()
    if reference_layers:
        print_layer_table(ours["tasks"]["layers"], reference_layers, reference["forward"]["median_ms"])
        print()
    if transformers:
        print_transformer_table(transformers)
        print()
    # A goal that asks for more than the products can deliver cannot be met by tuning: it needs less work.
    for row in rows:
        if row["goal"] and row["met"] is False and row.get("reference_ms"):
            goal_ms = row["goal"] * row["reference_ms"]
            needed = row["gflop"] / goal_ms * 1e3
            print(f"{row['label']}: the goal, {goal_ms:.1f} ms, needs {needed:.0f} GFLOP/s, "
                  f"{100 * needed / peak:.0f}% of the sgemm peak")
    print(f"sgemm {ours['tasks']['sgemm']['size']}³: ours (OpenBLAS) {peak:.1f} GFLOP/s, "
          f"PyTorch {reference_sgemm:.1f} GFLOP/s; '% peak' is against ours; GFLOP/s are nominal, "
          f"counted for direct convolutions (our Winograd 3×3 layers do fewer multiplications)")
    if arguments.mode == "engine":
        print(f"peak memory (VmHWM): ours {mib(ours['peak_rss_bytes'])} MiB over the run "
              f"(model loading {mib(ours['load_peak_rss_bytes'])} MiB); "
              f"PyTorch process {mib(status_bytes('VmHWM'))} MiB since its last reset")
    if single_thread:
        print("PyTorch on 1 thread: " + ", ".join(
            f"{name} {result['median_ms']:.1f} ms (ours / that {ours['tasks'][name]['median_ms'] / result['median_ms']:.2f})"
            for name, result in single_thread.items()))
    if ours_ig64:
        verdict = "met" if ours_ig64["peak_rss_bytes"] <= IG64_MEMORY_GOAL else "NOT MET"
        print(f"IG-64 peak memory: ours {mib(ours_ig64['peak_rss_bytes'])} MiB, goal ≤ 2048 MiB: {verdict} "
              f"(Captum {mib(reference_ig64['peak_rss_bytes'])} MiB); whole processes, model included")
    if "gradcam_default_layer" in ours["tasks"]:
        print(f"Grad-CAM with no layer given to the library: ours "
              f"{ours['tasks']['gradcam_default_layer']['median_ms']:.1f} ms (a probe pass finds the layer on every call; "
              f"the workbench finds it once per model, as the Grad-CAM row does)")
    print(f"first 16 logits agree to {logits_difference:.2e} (largest {logits_scale:.2f}); "
          f"model import {ours['load_ms']:.0f} ms; load average before {load_before}, after {load_after}")
    print("MiB per task: VmHWM reset before each task" if ours["peak_rss_is_per_task"]
          else "MiB: VmHWM could not be reset, peaks are cumulative")

    arguments.out.mkdir(parents=True, exist_ok=True)
    path = arguments.out / f"{arguments.mode}.json"
    path.write_text(json.dumps({
        "mode": arguments.mode, "rows": rows, "forward_gflop": flops / 1e9, "threads": THREADS,
        "layers_ms": {"ours": ours["tasks"].get("layers"), "pytorch": reference_layers},
        "sgemm_gflops": {"ours": peak, "pytorch": reference_sgemm},
        "ours_peak_rss_bytes": ours["peak_rss_bytes"], "ours_load_peak_rss_bytes": ours["load_peak_rss_bytes"],
        "logits_max_abs_difference": logits_difference, "load_average": {"before": load_before, "after": load_after},
        "versions": {"torch": torch.__version__, "captum": _captum_version(), "python": sys.version.split()[0]},
        "ours_raw": ours, "reference_raw": reference, "reference_one_thread_raw": single_thread, "ours_ig64_raw": ours_ig64, "reference_ig64_raw": reference_ig64,
    }, indent=2))
    print(f"written to {path}")


def _captum_version():
    try:
        import captum
        return captum.__version__
    except ImportError:
        return None


if __name__ == "__main__":
    main()
