"""Text boxes reused across placements of one card, so that a small correction of its outline does
not cost another detection pass (evidence: docs/performance.md, part 4).

A card placed again (its outline moved by the text margins or by the layout registration) is the
same print seen through a slightly different homography: the boxes detected on the first
rectification, taken back to the photo and into the new one, say where its text lies there
closely enough to judge the new outline before paying for a detection on it.
"""

from __future__ import annotations

import numpy as np

from airocr.engine.geometry import apply_homography
from airocr.engine.thaiid import layout as L
from airocr.engine.thaiid.card.result import CANONICAL_CORNERS, CardResult


def text_in_image(res: CardResult) -> np.ndarray:
    """``res``'s text boxes in original-image pixels (``(N, 4, 2)``)."""
    return res.to_image(res.text_quads) if len(res.text_quads) else np.zeros((0, 4, 2))


def mapped_text(text_image: np.ndarray, inv: np.ndarray) -> np.ndarray:
    """Boxes in original-image pixels mapped into a card by ``inv`` (image -> canonical); those whose
    centre falls outside the card are dropped."""
    if not len(text_image):
        return np.zeros((0, 4, 2))
    tq = apply_homography(inv, text_image)
    c = tq.mean(1)
    inside = (c[:, 0] > 0) & (c[:, 0] < L.CARD_W) & (c[:, 1] > 0) & (c[:, 1] < L.CARD_H)
    return tq[inside]


def corner_move(res: CardResult, quad: np.ndarray) -> float:
    """How far (canonical pixels of ``res``'s card) the outline ``quad`` (original-image pixels, any
    corner order) lies from ``res``'s: the largest distance of a corner to the nearest old corner."""
    q = apply_homography(np.linalg.inv(res.homography), np.asarray(quad, np.float64))
    d = np.linalg.norm(q[:, None, :] - CANONICAL_CORNERS[None, :, :], axis=2)
    return float(d.min(1).max())
