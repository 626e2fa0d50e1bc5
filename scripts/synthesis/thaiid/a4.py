"""An A4 photocopy of a Thai ID card (สำเนาบัตรประชาชน), as KYC paperwork sends it: the card (or its front
and back) copied onto an A4 page, each card 15-30 % of the page, grey or tinted toner, often signed
across and certified ``สำเนาถูกต้อง`` in hand, then scanned (flat, a little skewed).

Variants (decided before the finder was changed for pages):

- ``a4_grey``: grey toner on white paper, the front alone or front above back. **Tuned on.**
- ``a4_tinted``: tinted paper and toner, front and back side by side or stacked, a signature across the
  card and the handwritten certification. **Held out.**
- ``a4_colour``: a colour copy (the copier keeps the card's colours, washed out and contrasty) of the
  front printed as real cards are (``front_style="real"``) above the back, each laid a little crooked on
  the glass, signed across, certified ``สำเนาถูกต้อง`` beside or under the cards. **Tuned on**
  (written after ``a4_grey``'s tuning and measured before any rule was changed for it).

(The idcard_type helper's ``scripts/synthesis/thaiid/captures.py`` simulates the copier's physics in far
more detail; this page is the finder's and reader's test of a card on a page.)
"""

from __future__ import annotations

import random

import cv2
import numpy as np

from airocr.engine.thaiid import layout as L
from scripts.synthesis.thai.fonts import faces
from scripts.synthesis.thai.render import render_mask
from scripts.synthesis.thaiid.card import CARD_FAMILIES, render_card
from scripts.synthesis.thaiid.scene import SceneSample, _jpeg, _photometric, _rounded_alpha, apply_homography

A4_MM = (210.0, 297.0)
A4_STYLES = ("a4_grey", "a4_tinted", "a4_colour")
TUNED_A4 = ("a4_grey", "a4_colour")
HELDOUT_A4 = ("a4_tinted",)


def _crooked(quad: np.ndarray, deg: float) -> np.ndarray:
    """The card turned by ``deg`` degrees about its centre (laid crooked on the copier's glass)."""
    c = quad.mean(0)
    a = np.deg2rad(deg)
    r = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    return (quad - c) @ r.T + c


def _grain_and_speckle(f: np.ndarray, rng: np.random.Generator, noise: tuple[float, float],
                       speckle: tuple[float, float]) -> np.ndarray:
    """A copy's paper grain (coarse, the same in every channel), sensor noise of a std drawn from
    ``noise``, toner speckle at a share drawn from ``speckle``, and the copier's slight blur; float,
    not clipped (``f``, float32, is changed in place)."""
    h, w = f.shape[:2]
    grain = cv2.resize(rng.normal(0, 1, (h // 6 + 1, w // 6 + 1)).astype(np.float32), (w, h))
    f += (grain * rng.uniform(2, 5)).reshape(h, w, *([1] * (f.ndim - 2)))  # in place: ``f`` stays float32
    f += rng.normal(0, rng.uniform(*noise), f.shape)
    speck = rng.random((h, w)) < rng.uniform(*speckle)
    f[speck] = rng.uniform(0, 90)
    return cv2.GaussianBlur(f, (0, 0), rng.uniform(0.4, 0.8))


def _colour_copy(page: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A colour copier's print: each channel's tone curve clipped (light print washes out, dark ink
    blocks up), colours a little flatter, paper grain and speckle."""
    f = page.astype(np.float32)
    lo, hi = rng.uniform(25, 60), rng.uniform(200, 230)
    f = np.clip((f - lo) / (hi - lo), 0, 1) ** rng.uniform(0.85, 1.2) * 255
    grey = f.mean(-1, keepdims=True)
    f = grey + (f - grey) * float(rng.uniform(0.6, 0.95))
    return np.clip(_grain_and_speckle(f, rng, (2, 4), (0.0003, 0.0015)), 0, 255).astype(np.uint8)


def _card_quads(rng: np.random.Generator, pw: int, ph: int, n: int) -> list[np.ndarray]:
    """Axis-aligned corners (tl, tr, br, bl) of ``n`` cards (one, or two stacked) on a ``pw × ph`` page,
    each 15-30 % of it."""
    quads = []
    below = 0.0  # the lower edge of the card above (stacked cards never overlap: each side is copied apart)
    for k in range(n):
        cov = rng.uniform(0.15, 0.30)
        cw = np.sqrt(cov * pw * ph * L.CARD_ASPECT)
        ch = cw / L.CARD_ASPECT
        if n == 1:
            x = rng.uniform(0.05 * pw, pw - cw - 0.05 * pw)
            y = rng.uniform(0.08 * ph, 0.5 * ph - ch / 2)
        else:
            x = rng.uniform(0.05 * pw, pw - cw - 0.05 * pw)
            gap = rng.uniform(0.03, 0.08) * ph
            y = rng.uniform(0.04, 0.08) * ph + k * (ch + gap)
            y = max(y, below + gap)
            below = y + ch
        quads.append(np.array([[x, y], [x + cw, y], [x + cw, y + ch], [x, y + ch]]))
    return quads


def _hand_line(img: np.ndarray, text: str, x: float, y: float, height: float, rng: np.random.Generator) -> None:
    """A handwritten-looking line (a script face, wavy, slanted) in pen ink."""
    fams = [f for f in ("THCharmonman", "THSrisakdi", "Mali", "Itim", "Sriracha") if faces(f)] or list(CARD_FAMILIES)
    face = faces(fams[int(rng.integers(len(fams)))])[0]
    m = render_mask(text, face, 64)
    k = height / m.shape[0]
    m = cv2.resize(m, (max(1, int(m.shape[1] * k)), max(1, int(height))), interpolation=cv2.INTER_AREA)
    sh = np.float32([[1, -rng.uniform(0.1, 0.3), 0], [0, 1, 0]])
    m = cv2.warpAffine(m, sh, (m.shape[1] + int(height), m.shape[0]))
    h, w = m.shape
    x0, y0 = int(np.clip(x, 0, img.shape[1] - w)), int(np.clip(y, 0, img.shape[0] - h))
    a = (m.astype(np.float32) / 255)[..., None] * 0.9
    ink = np.array([140, 60, 30], np.float32) + rng.uniform(-20, 20, 3)
    roi = img[y0:y0 + h, x0:x0 + w].astype(np.float32)
    img[y0:y0 + h, x0:x0 + w] = (roi * (1 - a) + ink * a).astype(np.uint8)


def _signature(img: np.ndarray, quad: np.ndarray, rng: np.random.Generator) -> None:
    """A pen signature across the card."""
    (x0, y0), (x1, y1) = quad[0], quad[2]
    n = int(rng.integers(5, 9))
    cx = np.linspace(x0 + (x1 - x0) * 0.15, x1 - (x1 - x0) * 0.1, n) + rng.normal(0, (x1 - x0) * 0.03, n)
    cy = y0 + (y1 - y0) * rng.uniform(0.3, 0.8, n)
    t = np.linspace(0, 1, 300)
    xs = np.interp(t, np.linspace(0, 1, n), cx) + (x1 - x0) * 0.02 * np.sin(t * rng.uniform(20, 60))
    ys = np.interp(t, np.linspace(0, 1, n), cy) + (y1 - y0) * 0.06 * np.sin(t * rng.uniform(15, 45) + 1)
    col = tuple(int(v) for v in np.array([140, 60, 30]) + rng.uniform(-20, 20, 3))
    cv2.polylines(img, [np.stack([xs, ys], -1).round().astype(np.int32)], False, col, int(rng.integers(2, 4)),
                  cv2.LINE_AA)


def _toner(page: np.ndarray, rng: np.random.Generator, tinted: bool) -> np.ndarray:
    """Grey toner: the copy's tone curve (light print washes out), paper grain and speckle; tinted paper
    and toner for ``tinted``."""
    g = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY).astype(np.float32)
    lo, hi = rng.uniform(40, 80), rng.uniform(185, 215)
    g = np.clip((g - lo) / (hi - lo), 0, 1) ** rng.uniform(0.8, 1.3) * 255
    g = _grain_and_speckle(g, rng, (2, 5), (0.0003, 0.002))
    if tinted:
        paper = np.array([rng.uniform(0.85, 0.97), rng.uniform(0.9, 1.0), rng.uniform(0.95, 1.0)])  # BGR: warm
        if rng.random() < 0.5:
            paper = paper[::-1]  # or cool
        toner = np.array(rng.uniform(0.0, 0.25, 3))  # the darkest ink's tint (0 = black)
        f = g[..., None] / 255
        out = (f * paper[None, None] + (1 - f) * toner[None, None]) * 255
    else:
        out = np.repeat(g[..., None], 3, axis=2)
    return np.clip(out, 0, 255).astype(np.uint8)


def make_a4_scene(seed: int, style: str = "a4_grey", hard: bool = False) -> list[SceneSample]:
    """An A4 copy scanned: one :class:`SceneSample` per card on the page, the front first (its
    ``image`` is the whole page for each)."""
    if style not in A4_STYLES:
        raise ValueError(f"unknown A4 style {style!r}")
    rng = np.random.default_rng(seed + 31337)
    prng = random.Random(seed)
    tinted, colour = style == "a4_tinted", style == "a4_colour"
    pw = int(rng.uniform(1000, 1500))
    ph = int(round(pw * A4_MM[1] / A4_MM[0]))
    two = tinted or colour or rng.random() < 0.6
    sides = ["front", "back"] if two else [prng.choice(("front", "front", "back"))]
    quads = _card_quads(rng, pw, ph, len(sides))
    if colour:
        quads = [_crooked(q, float(rng.uniform(-4, 4))) for q in quads]
    back_style = "real_holo" if tinted else "real_plain"
    front_style = "real" if colour else "legacy"
    page = np.full((ph, pw, 3), 255, np.uint8)
    alpha = _rounded_alpha(L.CARD_W, L.CARD_H)
    src = L.region_px((0, 0, 1, 1)).astype(np.float32)
    cards, hmats = [], []
    for k, (sd, q) in enumerate(zip(sides, quads, strict=True)):
        card = render_card(seed * 2 + k, sd, "normal", CARD_FAMILIES, back_style, front_style=front_style)
        hm = cv2.getPerspectiveTransform(src, q.astype(np.float32)).astype(np.float64)
        warped = cv2.warpPerspective(card.image, hm, (pw, ph), flags=cv2.INTER_AREA)
        a = cv2.warpPerspective(alpha, hm, (pw, ph)).astype(np.float32)[..., None] / 255
        page = (page * (1 - a) + warped * a).astype(np.uint8)
        cv2.polylines(page, [q.round().astype(np.int32)], True, (120, 120, 120), 1, cv2.LINE_AA)  # the copier's edge
        cards.append(card)
        hmats.append(hm)
    page = _colour_copy(page, rng) if colour else _toner(page, rng, tinted)
    if tinted or colour or rng.random() < 0.3:
        _signature(page, quads[0], rng)
    if colour:  # certified beside the front, or under the cards
        right = max(q[:, 0].max() for q in quads)
        if right < 0.62 * pw and rng.random() < 0.5:
            x, y = right + rng.uniform(0.03, 0.06) * pw, quads[0][:, 1].mean()
        else:
            x, y = rng.uniform(0.1, 0.4) * pw, max(q[:, 1].max() for q in quads) + rng.uniform(0.03, 0.08) * ph
        _hand_line(page, "สำเนาถูกต้อง", x, y, rng.uniform(0.02, 0.035) * ph, rng)
    if tinted:
        last = max(q[2, 1] for q in quads)
        _hand_line(page, "สำเนาถูกต้อง", rng.uniform(0.1, 0.4) * pw, last + rng.uniform(0.03, 0.08) * ph,
                   rng.uniform(0.02, 0.035) * ph, rng)
    # a scan: skewed a little on the glass
    ang = float(rng.uniform(-3, 3))
    rot = np.vstack([cv2.getRotationMatrix2D((pw / 2, ph / 2), ang, 1.0), [0, 0, 1]])
    page = cv2.warpPerspective(page, rot, (pw, ph), borderValue=(250, 250, 250))
    page, deg = _photometric(page, rng, hard)
    page = _jpeg(page, int(rng.integers(60, 92)))
    out = []
    for card, hm in zip(cards, hmats, strict=True):
        h = rot @ hm
        tr = card.truth
        out.append(SceneSample(
            image=page, card_quad=apply_homography(h, src), homography=h, rotation_deg=-ang % 360, card=card,
            field_quads={k: apply_homography(h, v) for k, v in tr.field_quads.items()},
            portrait_quad=apply_homography(h, tr.portrait_quad) if tr.portrait_quad is not None else None,
            idcard_type="copy", coverage=float(abs(cv2.contourArea(apply_homography(h, src).astype(np.float32)))
                                               / (pw * ph)), degradation=deg))
    out.sort(key=lambda s: s.side != "front")
    return out
