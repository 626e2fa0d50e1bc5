"""Layout registration: where the printed card's layout prior lies on a rectified card.

Lines whose content identifies them on their own (a 13-digit ID passing the check, ``DDDD-DD-DDDDDDDD``
serials, the laser code) and lines that read as a caption alone (``เกิดวันที่``, ``Date of Birth``)
are anchors; an affine fit (RANSAC) when they span the card, for a card rectified from a slightly
wrong outline or printed with its rows a little apart; else an offset.
"""

from __future__ import annotations

import cv2
import numpy as np

from airocr.engine.geometry import transform_points
from airocr.engine.thaiid import grammar as G
from airocr.engine.thaiid import layout as L
from airocr.engine.thaiid.fields.boxes import IDENTITY, H, W, region_box
from airocr.engine.thaiid.fields.config import DEFAULT_CONFIG, FieldReaderConfig
from airocr.engine.thaiid.fields.field_grammar import CAPTIONS, printed_id
from airocr.engine.thaiid.fields.lines import Line

CARD_CORNERS = L.region_px((0, 0, 1, 1))  # the canonical card's corners tl, tr, br, bl


def fit_corners(fit: np.ndarray) -> np.ndarray:
    """Where a layout registration (see :func:`layout_fit`) puts the card's corners tl, tr, br, bl,
    in the rectified card's pixels."""
    return transform_points(CARD_CORNERS, fit)


def fit_corner_shift(fit: np.ndarray) -> float:
    """How far (px) a layout registration moves the card's farthest-moved corner: 0 when the card
    was rectified exactly where its print says."""
    return float(np.linalg.norm(fit_corners(fit) - CARD_CORNERS, axis=1).max())


def plausible_fit(m: np.ndarray, cfg: FieldReaderConfig = DEFAULT_CONFIG) -> bool:
    """A registration a rectified card can need: scale, shear and rotation within bounds, the
    card's centre moved by at most twice the largest offset."""
    centre = np.array([W / 2, H / 2])
    moved = np.abs(m[:, :2] @ centre + m[:, 2] - centre)
    return bool(np.all(np.abs(np.diag(m[:, :2]) - 1) <= cfg.max_scale) and abs(m[0, 1]) <= cfg.max_shear
                and abs(m[1, 0]) <= cfg.max_shear and np.all(moved <= 2 * cfg.max_shift * np.array([W, H])))


def anchor_field(line: Line, side: str, cfg: FieldReaderConfig = DEFAULT_CONFIG) -> str | None:
    """The field a confident line's content identifies on its own, or None."""
    t = line.first.text
    if line.first.confidence < cfg.anchor_min_conf:
        return None
    if L.side_of(side) == "back":
        if G.parse_laser(t).valid and not G.parse_laser(t).repaired:
            return "laser_number"
        if G.parse_serial(t).valid:
            return "card_number"
        return None
    # The ID is printed in space-separated groups; a dash-grouped number is the serial, which one
    # digit short reads as 13 digits the ID repair can make valid.
    if "-" not in t and ((G.parse_id_number(t).valid and len(G.to_digits(t)[0]) == 13) or printed_id(t)):
        return "id_number"
    if G.parse_serial(t).valid and "-" in t:
        return "serial_number"
    return None


def caption_of(line: Line, cfg: FieldReaderConfig = DEFAULT_CONFIG) -> str | None:
    """The field whose caption this whole line reads as (and nothing else), or None."""
    if line.caption_box is not None or line.first.confidence < cfg.caption_min_conf:
        return None
    for name, caps in CAPTIONS.items():
        if name == "id_number":  # its two captions share one label region
            continue
        rest, ok = G.strip_label(line.first.text, caps, cfg.caption_tolerance)
        if ok and len(G.squash_spaces(rest)) <= 1:
            return name
    return None


def _anchors(lines: list[Line], side: str, cfg: FieldReaderConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(expected points, observed points, is a value) of the anchor lines: each box's left-centre
    point against where the prior prints it (its region's left edge, a few pixels in, and centre row)."""
    specs = {s.name: s for s in L.fields_for(side, "normal")}
    dx = {"val": cfg.anchor_dx_value, "cap": cfg.anchor_dx_caption}
    exp, obs, is_val = [], [], []
    for ln in lines:
        name = anchor_field(ln, side, cfg)
        kind = "val"
        if name is None and side == "front":
            name, kind = caption_of(ln, cfg), "cap"
        if name is None or name not in specs or (kind == "cap" and not specs[name].labels):
            continue
        r = region_box(specs[name].region if kind == "val" else specs[name].labels[0])
        exp.append([r[0] + dx[kind], (r[1] + r[3]) / 2])
        obs.append([ln.box[0], (ln.box[1] + ln.box[3]) / 2])
        is_val.append(kind == "val")
    return np.array(exp), np.array(obs), np.array(is_val)


def layout_fit(lines: list[Line], side: str, cfg: FieldReaderConfig = DEFAULT_CONFIG) -> np.ndarray:
    """Affine registration (2×3, layout prior → this card) from anchor lines.

    Anchors: the self-identifying values (:func:`anchor_field`) and, on a front, lines that read as
    a caption alone. A card rectified from a slightly wrong outline is off by a shear or a scale
    that grows across the card, not by one offset. With enough anchors spanning the card a RANSAC
    affine fit (within :func:`plausible_fit`) is used; otherwise the median offset (x from the
    values only: captions' left margins vary more).
    """
    fit = IDENTITY.copy()
    if side in L.SPARSE_LAYOUTS:  # the real back's few elements move too much between prints to register by
        return fit
    e, o, v = _anchors(lines, side, cfg)
    if not len(e):
        return fit
    if len(e) >= cfg.affine_min_anchors and np.ptp(e[:, 1]) >= cfg.affine_min_span * H:
        m, inl = cv2.estimateAffine2D(e.astype(np.float32), o.astype(np.float32), method=cv2.RANSAC,
                                      ransacReprojThreshold=cfg.ransac_threshold * H)
        if m is not None and inl is not None and inl.sum() >= cfg.affine_min_anchors and plausible_fit(m, cfg):
            return m.astype(np.float64)
    d = o - e
    if v.any():
        fit[0, 2] = np.clip(np.median(d[v, 0]), -cfg.max_shift * W, cfg.max_shift * W)
    fit[1, 2] = np.clip(np.median(d[:, 1]), -cfg.max_shift * H, cfg.max_shift * H)
    return fit
