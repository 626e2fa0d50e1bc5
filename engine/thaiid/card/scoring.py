"""Judging a rectified card's content: which side it shows and which way up, and how well its text
fits the outline.

The text boxes (in canonical coordinates) are matched against the layout prior of the front and
back, upright and turned by 180°; the portrait's texture and the back's barcode break ties between
the sides. The gap between the outermost text and the card's border (its *margins*) tells an outline
that cuts the card or has grown onto the background.
"""

from __future__ import annotations

from functools import lru_cache

import cv2
import numpy as np

from airocr.engine.thaiid import layout as L
from airocr.engine.thaiid.card.config import DEFAULT_SCORING, ScoringConfig

Hypotheses = dict[tuple[str, int], float]  # (side, turn in degrees) -> score


@lru_cache(maxsize=4)
def layout_masks(raster: tuple[int, int]) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Per side, on a raster of ``(h, w)``: where text is printed, and the artwork that never holds
    text (portrait, chip, barcode …)."""
    h, w = raster
    masks = {side: L.text_prior_mask(side, w, h) for side in L.LAYOUTS}
    empty = {side: L.text_prior_mask(side, w, h) * 0 for side in L.LAYOUTS}
    for side in L.LAYOUTS:
        for x0, y0, x1, y1 in L.no_text_regions(side):
            empty[side][int(y0 * h): int(np.ceil(y1 * h)), int(x0 * w): int(np.ceil(x1 * w))] = 1.0
    return masks, empty


@lru_cache(maxsize=4)
def region_masks(raster: tuple[int, int]) -> dict[str, np.ndarray]:
    """Per sparse layout (:data:`layout.SPARSE_LAYOUTS`), on a raster of ``(h, w)``: one mask per text
    region, stacked ``(regions, h, w)``."""
    h, w = raster
    out = {}
    for side in L.SPARSE_LAYOUTS:
        regs = L.text_regions(side)
        m = np.zeros((len(regs), h, w), np.float32)
        for k, (x0, y0, x1, y1) in enumerate(regs):
            m[k, int(y0 * h): int(np.ceil(y1 * h)), int(x0 * w): int(np.ceil(x1 * w))] = 1.0
        out[side] = m
    return out


def layout_scores(text_quads_canon: np.ndarray, cfg: ScoringConfig = DEFAULT_SCORING) -> Hypotheses:
    """Match canonical text boxes with each printed layout's prior (:data:`layout.LAYOUTS`: the front,
    the first back drawing, the real back), upright (0) and turned (180).

    Score = 2 × F1(text inside the prior, prior covered by text) − 2 × share of text on artwork that
    never holds text (portrait, chip, barcode …); ≈0.8–1.3 for a real match, < 0.5 for a wrong one.
    A sparse layout (the real back: two codes and the flag's two words in generous regions) counts
    as covered the share of its regions that hold text, and its text inside the prior at the power
    ``sparse_inside_power`` (a layout of few words must hold nearly all of the card's text).
    """
    h, w = cfg.prior_raster
    masks, empty = layout_masks(cfg.prior_raster)
    occ = np.zeros((h, w), np.uint8)
    if len(text_quads_canon):
        sx, sy = w / L.CARD_W, h / L.CARD_H
        pts = (np.asarray(text_quads_canon) * [sx, sy]).round().astype(np.int32)
        cv2.fillPoly(occ, list(pts), 1)
    occ = occ.astype(np.float32)
    total = occ.sum()
    out: Hypotheses = {}
    for side, prior in masks.items():
        for rot in (0, 180):
            o = occ if rot == 0 else occ[::-1, ::-1]
            if total < 1:
                out[(side, rot)] = -1.0
                continue
            inside = float((o * prior).sum() / total)
            if side in L.SPARSE_LAYOUTS:
                covered = float(((region_masks(cfg.prior_raster)[side] * o).sum((1, 2)) > 0).mean())
                inside = inside ** cfg.sparse_inside_power
            else:
                covered = float((o * prior).sum() / prior.sum())
            on_art = float((o * empty[side]).sum() / total)
            f1 = 2 * inside * covered / max(inside + covered, 1e-6)
            out[(side, rot)] = cfg.f1_weight * f1 - cfg.art_weight * on_art
    return out


def portrait_texture(card: np.ndarray, cfg: ScoringConfig = DEFAULT_SCORING) -> float:
    """Colour / texture energy in the front-portrait region (front ≫ back)."""
    q = L.region_px(L.FRONT_PORTRAIT, card.shape[1], card.shape[0]).astype(int)
    roi = card[q[0, 1]: q[2, 1], q[0, 0]: q[2, 0]]
    hsv = cv2.cvtColor(roi, cv2.COLOR_BGR2HSV)
    return float(np.std(roi.reshape(-1, 3), axis=0).mean() / cfg.texture_std_unit + hsv[..., 1].mean() / 255)


def barcode_strength(card: np.ndarray, cfg: ScoringConfig = DEFAULT_SCORING, step: int = 1) -> float:
    """How much the back's barcode region of an upright canonical card looks like a barcode.

    Vertical bars: the column profile (the region averaged over its middle rows) jumps between
    dark and light while the row profile stays flat; text lines, guilloche and photos average out
    along columns or vary along rows too. ≲1 on those, 3-30 on a barcode. The jumps are taken over
    ``step`` pixels: a blurred barcode (a webcam's, a copy photographed) still jumps over a few
    pixels where it no longer does from one pixel to the next, and fine noise or moiré does not
    jump more over several pixels than over one.
    """
    q = L.region_px(L.BACK_BARCODE, card.shape[1], card.shape[0]).astype(int)
    roi = cv2.cvtColor(card[q[0, 1]: q[2, 1], q[0, 0]: q[2, 0]], cv2.COLOR_BGR2GRAY).astype(np.float32)
    if roi.shape[0] < cfg.barcode_min_px or roi.shape[1] < cfg.barcode_min_px:
        return 0.0
    band = cfg.barcode_band
    mid = roi[roi.shape[0] // band: (band - 1) * roi.shape[0] // band]
    col, row = mid.mean(0), mid.mean(1)
    col_jumps = float(np.abs(col[step:] - col[:-step]).mean())
    row_jumps = float(np.abs(row[step:] - row[:-step]).mean())
    return max(0.0, col_jumps - cfg.barcode_min_jump) / (row_jumps + cfg.barcode_row_floor)


def side_hypotheses(card: np.ndarray, layout: Hypotheses, side_hint: str | None,
                    cfg: ScoringConfig = DEFAULT_SCORING) -> tuple[Hypotheses, dict[int, float]]:
    """Each side and turn's layout match plus the portrait and barcode cues (for both 0° and 180°
    readings of ``card``) and the caller's hint; and the barcode strength of each turn.

    The barcode is a strong cue where the text is too faint or small to be detected."""
    tex = {0: portrait_texture(card, cfg), 180: portrait_texture(card[::-1, ::-1], cfg)}
    bar = {0: barcode_strength(card, cfg), 180: barcode_strength(card[::-1, ::-1], cfg)}
    hyp: Hypotheses = {}
    for (sd, rot), v in layout.items():
        t = tex[rot]
        side = L.side_of(sd)
        bonus = cfg.texture_bonus * np.tanh((t - cfg.texture_mid) * cfg.texture_slope) * (1 if side == "front" else -1)
        if sd != "back_real":  # the real back has no barcode
            bonus += (cfg.barcode_bonus * np.tanh(max(0.0, bar[rot] - cfg.barcode_floor) / cfg.barcode_scale)
                      * (1 if sd == "back" else -1))
        hint = cfg.hint_bonus if side_hint == side else 0.0
        hyp[(sd, rot)] = v + bonus + hint
    return hyp, bar


def side_confidence(hyp: Hypotheses, side: str, value: float, cfg: ScoringConfig = DEFAULT_SCORING) -> float:
    """How sure the pick of ``side`` (scored ``value``) is over the other side's best reading."""
    other = max(v for (k, v) in hyp.items() if L.side_of(k[0]) != L.side_of(side))
    return float(1 / (1 + np.exp(-cfg.confidence_slope * (value - other))))


def text_margins(text_quads: np.ndarray) -> np.ndarray:
    """Left, top, right and bottom gap between the text and the canonical card's border (fractions)."""
    lo = text_quads.reshape(-1, 2).min(0)
    hi = text_quads.reshape(-1, 2).max(0)
    return np.array([lo[0] / L.CARD_W, lo[1] / L.CARD_H, 1 - hi[0] / L.CARD_W, 1 - hi[1] / L.CARD_H])


def margin_error(side: str, gaps: np.ndarray, cfg: ScoringConfig = DEFAULT_SCORING) -> float:
    """How far the margins lie outside their range, summed over the four sides (0 when all are in):
    the text's overrun past the low ends plus its shortfall before the high ends."""
    return margin_overrun(side, gaps, cfg) + float(np.maximum(0.0, gaps - cfg.margins(side)[2]).sum())


def margin_overrun(side: str, gaps: np.ndarray, cfg: ScoringConfig = DEFAULT_SCORING) -> float:
    """How far the text runs past the low ends of its margins' ranges, summed over the four sides."""
    return float(np.maximum(0.0, cfg.margins(side)[1] - gaps).sum())


def card_from_text(gaps: np.ndarray, want: np.ndarray) -> np.ndarray:
    """The card's corners (canonical pixels of the current outline) that give the text, whose
    margins are ``gaps`` now, the margins ``want``."""
    x0, y0 = gaps[0] * L.CARD_W, gaps[1] * L.CARD_H
    x1, y1 = (1 - gaps[2]) * L.CARD_W, (1 - gaps[3]) * L.CARD_H
    cw = (x1 - x0) / (1 - want[0] - want[2])
    ch = (y1 - y0) / (1 - want[1] - want[3])
    cx0, cy0 = x0 - want[0] * cw, y0 - want[1] * ch
    return np.array([[cx0, cy0], [cx0 + cw, cy0], [cx0 + cw, cy0 + ch], [cx0, cy0 + ch]])
