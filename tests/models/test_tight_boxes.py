"""Web Image locations hug the text: the ink-box step (engine/tight_boxes.py) alone and in the pipeline."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from airocr.engine.geometry import crop_quad, quad_iou, rotate_image, transform_points
from airocr.engine.pipeline import PipelineOptions
from airocr.engine.tight_boxes import TightBoxConfig, line_pieces
from scripts.synthesis.web_pages import ink_quad
from tests.rendering import DEJAVU, NOTO_CJK, font


def _line(text: str, path: str, px: int, size=(420, 90), fg=(20, 20, 20), bg=(255, 255, 255)):
    img = Image.new("RGB", size, bg)
    f = font(path, px)
    ImageDraw.Draw(img).text((40, 25), text, font=f, fill=fg)
    return np.asarray(img)[:, :, ::-1].copy(), np.array(ink_quad(text, (40, 25), f), np.float64)


def _padded(ink: np.ndarray, pad: float) -> np.ndarray:
    c = ink.mean(0)
    return c + (ink - c) + np.sign(ink - c) * pad


@pytest.mark.parametrize(("text", "path", "fg", "bg"), [
    ("Order No. 2024-118", DEJAVU, (20, 20, 20), (255, 255, 255)),
    ("限时优惠 立即购买", NOTO_CJK, (20, 20, 20), (255, 255, 255)),
    ("Free shipping", DEJAVU, (255, 255, 255), (200, 40, 40)),  # light text on a colour band
])
def test_padded_box_shrinks_to_the_ink(text, path, fg, bg):
    image, ink = _line(text, path, 22, fg=fg, bg=bg)
    loose = _padded(ink, 8.0)
    assert quad_iou(loose, ink) < 0.6
    pieces = line_pieces(loose, crop_quad(image, loose), TightBoxConfig())
    assert len(pieces) == 1 and pieces[0].crop is None
    assert quad_iou(pieces[0].quad, ink) > 0.85


def test_rotated_crop_maps_back_to_the_original_image():
    image, ink = _line("Sign in to your account", DEJAVU, 20)
    rotated, m = rotate_image(image, 17.0)
    ink_r = transform_points(ink, m)
    loose = transform_points(_padded(ink, 7.0), m)
    piece = line_pieces(loose, crop_quad(rotated, loose), TightBoxConfig())[0]
    assert quad_iou(piece.quad, ink_r) > 0.8


def test_wide_gap_splits_joined_table_cells_but_not_words():
    img = Image.new("RGB", (520, 60), "white")
    f = font(DEJAVU, 14)
    d = ImageDraw.Draw(img)
    d.text((20, 20), "$1,080.35", font=f, fill=(0, 0, 0))
    d.text((130, 20), "Sale today", font=f, fill=(0, 0, 0))  # ~35 px from the price: another cell
    image = np.asarray(img)[:, :, ::-1].copy()
    a, b = np.array(ink_quad("$1,080.35", (20, 20), f)), np.array(ink_quad("Sale today", (130, 20), f))
    joined = np.array([[a[0, 0] - 6, a[0, 1] - 6], [b[1, 0] + 6, a[0, 1] - 6], [b[1, 0] + 6, a[2, 1] + 6],
                       [a[0, 0] - 6, a[2, 1] + 6]])
    pieces = line_pieces(joined, crop_quad(image, joined), TightBoxConfig())
    assert len(pieces) == 2 and all(p.crop is not None for p in pieces)
    assert quad_iou(pieces[0].quad, a) > 0.75 and quad_iou(pieces[1].quad, b) > 0.75


def test_pipeline_locations_are_ink_boxes_and_text_is_unchanged(pipeline):
    from scripts.synthesis.web_pages import benchmark_set

    sample = benchmark_set(seed=5, pages=1, tables=1, tilted=0)[1]  # a dense 11-13 px table
    tight = pipeline.run(sample.image, PipelineOptions(tight_boxes=True))
    loose = pipeline.run(sample.image, PipelineOptions(tight_boxes=False))
    assert [b.text for b in tight.blocks] == [b.text for b in loose.blocks]
    for block in tight.blocks:
        best = max(quad_iou(block.quad, q) for q in sample.quads)
        assert best > 0.6, block.text
    ious = [max(quad_iou(b.quad, q) for b in tight.blocks) for q in sample.quads]
    assert np.median(ious) > 0.85


def _column(text: str, px: int = 40) -> tuple[np.ndarray, float, float, float]:
    """A vertical column of CJK glyphs on white; returns the image, the ink's left/right x and the pitch."""
    f = font(NOTO_CJK, px)
    img = Image.new("RGB", (160, 80 + px * len(text) + 40), "white")
    d = ImageDraw.Draw(img)
    for k, ch in enumerate(text):
        d.text((60, 40 + k * px), ch, font=f, fill=(20, 20, 20))
    image = np.asarray(img)[:, :, ::-1].copy()
    cols = np.flatnonzero((image.min(axis=2) < 128).any(axis=0))
    return image, float(cols[0]), float(cols[-1] + 1), float(px)


def test_a_column_broken_in_two_with_a_shared_glyph_is_read_as_one_line(pipeline):
    """The detector broke one column into two boxes that both hold the glyph at the break (RapidOCR's
    vertical woodblock test image, with ``detect_direction``): both pieces are read again as one line."""
    text = "是非不得問之人要取之"
    image, x0, x1, px = _column(text)
    rows = np.flatnonzero((image.min(axis=2) < 128).any(axis=1))
    y0, y1, cut = float(rows[0]), float(rows[-1] + 1), 40 + 7.5 * px  # the break runs through 要

    def piece(top: float, bottom: float) -> np.ndarray:  # reading downwards: tl→tr runs down the column
        return np.array([[x1, top], [x1, bottom], [x0, bottom], [x0, top]])

    lines = []
    for quad in (piece(y0, cut + 0.3 * px), piece(cut - 0.4 * px, y1)):
        crop = crop_quad(image, _padded(quad, 8.0))
        lines.append((pipeline.recognizer([crop])[0], crop, quad))
    assert "".join(t.text for t, _, _ in lines) != text
    joined = pipeline._join_shared_ink(image, lines)
    assert len(joined) == 1
    assert joined[0][0].text == text
    assert quad_iou(joined[0][2], piece(y0, y1)) > 0.95


def test_neighbouring_cells_are_not_joined(pipeline):
    image, ink = _line("Order No. 2024-118", DEJAVU, 22)
    left = ink.copy()
    left[[1, 2], 0] = ink[0, 0] + 0.45 * (ink[1, 0] - ink[0, 0])
    right = ink.copy()
    right[[0, 3], 0] = left[1, 0] + 3
    lines = [(pipeline.recognizer([crop_quad(image, q)])[0], crop_quad(image, q), q) for q in (left, right)]
    assert len(pipeline._join_shared_ink(image, lines)) == 2
