"""Tight line boxes for Web Image: the ink of each recognised line, inside its (padded) crop.

The detector's boxes are the DB kernels grown by the unclip ratio, ~1.7x the text's height: right
for recognition, too big for a ``location``. Here each line's crop (the straightened detection
box) is searched for its ink, and the ink box is mapped back through the crop's warp to the work
image. Recognition keeps its padded crop; only the returned box changes.

Ink: pixels that differ from the background (estimated per column from the crop's top and bottom
rows) by at least ``ink_share`` of the crop's strong contrast. Across the line, the inked band is
grown from the crop's middle and stops at a gap (a neighbouring row's descenders); along the line,
it runs from the first to the last inked column. A crop without clear ink keeps the detector's
box shrunk by ``fallback_shrink``. Evidence for the numbers: docs/tuning/tight_boxes.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class TightBoxConfig:
    border_rows: int = 2  # rows at the crop's top and bottom that give the background
    min_contrast: float = 28.0  # smallest ink/background difference (0-255) that counts as ink
    ink_share: float = 1 / 3  # a pixel is ink at this share of the crop's strong contrast
    strong_percentile: float = 99.0  # the crop's strong contrast: this percentile of the differences
    centre_share: float = 0.3  # the ink band must touch the middle rows (this share of the crop)
    max_gap_share: float = 0.12  # empty rows bridged when growing the band, as a share of the crop height
    margin_px: float = 0.0  # the ink box grown by this many pixels on every side
    split_gap: float = 1.2  # an empty run this many ink heights wide splits a line (table cells, menu items)
    split_body: float = float("inf")  # ... or this many body heights (off; Thai lines: ThaiLineConfig.split_body)
    body_share: float = 0.3  # body rows (the letters' core, no marks) are inked at this share of the densest row
    split_pad: float = 0.4  # a split piece's crop keeps this many ink heights of margin each side
    min_piece: float = 1.0  # a piece narrower than this many ink heights (a section number, a bullet) is not split off
    fallback_shrink: float = 0.55  # no clear ink: the box's height times this (width loses the same)


@dataclass(frozen=True)
class LineInk:
    """A line's ink in its crop (reading along x): the band across the line and the inked runs along
    it, split where the gap is wider than ``split_gap`` ink heights; pixel edges."""

    y0: int
    y1: int
    runs: list[tuple[int, int]]

    def box(self) -> tuple[float, float, float, float]:
        return float(self.runs[0][0]), float(self.y0), float(self.runs[-1][1]), float(self.y1)


def ink_extent(crop: np.ndarray, cfg: TightBoxConfig) -> tuple[float, float, float, float] | None:
    """``(x0, y0, x1, y1)`` pixel edges of the line's ink in a crop whose reading runs along x."""
    ink = line_ink(crop, cfg)
    return ink.box() if ink is not None else None


def line_ink(crop: np.ndarray, cfg: TightBoxConfig) -> LineInk | None:
    """The ink of the line in a crop whose reading runs along x (None: no clear ink)."""
    img = crop.astype(np.int16) if crop.ndim == 3 else np.repeat(crop[..., None], 3, 2).astype(np.int16)
    h, w = img.shape[:2]
    b = min(cfg.border_rows, max(h // 6, 1))
    if h < 4 or w < 4:
        return None
    border = np.concatenate([img[:b], img[h - b:]], axis=0)  # (2b, w, 3)
    bg = np.median(border, axis=0).astype(np.uint8)  # per column, smoothed along the line over ~h/2
    k = min(max(3, (h // 2) | 1), 255)
    bg = cv2.medianBlur(np.ascontiguousarray(bg[None]), k)[0] if w >= k else np.median(bg, axis=0)[None]
    bg = bg.astype(np.int16)
    diff = np.abs(img - bg[None]).max(axis=2)
    strong = float(np.percentile(diff, cfg.strong_percentile))
    if strong < cfg.min_contrast:
        return None
    ink = diff >= max(cfg.min_contrast, cfg.ink_share * strong)
    rows = ink.sum(axis=1) > 0
    lo_c, hi_c = int(h * (0.5 - cfg.centre_share / 2)), int(np.ceil(h * (0.5 + cfg.centre_share / 2)))
    centre = np.flatnonzero(rows[lo_c:hi_c])
    if centre.size == 0:
        return None
    top, bottom = lo_c + int(centre[0]), lo_c + int(centre[-1])
    gap = max(1, int(round(cfg.max_gap_share * h)))
    top = _grow(rows, top, -1, gap)
    bottom = _grow(rows, bottom, 1, gap)
    cols = np.flatnonzero(ink[top:bottom + 1].any(axis=0))
    band = bottom + 1 - top
    widest = cfg.split_gap * band
    if np.isfinite(cfg.split_body):
        widest = min(widest, cfg.split_body * max(body_height(ink[top:bottom + 1], cfg.body_share), 1))
    wide = np.flatnonzero(np.diff(cols) > widest)
    starts, ends = np.r_[cols[0], cols[wide + 1]], np.r_[cols[wide] + 1, cols[-1] + 1]
    runs = _join_narrow([(int(a), int(b)) for a, b in zip(starts, ends, strict=True)], cfg.min_piece * band)
    return LineInk(top, bottom + 1, runs)


def body_height(ink: np.ndarray, share: float) -> int:
    """Rows of a line's ink mask inked at ``share`` of its densest row or more: the letters' core
    (x-height, Thai consonants' bodies) without the sparse marks, ascenders and tails."""
    counts = ink.sum(axis=1)
    return int((counts >= share * counts.max()).sum()) if counts.size and counts.max() > 0 else 0


def _join_narrow(runs: list[tuple[int, int]], min_width: float) -> list[tuple[int, int]]:
    """Join each run narrower than ``min_width`` to its nearer neighbour, narrowest first."""
    runs = list(runs)
    while len(runs) > 1:
        widths = [b - a for a, b in runs]
        k = int(np.argmin(widths))
        if widths[k] >= min_width:
            break
        left = runs[k][0] - runs[k - 1][1] if k > 0 else np.inf
        right = runs[k + 1][0] - runs[k][1] if k + 1 < len(runs) else np.inf
        j = k - 1 if left <= right else k + 1
        a, b = min(k, j), max(k, j)
        runs[a:b + 1] = [(runs[a][0], runs[b][1])]
    return runs


def _grow(rows: np.ndarray, start: int, step: int, gap: int) -> int:
    """From ``start``, walk rows in ``step`` direction while no more than ``gap`` empty rows follow."""
    i, last, n = start, start, rows.size
    while 0 <= i + step < n and abs(i + step - last) <= gap:
        i += step
        if rows[i]:
            last = i
    return last


@dataclass(frozen=True)
class Piece:
    """One returned line: its tight quad (the coordinates of the line's quad) and, when a line was
    split, the piece's own crop to recognise again (None: the line is whole and keeps its reading)."""

    quad: np.ndarray
    crop: np.ndarray | None = None


def line_pieces(quad: np.ndarray, crop: np.ndarray, cfg: TightBoxConfig) -> list[Piece]:
    """The tight box(es) of one line; ``crop`` was warped from ``quad`` (any affine image of it)."""
    ch, cw = crop.shape[:2]
    if ch > 1.5 * cw:  # a vertical column: its reading runs along the crop's y
        ext = ink_extent(np.ascontiguousarray(crop.transpose(1, 0, *range(2, crop.ndim))), cfg)
        box = (ext[1], ext[0], ext[3], ext[2]) if ext is not None else _fallback(cw, ch, True, cfg)
        return [Piece(box_to_quad(quad, crop.shape, _grow_box(box, cw, ch, cfg.margin_px)))]
    ink = line_ink(crop, cfg)
    if ink is None:
        return [Piece(box_to_quad(quad, crop.shape, _fallback(cw, ch, False, cfg)))]
    if len(ink.runs) == 1:
        return [Piece(box_to_quad(quad, crop.shape, _grow_box(ink.box(), cw, ch, cfg.margin_px)))]
    pad = int(round(cfg.split_pad * (ink.y1 - ink.y0)))
    pieces = []
    for x0, x1 in ink.runs:
        box = _grow_box((x0, ink.y0, x1, ink.y1), cw, ch, cfg.margin_px)
        sub = np.ascontiguousarray(crop[:, max(x0 - pad, 0):min(x1 + pad, cw)])
        pieces.append(Piece(box_to_quad(quad, crop.shape, box), sub))
    return pieces


def _grow_box(box, cw: int, ch: int, m: float) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = box
    return max(x0 - m, 0.0), max(y0 - m, 0.0), min(x1 + m, float(cw)), min(y1 + m, float(ch))


def box_to_quad(quad: np.ndarray, shape: tuple[int, ...], box) -> np.ndarray:
    """A box in crop pixel edges → a quad in the coordinates of ``quad`` (through the crop's warp)."""
    ch, cw = shape[:2]
    rect = np.array([[0, 0], [cw, 0], [cw, ch], [0, ch]], np.float32)
    warp = cv2.getPerspectiveTransform(rect, np.asarray(quad, np.float32))
    x0, y0, x1, y1 = box
    pts = np.array([[[x0, y0], [x1, y0], [x1, y1], [x0, y1]]], np.float64) - 0.5  # pixel edges → centres
    return cv2.perspectiveTransform(pts, warp.astype(np.float64))[0] + 0.5


def _fallback(cw: int, ch: int, tall: bool, cfg: TightBoxConfig) -> tuple[float, float, float, float]:
    cut = (cw if tall else ch) * (1 - cfg.fallback_shrink) / 2  # the same off every side
    return cut, cut, cw - cut, ch - cut
