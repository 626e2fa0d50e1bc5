"""Decoded Pillow image → upright BGR ``uint8`` array, in horizontal strips.

Every conversion to RGB is per pixel (or per pixel after one image-wide maximum), so
converting strip by strip gives exactly the whole-image result while the only full-size
buffers are the decoded image and the output array: an 8192 x 8192 RGBA page no longer
goes through four full-size copies on its way to BGR.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from airocr.engine.alpha import alpha_background, composite, has_alpha

STRIP_PIXELS = 1 << 20  # pixels converted per strip (bounds the temporary buffers)
_HIGH_BIT_MODES = ("I", "F")  # modes scaled to 0-255 by the image's maximum

# EXIF orientation → the array operation that makes the image upright (as Pillow's exif_transpose).
_ORIENTATIONS = {
    2: lambda a: a[:, ::-1],  # mirrored
    3: lambda a: a[::-1, ::-1],  # 180°
    4: lambda a: a[::-1],  # mirrored vertically
    5: lambda a: a.transpose(1, 0, 2),  # transpose
    6: lambda a: np.rot90(a, -1),  # 90° clockwise to be upright
    7: lambda a: np.rot90(a, 2).transpose(1, 0, 2),  # transverse
    8: lambda a: np.rot90(a, 1),  # 90° counter-clockwise to be upright
}


def exif_orientation(img: Image.Image) -> int:
    """The EXIF (or XMP) orientation tag, 1 when absent or unreadable (a broken EXIF block is ignored,
    as browsers do)."""
    try:
        value = img.getexif().get(0x0112, 1)
        return int(value) if int(value) in _ORIENTATIONS else 1
    except Exception:  # noqa: BLE001 - any malformed EXIF means "no orientation"
        return 1


def apply_orientation(bgr: np.ndarray, orientation: int) -> np.ndarray:
    """The upright image for an EXIF orientation (a contiguous copy only when it moves pixels)."""
    op = _ORIENTATIONS.get(orientation)
    return bgr if op is None else np.ascontiguousarray(op(bgr))


def to_bgr(img: Image.Image) -> np.ndarray:
    """Any Pillow mode → contiguous BGR ``uint8``; transparent areas become white, as a browser
    shows them, or black when the visible content is light (see :mod:`airocr.engine.alpha`);
    16/32-bit and float images are scaled by their maximum."""
    width, height = img.size
    out = np.empty((height, width, 3), np.uint8)
    rows = max(1, STRIP_PIXELS // max(width, 1))
    scale = _high_bit_scale(img, rows) if _is_high_bit(img) else None
    background = alpha_background(img, rows) if has_alpha(img) else None
    for top in range(0, height, rows):
        strip = img.crop((0, top, width, min(height, top + rows)))
        rgb = np.asarray(_strip_to_rgb(strip, scale, background))
        out[top : top + rgb.shape[0]] = rgb[:, :, ::-1]
    return out


def _is_high_bit(img: Image.Image) -> bool:
    return img.mode.startswith("I;16") or img.mode in _HIGH_BIT_MODES


def _as_float(img: Image.Image) -> np.ndarray:
    arr = np.asarray(img, dtype=np.float32)
    return np.clip(arr, 0, None) if img.mode == "F" else arr


def _high_bit_scale(img: Image.Image, rows: int) -> float:
    """``255 / max`` over the whole image (1 when the maximum is 0), computed strip by strip."""
    width, height = img.size
    hi = max(float(_as_float(img.crop((0, top, width, min(height, top + rows)))).max())
             for top in range(0, height, rows))
    return 255.0 / (hi or 1.0)


def _strip_to_rgb(img: Image.Image, scale: float | None,
                  background: tuple[int, int, int, int] | None) -> Image.Image:
    if background is not None:
        return composite(img, background)
    if scale is not None:
        return Image.fromarray((_as_float(img) * scale).astype(np.uint8)).convert("RGB")
    return img.convert("RGB")
