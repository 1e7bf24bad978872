#!/usr/bin/env python3
"""Exports a saved transformers image classifier with Optimum's ONNX exporter, as
`optimum-cli export onnx --task image-classification MODEL_DIR OUT_DIR` does, offline.

Optimum's exporter (the optimum-onnx package) pins transformers < 4.58, so it runs in its own venv,
called by tools/make_exporter_zoo.py with the folder a transformers 5 model was saved to:

    python3 -m venv /tmp/venv-optimum
    /tmp/venv-optimum/bin/pip install --no-deps optimum-onnx==0.1.0 optimum==2.1.0 transformers==4.57.3 \\
        "huggingface_hub<1.0" "tokenizers>=0.22,<0.23" requests urllib3 idna certifi charset-normalizer fsspec \\
        typing-extensions
    # torch, onnx, numpy, safetensors, … from the PyTorch venv, after this venv's own packages:
    echo /tmp/venv-torch/lib/python3.11/site-packages > /tmp/venv-optimum/lib/python3.11/site-packages/zz-torch.pth

    HF_HUB_OFFLINE=1 /tmp/venv-optimum/bin/python tools/exporter_zoo/optimum_export.py MODEL_DIR OUT_DIR
"""
import sys

from optimum.exporters.onnx import main_export


def main(model_dir: str, out_dir: str) -> None:
    # opset=None: the opset Optimum chooses for the architecture, as a user of its CLI gets.
    main_export(model_dir, output=out_dir, task="image-classification", opset=None, device="cpu",
                do_validation=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
