"""Captures for ``idcard_type``, grounded in the physics of each kind: a photocopy, a photo of a
screen, and the card itself, each through a camera (or, for a copy, a flatbed scanner).

- ``normal``: the card on a table (clutter, a desk, a dark cloth or a white sheet of paper), under a
  room's uneven light, its laminate's specular glare, sometimes a thumb on a corner.
- ``copy``: the card copied (:mod:`.copier`: toner tone curve, halftone screens, dot gain, grey or
  tinted paper, streaks, a copy of a copy, black-and-white or colour) onto an A4 page, often front
  and back on one page and signed across, then photographed on a table (the card 15-30 % of the
  photo) or scanned on a flatbed (cropped around the card).
- ``screen``: the card shown on a display (:mod:`.display`: RGB stripe or PenTile sub-pixels,
  white point, black level), the device's bezel and the room around it, the room mirrored in the
  glass, a lamp's glare, the backlight's PWM flicker caught by a rolling shutter as bands.

Every capture ends in :func:`camera.expose` or :func:`camera.scan`. Parameter ranges are drawn by
*split*: ``tuned`` captures draw halftone frequencies, display pitches, scanner resolutions and
camera models from ranges used for training and tuning; ``heldout`` captures draw every one of those
from ranges and models that are never used for either (see ``HALFTONE_LPI``, ``SCREEN_PITCH``,
``SCANNER_DPI``, ``HELDOUT_CAMERAS``). Deterministic from (seed, kind, split).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from airocr.engine.thaiid import layout as L
from scripts.synthesis.thaiid import camera as C
from scripts.synthesis.thaiid.back import HELDOUT_BACK_STYLES, TUNED_BACK_STYLES
from scripts.synthesis.thaiid.card import render_card
from scripts.synthesis.thaiid.copier import (
    CONTONE,
    CopierSettings,
    draw_range,
    paper_texture,
    photocopy,
    specks,
    streak_profile,
)
from scripts.synthesis.thaiid.display import SCREEN_PITCH, DisplaySettings, emission, layout_content
from scripts.synthesis.thaiid.front import HELDOUT_FRONT_STYLES, TUNED_FRONT_STYLES
from scripts.synthesis.thaiid.scene import clutter_background

KINDS = ("normal", "copy", "screen")
SPLITS = ("tuned", "heldout")
A4_MM = (210.0, 297.0)
S = C.SUPERSAMPLE


@dataclass
class Capture:
    """One capture and its truth."""

    image: np.ndarray  # BGR
    card_quads: list[np.ndarray]  # (4, 2) corners tl, tr, br, bl of every card in the image (a copy: front and back)
    kind: str  # normal | copy | screen
    split: str  # tuned | heldout
    side: str  # the first card's side
    params: dict[str, object] = field(default_factory=dict)


def _camera(rng: np.random.Generator, split: str) -> tuple[C.CameraSettings, int, int]:
    profiles = C.TUNED_CAMERAS if split == "tuned" else C.HELDOUT_CAMERAS
    prof = profiles[int(rng.integers(len(profiles)))]
    long_side = int(rng.integers(prof.long_side[0], prof.long_side[1] + 1))
    short = int(long_side * float(rng.choice([0.75, 0.5625, 0.8])))
    w, h = (long_side, short) if rng.random() < 0.75 else (short, long_side)
    return C.CameraSettings.draw(prof, rng), w - w % 2, h - h % 2


def _angle(rng: np.random.Generator) -> float:
    r = rng.random()
    if r < 0.6:
        return float(rng.uniform(-12, 12))
    if r < 0.8:
        return float(rng.choice([90, 180, 270]) + rng.uniform(-8, 8))
    return float(rng.uniform(0, 360))


def _place(rng: np.random.Generator, w: int, h: int, coverage: float, corners: np.ndarray,
           persp: float = 0.04) -> tuple[np.ndarray, np.ndarray]:
    """The homography (plane -> camera px) that puts the card whose plane ``corners`` (tl, tr, br,
    bl) are given at ``coverage`` of a ``w`` x ``h`` image, turned and in perspective; and its quad."""
    cw = np.sqrt(coverage * w * h * L.CARD_ASPECT)
    a = np.deg2rad(_angle(rng))
    for _ in range(30):
        base = np.array([[-cw / 2, -cw / L.CARD_ASPECT / 2], [cw / 2, -cw / L.CARD_ASPECT / 2],
                         [cw / 2, cw / L.CARD_ASPECT / 2], [-cw / 2, cw / L.CARD_ASPECT / 2]])
        base = base + rng.uniform(-persp, persp, (4, 2)) * np.array([cw, cw / L.CARD_ASPECT]) * 0.5
        q = base @ np.array([[np.cos(a), np.sin(a)], [-np.sin(a), np.cos(a)]])
        span = np.ptp(q, axis=0)
        if span[0] < w - 4 and span[1] < h - 4:
            break
        cw *= 0.93
    lo, hi = -q.min(0) + 2, np.array([w, h]) - q.max(0) - 2
    q = q + rng.uniform(lo, np.maximum(hi, lo))
    hm = cv2.getPerspectiveTransform(np.float32(corners), np.float32(q)).astype(np.float64)
    return hm, q


def _ss(hm: np.ndarray) -> np.ndarray:
    """A plane -> camera-px homography as plane -> supersampled px."""
    return np.diag([S, S, 1.0]) @ hm


def _warp(tex: np.ndarray, m: np.ndarray, size: tuple[int, int], ratio: float) -> np.ndarray:
    """``tex`` (texture px) warped by ``m`` (texture px -> supersampled px) onto ``size`` (w, h);
    ``ratio`` texture px per supersampled px: a finer texture is first reduced to about that scale
    (area average), as the optics would blur what is finer than the supersampled grid."""
    if ratio > 1.5:
        f = 1.0 / ratio
        small = cv2.resize(tex, (max(int(tex.shape[1] * f), 2), max(int(tex.shape[0] * f), 2)),
                           interpolation=cv2.INTER_AREA)
        k = np.diag([tex.shape[1] / small.shape[1], tex.shape[0] / small.shape[0], 1.0])
        tex, m = small, m @ k
    return cv2.warpPerspective(tex, m, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0)


def _room_light(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    """A room's uneven light (H, W): a gradient, vignetting, sometimes the phone's soft shadow."""
    yy, xx = np.mgrid[0:32, 0:32].astype(np.float32) / 31
    g = 1 + rng.uniform(-0.3, 0.3) * (xx - 0.5) + rng.uniform(-0.3, 0.3) * (yy - 0.5)
    g *= 1 - rng.uniform(0.0, 0.35) * ((xx - 0.5) ** 2 + (yy - 0.5) ** 2) * 2
    if rng.random() < 0.25:
        cx, cy, r = rng.uniform(0.2, 0.8), rng.uniform(0.2, 0.8), rng.uniform(0.15, 0.4)
        g *= 1 - rng.uniform(0.2, 0.5) * np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * r * r))
    return cv2.resize(g, (w, h), interpolation=cv2.INTER_CUBIC) * float(rng.uniform(0.5, 1.15))


def _glare(rng: np.random.Generator, h: int, w: int, strength: float) -> np.ndarray:
    """A lamp's specular highlight (H, W): a soft ellipse of linear light ``strength`` at its peak."""
    cx, cy = rng.uniform(0.15, 0.85) * w, rng.uniform(0.15, 0.85) * h
    sx, sy = rng.uniform(0.03, 0.15) * w, rng.uniform(0.03, 0.15) * h
    yy, xx = np.ogrid[0:h, 0:w]
    return (strength * np.exp(-(((xx - cx) / sx) ** 2 + ((yy - cy) / sy) ** 2))).astype(np.float32)


def _background(rng: np.random.Generator, h: int, w: int) -> tuple[np.ndarray, str]:
    """The table under a card or page (linear, supersampled size): clutter, a desk, cloth, or a white sheet."""
    kind = str(rng.choice(["clutter", "desk", "cloth", "paper"], p=[0.4, 0.25, 0.15, 0.2]))
    hs, ws = h // S, w // S
    if kind == "clutter":
        bg = C.srgb_to_linear(clutter_background(rng, hs, ws, float(rng.uniform(0.5, 1.5))))
    else:
        col = {"desk": rng.uniform([40, 80, 120], [110, 150, 200]), "cloth": rng.uniform(10, 70, 3),
               "paper": rng.uniform(215, 250, 3) * np.array([1, 1, 1.0])}[kind]
        tex = cv2.GaussianBlur(rng.normal(0, 1, (hs, ws)).astype(np.float32), (0, 0), float(rng.uniform(1, 6)))
        grain = tex[..., None] * (8 if kind == "desk" else 3)
        bg = C.srgb_to_linear(np.clip(np.asarray(col, np.float32)[None, None] + grain, 0, 255))
    return cv2.resize(bg, (w, h), interpolation=cv2.INTER_LINEAR), kind


def _auto_expose(rad: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The camera's auto exposure: the scene's bright tones (98th percentile) put at a drawn level."""
    ref = float(np.percentile(rad[::7, ::7], 98)) + 1e-4
    return rad * (float(rng.uniform(0.55, 1.05)) / ref)


def _card_alpha(w: int, h: int) -> np.ndarray:
    r = max(int(round(L.CORNER_RADIUS * w)), 1)
    a = np.zeros((h, w), np.uint8)
    cv2.rectangle(a, (r, 0), (w - 1 - r, h - 1), 255, -1)
    cv2.rectangle(a, (0, r), (w - 1, h - 1 - r), 255, -1)
    for cx, cy in ((r, r), (w - 1 - r, r), (r, h - 1 - r), (w - 1 - r, h - 1 - r)):
        cv2.circle(a, (cx, cy), r, 255, -1, cv2.LINE_AA)
    return a.astype(np.float32) / 255


@dataclass(frozen=True)
class Printing:
    """How the captured card is printed: the generator's first drawing (``legacy``) or, with
    ``real``, the real card's printing variants of the capture's split (``TUNED_*_STYLES`` for
    ``tuned``, ``HELDOUT_*_STYLES`` for ``heldout``), drawn from ``rng`` (their own stream, so that
    the capture's camera, light and copy stay as they are)."""

    split: str = "tuned"
    real: bool = False
    rng: np.random.Generator | None = None

    def styles(self) -> tuple[str, str]:
        """(back style, front style) of one card."""
        if not self.real or self.rng is None:
            return "legacy", "legacy"
        tuned = self.split == "tuned"
        backs = TUNED_BACK_STYLES if tuned else HELDOUT_BACK_STYLES
        fronts = TUNED_FRONT_STYLES if tuned else HELDOUT_FRONT_STYLES
        return str(self.rng.choice(backs)), str(self.rng.choice(fronts))


_LEGACY = Printing()


def _card(seed: int, rng: np.random.Generator, side: str | None = None,
          printing: Printing = _LEGACY) -> tuple[np.ndarray, str]:
    side = side or str(rng.choice(["front", "front", "back"]))
    card_type = str(rng.choice(["normal", "normal", "normal", "pink"]))
    back_style, front_style = printing.styles()
    return render_card(seed, side, card_type, back_style=back_style, front_style=front_style).image, side


def normal_capture(seed: int, rng: np.random.Generator, split: str, printing: Printing = _LEGACY) -> Capture:
    """The card itself on a table, photographed."""
    card, side = _card(seed, rng, printing=printing)
    cam, w, h = _camera(rng, split)
    cov = float(rng.uniform(0.25, 0.8))
    corners = np.array([[0, 0], [L.CARD_W, 0], [L.CARD_W, L.CARD_H], [0, L.CARD_H]], np.float64)
    hm, quad = _place(rng, w, h, cov, corners)
    size = (w * S, h * S)
    ratio = L.CARD_W / (np.linalg.norm(quad[1] - quad[0]) * S)
    bg, bg_kind = _background(rng, h * S, w * S)
    a = _warp(_card_alpha(L.CARD_W, L.CARD_H), _ss(hm), size, ratio)[..., None]
    sh = np.roll(cv2.GaussianBlur(a, (0, 0), 4.0 * S), (int(rng.integers(2, 10)), int(rng.integers(2, 10))), (0, 1))
    bg = bg * (1 - float(rng.uniform(0.1, 0.5)) * (sh if sh.ndim == 3 else sh[..., None]))
    tex = C.srgb_to_linear(card) * float(rng.uniform(0.85, 1.0))
    rad = bg * (1 - a) + _warp(tex, _ss(hm), size, ratio) * a
    rad = rad * _room_light(rng, h * S, w * S)[..., None]
    glare = rng.random() < 0.45
    if glare:  # the laminate's specular highlight, whiter than white
        rad = rad + (_glare(rng, h * S, w * S, float(rng.uniform(0.3, 2.5)))[..., None] * a)
    thumb = rng.random() < 0.2
    if thumb:  # a thumb over one corner, within the rounded corner's reach
        c = quad[int(rng.integers(4))] * S
        skin = C.srgb_to_linear(np.array([[rng.uniform(90, 160), rng.uniform(130, 180), rng.uniform(180, 235)]]))[0]
        m = np.zeros((h * S, w * S), np.float32)
        cv2.circle(m, (int(c[0]), int(c[1])), int(0.04 * np.linalg.norm(quad[1] - quad[0]) * S), 1.0, -1)
        rad = rad * (1 - m[..., None]) + m[..., None] * skin * 0.7
    img = C.expose(_auto_expose(rad, rng), cam, rng)
    return Capture(img, [quad], "normal", split, side, {"camera": cam.profile, "background": bg_kind,
                                                          "glare": glare, "thumb": thumb, "coverage": cov})


def _copy_patch(card: np.ndarray, st: CopierSettings, paper: np.ndarray, rng: np.random.Generator,
                ppm: float, margin_mm: float, generations: int = 0) -> np.ndarray:
    """The copied card with ``margin_mm`` of page around it (linear reflectance, patch px at ``ppm``);
    ``generations`` > 0: that many copies in a chain (a copy of a copy of a copy), each black-and-white."""
    m = int(round(margin_mm * ppm))
    cw, ch = paper.shape[1] - 2 * m, paper.shape[0] - 2 * m
    glass = np.full((ch + 2 * m, cw + 2 * m, 3), float(rng.uniform(0.88, 0.97)), np.float32)  # the copier's lid
    tex = C.srgb_to_linear(cv2.resize(card, (cw, ch), interpolation=cv2.INTER_AREA))
    a = _card_alpha(cw, ch)[..., None]
    glass[m:m + ch, m:m + cw] = glass[m:m + ch, m:m + cw] * (1 - a) + tex * a
    # the lamp's shadow along the card's edge (the card is ~0.8 mm thick)
    edge = np.zeros(glass.shape[:2], np.float32)
    cv2.rectangle(edge, (m, m), (m + cw, m + ch), 1.0, max(int(round(float(rng.uniform(0.1, 0.5)) * ppm)), 1))
    glass *= 1 - float(rng.uniform(0.3, 0.8)) * cv2.GaussianBlur(edge, (0, 0), 0.2 * ppm)[..., None]
    out = photocopy(glass, st, paper, rng, ppm)
    if rng.random() < 0.25:  # a copy of a copy: the first copy copied again (black-and-white)
        st2 = CopierSettings.draw(rng, "tuned" if st.lpi < 95 or st.lpi > 130 else "heldout", False)
        out = photocopy(cv2.GaussianBlur(out, (0, 0), 0.4 * ppm / 10), st2, paper, rng, ppm)
    for _ in range(max(generations - 1, 0)):  # every generation blurs, re-screens and thickens again
        st2 = CopierSettings.draw(rng, "tuned", False)
        out = photocopy(cv2.GaussianBlur(out, (0, 0), 0.4 * ppm / 10), st2, paper, rng, ppm)
    return specks(out, st, rng)


def _sign(patch: np.ndarray, rng: np.random.Generator) -> None:
    """A pen's signature and "certified copy" scrawl across the copied card (in place)."""
    h, w = patch.shape[:2]
    ink = np.array(rng.choice([[0.35, 0.08, 0.03], [0.04, 0.04, 0.05]]), np.float32)  # blue or black (BGR)
    n = int(rng.integers(6, 12))
    t = np.linspace(0, 1, 300)
    x0, x1 = rng.uniform(0.1, 0.4) * w, rng.uniform(0.6, 0.9) * w
    ys = rng.uniform(0.3, 0.8, n) * h
    xs = x0 + (x1 - x0) * t
    y = np.interp(t, np.linspace(0, 1, n), ys) + h * 0.03 * np.sin(t * rng.uniform(20, 60))
    pts = np.stack([xs, y], -1).round().astype(np.int32)
    m = np.zeros((h, w), np.float32)
    cv2.polylines(m, [pts], False, 1.0, max(int(w / 400), 1), cv2.LINE_AA)
    patch *= 1 - m[..., None] * (1 - ink[None, None])


def _printout(st: CopierSettings, vrng: np.random.Generator, photo: bool = False) -> CopierSettings:
    """A colour printout of the card's image (a laser or inkjet printer, not a copier): no background
    suppression nor text segmentation, a near-linear tone curve, a fine dot or stochastic (inkjet)
    screen from the tuned upper band, little dot gain, white office paper, a clean drum. ``photo``: a
    photo-quality inkjet print, continuous tone at any resolution a scanner or camera has."""
    white = float(vrng.uniform(0.88, 0.97))
    screen = str(vrng.choice(["dot", "stochastic"]))
    return replace(st, colour=True, screen=CONTONE if photo else screen,
                   lpi=float(vrng.uniform(130.0, 160.0)), lo=float(vrng.uniform(0.0, 0.05)),
                   hi=float(vrng.uniform(0.93, 1.0)), gamma=float(vrng.uniform(0.85, 1.15)),
                   dot_gain=float(vrng.uniform(0.0, 0.15)), solid=1.01, sharpen=0.0,
                   paper=(white, white, white), streaks=0, specks=0.0)


def _copy_page(seed: int, rng: np.random.Generator, split: str, vrng: np.random.Generator | None = None,
               printing: Printing = _LEGACY, photo: bool = False) -> tuple[list, np.ndarray, dict, str]:
    """The copied page: [(patch, origin mm)] of each copied card, the page's paper (2 px/mm), the
    copy's parameters and the first card's side. ``vrng`` (the wider tuned variants, see
    :func:`make_capture`) may make it a colour printout and a copy of a copy of a copy; with
    ``photo`` it is always a photo-quality printout."""
    st = CopierSettings.draw(rng, split, colour=bool(rng.random() < 0.35))
    printout = vrng is not None and (vrng.random() < 0.4 or photo)
    if printout:
        assert vrng is not None
        st = _printout(st, vrng, photo)
    generations = 3 if (vrng is not None and not printout and vrng.random() < 0.2) else 0
    ppm = st.px_per_mm()
    both = rng.random() < 0.4
    first, side = _card(seed, rng, "front" if both else None, printing)
    cards = [first] + ([_card(seed + 1, rng, "back", printing)[0]] if both else [])
    blank = paper_texture((int(A4_MM[1] * 2), int(A4_MM[0] * 2)), st, rng)
    streak = streak_profile(int(A4_MM[0] * 10), st, rng)  # per 0.1 mm across the page
    page = blank * streak[: blank.shape[1] * 5].reshape(-1, 5).min(1)[None, :, None]  # thin streaks stay dark
    margin = 4.0
    x = float(rng.uniform(15, A4_MM[0] - L.CARD_MM[0] - 15))
    y = float(rng.uniform(20, 80))
    patches = []
    for card in cards:
        o = np.array([x - margin, y - margin])
        hp = int(round((L.CARD_MM[1] + 2 * margin) * ppm))
        wp = int(round((L.CARD_MM[0] + 2 * margin) * ppm))
        x0, y0 = int(o[0] * 2), int(o[1] * 2)
        paper = cv2.resize(blank[y0:y0 + int(hp / ppm * 2) + 1, x0:x0 + int(wp / ppm * 2) + 1], (wp, hp),
                           interpolation=cv2.INTER_LINEAR)
        cols = np.clip(((o[0] + np.arange(wp) / ppm) * 10).astype(int), 0, len(streak) - 1)
        patch = _copy_patch(card, st, paper, rng, ppm, margin, generations) * streak[cols][None, :, None]
        if rng.random() < 0.5:
            _sign(patch, rng)
        patches.append((patch, o))
        y += L.CARD_MM[1] + float(rng.uniform(10, 50))
    params = {"colour": st.colour, "screen": st.screen, "lpi": round(st.lpi, 1), "both_sides": both}
    if vrng is not None:
        params.update(printout=printout, generations=generations or None)
    return patches, page, params, side


def _scan_colour_error(img: np.ndarray, vrng: np.random.Generator, always: bool = False) -> tuple[np.ndarray, str]:
    """A flatbed's colour pipeline gone wrong, half the time (``always``: every time): the driver writes
    its BGR lines as RGB (red and blue swapped), or an ageing lamp and a "vivid" setting cast and
    saturate the scan."""
    r = vrng.random() * (0.5 if always else 1.0)
    if r < 0.25:
        return np.ascontiguousarray(img[..., ::-1]), "channel_swap"
    if r < 0.5:
        f = img.astype(np.float32) * vrng.uniform(0.75, 1.0, 3).astype(np.float32)[None, None]
        grey = f.mean(-1, keepdims=True)
        f = grey + (f - grey) * float(vrng.uniform(1.0, 1.6))
        return C.jpeg(np.clip(f, 0, 255).astype(np.uint8), int(vrng.integers(75, 96))), "cast"
    return img, "none"


def _cut_to_card(img: np.ndarray, quads: list[np.ndarray], vrng: np.random.Generator
                 ) -> tuple[np.ndarray, list[np.ndarray]]:
    """The scan cut to the card's bounding box, 0-3 % of its size beyond it (a scan sent as the card
    alone); only the card the scan is of is kept."""
    q = quads[0]
    x0, y0 = q.min(0)
    x1, y1 = q.max(0)
    m = float(vrng.uniform(0.0, 0.03)) * (x1 - x0)
    h, w = img.shape[:2]
    a, b = int(max(x0 - m, 0)), int(max(y0 - m, 0))
    c, d = int(min(np.ceil(x1 + m), w)), int(min(np.ceil(y1 + m), h))
    return np.ascontiguousarray(img[b:d, a:c]), [q - [a, b]]


def copy_capture(seed: int, rng: np.random.Generator, split: str, vrng: np.random.Generator | None = None,
                 printing: Printing = _LEGACY, photo: bool = False, cast_scan: bool = False) -> Capture:
    """A photocopy of the card, photographed on a table or scanned on a flatbed (``vrng``: the wider
    tuned variants, ``photo``: a photo-quality printout, ``cast_scan``: scanned with a colour error,
    and half the time cut to the card; see :func:`make_capture`)."""
    patches, page, params, side = _copy_page(seed, rng, split, vrng, printing, photo)
    ppm = patches[0][0].shape[1] / (L.CARD_MM[0] + 8.0)
    m = 4.0
    if len(patches) > 1 and rng.random() < 0.5:  # the back is the card the photo is of
        patches = patches[::-1]
    target = patches[0][1] + m
    corners = np.array([target, target + [L.CARD_MM[0], 0], target + L.CARD_MM, target + [0, L.CARD_MM[1]]])
    if rng.random() < 0.35 or (vrng is not None and vrng.random() < 0.25) or cast_scan:
        dpi = draw_range(C.SCANNER_DPI[split], rng)
        scale = dpi / 25.4
        cov = float(rng.uniform(0.35, 0.95))
        cw = L.CARD_MM[0] * scale
        w = int(cw / np.sqrt(cov) * rng.uniform(0.95, 1.1))
        h = int(min(cw / L.CARD_ASPECT / np.sqrt(cov) * rng.uniform(0.95, 1.1), w * 1.4))
        a = np.deg2rad(rng.uniform(-3, 3))
        q = (corners - corners.mean(0)) @ np.array([[np.cos(a), np.sin(a)], [-np.sin(a), np.cos(a)]]) * scale
        q += np.array([w, h]) / 2 + rng.uniform(-0.04, 0.04, 2) * [w, h] * (1 - cov)
        hm = cv2.getPerspectiveTransform(np.float32(corners), np.float32(q)).astype(np.float64)
        capture, device = "scan", f"scanner_{int(dpi)}dpi"
        cam = None
    else:
        cam, w, h = _camera(rng, split)
        hm, q = _place(rng, w, h, float(rng.uniform(0.15, 0.3)), corners, persp=0.05)
        capture, device = "photo", cam.profile
    size = (w * S, h * S)
    hs = _ss(hm)
    card_px = np.linalg.norm(q[1] - q[0])
    ones = np.ones(page.shape[:2], np.float32)
    pm = _warp(ones, hs @ np.diag([0.5, 0.5, 1.0]), size, 1.0)[..., None]
    rad = _warp(page, hs @ np.diag([0.5, 0.5, 1.0]), size, 1.0)
    for patch, o in patches:
        mp = hs @ np.array([[1 / ppm, 0, o[0]], [0, 1 / ppm, o[1]], [0, 0, 1.0]])
        ratio = L.CARD_MM[0] * ppm / (card_px * S)
        pa = _warp(np.ones(patch.shape[:2], np.float32), mp, size, ratio)[..., None]
        rad = rad * (1 - pa) + _warp(patch, mp, size, ratio)
    quads = [(cv2.perspectiveTransform(np.float64(np.array([o + m, o + m + [L.CARD_MM[0], 0], o + m + L.CARD_MM,
                                                               o + m + [0, L.CARD_MM[1]]]))[None], hm)[0])
             for _, o in patches]
    if capture == "scan":
        rad = rad * pm + float(rng.uniform(0.85, 0.97)) * (1 - pm)  # the scanner's white lid beyond the page
        img = C.scan(rad, rng)
        if vrng is not None:
            img, params["scan_colour"] = _scan_colour_error(img, vrng, always=cast_scan)
        if cast_scan and vrng is not None and vrng.random() < 0.5:
            img, quads = _cut_to_card(img, quads, vrng)
            params["cut_to_card"] = True
    else:
        bg, _ = _background(rng, h * S, w * S)
        rad = (rad * pm + bg * (1 - pm)) * _room_light(rng, h * S, w * S)[..., None]
        if rng.random() < 0.3:  # paper's faint sheen
            rad = rad + _glare(rng, h * S, w * S, float(rng.uniform(0.05, 0.25)))[..., None] * pm
        assert cam is not None
        img = C.expose(_auto_expose(rad, rng), cam, rng)
    return Capture(img, quads, "copy", split, side, {**params, "capture": capture, "camera": device})


def screen_capture(seed: int, rng: np.random.Generator, split: str, printing: Printing = _LEGACY) -> Capture:
    """The card shown on a display, photographed."""
    card, side = _card(seed, rng, printing=printing)
    cam, w, h = _camera(rng, split)
    ds = DisplaySettings.draw(rng)
    pitch = draw_range(SCREEN_PITCH[split], rng)
    cov = float(rng.uniform(0.25, 0.8))
    card_cam = np.sqrt(cov * w * h * L.CARD_ASPECT)
    aspect = float(rng.choice([16 / 9, 16 / 10, 4 / 3, 9 / 19.5, 3 / 4]))
    ui = float(rng.choice([0.0, rng.uniform(0.0, 0.05), rng.uniform(0.6, 1.0)]))
    disp, corners = layout_content(card, card_cam / pitch, float(rng.uniform(0.6, 0.98)), aspect, ui, rng)
    hm, quad = _place(rng, w, h, cov, corners, persp=0.06)
    hs = _ss(hm)
    xx = np.arange(w * S, dtype=np.float32)[None, :]
    yy = np.arange(h * S, dtype=np.float32)[:, None]
    inv = np.linalg.inv(hs).astype(np.float32)
    den = 1.0 / (inv[2, 0] * xx + inv[2, 1] * yy + inv[2, 2])
    u = (inv[0, 0] * xx + inv[0, 1] * yy + inv[0, 2]) * den
    v = (inv[1, 0] * xx + inv[1, 1] * yy + inv[1, 2]) * den
    del den
    dh, dw = disp.shape[:2]
    light = emission(disp, u, v, ds)
    banding = rng.random() < 0.4
    if banding:  # PWM backlight flicker caught row by row by the rolling shutter
        period = float(rng.uniform(15, 150)) * S
        light *= (1 - float(rng.uniform(0.05, 0.3)) * (0.5 + 0.5 * np.sin(2 * np.pi * yy / period
                                                                            + rng.uniform(0, 6.3))))[..., None]
    on = ((u >= 0) & (v >= 0) & (u < dw) & (v < dh)).astype(np.float32)[..., None]
    b = float(rng.uniform(0.02, 0.12)) * dw
    body = ((u >= -b) & (v >= -b) & (u < dw + b) & (v < dh + b)).astype(np.float32)[..., None] - on
    del u, v, yy
    bg, _ = _background(rng, h * S, w * S)
    room = _room_light(rng, h * S, w * S)[..., None] * float(rng.uniform(0.3, 1.0))
    bezel = float(rng.uniform(0.01, 0.06))
    rad = (bg * (1 - on - body) + bezel * body) * room + light
    reflect = float(rng.uniform(0.005, 0.06))
    rad = rad + on * reflect * cv2.GaussianBlur(bg, (0, 0), 8.0 * S) * room  # the room mirrored in the glass
    glare = rng.random() < 0.3
    if glare:
        rad = rad + on * _glare(rng, h * S, w * S, float(rng.uniform(0.2, 1.5)))[..., None]
    img = C.expose(_auto_expose(rad, rng), cam, rng)
    return Capture(img, [quad], "screen", split, side,
                   {"camera": cam.profile, "layout": ds.layout, "pitch": round(pitch, 2), "banding": banding,
                    "glare": glare, "coverage": cov})


def make_capture(seed: int, kind: str, split: str = "tuned", wide: bool = False, real_prints: bool = False,
                 photo_prints: bool = False, cast_scans: bool = False) -> Capture:
    """One capture of ``kind`` (normal | copy | screen) from ``split``'s ranges; deterministic.

    ``wide`` (tuned split only) adds wider copy variants, drawn from their own random stream so that
    every other capture stays as it was: colour printouts of the card's image (laser or inkjet),
    copies of copies of copies, and flatbed scans whose colour pipeline swapped red and blue or cast
    and saturated the colours. ``real_prints``: the card is printed as real cards are (the real
    back, the real fronts' variants; :class:`Printing`), of the split's own variants, from another
    random stream (the capture is otherwise the one without it). ``photo_prints`` (with ``wide``):
    every copy is a photo-quality inkjet printout (continuous tone, no resolvable screen).
    ``cast_scans`` (with ``photo_prints``): every copy scanned on a flatbed whose colour pipeline erred
    (red and blue swapped, or cast and saturated), half of them cut to the card."""
    if kind not in KINDS or split not in SPLITS:
        raise ValueError(f"kind must be one of {KINDS}, split one of {SPLITS}")
    if (wide or photo_prints) and split != "tuned":
        raise ValueError("the wider variants are tuned-only")
    if photo_prints and not wide:
        raise ValueError("photo prints are a wider variant: pass wide=True")
    if cast_scans and not photo_prints:
        raise ValueError("cast scans are of photo prints: pass photo_prints=True")
    rng = np.random.default_rng([seed, KINDS.index(kind), SPLITS.index(split)])
    printing = Printing(split, real_prints, np.random.default_rng([seed, 11, SPLITS.index(split)]))
    if kind == "copy":
        vrng = np.random.default_rng([seed, 7, SPLITS.index(split)]) if wide else None
        return copy_capture(seed, rng, split, vrng, printing, photo_prints, cast_scans)
    return {"normal": normal_capture, "screen": screen_capture}[kind](seed, rng, split, printing)
