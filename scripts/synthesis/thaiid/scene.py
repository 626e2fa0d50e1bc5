"""Place a rendered card into a photo-like scene, with ground truth mapped to image coordinates.

``make_scene`` covers the API's constraints: any rotation, moderate perspective (≤ 10 % aspect
distortion), the card covering 25–90 % of the image, cluttered backgrounds, blur / noise /
dark / bright / glare / JPEG, and the ``copy`` (photocopy) and ``screen`` (photo of a display)
looks used for ``idcard_type``. ``no_card_scene`` gives clutter without a card (negatives).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from airocr.engine.thaiid import layout as L
from scripts.synthesis.thaiid.card import CARD_FAMILIES, RenderedCard, render_card

_LATIN = ("invoice", "TOTAL", "receipt", "hello", "SALE 50%", "Bangkok", "menu", "No. 12", "www", "2024")


@dataclass
class SceneSample:
    """One scene and its ground truth (image coordinates unless noted)."""

    image: np.ndarray  # BGR
    card_quad: np.ndarray  # (4, 2): canonical tl, tr, br, bl corners of the card in the image
    homography: np.ndarray  # (3, 3): canonical card pixels -> image pixels
    rotation_deg: float  # in-plane rotation applied to the card (clockwise-positive in image coords)
    card: RenderedCard  # the canonical card and its canonical-coordinate truth
    field_quads: dict[str, np.ndarray]
    portrait_quad: np.ndarray | None
    idcard_type: str  # normal | copy | screen
    coverage: float  # card area / image area
    degradation: str = "none"  # the hard condition's main photometric degradation (dark, glare, ...)

    @property
    def side(self) -> str:
        return self.card.truth.side

    @property
    def card_type(self) -> str:
        return self.card.truth.card_type


def apply_homography(h: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Points (N, 2) mapped by the 3x3 homography ``h``."""
    p = np.asarray(pts, np.float64).reshape(-1, 2)
    q = np.c_[p, np.ones(len(p))] @ h.T
    return q[:, :2] / q[:, 2:3]


def clutter_background(rng: np.random.Generator, h: int, w: int, level: float = 1.0) -> np.ndarray:
    """Textured gradient with random shapes, lines and Latin text (``level`` scales the clutter)."""
    c0, c1 = rng.uniform(30, 230, 3), rng.uniform(30, 230, 3)
    t = np.linspace(0, 1, w)[None, :, None] * rng.uniform(0.3, 1) + np.linspace(0, 1, h)[:, None, None] * 0.3
    img = c0 * (1 - np.clip(t, 0, 1)) + c1 * np.clip(t, 0, 1)
    small = rng.normal(0, 1, (max(2, h // 16), max(2, w // 16), 1)).astype(np.float32)
    tex = cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)[..., None] * rng.uniform(3, 18)
    fine = rng.normal(0, rng.uniform(1, 6), (h, w, 1))
    img = np.clip(img + tex + fine, 0, 255).astype(np.uint8)
    for _ in range(int(rng.integers(3, 12) * level)):
        col = tuple(int(v) for v in rng.uniform(0, 255, 3))
        kind = rng.integers(4)
        x, y = int(rng.uniform(0, w)), int(rng.uniform(0, h))
        if kind == 0:
            rect = ((x, y), (float(rng.uniform(20, w / 3)), float(rng.uniform(20, h / 3))), float(rng.uniform(0, 180)))
            cv2.fillPoly(img, [cv2.boxPoints(rect).astype(np.int32)], col, cv2.LINE_AA)
        elif kind == 1:
            cv2.circle(img, (x, y), int(rng.uniform(10, min(h, w) / 5)), col, -1, cv2.LINE_AA)
        elif kind == 2:
            cv2.line(img, (x, y), (int(rng.uniform(0, w)), int(rng.uniform(0, h))), col, int(rng.integers(1, 6)),
                     cv2.LINE_AA)
        else:
            txt = _LATIN[int(rng.integers(len(_LATIN)))]
            cv2.putText(img, txt, (x, y), cv2.FONT_HERSHEY_SIMPLEX, float(rng.uniform(0.5, 2.0)), col,
                        int(rng.integers(1, 3)), cv2.LINE_AA)
    return img


def _rounded_alpha(w: int, h: int) -> np.ndarray:
    r = int(round(L.CORNER_RADIUS * w))
    a = np.zeros((h, w), np.uint8)
    cv2.rectangle(a, (r, 0), (w - 1 - r, h - 1), 255, -1)
    cv2.rectangle(a, (0, r), (w - 1, h - 1 - r), 255, -1)
    for cx, cy in ((r, r), (w - 1 - r, r), (r, h - 1 - r), (w - 1 - r, h - 1 - r)):
        cv2.circle(a, (cx, cy), r, 255, -1, cv2.LINE_AA)
    return a


def _card_geometry(rng: np.random.Generator, card_px: float, angle: float, persp: float) -> np.ndarray:
    """Card corners (tl, tr, br, bl) centred at 0: rotated, with corner jitter for perspective."""
    w, h = card_px, card_px / L.CARD_ASPECT
    base = np.array([[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]])
    # Keystone-like jitter: each corner moves by up to persp*size; keeps aspect distortion <= ~2*persp.
    base = base + rng.uniform(-persp, persp, (4, 2)) * np.array([w, h]) * 0.5
    a = np.deg2rad(angle)
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    return base @ rot.T


def _photometric(img: np.ndarray, rng: np.random.Generator, hard: bool,
                 blur_px: tuple[float, float] = (1.0, 2.5)) -> tuple[np.ndarray, str]:
    """Light, blur and noise; returns the image and the name of the main degradation applied.

    ``blur_px``: the range of the ``blur`` degradation's Gaussian sigma, in image pixels.
    """
    f = img.astype(np.float32)
    h, w = img.shape[:2]
    mode = "none"
    if hard:
        mode = str(rng.choice(["dark", "bright", "glare", "blur", "noise", "none"]))
        if mode == "dark":
            f = 255 * (f / 255) ** rng.uniform(1.5, 2.5) * rng.uniform(0.45, 0.8)
        elif mode == "bright":
            f = f * rng.uniform(1.15, 1.4) + rng.uniform(10, 40)
        elif mode == "glare":
            cx, cy = rng.uniform(0.2, 0.8) * w, rng.uniform(0.2, 0.8) * h
            sx, sy = rng.uniform(0.05, 0.2) * w, rng.uniform(0.05, 0.2) * h
            yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
            g = np.exp(-(((xx - cx) / sx) ** 2 + ((yy - cy) / sy) ** 2))
            f = f + g[..., None] * rng.uniform(120, 230)
        elif mode == "blur":
            k = rng.uniform(*blur_px)
            f = cv2.GaussianBlur(f, (0, 0), k)
        elif mode == "noise":
            f = f + rng.normal(0, rng.uniform(8, 18), f.shape)
        # a second, milder degradation always
        f = cv2.GaussianBlur(f, (0, 0), rng.uniform(0.3, 1.0))
        f = f + rng.normal(0, rng.uniform(1, 5), f.shape)
    else:
        f = f + rng.normal(0, 1.5, f.shape)
    return np.clip(f, 0, 255).astype(np.uint8), mode


def _jpeg(img: np.ndarray, quality: int) -> np.ndarray:
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return cv2.imdecode(buf, cv2.IMREAD_COLOR) if ok else img


def photocopy_look(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Grey, flat, high-contrast toner look with paper texture and speckle."""
    g = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY).astype(np.float32)
    lo, hi = rng.uniform(50, 90), rng.uniform(180, 205)  # light security print washes out
    g = np.clip((g - lo) / (hi - lo), 0, 1) ** rng.uniform(0.8, 1.4) * 255
    h, w = g.shape
    paper = cv2.resize(rng.normal(0, 1, (h // 4 + 1, w // 4 + 1)).astype(np.float32), (w, h)) * rng.uniform(2, 6)
    g = g + paper + rng.normal(0, rng.uniform(2, 6), g.shape)
    speck = rng.random(g.shape) < rng.uniform(0.0005, 0.003)
    g[speck] = rng.uniform(0, 80)
    g = cv2.GaussianBlur(g, (0, 0), rng.uniform(0.4, 0.9))
    tint = np.array([1.0, 1.0, 1.0]) + rng.uniform(-0.04, 0.04, 3)
    return np.clip(g[..., None] * tint[None, None], 0, 255).astype(np.uint8)


def screen_look(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Photo of a display: sub-pixel grid, moiré beat, colour cast, gamma, glare gradient."""
    h, w = img.shape[:2]
    f = img.astype(np.float32)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    period = rng.uniform(2.6, 4.5)
    ang = np.deg2rad(rng.uniform(-12, 12))
    u = xx * np.cos(ang) + yy * np.sin(ang)
    v = -xx * np.sin(ang) + yy * np.cos(ang)
    phase = 2 * np.pi * u / period
    sub = np.stack([np.cos(phase - 2 * np.pi / 3 * k) for k in (2, 1, 0)], -1) * 0.5 + 0.5  # B, G, R stripes
    rows = 0.5 + 0.5 * np.cos(2 * np.pi * v / period)
    depth = rng.uniform(0.2, 0.4)
    f = f * (1 - depth + depth * (0.6 * sub + 0.4 * rows[..., None]))
    beat = np.sin(2 * np.pi * (xx * rng.uniform(-0.04, 0.04) + yy * rng.uniform(0.01, 0.05)) + rng.uniform(0, 6))
    f = f * (1 + rng.uniform(0.05, 0.15) * beat[..., None])
    cast = np.array([rng.uniform(1.0, 1.2), rng.uniform(0.95, 1.1), rng.uniform(0.8, 0.95)])
    f = 255 * (np.clip(f, 0, 255) / 255) ** rng.uniform(0.8, 1.1) * cast[None, None]
    gl = np.clip(1 - np.hypot(xx / w - rng.uniform(0, 1), yy / h - rng.uniform(0, 1)) * 1.5, 0, 1)
    f = f + gl[..., None] * rng.uniform(10, 60)
    return np.clip(f, 0, 255).astype(np.uint8)


def make_scene(seed: int, side: str | None = None, card_type: str | None = None, idcard_type: str = "normal",
               angle: float | None = None, hard: bool = False, card_px: tuple[float, float] = (360, 640),
               coverage: tuple[float, float] = (0.25, 0.9),
               blur_px: tuple[float, float] | None = None, families: Sequence[str] = CARD_FAMILIES,
               back_style: str = "legacy", front_style: str = "legacy", address_styles: Sequence[str] = (),
               heldout_names: bool = False) -> SceneSample:
    """Render a card and place it into a scene; deterministic from ``seed``.

    ``card_px`` is the range of the card's width in scene pixels (smaller = faster tests);
    ``coverage`` the range of card area / image area. ``blur_px`` is the hard ``blur``
    degradation's sigma range in image pixels; by default it scales with the card, from 0.6 to 1.4
    px on a card 800 px wide (strokes ~2 px wide: blurred, still legible to a person; stronger blur
    erases the small Thai marks for any reader). ``families``: the card's font families (default:
    the recognizer's held-out ones, see :func:`render_card`); ``back_style`` and ``front_style`` how a
    back and a front are drawn, ``address_styles`` and ``heldout_names`` how a front prints its
    address's lane and road (see :func:`render_card`).
    """
    rng = np.random.default_rng(seed + 7919)
    prng = random.Random(seed)
    side = side or prng.choice(("front", "front", "back"))
    card_type = card_type or prng.choice(("normal", "normal", "normal", "pink"))
    card = render_card(seed, side, card_type, families, back_style, front_style, address_styles, heldout_names)
    if angle is None:
        angle = float(rng.choice([0, 90, 180, 270])) if rng.random() < 0.4 else float(rng.uniform(0, 360))
    cw = float(rng.uniform(*card_px))
    corners = _card_geometry(rng, cw, angle, 0.05 if hard else 0.025)
    bw, bh = np.ptp(corners, axis=0)
    area = abs(cv2.contourArea(corners.astype(np.float32)))
    frac = float(rng.uniform(*coverage))
    k = np.sqrt(max(area / frac / (bw * bh), 1.0))
    t = float(np.exp(rng.uniform(-np.log(k), np.log(k)))) if k > 1 else 1.0
    W, H = int(np.ceil(bw * k * t)) + 4, int(np.ceil(bh * k / t)) + 4
    if area / (W * H) < coverage[0]:  # rounding pushed it below the minimum: trim the slack
        W, H = int(np.ceil(bw)) + 4, int(np.ceil(bh)) + 4
    ox = rng.uniform(-corners[:, 0].min() + 2, W - corners[:, 0].max() - 2)
    oy = rng.uniform(-corners[:, 1].min() + 2, H - corners[:, 1].max() - 2)
    quad = corners + [ox, oy]
    src = L.region_px((0, 0, 1, 1))
    hmat = cv2.getPerspectiveTransform(src.astype(np.float32), quad.astype(np.float32)).astype(np.float64)

    if idcard_type == "copy":
        bg = np.full((H, W, 3), rng.uniform(225, 250), np.float32)
        bg = np.clip(bg + rng.normal(0, 2, bg.shape), 0, 255).astype(np.uint8)
    elif idcard_type == "screen":
        bg = np.full((H, W, 3), rng.choice([rng.uniform(10, 40), rng.uniform(200, 245)]), np.uint8)
    else:
        bg = clutter_background(rng, H, W, 1.5 if hard else 1.0)
    alpha = _rounded_alpha(L.CARD_W, L.CARD_H)
    warped = cv2.warpPerspective(card.image, hmat, (W, H), flags=cv2.INTER_AREA if cw < L.CARD_W else cv2.INTER_LINEAR)
    a = cv2.warpPerspective(alpha, hmat, (W, H), flags=cv2.INTER_LINEAR).astype(np.float32)[..., None] / 255.0
    if idcard_type == "normal" and rng.random() < 0.6:  # soft drop shadow
        sh = cv2.GaussianBlur(a, (0, 0), 6)
        sh = np.roll(sh, (int(rng.integers(2, 8)), int(rng.integers(2, 8))), (0, 1))
        sh = sh if sh.ndim == 3 else sh[..., None]
        bg = (bg * (1 - 0.35 * sh)).astype(np.uint8)
    img = (bg * (1 - a) + warped * a).astype(np.uint8)

    if idcard_type == "copy":
        # The copier's light casts a thin shadow along the card's edge.
        cv2.polylines(img, [quad.round().astype(np.int32)], True, tuple(int(v) for v in rng.uniform(90, 150, 3)),
                      int(rng.integers(1, 3)), cv2.LINE_AA)
        img = photocopy_look(img, rng)
    elif idcard_type == "screen":
        img = screen_look(img, rng)
    img, degradation = _photometric(img, rng, hard, blur_px or (0.6 * cw / 800, 1.4 * cw / 800))
    img = _jpeg(img, int(rng.integers(40, 85) if hard else rng.integers(80, 96)))

    tr = card.truth
    fq = {k: apply_homography(hmat, v) for k, v in tr.field_quads.items()}
    pq = apply_homography(hmat, tr.portrait_quad) if tr.portrait_quad is not None else None
    return SceneSample(image=img, card_quad=quad, homography=hmat, rotation_deg=angle % 360, card=card,
                       field_quads=fq, portrait_quad=pq, idcard_type=idcard_type,
                       coverage=float(area / (W * H)), degradation=degradation)


def no_card_scene(seed: int, size: tuple[int, int] = (480, 640)) -> np.ndarray:
    """A cluttered scene with no card in it (rectangles, text, texture)."""
    rng = np.random.default_rng(seed + 104729)
    h, w = size
    img = clutter_background(rng, h, w, 2.0)
    return _jpeg(_photometric(img, rng, False)[0], 85)
