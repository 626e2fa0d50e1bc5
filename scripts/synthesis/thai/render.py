"""Render one text line with correct Thai shaping (Pillow + raqm) into a grey ink mask.

Code points the face lacks (Latin in the Noto Thai faces) are drawn with the face's Latin
fallback, run by run on a common baseline.  Optional letter spacing draws grapheme clusters
(base + combining marks) one by one, so marks still shape against their base.
"""

from __future__ import annotations

import random
import unicodedata
from functools import cache

import numpy as np
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

from scripts.synthesis.thai.fonts import FontFace

DEFAULT_FALLBACK = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


@cache
def _cmap(path: str) -> frozenset[int]:
    return frozenset(TTFont(path, lazy=True, fontNumber=0).getBestCmap() or {})


@cache
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.RAQM)


def supports(face: FontFace, text: str) -> bool:
    """True when the face (with its fallback) has a glyph for every non-space code point."""
    fb = _cmap(face.fallback or DEFAULT_FALLBACK)
    main = _cmap(face.path)
    return all(c == " " or ord(c) in main or ord(c) in fb for c in text)


def _runs(face: FontFace, text: str) -> list[tuple[str, str]]:
    """Split text into (font path, run) pieces: main face where it has the glyph, else fallback."""
    main = _cmap(face.path)
    fb = face.fallback or DEFAULT_FALLBACK
    runs: list[tuple[str, str]] = []
    for ch in text:
        path = face.path if (ch == " " or ord(ch) in main) else fb
        if unicodedata.category(ch) == "Mn" and runs:  # a mark stays with its base
            path = runs[-1][0]
        if runs and runs[-1][0] == path:
            runs[-1] = (path, runs[-1][1] + ch)
        else:
            runs.append((path, ch))
    return runs


def clusters(text: str) -> list[str]:
    """Grapheme-ish clusters: a base followed by its combining marks (and sara am)."""
    out: list[str] = []
    for ch in text:
        if out and (unicodedata.category(ch) == "Mn" or ch == "\u0e33"):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def render_mask(text: str, face: FontFace, size: int, tracking: float = 0.0,
                word_gap: float = 0.0) -> np.ndarray:
    """Return a uint8 ink mask (255 = ink) tightly around the inked pixels.

    ``tracking`` and ``word_gap`` are extra advances in em units after each cluster / space.
    """
    pieces: list[tuple[str, str]] = []
    for path, run in _runs(face, text):
        if tracking or word_gap:
            pieces += [(path, c) for c in clusters(run)]
        else:
            pieces.append((path, run))
    ascent = int(size * 1.6)
    width = int(sum(_font(p, size).getlength(t) for p, t in pieces) + size * (2 + len(pieces) * (tracking + word_gap)))
    img = Image.new("L", (max(width, size * 2), int(size * 2.6)), 0)
    draw = ImageDraw.Draw(img)
    x = float(size)
    for path, piece in pieces:
        font = _font(path, size)
        draw.text((x, ascent), piece, font=font, fill=255, anchor="ls")
        x += font.getlength(piece) + size * (tracking + (word_gap if piece == " " else 0.0))
    arr = np.asarray(img)
    rows = np.flatnonzero(arr.max(axis=1) > 0)
    cols = np.flatnonzero(arr.max(axis=0) > 0)
    if rows.size == 0:
        return np.zeros((size, size), np.uint8)
    return arr[rows[0]: rows[-1] + 1, cols[0]: cols[-1] + 1]


def random_style(rng: random.Random) -> tuple[int, float, float]:
    """(font size px, tracking em, word gap em) for one line."""
    size = rng.randint(22, 52)
    tracking = rng.choice((0.0, 0.0, 0.0, rng.uniform(-0.01, 0.12)))
    word_gap = rng.choice((0.0, 0.0, rng.uniform(0.0, 0.6)))
    return size, tracking, word_gap

