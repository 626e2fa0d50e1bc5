"""Text boxes reused across placements of one card (engine.thaiid.card.reuse)."""

from __future__ import annotations

import cv2
import numpy as np

from airocr.engine.thaiid import layout as L
from airocr.engine.thaiid.card.result import CANONICAL_CORNERS, CardResult, placement
from airocr.engine.thaiid.card.reuse import corner_move, mapped_text, text_in_image


def _card(quad: np.ndarray, text_quads: np.ndarray | None = None) -> CardResult:
    tq = np.zeros((0, 4, 2)) if text_quads is None else text_quads
    return CardResult(card=np.zeros((L.CARD_H, L.CARD_W, 3), np.uint8), side="front", side_confidence=1.0,
                      score=1.0, text_quads=tq, text_from_card=True, **placement(quad))


QUAD = np.array([[100.0, 50.0], [600.0, 70.0], [590.0, 390.0], [90.0, 370.0]])


def test_corner_move_is_zero_for_the_same_outline_in_any_corner_order() -> None:
    res = _card(QUAD)
    assert corner_move(res, QUAD) < 1e-6
    assert corner_move(res, np.roll(QUAD, 2, axis=0)) < 1e-6


def test_corner_move_measures_canonical_pixels() -> None:
    res = _card(QUAD)
    moved = CANONICAL_CORNERS.astype(np.float64) + [[-30, 0], [0, 0], [0, 0], [-30, 0]]  # left edge 30 px out
    assert abs(corner_move(res, res.to_image(moved)) - 30.0) < 1e-6


def test_boxes_mapped_into_a_moved_outline_keep_their_place_in_the_photo() -> None:
    box = np.array([[[200.0, 100.0], [400.0, 100.0], [400.0, 130.0], [200.0, 130.0]],
                    [[10.0, 300.0], [60.0, 300.0], [60.0, 330.0], [10.0, 330.0]]])  # the second near the left edge
    res = _card(QUAD, box)
    img_boxes = text_in_image(res)
    # the new outline cuts 80 canonical px off the card's left: the second box's centre falls outside
    new = res.to_image(CANONICAL_CORNERS.astype(np.float64) + [[80, 0], [0, 0], [0, 0], [80, 0]])
    h = cv2.getPerspectiveTransform(CANONICAL_CORNERS, new.astype(np.float32)).astype(np.float64)
    got = mapped_text(img_boxes, np.linalg.inv(h))
    assert len(got) == 1
    back = cv2.perspectiveTransform(got.reshape(-1, 1, 2), h).reshape(-1, 4, 2)
    assert np.abs(back - img_boxes[:1]).max() < 1e-6


def test_no_boxes_map_to_none() -> None:
    assert mapped_text(np.zeros((0, 4, 2)), np.eye(3)).shape == (0, 4, 2)
    assert text_in_image(_card(QUAD)).shape == (0, 4, 2)
