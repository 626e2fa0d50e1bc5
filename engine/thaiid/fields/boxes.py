"""Axis-aligned boxes ``(x0, y0, x1, y1)`` on the canonical card: regions, crops and the ink inside."""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

from airocr.engine.geometry import crop_quad, transform_points
from airocr.engine.thaiid import layout as L
from airocr.engine.thaiid.fields.config import DEFAULT_CONFIG, FieldReaderConfig

W, H = L.CARD_W, L.CARD_H
IDENTITY = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])  # layout registration: prior → card, affine


def boxes_of_quads(quads: np.ndarray) -> np.ndarray:
    """Bounding boxes of quads, clipped to the card."""
    q = np.asarray(quads, np.float64).reshape(-1, 4, 2)
    b = np.c_[q[:, :, 0].min(1), q[:, :, 1].min(1), q[:, :, 0].max(1), q[:, :, 1].max(1)]
    b[:, [0, 2]] = b[:, [0, 2]].clip(0, W - 1)
    b[:, [1, 3]] = b[:, [1, 3]].clip(0, H - 1)
    return b


def box_quad(box: np.ndarray) -> np.ndarray:
    """Corners tl, tr, br, bl of an axis-aligned ``(x0, y0, x1, y1)`` box."""
    x0, y0, x1, y1 = box
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float64)


def padded_quad(box: np.ndarray, pad: float) -> np.ndarray:
    """Corners of ``box`` grown by ``pad`` × its height on every side (canonical card pixels)."""
    p = pad * (box[3] - box[1])
    return box_quad(np.asarray(box, np.float64) + [-p, -p, p, p])


def quad_box(q: np.ndarray) -> np.ndarray:
    """The bounding box of a quad."""
    return np.array([q[:, 0].min(), q[:, 1].min(), q[:, 0].max(), q[:, 1].max()])


def union_quad(boxes: list[np.ndarray]) -> np.ndarray:
    """Corners of the box that holds all ``boxes``."""
    b = np.array(boxes)
    return box_quad(np.r_[b[:, :2].min(0), b[:, 2:].max(0)])


def region_box(r: L.Region, fit: np.ndarray = IDENTITY) -> np.ndarray:
    """A layout region in card pixels, mapped by the affine registration ``fit`` (its bounding box)."""
    x0, y0, x1, y1 = r[0] * W, r[1] * H, r[2] * W, r[3] * H
    if fit is IDENTITY:
        return np.array([x0, y0, x1, y1])
    pts = transform_points(box_quad(np.array([x0, y0, x1, y1])), fit)
    return np.r_[pts.min(0), pts.max(0)]


def inside_frac(box: np.ndarray, reg: np.ndarray) -> float:
    """Fraction of ``box``'s area inside ``reg``."""
    iw = min(box[2], reg[2]) - max(box[0], reg[0])
    ih = min(box[3], reg[3]) - max(box[1], reg[1])
    if iw <= 0 or ih <= 0:
        return 0.0
    return float(iw * ih / max((box[2] - box[0]) * (box[3] - box[1]), 1e-6))


def same_row(a: np.ndarray, b: np.ndarray, cfg: FieldReaderConfig = DEFAULT_CONFIG) -> bool:
    """Two boxes share at least ``cfg.same_row_overlap`` of the lower one's height."""
    return min(a[3], b[3]) - max(a[1], b[1]) >= cfg.same_row_overlap * min(a[3] - a[1], b[3] - b[1])


def crop_box(card: np.ndarray, box: np.ndarray, pad: float) -> np.ndarray:
    """A box's crop from the card, grown by ``pad`` × its height (at least 2 px each way)."""
    x0, y0, x1, y1 = box
    p = (y1 - y0) * pad
    xa, ya = int(max(0, x0 - p)), int(max(0, y0 - p))
    xb, yb = int(min(W, np.ceil(x1 + p))), int(min(H, np.ceil(y1 + p)))
    crop = card[ya:max(yb, ya + 2), xa:max(xb, xa + 2)]
    return np.ascontiguousarray(crop)


def photo_crop(image: np.ndarray, to_image: Callable[[np.ndarray], np.ndarray], box: np.ndarray,
               pad: float) -> np.ndarray:
    """A card box's crop warped straight from the photo (``to_image``: canonical card → photo points),
    with the same margin as :func:`crop_box` cuts from the card."""
    return crop_quad(image, to_image(padded_quad(box, pad)))


def fragments(boxes: np.ndarray, cfg: FieldReaderConfig = DEFAULT_CONFIG) -> np.ndarray:
    """Boxes that are a piece of a bigger line: a lone tone mark or vowel above/below a line
    detected on its own (``ส``-like junk that would otherwise win a field region). A box is a
    fragment when most of it lies within a box of much larger area and height, grown above and
    below by a part of that box's height."""
    if len(boxes) < 2:
        return np.zeros(len(boxes), bool)
    w, h = boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]
    area = w * h
    g = h / cfg.fragment_grow_div
    grown = boxes + np.c_[np.zeros(len(boxes)), -g, np.zeros(len(boxes)), g]
    ix = np.minimum(boxes[:, None, 2], grown[None, :, 2]) - np.maximum(boxes[:, None, 0], grown[None, :, 0])
    iy = np.minimum(boxes[:, None, 3], grown[None, :, 3]) - np.maximum(boxes[:, None, 1], grown[None, :, 1])
    inter = np.clip(ix, 0, None) * np.clip(iy, 0, None)  # [i, j]: box i inside grown box j
    inside = inter >= cfg.fragment_inside * area[:, None]
    bigger = area[None, :] >= cfg.fragment_area * area[:, None]
    # marks are much lower than a line: a short line of full height next to a long one is a line
    lower = h[:, None] < cfg.fragment_height * h[None, :]
    # a line of its own close under (or over) a big one: centred outside the big box, as wide as a
    # word and not as low as a mark (real cards print the Name row close under the Thai name)
    cy = (boxes[:, 1] + boxes[:, 3]) / 2
    outside = (cy[:, None] > boxes[None, :, 3]) | (cy[:, None] < boxes[None, :, 1])
    line = outside & (w[:, None] >= cfg.fragment_line_width * h[None, :]) \
        & (h[:, None] >= cfg.fragment_line_height * h[None, :])
    return (inside & bigger & lower & ~line).any(axis=1)


def ink_box(gray: np.ndarray, box: np.ndarray, cfg: FieldReaderConfig = DEFAULT_CONFIG) -> np.ndarray:
    """The extent of the dark print inside a detector box (DB boxes are grown by their unclip
    margin, which is large relative to a short word). Otsu splits ink from the card's background;
    rows/columns holding a little ink count. Falls back to ``box`` when nothing clear is found."""
    x0, y0, x1, y1 = np.round(box).astype(int)
    x0, y0 = max(x0, 0), max(y0, 0)
    roi = gray[y0: max(y1, y0 + 1), x0: max(x1, x0 + 1)]
    if roi.shape[0] < 4 or roi.shape[1] < 4:
        return box
    _, ink = cv2.threshold(roi, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    rows = np.flatnonzero(ink.mean(1) > cfg.ink_row_frac)
    cols = np.flatnonzero(ink.mean(0) > cfg.ink_col_frac)
    if rows.size < 3 or cols.size < 3:
        return box
    out = np.array([x0 + cols[0], y0 + rows[0], x0 + cols[-1] + 1, y0 + rows[-1] + 1], np.float64)
    # keep a good part of the box's height (a stray dark line must not collapse it)
    if out[3] - out[1] < cfg.ink_min_height * (box[3] - box[1]):
        return box
    return out


def bar_trimmed(gray: np.ndarray, box: np.ndarray, cfg: FieldReaderConfig = DEFAULT_CONFIG) -> np.ndarray:
    """``box`` with its left end moved past a vertical bar the detector took into the line (the
    barcode printed close to the issue-date column, a frame's edge): a column dark from well above
    the line to well below it is no letter, and read with the line it becomes a ``1`` or a ``/``."""
    x0, y0, x1, y1 = np.round(box).astype(int)
    x0, y0 = max(x0, 0), max(y0, 0)
    h = y1 - y0
    reach = int(round(h * cfg.bar_reach))
    top, bottom = y0 - reach, y1 + reach
    if h < 4 or top < 0 or bottom > gray.shape[0] or x1 - x0 < 2 * h:
        return box
    line = gray[y0:y1, x0:x1]
    thr, _ = cv2.threshold(line, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    strip = gray[top:bottom, x0: x0 + int(h * cfg.bar_search)]
    bars = np.flatnonzero((strip < thr).mean(0) >= cfg.bar_fill)
    if not bars.size:
        return box
    return np.array([x0 + bars[-1] + 1 + cfg.bar_gap_px, box[1], box[2], box[3]], np.float64)


def ink_gap_split(card_gray: np.ndarray, box: np.ndarray, lo: float, hi: float,
                  cfg: FieldReaderConfig = DEFAULT_CONFIG) -> float | None:
    """x of the widest ink-free column run of the line inside ``[lo, hi]`` (caption/value gap), or None.

    Ink = darker than an Otsu threshold of the line crop; a column is empty when a few of its
    pixels at most are ink (guilloche lines leave a few). The gap must be wider than any word space
    is on these cards (a part of the line height).
    """
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    lo_i, hi_i = max(int(lo), x0 + 4), min(int(hi), x1 - 4)
    if hi_i - lo_i < 4 or y1 - y0 < 6:
        return None
    crop = card_gray[y0:y1, x0:x1]
    t, _ = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    ink = (crop < t).mean(0)
    empty = ink < cfg.gap_empty_ink
    seg = empty[lo_i - x0:hi_i - x0].astype(np.int8)
    if not seg.any():
        return None
    d = np.diff(np.r_[0, seg, 0])
    starts, ends = np.flatnonzero(d == 1), np.flatnonzero(d == -1)
    lens = ends - starts
    k = int(lens.argmax())
    if lens[k] < max(cfg.gap_min_px, cfg.gap_min_height * (y1 - y0)):
        return None
    return float(lo_i + (starts[k] + ends[k]) / 2)
