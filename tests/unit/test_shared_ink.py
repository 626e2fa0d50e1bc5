"""Lines that share ink are joined; neighbours with a gap between their ink never are."""

from __future__ import annotations

import numpy as np

from airocr.engine.shared_ink import SharedInkConfig, reading_crop_quad, shared_ink_groups, union_quad

CFG = SharedInkConfig()


def box(x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], float)


def column(y0: float, y1: float, x0: float = 270, x1: float = 548) -> np.ndarray:
    """A vertical column's ink box, reading downwards (tl→tr runs down the page)."""
    return np.array([[x1, y0], [x1, y1], [x0, y1], [x0, y0]], float)


def test_a_column_broken_with_a_shared_glyph_is_one_line():
    quads = np.stack([column(43, 1519), column(1370, 2012, 278, 531), column(40, 2033, 1, 302)])
    assert shared_ink_groups(quads, CFG) == [[0, 1]]


def test_words_and_table_cells_with_a_gap_are_not_joined():
    row = np.stack([box(10, 100, 120, 120), box(126, 100, 300, 121), box(300, 100, 420, 120)])
    assert shared_ink_groups(row, CFG) == []
    touching = np.stack([box(10, 100, 120, 120), box(123, 100, 300, 121)])
    assert shared_ink_groups(touching, CFG) == []


def test_a_small_badge_inside_a_big_line_and_stacked_rows_are_not_joined():
    badge = np.stack([box(0, 0, 400, 50), box(300, 20, 360, 30)])
    rows = np.stack([box(0, 0, 400, 20), box(0, 15, 400, 35)])
    reversed_line = np.stack([box(0, 0, 200, 20), np.roll(box(150, 0, 300, 20), 2, axis=0)])  # read upside down
    assert shared_ink_groups(badge, CFG) == []
    assert shared_ink_groups(rows, CFG) == []
    assert shared_ink_groups(reversed_line, CFG) == []


def test_overlap_is_counted_in_ink_heights_of_the_thicker_piece():
    h = 20.0
    just_under = np.stack([box(0, 0, 100, h), box(100 - 0.29 * h, 0, 200, h)])
    just_over = np.stack([box(0, 0, 100, h), box(100 - 0.31 * h, 0, 200, h)])
    assert shared_ink_groups(just_under, CFG) == []
    assert shared_ink_groups(just_over, CFG) == [[0, 1]]


def test_three_pieces_chain_into_one_group():
    quads = np.stack([box(0, 0, 100, 20), box(90, 0, 200, 20), box(190, 1, 300, 21), box(0, 40, 300, 60)])
    assert shared_ink_groups(quads, CFG) == [[0, 1, 2]]


def test_union_keeps_the_first_piece_reading_direction_and_holds_both():
    a, b = column(43, 1519), column(1370, 2012, 278, 531)
    u = union_quad(np.stack([a, b]))
    assert np.allclose(u, column(43, 2012))
    tilted = np.array([[0, 0], [100, 10], [98, 30], [-2, 20]], float)
    u2 = union_quad(np.stack([tilted, tilted + [90, 9]]))
    assert u2[1, 0] > u2[0, 0] and u2[1, 1] > u2[0, 1]  # still reads left to right, rising as it goes


def test_reading_crop_is_the_ink_with_room_on_every_side():
    crop = reading_crop_quad(box(100, 100, 300, 120), CFG)
    assert np.allclose(crop, box(100 - 7, 100 - 7, 300 + 7, 120 + 7))


def test_flat_boxes_are_never_joined():
    flat = np.stack([box(0, 10, 100, 10), box(50, 10, 150, 10)])
    assert shared_ink_groups(flat, CFG) == []
    assert shared_ink_groups(np.zeros((0, 4, 2)), CFG) == [] and shared_ink_groups(box(0, 0, 5, 5)[None], CFG) == []
