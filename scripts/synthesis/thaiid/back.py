"""The real Thai ID card back, drawn from the public blank templates (../shared/real-dev/templates/) and
../shared/spec/thai-id-card-facts.md ("Back").

A real back is nearly text-free: a light blue upper part (plain gradient, or pale with circuit-like
line art), a square patch at the left (a gold chip, or a rainbow hologram), a palace silhouette in the
middle, ``ประเทศไทย`` over a Thai flag over ``THAILAND`` at the right, a lighter band below ~57 % of the
height, a small bold printed number top left (``card_number``) and a laser-engraved code in the lower
band (``laser_number``: dark grey, low contrast, centre to right).

Printing variants (``REAL_BACK_STYLES``), each with the elements' positions, sizes and contrast drawn
from ranges around the facts' positions:

- ``real_plain``: template 0's look (saturated blue gradient, gold chip, solid silhouette); the laser
  code printed with single hyphens. **Tuned on.**
- ``real_holo``: template 1's look (pale grey-blue with circuit line art, hologram patch, pale
  silhouette); the laser code engraved with long dashes, as on the real laser-code crop. **Held out**
  (decided before any change to the finder or reader).
"""

from __future__ import annotations

import random

import cv2
import numpy as np

from airocr.engine.thaiid import layout as L
from scripts.synthesis.thai.fonts import FontFace
from scripts.synthesis.thai.render import render_mask

REAL_BACK_STYLES = ("real_plain", "real_holo")
BACK_STYLES = ("legacy", *REAL_BACK_STYLES)  # legacy: the generator's first, invented back (card.py)
TUNED_BACK_STYLES = ("real_plain",)
HELDOUT_BACK_STYLES = ("real_holo",)

U = L.CARD_W / 1000.0  # one card unit (1000 across) in canonical pixels, x
V = L.CARD_H / 630.0  # ... y


def put_text(img: np.ndarray, text: str, face: FontFace, height_px: float, x: float, y_mid: float,
             color: tuple[int, int, int], blur: float = 0.0) -> np.ndarray:
    """Print ``text`` with its ink ``height_px`` tall, starting at ``x``, centred on row ``y_mid``;
    returns its ink quad (canonical pixels)."""
    mask = render_mask(text, face, 64)
    h, w = mask.shape
    k = height_px / h
    mask = cv2.resize(mask, (max(1, round(w * k)), max(1, round(h * k))), interpolation=cv2.INTER_AREA)
    if blur > 0:
        mask = cv2.GaussianBlur(mask, (0, 0), blur)
    h, w = mask.shape
    H, W = img.shape[:2]
    x0, y0 = max(0, min(W - w, round(x))), max(0, min(H - h, round(y_mid - h / 2)))
    a = (mask.astype(np.float32) / 255.0)[..., None]
    roi = img[y0:y0 + h, x0:x0 + w].astype(np.float32)
    img[y0:y0 + h, x0:x0 + w] = (roi * (1 - a) + np.array(color, np.float32) * a).astype(np.uint8)
    return L.region_px((x0 / W, y0 / H, (x0 + w) / W, (y0 + h) / H), W, H)


def _background(style: str, rng: np.random.Generator, band_y: int) -> np.ndarray:
    W, H = L.CARD_W, L.CARD_H
    gx = np.linspace(0, 1, W)[None, :, None]
    if style == "real_plain":
        top_l, top_r = np.array([215, 165, 95]), np.array([245, 220, 175])  # BGR: mid blue -> pale blue
        low_l, low_r = np.array([245, 220, 185]), np.array([225, 185, 120])
    else:
        top_l, top_r = np.array([235, 215, 190]), np.array([240, 232, 222])  # pale grey-blue
        low_l, low_r = np.array([236, 226, 212]), np.array([232, 220, 205])
    jit = rng.uniform(-12, 12, 3)
    top = top_l * (1 - gx) + top_r * gx + jit
    low = low_l * (1 - gx) + low_r * gx + jit
    img = np.empty((H, W, 3), np.float32)
    img[:band_y] = top
    img[band_y:] = low
    if style == "real_plain":  # vertical streaks of the printed gradient
        img += cv2.resize(rng.normal(0, 1, (1, 60)).astype(np.float32), (W, H))[..., None] * rng.uniform(2, 6)
    return np.clip(img, 0, 255).astype(np.uint8)


def _circuits(img: np.ndarray, rng: np.random.Generator, band_y: int) -> None:
    """Circuit-like line art over the upper part: orthogonal polylines with round pads."""
    col = tuple(int(v) for v in np.array([225, 195, 160]) + rng.uniform(-15, 15, 3))
    for _ in range(int(rng.integers(25, 45))):
        x, y = float(rng.uniform(0, L.CARD_W * 0.7)), float(rng.uniform(0, band_y - 10))
        pts = [(x, y)]
        for _ in range(int(rng.integers(2, 5))):
            if rng.random() < 0.5:
                x += float(rng.uniform(-120, 120))
            else:
                y = float(np.clip(y + rng.uniform(-80, 80), 0, band_y - 5))
            pts.append((x, y))
        cv2.polylines(img, [np.array(pts, np.int32)], False, col, int(rng.integers(1, 3)), cv2.LINE_AA)
        cv2.circle(img, (int(x), int(y)), int(rng.integers(3, 7)), col, 1, cv2.LINE_AA)


def _patch(img: np.ndarray, style: str, rng: np.random.Generator) -> None:
    x0 = (95 + rng.uniform(-15, 15)) * U
    y0 = (208 + rng.uniform(-15, 15)) * V
    w, h = rng.uniform(150, 175) * U, rng.uniform(130, 150) * V
    x1, y1 = int(x0 + w), int(y0 + h)
    x0, y0 = int(x0), int(y0)
    if style == "real_plain":  # gold chip, rounded
        gold = np.array([110, 190, 240], np.float32) + rng.uniform(-15, 15, 3)
        patch = np.broadcast_to(gold, (y1 - y0, x1 - x0, 3)).astype(np.float32)
        grain = rng.normal(0, 6, (y1 - y0, x1 - x0)).astype(np.float32)
        patch = patch + cv2.GaussianBlur(grain, (0, 0), 3)[..., None]
    else:  # hologram: dark with a rainbow rosette
        yy, xx = np.mgrid[0:y1 - y0, 0:x1 - x0].astype(np.float32)
        cx, cy = (x1 - x0) * rng.uniform(0.25, 0.4), (y1 - y0) * rng.uniform(0.25, 0.4)
        ang = np.arctan2(yy - cy, xx - cx)
        r = np.hypot(xx - cx, yy - cy)
        hue = ((ang / np.pi + 1) * 90 + r * 0.8).astype(np.uint8) % 180
        val = (120 + 100 * np.abs(np.sin(ang * 12)) * np.exp(-r / (x1 - x0))).astype(np.uint8)
        hsv = np.stack([hue, np.full_like(hue, 200), val], -1)
        patch = cv2.cvtColor(hsv, cv2.COLOR_HSV2BGR).astype(np.float32) * 0.8
    m = np.zeros((y1 - y0, x1 - x0), np.uint8)
    r = int(min(x1 - x0, y1 - y0) * 0.12)
    cv2.rectangle(m, (r, 0), (x1 - x0 - r, y1 - y0), 255, -1)
    cv2.rectangle(m, (0, r), (x1 - x0, y1 - y0 - r), 255, -1)
    for cx, cy in ((r, r), (x1 - x0 - r, r), (r, y1 - y0 - r), (x1 - x0 - r, y1 - y0 - r)):
        cv2.circle(m, (cx, cy), r, 255, -1)
    a = (m.astype(np.float32) / 255)[..., None]
    img[y0:y1, x0:x1] = (img[y0:y1, x0:x1] * (1 - a) + np.clip(patch, 0, 255) * a).astype(np.uint8)


def _palace(img: np.ndarray, style: str, rng: np.random.Generator, band_y: int) -> None:
    """A palace silhouette standing on the band: low halls with pointed spires."""
    x0 = (400 + rng.uniform(-30, 30)) * U
    x1 = (767 + rng.uniform(-30, 30)) * U
    col = (np.array([215, 160, 90]) if style == "real_plain" else np.array([225, 190, 140])) + rng.uniform(-10, 10, 3)
    base = band_y
    pts = [(x0, base)]
    n = int(rng.integers(4, 7))
    xs = np.sort(rng.uniform(x0 + 10, x1 - 10, n))
    for x in xs:
        hall = base - rng.uniform(18, 35) * V
        spire = base - rng.uniform(60, 120) * V
        pts += [(x - 25, hall), (x - 8, hall - 10), (x, spire), (x + 8, hall - 10), (x + 25, hall)]
    pts.append((x1, base))
    cv2.fillPoly(img, [np.array(pts, np.int32)], tuple(int(v) for v in col), cv2.LINE_AA)


def _flag_block(img: np.ndarray, rng: np.random.Generator, bold: FontFace, latin_bold: FontFace,
                lines: list[tuple[str, np.ndarray]]) -> None:
    """``ประเทศไทย`` over the Thai flag over ``THAILAND``."""
    fx0 = (795 + rng.uniform(-25, 25)) * U
    fw = rng.uniform(110, 135) * U
    fy0 = (262 + rng.uniform(-20, 20)) * V
    fh = fw * rng.uniform(0.5, 0.62)
    ink = tuple(int(v) for v in rng.uniform(10, 40, 3))
    lines.append(("ประเทศไทย", put_text(img, "ประเทศไทย", bold, rng.uniform(17, 22) * V, fx0 + rng.uniform(-4, 4),
                                       fy0 - rng.uniform(16, 22) * V, ink)))
    stripes = [(40, 40, 200), (250, 250, 250), (120, 40, 30), (120, 40, 30), (250, 250, 250), (40, 40, 200)]
    for k, c in enumerate(stripes):
        y = fy0 + fh * k / 6
        cv2.rectangle(img, (int(fx0), int(y)), (int(fx0 + fw), int(y + fh / 6)), c, -1)
    navy = (110, 40, 20)
    lines.append(("THAILAND", put_text(img, "THAILAND", latin_bold, rng.uniform(13, 17) * V, fx0 + rng.uniform(-3, 8),
                                      fy0 + fh + rng.uniform(14, 20) * V, navy)))


def _laser(img: np.ndarray, code: str, face: FontFace, style: str, rng: np.random.Generator) -> np.ndarray:
    """The laser-engraved code: dark grey, low contrast, a faint highlight under the engraving."""
    printed = code.replace("-", "--") if style == "real_holo" else code
    h = rng.uniform(20, 28) * V
    x = rng.uniform(370, 560) * U
    y = rng.uniform(0.86, 0.94) * L.CARD_H
    bg = float(cv2.cvtColor(img[int(y) - 5:int(y) + 5, int(x):int(x) + 20], cv2.COLOR_BGR2GRAY).mean())
    grey = bg - rng.uniform(70, 140)  # low contrast: dark grey on the pale band
    hi = tuple(int(min(255, bg + 25)) for _ in range(3))
    put_text(img, printed, face, h, x + 1, y + 1, hi, blur=0.8)
    return put_text(img, printed, face, h, x, y, (int(grey),) * 3, blur=rng.uniform(0.4, 1.0))


def render_real_back(seed_rng: random.Random, style: str, reg: FontFace, bold: FontFace,
                     laser_code: str, card_number: str) -> tuple[np.ndarray, dict[str, str], dict[str, np.ndarray],
                                                                 list[tuple[str, np.ndarray]]]:
    """Draw a real back of ``style``; returns the card (BGR, canonical size), its fields, their ink quads
    and every printed line."""
    if style not in REAL_BACK_STYLES:
        raise ValueError(f"unknown real back style {style!r}")
    rng = np.random.default_rng(seed_rng.randrange(2**32))
    band_y = int(rng.uniform(0.55, 0.60) * L.CARD_H)
    img = _background(style, rng, band_y)
    if style == "real_holo":
        _circuits(img, rng, band_y)
    _patch(img, style, rng)
    _palace(img, style, rng, band_y)
    lines: list[tuple[str, np.ndarray]] = []
    _flag_block(img, rng, bold, bold, lines)
    ink = tuple(int(v) for v in rng.uniform(10, 45, 3))
    cq = put_text(img, card_number, bold, rng.uniform(15, 21) * V, rng.uniform(25, 75) * U,
                  rng.uniform(30, 70) * V, ink)
    lq = _laser(img, laser_code, bold, style, rng)
    lines += [(card_number, cq), (laser_code, lq)]
    return (img, {"card_number": card_number, "laser_number": laser_code},
            {"card_number": cq, "laser_number": lq}, lines)
