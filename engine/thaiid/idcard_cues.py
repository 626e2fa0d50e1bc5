"""Cues of the photo *at the card* for ``idcard_type``: what the card's surface is made of, seen at the
photo's native resolution, and how its border meets what lies around it.

A photocopy's print is toner through a halftone screen (dots or lines a few photo pixels apart, or
a stochastic grain), a screen's is a grid of coloured sub-pixels (a camera's Bayer demosaicing turns
them into fine colour noise), a card's is smooth offset print. Patches of the card region at native
resolution (not the rectified card, whose resampling blurs them) give: the share of the finest
texture (``fine``: detail at ~1-2 px against detail at ~2-6 px), its colour (``fine_chroma``: fine
chroma against fine lightness), and its periodicity (``fine_peak``: the strongest bin of the
high-frequency spectrum over the band's 99th percentile, as :func:`idcard_type._band_peak`).

A copy's card is printed on the page: the copier washed its pale background out to the paper's
colour, so the band just inside the card's border matches the band just outside (``border_de``:
their Lab distance), while a card lies on a table and a screen's card on an app's background or
the display's bezel. ``outer_seen`` is the share of that outer band inside the photo (a tight crop
shows none of it, and ``border_de`` then says little).
"""

from __future__ import annotations

from functools import lru_cache

import cv2
import numpy as np

from airocr.engine.thaiid import layout as L

# Patch centres on the card (fractions of its width and height, upright or not: they are symmetric enough).
PATCH_CENTRES = ((0.5, 0.5), (0.3, 0.35), (0.7, 0.65), (0.3, 0.7), (0.7, 0.3))
PATCH_MAX = 96  # native-resolution patch side (px), at most
PATCH_SHARE = 0.22  # ... and at most this share of the card's short side in the photo
FINE_SIGMA, MID_SIGMA = 1.0, 3.0  # Gaussian sigmas splitting fine (< 1) from mid (1-3) detail, px
BAND_RASTER = 256  # card width of the raster the border bands are measured on
BAND_IN, BAND_OUT = 0.02, 0.08  # the bands span 2-8 % of the card's width inside and outside its border


def capture_cues(image_bgr: np.ndarray, quad: np.ndarray | None) -> dict[str, float]:
    """The cues (see the module docstring) of the card at ``quad`` (tl, tr, br, bl image px) in the
    photo; with no quad, the whole photo is taken for the card."""
    h, w = image_bgr.shape[:2]
    if quad is None:
        quad = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float64)
    quad = np.asarray(quad, np.float64)
    out = _texture_cues(image_bgr, quad)
    out.update(_border_cues(image_bgr, quad))
    return out


def _texture_cues(image: np.ndarray, quad: np.ndarray) -> dict[str, float]:
    short = min(np.linalg.norm(quad[1] - quad[0]), np.linalg.norm(quad[3] - quad[0]))
    n = int(min(PATCH_MAX, PATCH_SHARE * short))
    n -= n % 8
    if n < 16:
        return {"fine": 0.0, "fine_chroma": 0.0, "fine_peak": 0.0}
    hm = cv2.getPerspectiveTransform(np.float32([[0, 0], [1, 0], [1, 1], [0, 1]]), np.float32(quad))
    centres = cv2.perspectiveTransform(np.float32(PATCH_CENTRES)[None], hm)[0]
    h, w = image.shape[:2]
    fine, chroma, peak = [], [], []
    win, band = _masks(n)
    for cx, cy in centres:
        x0, y0 = int(round(cx - n / 2)), int(round(cy - n / 2))
        if x0 < 0 or y0 < 0 or x0 + n > w or y0 + n > h:
            continue
        lab = cv2.cvtColor(image[y0:y0 + n, x0:x0 + n], cv2.COLOR_BGR2Lab).astype(np.float32)
        lo1 = cv2.GaussianBlur(lab, (0, 0), FINE_SIGMA)
        hp = lab - lo1
        mid = lo1 - cv2.GaussianBlur(lab, (0, 0), MID_SIGMA)
        e_fine = float(hp[..., 0].std())
        fine.append(e_fine / (float(mid[..., 0].std()) + 1.0))
        chroma.append((float(hp[..., 1].std()) + float(hp[..., 2].std())) / (e_fine + 1.0))
        mag = np.log1p(np.abs(np.fft.fftshift(np.fft.fft2(hp[..., 0] * win))))
        vals = mag[band]
        peak.append(float(vals.max() - np.percentile(vals, 99)))
    if not fine:
        return {"fine": 0.0, "fine_chroma": 0.0, "fine_peak": 0.0}
    return {"fine": float(np.median(fine)), "fine_chroma": float(np.median(chroma)),
            "fine_peak": float(np.median(peak))}


@lru_cache(maxsize=4)
def _masks(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Hann window and the 0.15-0.5 cycles/px band for an n x n patch."""
    win = np.outer(np.hanning(n), np.hanning(n)).astype(np.float32)
    f = np.fft.fftshift(np.fft.fftfreq(n))
    r = np.hypot(f[:, None], f[None, :])
    return win, (r > 0.15) & (r < 0.5)


@lru_cache(maxsize=2)
def _band_masks() -> tuple[np.ndarray, np.ndarray, tuple[int, int], np.ndarray]:
    """The inner and outer bands on the border raster, its size, and the card corners on it."""
    cw = BAND_RASTER
    ch = int(round(cw / L.CARD_ASPECT))
    m = int(round(BAND_OUT * cw)) + 2
    size = (cw + 2 * m, ch + 2 * m)
    yy, xx = np.mgrid[0:size[1], 0:size[0]]
    # signed distance inside the card's rectangle (px; > 0 inside)
    d = np.minimum(np.minimum(xx - m, m + cw - xx), np.minimum(yy - m, m + ch - yy)).astype(np.float32)
    a, b = BAND_IN * cw, BAND_OUT * cw
    inner = (d >= a) & (d <= b)
    outer = (d <= -a) & (d >= -b)
    corners = np.float32([[m, m], [m + cw, m], [m + cw, m + ch], [m, m + ch]])
    return inner, outer, size, corners


def _border_cues(image: np.ndarray, quad: np.ndarray) -> dict[str, float]:
    inner, outer, size, corners = _band_masks()
    hm = cv2.getPerspectiveTransform(np.float32(quad), corners)
    lab = cv2.warpPerspective(cv2.cvtColor(image, cv2.COLOR_BGR2Lab), hm, size, flags=cv2.INTER_LINEAR)
    seen = cv2.warpPerspective(np.ones(image.shape[:2], np.uint8), hm, size, flags=cv2.INTER_NEAREST) > 0
    ins, outs = inner & seen, outer & seen
    share = float(outs.sum() / max(outer.sum(), 1))
    if ins.sum() < 16 or outs.sum() < 16:
        return {"border_de": 0.0, "outer_seen": share}
    lab = lab.astype(np.float32)
    de = float(np.linalg.norm(np.median(lab[ins], 0) - np.median(lab[outs], 0)))
    return {"border_de": de, "outer_seen": share}
