"""Remove a display's periodic pattern (pixel grid, moiré) from a photo of a screen.

A photo of a card shown on a display carries the display's sub-pixel grid and the moiré it beats
into with the camera's sensor: stripes a few pixels apart across the whole image. They are strong
gradients everywhere, so the card's outline drowns in them (its edge support is measured against
the image's strongest gradients), and the text detector takes the striped card for texture.

In the Fourier domain such a pattern is a few isolated peaks well away from the centre, far above
the smooth spectrum of the scene around them; a photo's own content (edges, text, clutter) spreads
its energy instead. :func:`descreen` zeroes those peaks (a notch filter) and keeps the rest, so the
text and the card's edges stay as they were.
"""

from __future__ import annotations

import cv2
import numpy as np

MIN_FREQUENCY = 0.06  # cycles / px: slower patterns are the scene's own (a card's edge, shading)
PEAK_RATIO = 2.0  # a peak's log-magnitude above its 15 × 15 neighbourhood's mean (e^2 ≈ 7.4×)
NEIGHBOURHOOD = 15
NOTCH_RADIUS = 2  # px of the spectrum zeroed around each peak


def periodic_peaks(gray: np.ndarray) -> np.ndarray:
    """Mask of the strong periodic components of ``gray`` on its ``rfft2`` grid (True = remove)."""
    h, w = gray.shape
    spec = np.fft.rfft2(gray.astype(np.float32))
    # Rows in fftshift order, so that the neighbourhood mean is taken across the zero frequency.
    mag = np.fft.fftshift(np.log1p(np.abs(spec)), axes=0).astype(np.float32)
    local = cv2.blur(mag, (NEIGHBOURHOOD, NEIGHBOURHOOD), borderType=cv2.BORDER_REFLECT)
    fy = np.fft.fftshift(np.fft.fftfreq(h))[:, None]
    fx = np.fft.rfftfreq(w)[None, :]
    peaks = ((mag - local) > PEAK_RATIO) & (np.hypot(fx, fy) > MIN_FREQUENCY)
    if peaks.any():
        k = 2 * NOTCH_RADIUS + 1
        peaks = cv2.dilate(peaks.astype(np.uint8), np.ones((k, k), np.uint8)) > 0
    return np.fft.ifftshift(peaks, axes=0)


def descreen(image: np.ndarray) -> np.ndarray | None:
    """``image`` (BGR uint8) with its periodic pattern notched out, or None when it has none."""
    h, w = image.shape[:2]
    peaks = periodic_peaks(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))
    if not peaks.any():
        return None
    keep = (~peaks).astype(np.float32)
    out = np.empty(image.shape, np.float32)
    for c in range(image.shape[2]):
        out[..., c] = np.fft.irfft2(np.fft.rfft2(image[..., c].astype(np.float32)) * keep, s=(h, w))
    return np.clip(out, 0, 255).astype(np.uint8)
