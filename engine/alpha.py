"""Transparent images: the background that keeps their content visible.

A browser shows transparency over a white page, which hides white text on a transparent PNG
(a caption or logo made for dark pages). Such an image goes onto black instead: when nearly all of
its visible content (weighted by opacity) is light. Anything with dark or coloured content (a card
photo with transparent corners, dark text) stays on white, as before.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

LIGHT_LUMINANCE = 200.0  # a visible pixel this light (0-255) would vanish on white
LIGHT_SHARE = 0.98  # the share of the visible content that must be that light for a black background
WHITE = (255, 255, 255, 255)
BLACK = (0, 0, 0, 255)


def has_alpha(img: Image.Image) -> bool:
    return img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info)


def alpha_background(img: Image.Image, rows: int) -> tuple[int, int, int, int]:
    """White, or black when nearly all of the visible content is light; read ``rows`` rows at a time
    (the decision is the whole image's, the memory a strip's)."""
    width, height = img.size
    weight = light = 0.0
    min_alpha = 1.0
    for top in range(0, height, rows):
        arr = np.asarray(img.crop((0, top, width, min(height, top + rows))).convert("RGBA"), dtype=np.float32)
        alpha = arr[..., 3] / 255.0
        lum = arr[..., 0] * 0.299 + arr[..., 1] * 0.587 + arr[..., 2] * 0.114
        weight += float(alpha.sum())
        light += float(((lum >= LIGHT_LUMINANCE) * alpha).sum())
        min_alpha = min(min_alpha, float(alpha.min()))
    return BLACK if weight > 0 and min_alpha < 1.0 and light >= LIGHT_SHARE * weight else WHITE


def composite(img: Image.Image, background: tuple[int, int, int, int]) -> Image.Image:
    """``img`` (any mode with transparency) over a solid ``background``, as RGB."""
    rgba = img.convert("RGBA")
    return Image.alpha_composite(Image.new("RGBA", rgba.size, background), rgba).convert("RGB")
