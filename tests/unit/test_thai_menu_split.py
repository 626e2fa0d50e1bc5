"""A taken Thai line splits at an empty run wider than ``split_body`` body heights (menu items the detector
joined: docs/tuning/thai_lines.md, seventh round), only when every piece reads as Thai."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from airocr.engine.recognize import LineText
from airocr.engine.thai_lines import ThaiLineConfig, ThaiLines
from airocr.engine.tight_boxes import TightBoxConfig, body_height, line_ink


def _words(gap: int, h: int = 100, top: int = 40) -> np.ndarray:
    """Two 'words' whose bodies are 10 rows high, with thin marks 12 rows above the first (a tall band,
    a short body), ``gap`` px apart, on white."""
    image = np.full((h, 240, 3), 255, np.uint8)
    image[top:top + 10, 20:70] = 0
    image[top:top + 10, 70 + gap:120 + gap] = 0
    image[top - 12:top, 30:31] = 0  # a mark above: sparse rows, part of the band, not of the body
    return image


def test_body_height_counts_the_dense_rows_only():
    ink = np.zeros((24, 60), bool)
    ink[14:24] = True  # the body
    ink[0:14, 5] = True  # a mark
    assert body_height(ink, 0.3) == 10
    assert body_height(np.zeros((5, 5), bool), 0.3) == 0


def test_split_body_splits_a_gap_the_band_rule_keeps():
    crop = _words(gap=25)[25:60]  # band 22 rows: 1.2 bands = 26.4 px > the gap; 2.05 bodies = 20.5 px < it
    assert len(line_ink(crop, TightBoxConfig()).runs) == 1
    assert len(line_ink(crop, replace(TightBoxConfig(), split_body=2.05)).runs) == 2
    assert len(line_ink(_words(gap=15)[25:60], replace(TightBoxConfig(), split_body=2.05)).runs) == 1


class _FakeThai:
    """Reads a crop narrower than ``narrow`` px as ``piece``, a wider one as ``whole``."""

    def __init__(self, whole: LineText, piece: LineText, narrow: int) -> None:
        self.whole, self.piece, self.narrow = whole, piece, narrow

    def __call__(self, crops):
        return [self.piece if c.shape[1] < self.narrow else self.whole for c in crops]


def _room(piece: LineText, gap: int = 25) -> list[tuple[LineText, np.ndarray]]:
    image = _words(gap)
    quad = np.array([[20, 28], [120 + gap, 28], [120 + gap, 50], [20, 50]], np.float64)  # the line's ink box
    fake = _FakeThai(LineText("เมนูหลัก ติดต่อเรา", 0.9), piece, narrow=100)
    (parts,) = ThaiLines(fake, ThaiLineConfig(split_body=2.05)).with_room(image, [quad], [LineText("x", 0.5)],
                                                                          TightBoxConfig())
    return parts


def test_joined_thai_items_come_back_one_line_each():
    parts = _room(LineText("เมนู", 0.9))
    assert [t.text for t, _ in parts] == ["เมนู", "เมนู"]
    left, right = (q[:, 0] for _, q in parts)
    assert left.max() < right.min()  # reading order, no overlap
    assert abs(left.min() - 20) < 2 and abs(right.max() - 145) < 2


def test_no_split_when_a_piece_is_not_thai_or_the_gap_is_narrow():
    parts = _room(LineText("3204", 0.95))  # a number beside a Thai word: one line with its number
    assert [t.text for t, _ in parts] == ["เมนูหลัก ติดต่อเรา"]
    assert [t.text for t, _ in _room(LineText("เมนู", 0.9), gap=15)] == ["เมนูหลัก ติดต่อเรา"]
