#!/usr/bin/env python3
"""Writes the small PNG/JPEG fixtures and reference values the ImagingTests check against.

Run by hand (Pillow and numpy are not test dependencies):
    python3 -m venv /tmp/venv-imaging && /tmp/venv-imaging/bin/pip install pillow numpy
    /tmp/venv-imaging/bin/python tools/make_imaging_fixtures.py

Into Tests/ImagingTests/Fixtures/ it writes
  *.png            PNGs of every color type and bit depth the decoder must handle, written by the
                   tiny PNG writer below (Pillow cannot write 16-bit RGB, interlaced or 1-bit
                   files), so the chunk contents are exactly what the test names say
  *.jpg            baseline and progressive, color and gray JPEGs written by Pillow
  bomb.png/.jpg    valid headers declaring 100000×100000 pixels (decompression bombs)
  images.json      for each image, the 8-bit pixels a decoder must produce: for PNG the generated
                   samples (16-bit scaled to 8 as round(v·255/65535), palettes expanded); for JPEG
                   Pillow's decode (libjpeg-turbo, default islow IDCT and fancy upsampling); and
                   "rgb8.png luma": Pillow's convert("L") of rgb8.png (ITU-R 601-2 luma)
  resize.json      Pillow's `Image.resize(size, BILINEAR)` on float ("F" mode) images, which
                   computes in double precision without rounding: the reference for bilinear
                   resampling with area averaging when shrinking
  heatmap.json     Captum's `_normalize_attr` (captum/attr/_utils/visualization.py, v0.7), copied
                   below in numpy, for each sign with outlier_perc=2 and a channel-sum reduction
"""
import io
import json
import pathlib
import struct
import zlib

import numpy as np
from PIL import Image

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ImagingTests/Fixtures"
rng = np.random.default_rng(2026)


# ---------- a minimal PNG writer ----------
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def pack_rows(samples, bit_depth):
    """samples: H×W×C integer array → list of filtered (filter 0) scanlines."""
    height, width, channels = samples.shape
    rows = []
    for row in samples:
        flat = row.reshape(-1)
        if bit_depth == 16:
            data = flat.astype(">u2").tobytes()
        elif bit_depth == 8:
            data = flat.astype(np.uint8).tobytes()
        else:
            per_byte = 8 // bit_depth
            padded = np.concatenate([flat, np.zeros((-len(flat)) % per_byte, dtype=flat.dtype)])
            data = bytes(
                sum(int(v) << (8 - bit_depth * (i + 1)) for i, v in enumerate(group))
                for group in padded.reshape(-1, per_byte))
        rows.append(b"\x00" + data)
    return rows


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def png_bytes(samples, color_type, bit_depth, interlaced=False, palette=None, transparency=None):
    height, width = samples.shape[:2]
    header = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 1 if interlaced else 0)
    if interlaced:
        raw = b""
        for x0, y0, dx, dy in ADAM7:
            sub = samples[y0::dy, x0::dx]
            if sub.size:
                raw += b"".join(pack_rows(sub, bit_depth))
    else:
        raw = b"".join(pack_rows(samples, bit_depth))
    body = chunk(b"IHDR", header)
    if palette is not None:
        body += chunk(b"PLTE", bytes(np.asarray(palette, dtype=np.uint8).reshape(-1)))
    if transparency is not None:
        body += chunk(b"tRNS", bytes(np.asarray(transparency, dtype=np.uint8)))
    body += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def to8(samples16):
    return np.rint(samples16.astype(np.float64) * 255 / 65535).astype(np.uint8)


def write_pngs(manifest):
    height, width = 9, 13   # odd sizes exercise every Adam7 pass
    rgb = rng.integers(0, 256, (height, width, 3))
    rgba = rng.integers(0, 256, (height, width, 4))
    gray = rng.integers(0, 256, (height, width, 1))
    gray_alpha = rng.integers(0, 256, (height, width, 2))
    gray16 = rng.integers(0, 65536, (height, width, 1))
    rgba16 = rng.integers(0, 65536, (height, width, 4))
    gray1 = rng.integers(0, 2, (height, width, 1))
    palette = rng.integers(0, 256, (16, 3))
    alphas = rng.integers(0, 256, 16)
    indices = rng.integers(0, 16, (height, width, 1))
    cases = {
        "rgb8": (png_bytes(rgb, 2, 8), "rgb", rgb),
        "rgba8": (png_bytes(rgba, 6, 8), "rgba", rgba),
        "gray8": (png_bytes(gray, 0, 8), "gray", gray),
        "gray_alpha8": (png_bytes(gray_alpha, 4, 8), "grayAlpha", gray_alpha),
        "gray16": (png_bytes(gray16, 0, 16), "gray", to8(gray16)),
        "rgba16": (png_bytes(rgba16, 6, 16), "rgba", to8(rgba16)),
        "gray1": (png_bytes(gray1, 0, 1), "gray", gray1 * 255),
        "palette4": (png_bytes(indices, 3, 4, palette=palette), "rgb", palette[indices[..., 0]]),
        "palette_alpha8": (png_bytes(indices, 3, 8, palette=palette, transparency=alphas), "rgba",
                           np.concatenate([palette[indices[..., 0]], alphas[indices]], axis=2)),
        "rgb8_interlaced": (png_bytes(rgb, 2, 8, interlaced=True), "rgb", rgb),
        "rgba16_interlaced": (png_bytes(rgba16, 6, 16, interlaced=True), "rgba", to8(rgba16)),
    }
    for name, (data, layout, expected) in cases.items():
        (OUT / f"{name}.png").write_bytes(data)
        manifest[f"{name}.png"] = entry(expected, layout)
    bomb = chunk(b"IHDR", struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0))
    (OUT / "bomb.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bomb + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
                                   + chunk(b"IEND", b""))


def entry(pixels, layout):
    pixels = np.asarray(pixels, dtype=np.uint8)
    return {"width": pixels.shape[1], "height": pixels.shape[0], "layout": layout,
            "pixels": pixels.reshape(-1).tobytes().hex()}


def write_jpegs(manifest):
    y, x = np.mgrid[0:24, 0:32]
    photo = np.stack([x * 8, y * 10, (x + y) * 4 + 20], axis=2).clip(0, 255).astype(np.uint8)
    photo[8:16, 10:20] = [200, 30, 60]
    cases = {
        "photo.jpg": (Image.fromarray(photo), {"quality": 90}),
        "photo_progressive.jpg": (Image.fromarray(photo), {"quality": 80, "progressive": True}),
        "gray.jpg": (Image.fromarray(photo[..., 1]), {"quality": 90}),
    }
    for name, (picture, options) in cases.items():
        buffer = io.BytesIO()
        picture.save(buffer, "JPEG", **options)
        (OUT / name).write_bytes(buffer.getvalue())
        decoded = np.asarray(Image.open(io.BytesIO(buffer.getvalue())))
        if decoded.ndim == 2:
            manifest[name] = entry(decoded[..., None], "gray")
        else:
            manifest[name] = entry(decoded, "rgb")
    # A bomb: the baseline photo with its SOF0 frame size patched to 100000×100000 (0x186A0 does
    # not fit 16 bits, so 60000×60000 = 3.6 gigapixels).
    data = bytearray((OUT / "photo.jpg").read_bytes())
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", 60000, 60000)
    (OUT / "bomb.jpg").write_bytes(bytes(data))


def write_resize_reference():
    source = rng.uniform(-1, 1, (7, 10)).astype(np.float32)
    cases = []
    for width, height in [(4, 3), (23, 15), (10, 3), (3, 14), (1, 1), (7, 5)]:
        resized = Image.fromarray(source, mode="F").resize((width, height), Image.BILINEAR)
        cases.append({"width": width, "height": height, "values": np.asarray(resized).reshape(-1).tolist()})
    reference = {"height": 7, "width": 10, "source": source.reshape(-1).tolist(), "cases": cases}
    (OUT / "resize.json").write_text(json.dumps(reference) + "\n")


# ---------- Captum's normalisation (captum/attr/_utils/visualization.py) ----------
def _cumulative_sum_threshold(values, percentile):
    sorted_vals = np.sort(values.flatten())
    cum_sums = np.cumsum(sorted_vals)
    threshold_id = np.where(cum_sums >= cum_sums[-1] * 0.01 * percentile)[0][0]
    return sorted_vals[threshold_id]


def _normalize_attr(attr, sign, outlier_perc=2, reduction_axis=None):
    attr_combined = attr
    if reduction_axis is not None:
        attr_combined = np.sum(attr, axis=reduction_axis)
    if sign == "all":
        threshold = _cumulative_sum_threshold(np.abs(attr_combined), 100 - outlier_perc)
    elif sign == "positive":
        attr_combined = (attr_combined > 0) * attr_combined
        threshold = _cumulative_sum_threshold(attr_combined, 100 - outlier_perc)
    elif sign == "negative":
        attr_combined = (attr_combined < 0) * attr_combined
        threshold = -1 * _cumulative_sum_threshold(np.abs(attr_combined), 100 - outlier_perc)
    else:
        attr_combined = np.abs(attr_combined)
        threshold = _cumulative_sum_threshold(attr_combined, 100 - outlier_perc)
    return np.clip(attr_combined / threshold, -1, 1)


def write_heatmap_reference():
    attribution = rng.normal(0, 1, (3, 8, 9)).astype(np.float32)
    attribution[0, 2, 3] = 40   # outliers that the 2 % clipping must saturate
    attribution[1, 5, 5] = -35
    hwc = np.transpose(attribution, (1, 2, 0))   # Captum takes H×W×C numpy images
    reference = {"shape": list(attribution.shape), "attribution": attribution.reshape(-1).tolist(), "signs": {}}
    for sign in ["all", "positive", "negative", "absolute"]:
        reference["signs"][sign] = _normalize_attr(hwc, sign, 2, reduction_axis=2).reshape(-1).tolist()
    (OUT / "heatmap.json").write_text(json.dumps(reference) + "\n")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    manifest = {}
    write_pngs(manifest)
    write_jpegs(manifest)
    manifest["rgb8.png luma"] = entry(np.asarray(Image.open(OUT / "rgb8.png").convert("L"))[..., None], "gray")
    (OUT / "images.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    write_resize_reference()
    write_heatmap_reference()
