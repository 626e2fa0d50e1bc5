"""A card shown by its printed artwork where the print's lines are lost: a front by its chip and its
portrait's frame, a back by its blurred barcode or the real back's flag.

A cheap sensor's noise on a screen's moiré (a webcam's, a budget phone's) can leave the detector no
line of a front's print, on the photo and on the rectified card in every view, while the outline is the
card's (strong edges on all four sides). The front's artwork still shows: the gold chip at the left
(both printed layouts place it alike) and the portrait's frame at the right.
"""

from __future__ import annotations

import cv2
import numpy as np

from airocr.engine.thaiid import layout as L
from airocr.engine.thaiid.card.config import DEFAULT_SCORING, ArtConfig, CardFinderConfig, ScoringConfig
from airocr.engine.thaiid.card.flag import flag_stripes, flag_turn
from airocr.engine.thaiid.card.refine import Gradients, refine_quad
from airocr.engine.thaiid.card.scoring import Hypotheses, barcode_strength


def _region(lab: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    h, w = lab.shape[:2]
    x0, y0, x1, y1 = box
    return lab[int(y0 * h): int(y1 * h), int(x0 * w): int(x1 * w)].reshape(-1, 3)


def chip_contrast(card: np.ndarray, cfg: ArtConfig) -> tuple[float, float]:
    """How the chip's core (``chip_core``, upright canonical card) stands out from the card around it
    (``chip_ring`` less ``chip_box``): its yellowness over the ring's (Lab b*, grey levels) and the
    colour distance between the two (Lab, medians)."""
    lab = cv2.cvtColor(card, cv2.COLOR_BGR2Lab).astype(np.float32)
    core = np.median(_region(lab, cfg.chip_core), 0)
    h, w = lab.shape[:2]
    mask = np.zeros((h, w), bool)
    x0, y0, x1, y1 = cfg.chip_ring
    mask[int(y0 * h): int(y1 * h), int(x0 * w): int(x1 * w)] = True
    x0, y0, x1, y1 = cfg.chip_box
    mask[int(y0 * h): int(y1 * h), int(x0 * w): int(x1 * w)] = False
    ring = np.median(lab[mask], 0)
    return float(core[2] - ring[2]), float(np.linalg.norm(core - ring))


def portrait_frame(card: np.ndarray, cfg: ArtConfig) -> float:
    """The portrait's frame on an upright canonical card: of the two printed layouts' portrait boxes
    snapped to the card's edges, the higher weakest-side edge support."""
    grad = Gradients(card)
    best = 0.0
    for region in (L.FRONT_PORTRAIT, L.FRONT_PORTRAIT_REAL):
        _, sc = refine_quad(grad, L.region_px(region), cfg.frame_search, steps=cfg.frame_steps)
        best = max(best, float(np.min(sc)))
    return best


def front_art(card: np.ndarray, cfg: ArtConfig, scoring: ScoringConfig = DEFAULT_SCORING) -> float | None:
    """The chip's yellowness when an upright canonical card shows a front's chip and portrait frame
    clearly and nothing like the real back's flag; else ``None``."""
    yellow, dist = chip_contrast(card, cfg)
    if yellow < cfg.min_chip_yellow or dist < cfg.min_chip_contrast:
        return None
    if portrait_frame(card, cfg) < cfg.min_frame_edge:
        return None
    r, spread, _, _ = flag_stripes(card, scoring)
    return None if r >= cfg.veto_flag_match and spread >= cfg.veto_flag_contrast else yellow


def front_art_turn(card: np.ndarray, cfg: ArtConfig, scoring: ScoringConfig = DEFAULT_SCORING) -> int | None:
    """The turn (0 or 180) in which ``card`` shows a front's artwork (:func:`front_art`; of two, the
    yellower chip: turned, the portrait's place is the chip's), or ``None``."""
    shown = {rot: front_art(card if rot == 0 else card[::-1, ::-1], cfg, scoring) for rot in (0, 180)}
    shown = {rot: y for rot, y in shown.items() if y is not None}
    return max(shown, key=lambda k: shown[k]) if shown else None


def barcode_turn(card: np.ndarray, cfg: CardFinderConfig) -> int | None:
    """The turn (0 or 180) in which ``card`` shows the first back's barcode, blurred: its strength over
    ``blur_barcode_step`` or ``wide_barcode_step`` pixels high enough (of two turns, the stronger), or ``None``."""
    shown = {}
    for rot in (0, 180):
        turned = card if rot == 0 else card[::-1, ::-1]
        near = barcode_strength(turned, cfg.scoring, cfg.blur_barcode_step) / cfg.min_blur_barcode
        wide = barcode_strength(turned, cfg.scoring, cfg.art.wide_barcode_step) / cfg.art.min_wide_barcode
        if max(near, wide) >= 1.0:
            shown[rot] = max(near, wide)
    return max(shown, key=lambda k: shown[k]) if shown else None


def weak_look(look: np.ndarray, ls: Hypotheses, hyp: Hypotheses, edge_score: float,
              cfg: CardFinderConfig) -> tuple[str, int] | None:
    """The printed layout and turn of an outline whose text and barcode judged nothing, shown by
    artwork alone: the real back's flag (with a card's edges, ``min_edge``, or the few boxes laid out
    as the real back), the first back's blurred barcode (the same asked of the first back's layout), else
    a front's chip and portrait frame (with strong edges, ``min_art_edge``)."""
    laid = [r for r in (0, 180) if edge_score >= cfg.min_edge or ls[("back_real", r)] >= cfg.min_layout]
    flag = flag_turn(look, cfg.scoring) if laid else None
    if flag in laid:
        return "back_real", flag
    bars = [r for r in (0, 180) if edge_score >= cfg.min_edge or ls[("back", r)] >= cfg.min_layout]
    bar = barcode_turn(look, cfg) if bars else None
    if bar in bars:
        return "back", bar
    if edge_score < cfg.art.min_art_edge:
        return None
    rot = front_art_turn(look, cfg.art, cfg.scoring)
    if rot is None:
        return None
    return max((("front", rot), ("front_real", rot)), key=lambda k: hyp[k])
