"""Transparent images → RGB on a background that keeps the text visible.

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


def flatten_alpha(img: Image.Image) -> Image.Image:
    """Composite an image with transparency onto white, or onto black if its visible content is all light."""
    rgba = img.convert("RGBA")
    arr = np.asarray(rgba, dtype=np.float32)
    alpha = arr[..., 3] / 255.0
    weight = float(alpha.sum())
    lum = arr[..., 0] * 0.299 + arr[..., 1] * 0.587 + arr[..., 2] * 0.114
    light = (weight > 0 and float(alpha.min()) < 1.0
             and float(((lum >= LIGHT_LUMINANCE) * alpha).sum()) >= LIGHT_SHARE * weight)
    background = Image.new("RGBA", rgba.size, (0, 0, 0, 255) if light else (255, 255, 255, 255))
    return Image.alpha_composite(background, rgba).convert("RGB")
