#!/usr/bin/python3
"""Reference for MiniCPM-o's single-slice image preprocessing, written with NumPy only.

Given an original image size and the already resized RGB image, it recomputes what the model
expects, independently of the Java code:

  * the target size, by the release's rule (find_best_resize with scale_resolution 448,
    patch 14, upscaling allowed, Python's round-half-even), and checks the resized image has it;
  * pixel values (x / 255 - 0.5) / 0.5 in float32, channels first;
  * the patch-flattened layout [3, 14, 14 * L] by reshaping into 14 x 14 patches;
  * position ids: fractional patch coordinates bucketed (right-closed) against the boundaries
    k / 70, k = 1..69, id = bucket_row * 70 + bucket_col.

Usage: image_reference.py ORIG_W ORIG_H RESIZED.rgb RESIZED_W RESIZED_H OUT_DIR
Writes OUT_DIR/pixels.f32 (little-endian float32, 3 * 14 * 14L values), OUT_DIR/positions.i64
(little-endian int64, L values) and prints "grid ROWS COLS".
"""
import math
import os
import sys

import numpy as np

SCALE = 448
PATCH = 14
SIDE = 70


def ensure_divide(length):
    return max(round(length / PATCH) * PATCH, PATCH)


def best_size(width, height):
    r = width / height
    h = int(SCALE / math.sqrt(r))
    w = int(h * r)
    return ensure_divide(w), ensure_divide(h)


def patch_layout(image):
    """image: uint8 [H, W, 3] -> float32 [3, 14, 14 * L]."""
    x = image.astype(np.float32) / np.float32(255)
    x = (x - np.float32(0.5)) / np.float32(0.5)
    chw = x.transpose(2, 0, 1)
    _, h, w = chw.shape
    rows, cols = h // PATCH, w // PATCH
    # [3, rows, ky, cols, kx] -> [3, ky, rows, cols, kx]: patch l = row * cols + col, then kx.
    patches = chw.reshape(3, rows, PATCH, cols, PATCH).transpose(0, 2, 1, 3, 4)
    return np.ascontiguousarray(patches.reshape(3, PATCH, rows * cols * PATCH))


def position_ids(rows, cols):
    boundaries = (np.arange(1, SIDE, dtype=np.float64) / SIDE).astype(np.float32)
    frac_h = (np.arange(rows, dtype=np.float64) / rows).astype(np.float32)
    frac_w = (np.arange(cols, dtype=np.float64) / cols).astype(np.float32)
    bucket_h = np.searchsorted(boundaries, frac_h, side="right")
    bucket_w = np.searchsorted(boundaries, frac_w, side="right")
    return (bucket_h[:, None] * SIDE + bucket_w[None, :]).reshape(-1).astype(np.int64)


def main(argv):
    orig_w, orig_h, path, width, height, out_dir = argv[1:7]
    orig_w, orig_h, width, height = int(orig_w), int(orig_h), int(width), int(height)
    expected = best_size(orig_w, orig_h)
    if expected != (width, height):
        sys.exit(f"resized image is {width}x{height}; the release's rule gives "
                 f"{expected[0]}x{expected[1]} for {orig_w}x{orig_h}")
    image = np.fromfile(path, dtype=np.uint8)
    if image.size != width * height * 3:
        sys.exit(f"{path} has {image.size} bytes, {width * height * 3} expected")
    image = image.reshape(height, width, 3)
    rows, cols = height // PATCH, width // PATCH
    patch_layout(image).astype("<f4").tofile(os.path.join(out_dir, "pixels.f32"))
    position_ids(rows, cols).astype("<i8").tofile(os.path.join(out_dir, "positions.i64"))
    print(f"grid {rows} {cols}")


if __name__ == "__main__":
    main(sys.argv)
