"""A front told by its artwork (``engine/thaiid/card/art.py``): the gold chip and the portrait's frame.

The cards are drawn in the test from the layout's boxes (``FRONT_CHIP``, ``FRONT_PORTRAIT``), not by the
generator; the print's lines are left out, as a webcam's noise on a screen's moiré leaves the detector none.
"""

from __future__ import annotations

import cv2
import numpy as np

from airocr.engine.thaiid import layout as L
from airocr.engine.thaiid.card.art import barcode_turn, chip_contrast, front_art_turn, portrait_frame, weak_look
from airocr.engine.thaiid.card.config import ArtConfig, CardFinderConfig
from airocr.engine.thaiid.card.flag import flag_turn
from airocr.engine.thaiid.card.scoring import barcode_strength, layout_scores

GROUND = (235, 215, 190)  # a pale blue card
CHIP = (60, 180, 210)  # gold
STRIPES_BGR = [(49, 25, 165), (248, 245, 244), (74, 42, 45), (74, 42, 45), (248, 245, 244), (49, 25, 165)]


def _box(card: np.ndarray, region: tuple[float, float, float, float], colour: tuple[int, int, int]) -> None:
    q = L.region_px(region, card.shape[1], card.shape[0]).astype(int)
    cv2.rectangle(card, tuple(q[0]), tuple(q[2]), colour, -1)


def _card(chip: bool, portrait: bool, rng: np.random.Generator, flag: bool = False) -> np.ndarray:
    card = np.full((L.CARD_H, L.CARD_W, 3), GROUND, np.uint8)
    if chip:
        _box(card, L.FRONT_CHIP, CHIP)
    if portrait:
        _box(card, L.FRONT_PORTRAIT, (150, 120, 140))
        q = L.region_px(L.FRONT_PORTRAIT).astype(int)
        cv2.circle(card, (int(q[:, 0].mean()), int(q[0, 1] + 0.3 * (q[2, 1] - q[0, 1]))), 45, (40, 40, 40), -1)
    if flag:
        x0, y0, x1, y1 = 795.0, 241.0, 920.0, 306.0
        for k, c in enumerate(STRIPES_BGR):
            cv2.rectangle(card, (int(x0), int(y0 + (y1 - y0) * k / 6)), (int(x1), int(y0 + (y1 - y0) * (k + 1) / 6)),
                          c, -1)
    noisy = card.astype(np.float32) + rng.normal(0, 8, card.shape)
    return np.clip(cv2.GaussianBlur(noisy, (0, 0), 1.5), 0, 255).astype(np.uint8)


def test_chip_and_portrait_frame_tell_a_front_and_its_turn() -> None:
    rng = np.random.default_rng(0)
    cfg = ArtConfig()
    front = _card(True, True, rng)
    yellow, dist = chip_contrast(front, cfg)
    assert yellow >= cfg.min_chip_yellow and dist >= cfg.min_chip_contrast
    assert portrait_frame(front, cfg) >= cfg.min_frame_edge
    assert front_art_turn(front, cfg) == 0
    assert front_art_turn(np.ascontiguousarray(front[::-1, ::-1]), cfg) == 180


def test_a_chip_alone_or_a_frame_alone_is_no_front() -> None:
    """The real back prints a chip too (no portrait); a photo frame without a chip is any picture."""
    rng = np.random.default_rng(1)
    cfg = ArtConfig()
    assert front_art_turn(_card(True, False, rng), cfg) is None
    assert front_art_turn(_card(False, True, rng), cfg) is None
    assert front_art_turn(_card(False, False, rng), cfg) is None


def test_a_card_showing_the_flag_is_no_front() -> None:
    """A chip and a frame around the flag's place: the real back's turn is vetoed for a front."""
    rng = np.random.default_rng(2)
    cfg = ArtConfig()
    back = _card(True, True, rng, flag=True)
    assert flag_turn(back) == 0
    assert front_art_turn(back, cfg) is None


def test_weak_look_asks_strong_edges_for_a_front_and_prefers_the_flag() -> None:
    rng = np.random.default_rng(3)
    cfg = CardFinderConfig()
    ls = layout_scores(np.zeros((0, 4, 2)), cfg.scoring)
    hyp = {k: 0.0 for k in ls}
    front = _card(True, True, rng)
    assert weak_look(front, ls, hyp, cfg.art.min_art_edge + 0.1, cfg) in {("front", 0), ("front_real", 0)}
    assert weak_look(front, ls, hyp, cfg.art.min_art_edge - 0.1, cfg) is None
    back = _card(True, False, rng, flag=True)
    assert weak_look(back, ls, hyp, cfg.min_edge, cfg) == ("back_real", 0)
    assert weak_look(_card(False, False, rng), ls, hyp, 3.0, cfg) is None


def _barcode_back(rng: np.random.Generator, blur: float, dark: int = 30) -> np.ndarray:
    """A first back with no text: random bars (4-11 px, grey ``dark``) in the barcode's box, blurred by ``blur`` px."""
    card = np.full((L.CARD_H, L.CARD_W, 3), GROUND, np.uint8)
    q = L.region_px(L.BACK_BARCODE).astype(int)
    x = int(q[0, 0]) + 10
    while x < q[2, 0] - 10:
        w = int(rng.integers(4, 12))
        if rng.random() < 0.5:
            cv2.rectangle(card, (x, int(q[0, 1]) + 8), (x + w - 1, int(q[2, 1]) - 8), (dark,) * 3, -1)
        x += w
    noisy = cv2.GaussianBlur(card.astype(np.float32), (0, 0), blur) + rng.normal(0, 4, card.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def test_a_blurred_barcode_tells_a_back_and_its_turn() -> None:
    rng = np.random.default_rng(4)
    cfg = CardFinderConfig()
    ls = layout_scores(np.zeros((0, 4, 2)), cfg.scoring)
    hyp = {k: 0.0 for k in ls}
    back = _barcode_back(rng, 3.0)
    assert barcode_turn(back, cfg) == 0
    assert barcode_turn(np.ascontiguousarray(back[::-1, ::-1]), cfg) == 180
    assert weak_look(back, ls, hyp, cfg.min_edge, cfg) == ("back", 0)
    assert weak_look(back, ls, hyp, 0.0, cfg) is None  # no card edges, no back layout
    assert barcode_turn(_card(True, True, rng), cfg) is None


def test_a_barcode_blurred_past_three_pixels_counts_over_five() -> None:
    """Pale bars blurred by 5 px jump little over 1 or 3 pixels (``min_barcode``, ``min_blur_barcode`` fail)
    and enough over 5."""
    cfg = CardFinderConfig()
    back = _barcode_back(np.random.default_rng(5), 5.0, dark=160)
    assert barcode_strength(back, cfg.scoring, cfg.blur_barcode_step) < cfg.min_blur_barcode
    assert barcode_strength(back, cfg.scoring) < cfg.min_barcode
    assert barcode_turn(back, cfg) == 0


class _TurnedReadsBetter:
    """A line reader confident of crops darker in their top half than in their bottom half."""

    def recognize(self, crops: list[np.ndarray]) -> list:
        from types import SimpleNamespace

        def conf(c: np.ndarray) -> float:
            return 0.9 if c[: len(c) // 2].mean() < c[len(c) // 2:].mean() else 0.1

        return [SimpleNamespace(confidence=conf(c)) for c in crops]


def test_a_card_shown_by_its_artwork_keeps_its_turn() -> None:
    """Reading one or two boxes both ways turned a back found by its barcode (train normal 22); a find by
    the artwork keeps the turn the artwork gave, a find by text is still turned by reading."""
    from airocr.engine.thaiid.card.finder import CardFinder
    from airocr.engine.thaiid.card.result import CANONICAL_CORNERS, CardResult, placement

    card = np.full((L.CARD_H, L.CARD_W, 3), 230, np.uint8)
    card[300:320, 400:600] = 240
    card[320:340, 400:600] = 100  # the box's dark half below: above once turned
    box = np.array([[[400, 300], [600, 300], [600, 340], [400, 340]]], np.float64)
    finder = CardFinder(None, line_reader=_TurnedReadsBetter())
    for weak in (False, True):
        res = CardResult(card=card, side="back", side_confidence=1.0, score=1.0, text_quads=box, by_artwork=weak,
                         **placement(CANONICAL_CORNERS.astype(np.float64)))
        assert (finder.upright(res) is res) == weak
