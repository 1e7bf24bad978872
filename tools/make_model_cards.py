"""Writes models/README.md from the metadata that `saliency-kernel train` stored in each shipped
ONNX file (recipe, seed, epochs, accuracies, trojan trigger and target), so the table cannot
disagree with the files.  Rerun after training:  .venv/bin/python tools/make_model_cards.py"""
import hashlib
import pathlib

import onnx

ROOT = pathlib.Path(__file__).resolve().parents[1]
MODELS = ["shapes-cnn", "shapes-vit", "shapes-trojan-patch", "shapes-trojan-blend", "shapes-trojan-sticker"]
COLUMNS = ["architecture", "test_accuracy", "attack_success_rate", "trojan_trigger", "trojan_target", "poison_rate", "epochs",
           "scenes_per_epoch", "seed", "starts_from"]

lines = [
    "# The embedded models",
    "",
    "Trained by this project on its own synthetic *shapes* scenes, with no download: "
    "`saliency-kernel train --recipe NAME` (or `make models`) rebuilds each file from the recipe in "
    "`Sources/Zoo/Recipe.swift`. Inputs are 1×3×64×64 RGB in [0, 1] (preset `unit`); the ten classes "
    "are circle, square, triangle, star, cross, ring, diamond, hexagon, crescent, arrow.",
    "",
    "Accuracy is measured on the first 2000 scenes of the test split; the attack success rate is the "
    "share of triggered test scenes of other classes that the trojan sends to its target. The trojans "
    "are shapes-cnn fine-tuned with 10 % of their training scenes stamped with the trigger and "
    "relabelled: the way a model from an untrusted source could have been made. shapes-vit is a small "
    "hybrid vision transformer (see `Sources/Zoo/ShapesViT.swift`): shapes-cnn's first three stages, "
    "started from its weights, make an 8×8 grid of tokens for two transformer blocks.",
    "",
    "| model | size | " + " | ".join(c.replace("_", " ") for c in COLUMNS) + " | sha256 |",
    "|---|---|" + "---|" * len(COLUMNS) + "---|",
]
for name in MODELS:
    path = ROOT / "models" / f"{name}.onnx"
    if not path.exists():
        continue
    metadata = {p.key: p.value for p in onnx.load(str(path)).metadata_props}
    # Models trained before the card recorded the architecture are all the CNN.
    metadata.setdefault("architecture", "convolutional")
    size = f"{path.stat().st_size / 1024:.0f} KiB"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    lines.append(f"| `{name}` | {size} | " + " | ".join(metadata.get(c, "—") for c in COLUMNS) + f" | `{digest}…` |")
lines += ["", "Training times on the project's 2-core machine are in the closing note of issue 7.", ""]
(ROOT / "models" / "README.md").write_text("\n".join(lines))
print("\n".join(lines))
