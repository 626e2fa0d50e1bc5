"""The detector's content window: the part of the resized page its model runs on."""

from __future__ import annotations

import numpy as np

from airocr.engine.detect import DetectorConfig, content_window


def test_flat_image_has_an_empty_window():
    assert content_window(np.full((64, 96, 3), 200, np.uint8), DetectorConfig()) == (0, 0, 0, 0)


def test_window_holds_the_ink_with_its_margin_in_multiples_of_32():
    img = np.full((512, 928, 3), 255, np.uint8)
    img[300:320, 400:600] = 30
    y0, y1, x0, x1 = content_window(img, DetectorConfig())
    assert (y1 - y0) % 32 == 0 and (x1 - x0) % 32 == 0
    assert y0 <= 300 - 64 and y1 >= 320 + 64 and x0 <= 400 - 64 and x1 >= 600 + 64
    assert 0 <= y0 and y1 <= 512 and 0 <= x0 and x1 <= 928


def test_window_at_the_image_edge_stays_inside():
    img = np.full((256, 512, 3), 255, np.uint8)
    img[0:10, 500:512] = 0
    y0, y1, x0, x1 = content_window(img, DetectorConfig())
    assert y0 == 0 and x1 == 512 and (y1 - y0) % 32 == 0 and (x1 - x0) % 32 == 0


def test_ink_over_most_of_the_image_runs_the_whole_image():
    img = np.full((256, 256, 3), 255, np.uint8)
    img[10:12, 10:246] = 0
    img[240:242, 10:246] = 0
    assert content_window(img, DetectorConfig()) is None


def test_faint_colour_only_edges_count_as_ink():
    img = np.full((256, 512, 3), 128, np.uint8)
    img[100:110, 200:260, 2] = 160  # a red-only change of 32
    assert content_window(img, DetectorConfig()) not in (None, (0, 0, 0, 0))
