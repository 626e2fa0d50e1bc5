"""Render a synthetic Thai ID card (front / back, normal / pink) at the canonical ID-1 raster.

Fields are printed inside the regions of :mod:`engine.thaiid.layout`; text comes from the
colleague's generators in :mod:`scripts.synthesis.thai.thai_text` (one consistent person per card) and is
shaped with Pillow + raqm through :func:`scripts.synthesis.thai.render.render_mask`, which also gives the
exact ink box of every field (the ground-truth quad).
"""

from __future__ import annotations

import dataclasses
import functools
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np

from airocr.engine.thaiid import layout as L
from scripts.synthesis.thai import thai_text as tt
from scripts.synthesis.thai.fonts import HELDOUT_FAMILIES, FontFace, faces
from scripts.synthesis.thai.render import render_mask
from scripts.synthesis.thaiid.back import render_real_back
from scripts.synthesis.thaiid.front import FRONT_STYLES, draw_front

# The recognizer's held-out families (scripts/synthesis/thai/fonts.py HELDOUT_FAMILIES): cards are read in fonts
# the Thai recognizer never saw, as a real card's font is none of ours (Latin falls back where missing).
CARD_FAMILIES = HELDOUT_FAMILIES

# A card is printed at fixed physical text heights whatever the typeface, and an em size is not one:
# the Thai letters' body (the height of ก ม น) is 0.42 em in THNiramitAS and 0.56-0.58 em in Loma,
# Norasi and Noto Serif Thai (digits 0.50 against 0.70-0.74 em). The sizes below are em sizes of a
# face whose Thai body is BODY_EM tall; each face is printed at the size that gives its Thai body that
# height (:func:`printed_size`). Printed at the em size, a THNiramitAS card's text was a quarter
# smaller than the other families' (its serial 1.0 mm tall against ~1.4 mm).
BODY_EM = 0.57
_BODY_GLYPHS = "กมนอวร"  # Thai consonants with no ascender or descender


def thai_body_px(face: FontFace, size: int) -> int:
    """Height in pixels of ``face``'s Thai consonant bodies printed at em size ``size`` (rows more
    than half inked)."""
    rows = np.flatnonzero(render_mask(_BODY_GLYPHS, face, size).max(axis=1) > 127)
    return int(rows[-1] - rows[0] + 1)


@functools.cache
def body_em(face: FontFace) -> float:
    """Ink height of Thai consonant bodies in ``face``, in em."""
    return thai_body_px(face, 100) / 100


def printed_size(face: FontFace, size: int) -> int:
    """The em size at which ``face`` prints Thai as tall as a ``BODY_EM`` face does at ``size``."""
    return max(1, round(size * BODY_EM / body_em(face)))


@dataclass
class CardTruth:
    """Ground truth of one rendered card, in canonical card pixels."""

    side: str  # front | back
    card_type: str  # normal | pink
    fields: dict[str, str]  # API field name -> value
    field_quads: dict[str, np.ndarray]  # API field name -> (4, 2) ink quad (address: union of lines)
    line_quads: list[tuple[str, np.ndarray]] = field(default_factory=list)  # every printed text line
    portrait_quad: np.ndarray | None = None  # front only


@dataclass
class RenderedCard:
    image: np.ndarray  # BGR, CARD_H × CARD_W
    truth: CardTruth
    family: str = ""  # the font family it is printed in


def _pick_faces(rng: random.Random, families: Sequence[str] = CARD_FAMILIES) -> tuple[FontFace, FontFace]:
    """A regular and a bold face of one family (regular again where the family has no bold)."""
    fam = rng.choice([f for f in families if faces(f)])
    fs = faces(fam)

    def pick(bold: bool) -> FontFace:
        cands = [f for f in fs if ("Bold" in f.path) == bold and "Oblique" not in f.path and "Italic" not in f.path
                 and "Light" not in f.path and "Condensed" not in f.path]
        return cands[0] if cands else fs[0]

    return pick(False), pick(True)


class _Painter:
    """Draws ink masks onto the card and records their quads."""

    def __init__(self, img: np.ndarray, rng: random.Random) -> None:
        self.img = img
        self.rng = rng
        self.lines: list[tuple[str, np.ndarray]] = []

    def text(self, text: str, face: FontFace, size: int, x: float, y_mid: float, color: tuple[int, int, int],
             max_w: float | None = None, align: str = "left") -> np.ndarray:
        """Print ``text`` with its ink vertically centred on ``y_mid``; return its ink quad."""
        mask = render_mask(text, face, printed_size(face, size))
        h, w = mask.shape
        if max_w is not None and w > max_w:  # squeeze long values like a card printer does
            mask = cv2.resize(mask, (int(max_w), h), interpolation=cv2.INTER_AREA)
            h, w = mask.shape
        x0 = int(round(x - (w if align == "right" else w / 2 if align == "center" else 0)))
        y0 = int(round(y_mid - h / 2))
        H, W = self.img.shape[:2]
        x0, y0 = max(0, min(W - w, x0)), max(0, min(H - h, y0))
        a = (mask.astype(np.float32) / 255.0)[..., None]
        roi = self.img[y0:y0 + h, x0:x0 + w].astype(np.float32)
        ink = np.array(color, np.float32)[None, None]
        self.img[y0:y0 + h, x0:x0 + w] = (roi * (1 - a) + ink * a).astype(np.uint8)
        quad = L.region_px((x0 / W, y0 / H, (x0 + w) / W, (y0 + h) / H), W, H)
        self.lines.append((text, quad))
        return quad


# ---------------------------------------------------------------- artwork
def _guilloche(img: np.ndarray, rng: np.random.Generator, colors: list[tuple[int, int, int]]) -> None:
    """Security-print background: families of interleaved sine / rosette curves (vectorised points)."""
    H, W = img.shape[:2]
    t = np.linspace(0, 1, 900)
    for _ in range(int(rng.integers(2, 4))):
        col = colors[int(rng.integers(len(colors)))]
        amp, freq, phase0 = rng.uniform(8, 30), rng.uniform(3, 9), rng.uniform(0, 6.3)
        n = int(rng.integers(25, 45))
        offs = np.linspace(-0.1 * H, 1.1 * H, n)
        xs = t * W
        ys = offs[:, None] + amp * np.sin(2 * np.pi * freq * t[None] + phase0 + np.arange(n)[:, None] * 0.35)
        pts = np.stack([np.broadcast_to(xs, ys.shape), ys], -1).round().astype(np.int32)
        cv2.polylines(img, list(pts), False, col, 1, cv2.LINE_AA)
    cx, cy = rng.uniform(0.3, 0.7) * W, rng.uniform(0.3, 0.7) * H
    th = np.linspace(0, 2 * np.pi, 1200)
    col = colors[int(rng.integers(len(colors)))]
    for k in range(int(rng.integers(6, 14))):
        r = (60 + 12 * k) * (1 + 0.15 * np.sin(th * int(rng.integers(8, 20))))
        pts = np.stack([cx + r * np.cos(th), cy + r * np.sin(th)], -1).round().astype(np.int32)
        cv2.polylines(img, [pts], True, col, 1, cv2.LINE_AA)


def _emblem(img: np.ndarray, box: np.ndarray, color: tuple[int, int, int], rng: np.random.Generator) -> None:
    (x0, y0), (x1, y1) = box[0], box[2]
    cx, cy, r = (x0 + x1) / 2, (y0 + y1) / 2, min(x1 - x0, y1 - y0) / 2 * 0.9
    c = (int(cx), int(cy))
    cv2.circle(img, c, int(r), color, 2, cv2.LINE_AA)
    cv2.circle(img, c, int(r * 0.75), color, 1, cv2.LINE_AA)
    ang = np.linspace(0, 2 * np.pi, 36, endpoint=False)
    p1 = np.stack([cx + r * 0.35 * np.cos(ang), cy + r * 0.35 * np.sin(ang)], -1)
    p2 = np.stack([cx + r * 0.72 * np.cos(ang), cy + r * 0.72 * np.sin(ang)], -1)
    for a, b in zip(p1.astype(int), p2.astype(int), strict=True):
        cv2.line(img, tuple(a), tuple(b), color, 1, cv2.LINE_AA)
    wing = np.array([[cx - r * 0.3, cy], [cx - r * 0.6, cy - r * 0.4], [cx, cy - r * 0.15],
                     [cx + r * 0.6, cy - r * 0.4], [cx + r * 0.3, cy], [cx, cy + r * 0.3]], np.int32)
    cv2.fillPoly(img, [wing], color, cv2.LINE_AA)


def _chip(img: np.ndarray, box: np.ndarray, rng: np.random.Generator) -> None:
    (x0, y0), (x1, y1) = box[0].astype(int), box[2].astype(int)
    gold = np.array([60, 170, 215], np.float32) + rng.uniform(-20, 20, 3)
    h, w = y1 - y0, x1 - x0
    grad = np.linspace(0.85, 1.1, w)[None, :, None] * gold[None, None]
    patch = np.clip(np.broadcast_to(grad, (h, w, 3)), 0, 255).astype(np.uint8).copy()
    dark = tuple(int(v) for v in gold * 0.55)
    for fx in (0.33, 0.66):
        cv2.line(patch, (int(w * fx), 0), (int(w * fx), h), dark, 2)
    for fy in (0.25, 0.5, 0.75):
        cv2.line(patch, (0, int(h * fy)), (int(w * 0.33), int(h * fy)), dark, 2)
        cv2.line(patch, (int(w * 0.66), int(h * fy)), (w, int(h * fy)), dark, 2)
    cv2.rectangle(patch, (int(w * 0.33), int(h * 0.3)), (int(w * 0.66), int(h * 0.7)), dark, 2)
    mask = np.zeros((h, w), np.uint8)
    cv2.rectangle(mask, (0, 0), (w - 1, h - 1), 255, -1)
    img[y0:y1, x0:x1] = np.where(mask[..., None] > 0, patch, img[y0:y1, x0:x1])
    cv2.rectangle(img, (x0, y0), (x1, y1), dark, 1, cv2.LINE_AA)


def _portrait(img: np.ndarray, box: np.ndarray, rng: np.random.Generator, grey: bool = False) -> np.ndarray:
    """A face-like silhouette photo (backdrop, shoulders, head, hair) with skin/cloth texture."""
    (x0, y0), (x1, y1) = box[0].astype(int), box[2].astype(int)
    h, w = y1 - y0, x1 - x0
    bg = np.array([rng.uniform(170, 235), rng.uniform(150, 215), rng.uniform(120, 190)], np.float32)
    yy = np.linspace(0, 1, h)[:, None, None]
    photo = bg[None, None] * (0.85 + 0.25 * yy) + rng.normal(0, 4, (h, w, 3))
    skin = np.array([rng.uniform(90, 170), rng.uniform(130, 190), rng.uniform(170, 235)], np.float32)
    cloth = rng.uniform(20, 120, 3).astype(np.float32)
    hair = rng.uniform(10, 50, 3).astype(np.float32)
    yg, xg = np.mgrid[0:h, 0:w].astype(np.float32)
    cx = w * rng.uniform(0.45, 0.55)
    shoulders = (yg > h * 0.72 + 0.6 * np.abs(xg - cx) ** 1.15 * 0.25) & (yg > h * 0.68)
    neck = (np.abs(xg - cx) < w * 0.12) & (yg > h * 0.55) & (yg < h * 0.8)
    hy, ha, hb = h * 0.4, w * rng.uniform(0.24, 0.3), h * rng.uniform(0.24, 0.29)
    head = ((xg - cx) / ha) ** 2 + ((yg - hy) / hb) ** 2 < 1
    hair_m = (((xg - cx) / (ha * 1.08)) ** 2 + ((yg - hy + hb * 0.12) / (hb * 1.02)) ** 2 < 1) & (yg < hy - hb * 0.35)
    tex = cv2.GaussianBlur(rng.normal(0, 10, (h, w)).astype(np.float32), (0, 0), 2)[..., None]
    photo = np.where(neck[..., None] | head[..., None], skin + tex, photo)
    photo = np.where(hair_m[..., None], hair + tex, photo)
    photo = np.where(shoulders[..., None], cloth + tex, photo)
    shade = 1.0 - 0.25 * np.clip((xg - cx) / w, -1, 1)[..., None] * rng.uniform(-1, 1)
    photo = np.clip(photo * shade, 0, 255).astype(np.uint8)
    if grey:
        photo = cv2.cvtColor(cv2.cvtColor(photo, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)
    img[y0:y1, x0:x1] = cv2.GaussianBlur(photo, (3, 3), 0)
    return L.region_px((x0 / img.shape[1], y0 / img.shape[0], x1 / img.shape[1], y1 / img.shape[0]),
                       img.shape[1], img.shape[0])


def _scribble(img: np.ndarray, box: np.ndarray, rng: np.random.Generator, color: tuple[int, int, int]) -> None:
    (x0, y0), (x1, y1) = box[0], box[2]
    n = int(rng.integers(5, 9))
    ctrl = np.stack([np.linspace(x0, x1, n) + rng.normal(0, (x1 - x0) * 0.05, n),
                     y0 + (y1 - y0) * rng.uniform(0.2, 0.7, n)], -1)
    t = np.linspace(0, 1, 200)
    xs = np.interp(t, np.linspace(0, 1, n), ctrl[:, 0]) + 6 * np.sin(t * rng.uniform(20, 50))
    ys = np.interp(t, np.linspace(0, 1, n), ctrl[:, 1]) + 9 * np.sin(t * rng.uniform(15, 40) + 1)
    cv2.polylines(img, [np.stack([xs, ys], -1).round().astype(np.int32)], False, color, 2, cv2.LINE_AA)


def _barcode(img: np.ndarray, box: np.ndarray, rng: np.random.Generator) -> None:
    (x0, y0), (x1, y1) = box[0].astype(int), box[2].astype(int)
    widths = rng.integers(1, 5, 200)
    xs = x0 + np.cumsum(widths)
    for i in range(0, len(xs) - 1, 2):
        if xs[i + 1] >= x1:
            break
        img[y0:y1, xs[i]:xs[i + 1]] = 25


@dataclass(frozen=True)
class _Artwork:
    """The artwork painters, handed to the real-front drawing (:mod:`scripts.synthesis.thaiid.front`)."""

    emblem: object
    chip: object
    portrait: object
    scribble: object
    barcode: object


_ART = _Artwork(_emblem, _chip, _portrait, _scribble, _barcode)


# ---------------------------------------------------------------- the card
def _palette(card_type: str, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, list[tuple[int, int, int]]]:
    if card_type == "pink":
        a, b = np.array([205, 185, 245]), np.array([225, 215, 250])
    else:
        a, b = np.array([240, 225, 195]), np.array([215, 235, 245])  # light blue -> cream (BGR)
    a = a + rng.uniform(-12, 12, 3)
    b = b + rng.uniform(-12, 12, 3)
    lines = [tuple(int(v) for v in np.clip(a - rng.uniform(25, 60, 3), 0, 255)) for _ in range(3)]
    return a, b, lines


def _id_digits(rng: random.Random, card_type: str) -> str:
    first = str(rng.choice((6, 7, 8))) if card_type == "pink" else str(rng.randint(1, 5))
    first12 = first + "".join(str(rng.randint(0, 9)) for _ in range(11))
    return first12 + str(tt.id_checksum(first12))


def render_card(seed: int, side: str = "front", card_type: str = "normal",
                families: Sequence[str] = CARD_FAMILIES, back_style: str = "legacy",
                front_style: str = "legacy", address_styles: Sequence[str] = (),
                heldout_names: bool = False) -> RenderedCard:
    """Render one card deterministically from ``seed``, printed in one of ``families`` (by default the
    recognizer's held-out families; recognizer *training* data passes training families). A back is
    drawn in ``back_style``: ``legacy`` (the first, invented back) or a real back's printing variant
    (:data:`scripts.synthesis.thaiid.back.REAL_BACK_STYLES`); a front in ``front_style``: ``legacy``
    (the first drawing, on the reader's own layout prior) or a real front's printing variant
    (:data:`scripts.synthesis.thaiid.front.FRONT_STYLES`). ``address_styles``: the front's address
    prints its lane and road in one of these styles, chosen by the seed
    (:data:`scripts.synthesis.thai.thai_text.ADDRESS_STYLES`: ``TUNED_ADDRESS_STYLES`` to tune on,
    ``HELDOUT_ADDRESS_STYLES`` with ``heldout_names`` to measure); empty: today's full words."""
    if front_style not in FRONT_STYLES:
        raise ValueError(f"unknown front style {front_style!r}")
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    if side == "back" and back_style != "legacy":
        reg, bold = _pick_faces(rng, families)
        person = tt.sample_card_person(rng)
        img, fields, quads, lines = render_real_back(rng, back_style, reg, bold, person.laser_code,
                                                     tt.serial_number(rng))
        truth = CardTruth(side=side, card_type=card_type, fields=fields, field_quads=quads, line_quads=lines)
        return RenderedCard(image=img, truth=truth, family=reg.family)
    W, H = L.CARD_W, L.CARD_H
    a, b, line_cols = _palette(card_type, nrng)
    gx = np.linspace(0, 1, W)[None, :, None]
    gy = np.linspace(0, 1, H)[:, None, None]
    mix = np.clip(0.6 * gx + 0.4 * gy, 0, 1)
    img = (a[None, None] * (1 - mix) + b[None, None] * mix).astype(np.uint8)
    img = np.broadcast_to(img, (H, W, 3)).copy()
    _guilloche(img, nrng, line_cols)
    reg, bold = _pick_faces(rng, families)
    ink = tuple(int(v) for v in nrng.uniform(10, 45, 3))
    label_ink = tuple(int(v) for v in (np.array(ink) + 40).clip(0, 255))
    p = _Painter(img, rng)
    person = tt.sample_card_person(rng, address_styles=address_styles, heldout_names=heldout_names)
    fields: dict[str, str] = {}
    quads: dict[str, np.ndarray] = {}
    portrait_quad = None

    def px(r: L.Region) -> tuple[float, float, float, float]:
        return r[0] * W, r[1] * H, r[2] * W, r[3] * H

    def put(name: str, value: str, face: FontFace, size: int) -> None:
        spec = next(f for f in L.fields_for(side, card_type) if f.name == name)
        x0, y0, x1, y1 = px(spec.region)
        quads[name] = p.text(value, face, size, x0 + 2, (y0 + y1) / 2, ink, max_w=x1 - x0 - 4)
        fields[name] = value

    def label(name: str, texts: list[str], size: int) -> None:
        spec = next(f for f in L.fields_for(side, card_type) if f.name == name)
        for r, t in zip(spec.labels, texts, strict=False):
            x0, y0, x1, y1 = px(r)
            p.text(t, reg, size, x0, (y0 + y1) / 2, label_ink, max_w=x1 - x0)

    if side == "front" and front_style != "legacy":
        person = dataclasses.replace(person, id_number_formatted=tt.format_id(_id_digits(rng, card_type)))
        fields, quads, portrait_quad = draw_front(img, p, person, card_type, front_style, (reg, bold), ink,
                                                  label_ink, rng, nrng, _ART)
    elif side == "front":
        digits = _id_digits(rng, card_type)
        title = "บัตรประจำตัวคนซึ่งไม่มีสัญชาติไทย" if card_type == "pink" else "บัตรประจำตัวประชาชน"
        x0, y0, x1, y1 = px(L.FRONT_TITLE_TH)
        p.text(title, bold, 30, x0, (y0 + y1) / 2, ink, max_w=x1 - x0)
        x0, y0, x1, y1 = px(L.FRONT_TITLE_EN)
        p.text("Thai National ID Card" if card_type == "normal" else "Non-Thai Identification Card", bold, 26,
               x0, (y0 + y1) / 2, ink, max_w=x1 - x0)
        _emblem(img, L.region_px(L.FRONT_EMBLEM, W, H), line_cols[0], nrng)
        _chip(img, L.region_px(L.FRONT_CHIP, W, H), nrng)
        spec = L.FRONT_FIELDS[0]
        lx0, ly0, lx1, ly1 = px(spec.labels[0])
        p.text("เลขประจำตัวประชาชน", reg, 20, lx0, ly0 + (ly1 - ly0) * 0.3, label_ink, max_w=lx1 - lx0)
        p.text("Identification Number", reg, 17, lx0, ly0 + (ly1 - ly0) * 0.75, label_ink, max_w=lx1 - lx0)
        put("id_number", tt.format_id(digits), bold, 40)
        label("name_th", ["ชื่อตัวและชื่อสกุล"], 20)
        put("name_th", person.name_th, bold, 32)
        label("first_name_en", ["Name"], 18)
        put("first_name_en", person.name_en, bold, 28)
        label("last_name_en", ["Last name"], 18)
        put("last_name_en", person.family_name_en, bold, 28)
        label("date_of_birth_th", ["เกิดวันที่"], 20)
        put("date_of_birth_th", person.birth_date_th, bold, 28)
        label("date_of_birth_en", ["Date of Birth"], 18)
        put("date_of_birth_en", person.birth_date_en, bold, 26)
        if card_type == "normal":
            label("religion_th", ["ศาสนา"], 20)
            put("religion_th", person.religion, bold, 28)
        label("address_th", ["ที่อยู่"], 20)
        spec = next(f for f in L.FRONT_FIELDS if f.name == "address_th")
        ax0, ay0, ax1, ay1 = px(spec.region)
        lines = list(person.address_lines)[:2] if len(person.address) > 45 else [person.address]
        mids = [(ay0 + ay1) / 2] if len(lines) == 1 else [ay0 + (ay1 - ay0) * 0.27, ay0 + (ay1 - ay0) * 0.75]
        aq = [p.text(t, reg, 26, ax0 + 2, m, ink, max_w=ax1 - ax0 - 4) for t, m in zip(lines, mids, strict=True)]
        pts = np.concatenate(aq)
        quads["address_th"] = L.region_px((pts[:, 0].min() / W, pts[:, 1].min() / H, pts[:, 0].max() / W,
                                           pts[:, 1].max() / H), W, H)
        fields["address_th"] = " ".join(lines)
        put("date_of_issue_th", person.issue_date_th, bold, 24)
        label("date_of_issue_th", ["วันออกบัตร"], 17)
        put("date_of_issue_en", person.issue_date_en, bold, 22)
        label("date_of_issue_en", ["Date of Issue"], 16)
        put("date_of_expiry_th", person.expiry_date_th, bold, 24)
        label("date_of_expiry_th", ["วันบัตรหมดอายุ"], 17)
        put("date_of_expiry_en", person.expiry_date_en, bold, 22)
        label("date_of_expiry_en", ["Date of Expiry"], 16)
        sig = L.region_px(L.FRONT_SIGNATURE, W, H)
        _scribble(img, sig, nrng, (120, 40, 30))
        p.text("เจ้าพนักงานออกบัตร", reg, 15, (sig[0, 0] + sig[1, 0]) / 2, sig[2, 1] - 8, label_ink, align="center")
        portrait_quad = _portrait(img, L.region_px(L.FRONT_PORTRAIT, W, H), nrng)
        put("serial_number", person.serial_number, reg, 22)
    else:
        fx0, fy0, fx1, fy1 = px(L.BACK_FINE_PRINT)
        n = int(rng.randint(5, 7))
        for i in range(n):
            t = tt.thai_words_line(rng)
            p.text(t, reg, 19, fx0, fy0 + (fy1 - fy0) * (i + 0.5) / n, label_ink, max_w=fx1 - fx0)
        lx0, ly0, lx1, ly1 = px(L.BACK_FIELDS[0].region)
        cv2.rectangle(img, (int(lx0) - 10, int(ly0)), (int(lx1), int(ly1)), ink, 2, cv2.LINE_AA)
        put("laser_number", person.laser_code, bold, 34)
        _barcode(img, L.region_px(L.BACK_BARCODE, W, H), nrng)
        put("card_number", tt.serial_number(rng), reg, 26)
        seal = L.region_px(L.BACK_SEAL, W, H)
        _emblem(img, seal, tuple(int(v) for v in np.array(line_cols[1]) * 0.5 + np.array(a) * 0.5), nrng)
    truth = CardTruth(side=side, card_type=card_type, fields=fields, field_quads=quads, line_quads=p.lines,
                      portrait_quad=portrait_quad)
    return RenderedCard(image=img, truth=truth, family=reg.family)
