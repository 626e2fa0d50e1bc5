"""Web Image lines that claim the same ink are one line, broken by the detector.

The detector sometimes breaks one text line into two boxes that overlap where the break is: both
crops hold the glyph at the break, so both readings carry it (a vertical column of CJK straightened
to a row: ``是非不得問之人西`` + ``要取之`` for ``是非不得問之人要取之``). Neighbouring words, table cells
or menu items never share ink: their ink boxes are separated by a gap. So two ink boxes (the tight
boxes of :mod:`engine.tight_boxes`) that run along one line, are as thick as each other, and overlap
along it by a good part of their height are one line: it is cropped again around the union of their
ink and read once. Evidence for the numbers: docs/tuning/tight_boxes.md ("Lines broken in two").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from airocr.engine.geometry import grow_quad


@dataclass(frozen=True)
class SharedInkConfig:
    max_angle_deg: float = 10.0  # both lines' reading directions within this angle of each other
    min_thickness_ratio: float = 0.7  # the thinner ink box is at least this share of the thicker one
    min_across: float = 0.8  # across the line, the ink boxes overlap by this share of the thinner one
    min_along: float = 0.3  # along the line, they overlap by this many ink heights (of the thicker one)
    crop_pad: float = 0.35  # the joined line's recognition crop: its ink box grown by this many heights


def _frames(quads: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each quad's reading direction (tl→tr) and its across direction (tl→bl), unit vectors."""
    along = (quads[:, 1] - quads[:, 0] + quads[:, 2] - quads[:, 3]) / 2.0
    across = (quads[:, 3] - quads[:, 0] + quads[:, 2] - quads[:, 1]) / 2.0
    along /= np.maximum(np.linalg.norm(along, axis=1, keepdims=True), 1e-9)
    across /= np.maximum(np.linalg.norm(across, axis=1, keepdims=True), 1e-9)
    return along, across


def _extents(quads: np.ndarray, axes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``lo[i, j]`` / ``hi[i, j]``: quad j's corners projected on line i's axis (``axes[i]``)."""
    proj = np.einsum("jkd,id->ijk", quads, axes)
    return proj.min(axis=2), proj.max(axis=2)


def _overlap(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """``[i, j]``: how far quads i and j overlap on line i's axis (negative: the gap between them)."""
    own_lo, own_hi = np.diag(lo)[:, None], np.diag(hi)[:, None]
    return np.minimum(own_hi, hi) - np.maximum(own_lo, lo)


def shared_ink_pairs(quads: np.ndarray, cfg: SharedInkConfig) -> np.ndarray:
    """``(K, 2)`` index pairs ``i < j`` of ink boxes that are pieces of one line (see the module doc)."""
    q = np.asarray(quads, np.float64).reshape(-1, 4, 2)
    if len(q) < 2:
        return np.zeros((0, 2), int)
    along, across = _frames(q)
    a_lo, a_hi = _extents(q, along)
    c_lo, c_hi = _extents(q, across)
    thick = np.diag(c_hi) - np.diag(c_lo)
    thin, thicker = np.minimum.outer(thick, thick), np.maximum.outer(thick, thick)
    same_way = along @ along.T >= np.cos(np.radians(cfg.max_angle_deg))  # the same reading direction, not reversed
    ok = (same_way & (thin >= np.maximum(cfg.min_thickness_ratio * thicker, 1.0))  # a flat box holds no ink
          & (_overlap(c_lo, c_hi) >= cfg.min_across * thin)
          & (_overlap(a_lo, a_hi) >= cfg.min_along * thicker))
    ok &= ok.T
    i, j = np.nonzero(np.triu(ok, 1))
    return np.stack([i, j], axis=1)


def shared_ink_groups(quads: np.ndarray, cfg: SharedInkConfig) -> list[list[int]]:
    """Groups (two or more, indices in order) of ink boxes that are pieces of one line."""
    parent = list(range(len(quads)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for i, j in shared_ink_pairs(quads, cfg):
        parent[root(int(j))] = root(int(i))
    groups: dict[int, list[int]] = {}
    for k in range(len(quads)):
        groups.setdefault(root(k), []).append(k)
    return [g for g in groups.values() if len(g) > 1]


def union_quad(quads: np.ndarray) -> np.ndarray:
    """The box, in the first quad's own frame (tl, tr, br, bl; reading tl→tr), that holds every quad."""
    q = np.asarray(quads, np.float64).reshape(-1, 4, 2)
    along, across = _frames(q[:1])
    pts = q.reshape(-1, 2)
    a, c = pts @ along[0], pts @ across[0]
    corners = [(a.min(), c.min()), (a.max(), c.min()), (a.max(), c.max()), (a.min(), c.max())]
    return np.array([s * along[0] + t * across[0] for s, t in corners])


def reading_crop_quad(ink: np.ndarray, cfg: SharedInkConfig) -> np.ndarray:
    """The joined line's recognition box: its ink box with the detector-like room around it."""
    return grow_quad(ink, cfg.crop_pad, cfg.crop_pad, cfg.crop_pad)
