"""The real back's flag (``engine/thaiid/card/flag.py``): told on a rectified card, found in a photo.

The cards here are drawn in the test from the facts sheet's flag box ((795, 241)-(920, 306) on the
1012 x 638 card; five stripes red, white, blue twice as high, white, red), not by the generator.
"""

from __future__ import annotations

import cv2
import numpy as np

from airocr.engine.geometry import quad_iou
from airocr.engine.thaiid import layout as L
from airocr.engine.thaiid.card.config import CardFinderConfig, FlagConfig
from airocr.engine.thaiid.card.flag import flag_candidates, flag_stripes, flag_turn

STRIPES_BGR = [(49, 25, 165), (248, 245, 244), (74, 42, 45), (74, 42, 45), (248, 245, 244), (49, 25, 165)]


def _card(flag: bool, rng: np.random.Generator, grey: bool = False) -> np.ndarray:
    """A plain canonical card (pale blue, a few dark text rows), with the flag where the real back prints it."""
    card = np.full((L.CARD_H, L.CARD_W, 3), (235, 215, 190), np.uint8)
    for y in (40, 560, 590):  # text-like rows: dark blobs along a line
        for x in range(60, 460, 22):
            cv2.rectangle(card, (x, y), (x + 14, y + 18), (60, 60, 60), -1)
    if flag:
        x0, y0, x1, y1 = FlagConfig().flag_box
        for k, c in enumerate(STRIPES_BGR):
            ya, yb = y0 + (y1 - y0) * k / 6, y0 + (y1 - y0) * (k + 1) / 6
            cv2.rectangle(card, (int(x0), int(ya)), (int(x1), int(yb)), c, -1)
    if grey:
        card = cv2.cvtColor(cv2.cvtColor(card, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)
    noisy = card.astype(np.float32) + rng.normal(0, 6, card.shape)
    return np.clip(cv2.GaussianBlur(noisy, (0, 0), 2.0), 0, 255).astype(np.uint8)


def test_the_flag_tells_a_real_back_and_its_turn() -> None:
    rng = np.random.default_rng(0)
    for grey in (False, True):
        back = _card(True, rng, grey)
        assert flag_turn(back) == 0
        assert flag_turn(np.ascontiguousarray(back[::-1, ::-1])) == 180
        r, spread, even, edges = flag_stripes(back)
        assert r > 0.8 and spread > 20 and even > 0.95 and edges > 0.5
        assert flag_turn(_card(False, rng, grey)) is None


def test_a_portrait_edge_or_a_text_row_is_no_flag() -> None:
    """One dark-to-light step (a portrait's top edge) or a line of text where the flag would be do not
    pass. (Three dense bold rows there would: a grey flag is such a profile. The finder asks for the
    flag only where the detector found too little text to judge the card.)"""
    rng = np.random.default_rng(1)
    card = _card(False, rng)
    card[300:, 780:940] = 60  # a dark block starting inside the window: one step
    assert flag_turn(card) is None
    for _ in range(5):
        card = _card(False, rng)
        for y in (270,):
            x = 785 + int(rng.integers(0, 10))
            while x < 930:
                w = int(rng.integers(8, 40))
                cv2.rectangle(card, (x, y), (x + w, y + 16), (40, 40, 40), -1)
                x += w + int(rng.integers(6, 16))
        assert flag_turn(card) is None


def _page_photo(angle: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A grey copy's card with no edge at all (white on the white page), turned by ``angle``, on a noisy page."""
    card = _card(True, rng, grey=True)
    card[card > 200] = 240  # the card's ground is the page's
    w = 520
    src = np.float32([[0, 0], [L.CARD_W, 0], [L.CARD_W, L.CARD_H]])
    c = np.array([600.0, 450.0])
    u = np.array([np.cos(np.deg2rad(angle)), np.sin(np.deg2rad(angle))])
    v = np.array([-u[1], u[0]])
    h = w / L.CARD_ASPECT
    quad = np.array([c - u * w / 2 - v * h / 2, c + u * w / 2 - v * h / 2, c + u * w / 2 + v * h / 2,
                     c - u * w / 2 + v * h / 2])
    m = cv2.getAffineTransform(src, quad[:3].astype(np.float32))
    warped = cv2.warpAffine(card, m, (1200, 900), flags=cv2.INTER_AREA, borderValue=(240, 240, 240))
    photo = np.clip(warped.astype(np.float32) + rng.normal(0, 4, warped.shape), 0, 255).astype(np.uint8)
    return photo, quad


def test_a_card_with_no_edge_is_placed_from_its_flag() -> None:
    """The flag's stripes give the card's direction (both readings are returned), its width the scale."""
    rng = np.random.default_rng(2)
    cfg = CardFinderConfig()
    for angle in (0.0, 17.0, -64.0):
        photo, quad = _page_photo(angle, rng)
        cands = flag_candidates(photo, cfg.min_area, cfg.scoring, cfg.flag)
        assert cands and len(cands) % 2 == 0
        assert max(quad_iou(q, quad) for q in cands) >= 0.85


def test_a_page_without_a_flag_places_no_card() -> None:
    rng = np.random.default_rng(3)
    cfg = CardFinderConfig()
    page = np.full((900, 1200, 3), 240, np.uint8)
    for y in range(100, 800, 40):  # a page of text rows
        for x in range(100, 1100, 25):
            cv2.rectangle(page, (x, y), (x + 16, y + 20), (50, 50, 50), -1)
    photo = np.clip(page.astype(np.float32) + rng.normal(0, 4, page.shape), 0, 255).astype(np.uint8)
    assert flag_candidates(photo, cfg.min_area, cfg.scoring, cfg.flag) == []
