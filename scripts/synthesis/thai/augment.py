"""Turn an ink mask into a realistic line crop: card-like backgrounds, geometry and degradations.

Everything is vectorised numpy / OpenCV; randomness comes from one ``numpy.random.Generator``.
"""

from __future__ import annotations

import cv2
import numpy as np


def _background(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    """Pale background: flat, gradient, guilloche (ID-card security print) or paper noise."""
    base = rng.uniform(150, 255, 3)
    if rng.random() < 0.15:  # occasionally dark background (light text chosen later)
        base = rng.uniform(0, 90, 3)
    img = np.empty((h, w, 3), np.float32)
    img[:] = base
    kind = rng.random()
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    if kind < 0.45:  # guilloche: several families of thin wavy lines in pale colours
        for _ in range(rng.integers(1, 4)):
            f1, f2 = rng.uniform(0.05, 0.4), rng.uniform(0.01, 0.15)
            amp, ang = rng.uniform(2, 15), rng.uniform(0, np.pi)
            u = xx * np.cos(ang) + yy * np.sin(ang)
            v = -xx * np.sin(ang) + yy * np.cos(ang)
            wave = np.sin(f1 * (u + amp * np.sin(f2 * v + rng.uniform(0, 6.3))))
            line = np.clip((np.abs(wave) - rng.uniform(0.85, 0.98)) * 20, 0, 1)
            col = rng.uniform(-45, 25, 3)
            img += line[..., None] * col[None, None, :] * rng.uniform(0.3, 1.0)
    elif kind < 0.65:  # smooth gradient
        gx, gy = rng.uniform(-1, 1, 2)
        grad = (xx * gx / max(w, 1) + yy * gy / max(h, 1))[..., None]
        img += grad * rng.uniform(-60, 60, 3)[None, None, :]
    elif kind < 0.8:  # blotchy paper / print noise
        small = rng.normal(0, 1, (max(2, h // 8), max(2, w // 8), 3)).astype(np.float32)
        img += cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC) * rng.uniform(5, 25)
    return img


def _geometry(img: np.ndarray, rng: np.random.Generator, border: np.ndarray) -> np.ndarray:
    """Slight rotation + perspective jitter, like a rectified detector crop."""
    h, w = img.shape[:2]
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    j = h * rng.uniform(0, 0.04)
    dst = src + rng.uniform(-j, j, (4, 2)).astype(np.float32)
    ang = np.deg2rad(rng.uniform(-1.5, 1.5))
    c = np.float32([w / 2, h / 2])
    rot = np.float32([[np.cos(ang), -np.sin(ang)], [np.sin(ang), np.cos(ang)]])
    dst = (dst - c) @ rot.T + c
    m = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
    return cv2.warpPerspective(img, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def compose(mask: np.ndarray, size: int, rng: np.random.Generator, out_h: int,
            strength: float = 1.0) -> np.ndarray:
    """Compose ``mask`` (uint8 ink) on a background, crop with detector-like margins, degrade,
    and resize to height ``out_h`` (keeping aspect up to a random horizontal stretch). BGR uint8."""
    mh, mw = mask.shape
    # margins relative to the font size: tight to loose
    top = int(size * rng.uniform(0.0, 0.35))
    bot = int(size * rng.uniform(0.0, 0.35))
    left = int(size * rng.uniform(0.0, 0.6))
    right = int(size * rng.uniform(0.0, 0.6))
    pad = size
    canvas = np.zeros((mh + 2 * pad, mw + 2 * pad), np.float32)
    canvas[pad: pad + mh, pad: pad + mw] = mask / 255.0
    canvas = canvas[max(0, pad - top): pad + mh + bot, max(0, pad - left): pad + mw + right]
    h, w = canvas.shape
    if rng.random() < 0.3 * strength:  # stroke weight jitter
        k = np.ones((2, 2), np.uint8)
        canvas = cv2.dilate(canvas, k) if rng.random() < 0.5 else cv2.erode(canvas, k) * 0.5 + canvas * 0.5
    bg = _background(rng, h, w)
    bg_level = float(bg.mean())
    dark_bg = bg_level < 128
    if dark_bg:
        ink = rng.uniform(max(170.0, bg_level + 90), 255, 3)
    else:
        ink = rng.uniform(0, min(90.0, bg_level - 90), 3)
        if rng.random() < 0.3:  # dark blue / dark red print
            ink = np.array([rng.uniform(60, 120), rng.uniform(0, 50), rng.uniform(0, 50)])[rng.permutation(3)]
    alpha = canvas[..., None] * rng.uniform(0.75, 1.0)
    img = bg * (1 - alpha) + ink[None, None, :] * alpha
    if rng.random() < 0.4 * strength:  # uneven light
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        r2 = ((xx - cx) ** 2 + (yy - cy) ** 2) / (max(h, w) ** 2)
        img *= (1 - rng.uniform(0.1, 0.5) * np.clip(r2, 0, 1))[..., None]
        img += rng.uniform(0, 30)
    if rng.random() < 0.5 * strength:
        img = _geometry(img, rng, bg[0, 0])
    # resize to target height with horizontal stretch
    stretch = rng.uniform(0.8, 1.2)
    new_w = max(8, int(round(w * out_h / h * stretch)))
    if rng.random() < 0.3 * strength:  # low resolution: go through a smaller size first
        f = rng.uniform(0.4, 0.8)
        img = cv2.resize(img, (max(4, int(new_w * f)), max(4, int(out_h * f))), interpolation=cv2.INTER_AREA)
    interp = cv2.INTER_AREA if h > out_h else cv2.INTER_LINEAR
    img = cv2.resize(img, (new_w, out_h), interpolation=interp)
    if rng.random() < 0.4 * strength:
        s = rng.uniform(0.3, 1.2)
        img = cv2.GaussianBlur(img, (0, 0), s)
    if rng.random() < 0.3 * strength:  # low contrast
        c = rng.uniform(0.45, 0.85)
        img = img * c + img.mean() * (1 - c)
    if rng.random() < 0.5 * strength:
        img += rng.normal(0, rng.uniform(2, 14), img.shape).astype(np.float32)
    img = np.clip(img, 0, 255).astype(np.uint8)
    if rng.random() < 0.5 * strength:
        q = int(rng.integers(20, 90))
        ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, q])
        img = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    if rng.random() < 0.1:
        img = cv2.cvtColor(cv2.cvtColor(img, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)
    return img
