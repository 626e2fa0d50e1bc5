"""The finder's coarse outlines (``CardFinder._coarse_outlines``): a card printed on a page only as a
thin border, under a cheap sensor's noise, has no outline at the working size and one once the photo
is shrunk (docs/experiments/issue42_part5.md)."""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np

from airocr.engine.geometry import quad_iou
from airocr.engine.thaiid.card import CardFinder
from airocr.engine.thaiid.card.config import CardFinderConfig


def _page_with_border(seed: int, noise: float = 14.0, dark: float = 45.0) -> tuple[np.ndarray, np.ndarray]:
    """A grey page photographed by a noisy sensor (1200 x 900; noise of ``noise`` grey levels, correlated
    over about a pixel as a demosaiced sensor's is), a card's thin border printed ``dark`` levels darker
    on it (turned 20 degrees, 40 % of the photo's width); the border's corners."""
    rng = np.random.default_rng(seed)
    img = np.full((900, 1200), 180.0, np.float32)
    quad = cv2.boxPoints(((600.0, 450.0), (480.0, 480.0 / 1.585), 20.0))
    line = np.zeros(img.shape, np.float32)
    cv2.polylines(line, [quad.round().astype(np.int32)], True, 1.0, 3, cv2.LINE_AA)
    img -= dark * cv2.GaussianBlur(line, (0, 0), 1.0)
    grain = cv2.GaussianBlur(rng.normal(0.0, 1.0, (900, 1200, 3)).astype(np.float32), (0, 0), 1.0)
    return np.clip(img[..., None] + noise * grain / grain.std(), 0, 255).astype(np.uint8), quad


def test_a_thin_border_under_noise_is_an_outline_only_once_shrunk() -> None:
    img, quad = _page_with_border(0)
    finder = CardFinder(None)
    work, s = finder.working_image(img)
    assert not any(quad_iou(q / s, quad) > 0.5 for _, q in finder._edge_outlines(work))
    assert any(quad_iou(q / s, quad) > 0.9 for _, q in finder._coarse_outlines(img, s))


def test_a_clear_border_is_an_outline_at_both_sizes() -> None:
    """Without the noise the working size sees the border already (the coarse look adds no new card)."""
    img, quad = _page_with_border(3, noise=6.0)
    finder = CardFinder(None)
    work, s = finder.working_image(img)
    assert any(quad_iou(q / s, quad) > 0.9 for _, q in finder._edge_outlines(work))
    assert any(quad_iou(q / s, quad) > 0.9 for _, q in finder._coarse_outlines(img, s))


def test_coarse_sides_off_or_not_below_the_working_size_give_nothing() -> None:
    img, _ = _page_with_border(2)
    off = CardFinder(None, replace(CardFinderConfig(), coarse_sides=()))
    assert off._coarse_outlines(img, off.working_image(img)[1]) == []
    same = CardFinder(None, replace(CardFinderConfig(), coarse_sides=(800,)))
    assert same._coarse_outlines(img, same.working_image(img)[1]) == []
