#!/usr/bin/env python3
"""Reference values for the Evaluation metrics, from scipy and scikit-image.

Run by hand (not in CI) after changing a metric's definition:
    python3 -m venv /tmp/venv-ref && /tmp/venv-ref/bin/pip install numpy scipy scikit-image
    /tmp/venv-ref/bin/python tools/make_evaluation_references.py
It writes Tests/EvaluationTests/Fixtures/references.json: seeded maps (bytes, see `quantized`) and what the references
compute on them. The Swift tests recompute everything from the same maps.
"""
import base64
import json
import pathlib

import numpy as np
import scipy.ndimage as ndi
import scipy.stats
import skimage
from skimage.feature import hog
from skimage.metrics import structural_similarity

rng = np.random.default_rng(2025)


def quantized(values):
    """Maps are stored as bytes: value = (q − 128) / 32 for q in 0…255, exact in float32."""
    q = np.clip(np.round(values * 32 + 128), 0, 255).astype(np.uint8)
    return q, ((q.astype(np.float32) - 128) / 32)


def smooth_field(shape, sigma):
    field = ndi.gaussian_filter(rng.standard_normal(shape), sigma=sigma)
    return field / field.std()


def absolute_normalized(attribution):
    """Sum over channels of |A|, divided by its 99th percentile, clipped to [0, 1] (Adebayo et al.)."""
    reduced = np.abs(attribution).sum(axis=0, dtype=np.float64)
    scale = np.percentile(reduced, 99)
    return np.clip(reduced / scale, 0, 1)


def signed_normalized(attribution):
    reduced = attribution.sum(axis=0, dtype=np.float64)
    scale = np.percentile(np.abs(reduced), 99)
    return np.clip(reduced / scale, -1, 1)


def ssim(a, b):
    return structural_similarity(a, b, data_range=1.0, gaussian_weights=True, sigma=1.5,
                                 use_sample_covariance=False)


def hog_features(a):
    return hog(a, orientations=9, pixels_per_cell=(16, 16), cells_per_block=(3, 3),
               block_norm="L2-Hys", feature_vector=True)


# Three-channel 64×64 attribution maps: a structured one, a noisy copy, an unrelated one, and one
# with a flat plateau (many ties for the rank correlation).
raw_base = smooth_field((3, 64, 64), 3)
raw_base[:, 20:30, 30:44] += 2.5
raw = {
    "base": raw_base,
    "noisy": raw_base + 0.6 * rng.standard_normal(raw_base.shape),
    "unrelated": smooth_field((3, 64, 64), 4),
    "plateau": np.where(np.arange(64)[None, :, None] < 32, 0.25, raw_base),
}
stored = {name: quantized(values) for name, values in raw.items()}
maps = {name: values for name, (_, values) in stored.items()}
pairs = [("base", "noisy"), ("base", "unrelated"), ("base", "plateau"), ("noisy", "unrelated")]

comparisons = []
for first, second in pairs:
    a, b = maps[first], maps[second]
    abs_a, abs_b = absolute_normalized(a), absolute_normalized(b)
    sgn_a, sgn_b = signed_normalized(a), signed_normalized(b)
    comparisons.append({
        "first": first, "second": second,
        "spearman_absolute": scipy.stats.spearmanr(abs_a.ravel(), abs_b.ravel()).statistic,
        "spearman_signed": scipy.stats.spearmanr(sgn_a.ravel(), sgn_b.ravel()).statistic,
        "ssim": ssim(abs_a, abs_b),
        "hog": scipy.stats.pearsonr(hog_features(abs_a), hog_features(abs_b)).statistic,
    })

# Deletion and insertion with a logistic model on a 3×16×16 image, following RISE's procedure:
# rank pixels by the channel-summed map (stable, highest first), change `step` pixels at a time,
# score every state from 0 to all pixels changed, trapezoid area over [0, 1].
weights = (rng.integers(-64, 65, (3, 16, 16)) / 32).astype(np.float32)
image = (rng.integers(0, 256, (3, 16, 16)) / 255).astype(np.float32)
saliency = (weights * image).astype(np.float32)


def model(x):
    return 1.0 / (1.0 + np.exp(-(np.sum(weights * x, dtype=np.float64) * 0.2)))


def substitute(kind):
    if kind == "black":
        return np.zeros_like(image)
    kernel = np.exp(-0.5 * np.arange(-5, 6) ** 2 / 25.0)
    kernel /= kernel.sum()
    blurred = ndi.correlate1d(image.astype(np.float64), kernel, axis=1, mode="reflect")
    return ndi.correlate1d(blurred, kernel, axis=2, mode="reflect").astype(np.float32)


def curve(kind, sub, step):
    order = np.argsort(-saliency.sum(axis=0, dtype=np.float32).ravel(), kind="stable")
    start, finish = (image, sub) if kind == "deletion" else (sub, image)
    current = start.reshape(3, -1).copy()
    finish = finish.reshape(3, -1)
    counts = list(range(0, 256, step)) + [256]
    scores, done = [], 0
    for count in counts:
        current[:, order[done:count]] = finish[:, order[done:count]]
        done = count
        scores.append(model(current.reshape(3, 16, 16)))
    scores = np.array(scores)
    return {"kind": kind, "substitute": sub_name, "pixels_per_step": step,
            "scores": scores.tolist(),
            "auc": float((scores.sum() - scores[0] / 2 - scores[-1] / 2) / (len(scores) - 1))}


curves = []
for sub_name in ["black", "blur"]:
    for kind in ["deletion", "insertion"]:
        curves.append(curve(kind, substitute(sub_name), 10))

out = {
    "generator": f"tools/make_evaluation_references.py (numpy {np.__version__}, scipy {scipy.__version__}, "
                 f"scikit-image {skimage.__version__})",
    "maps": {name: base64.b64encode(q.tobytes()).decode() for name, (q, _) in stored.items()},
    "map_shape": [3, 64, 64],
    "comparisons": comparisons,
    "hog_features_base": hog_features(absolute_normalized(maps["base"])).tolist(),
    "curve_model": {"weights_times_32": (weights * 32).astype(int).ravel().tolist(),
                    "image_times_255": np.round(image * 255).astype(int).ravel().tolist(),
                    "logit_scale": 0.2, "shape": [3, 16, 16]},
    "curves": curves,
}
path = pathlib.Path(__file__).resolve().parent.parent / "Tests/EvaluationTests/Fixtures/references.json"
path.write_text(json.dumps(out))
print("wrote", path, path.stat().st_size, "bytes")
