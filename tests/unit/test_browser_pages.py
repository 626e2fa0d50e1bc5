"""The browser page generator (scripts/synthesis/browser_pages.py): templates, line grouping, ink boxes."""

from __future__ import annotations

import random
import shutil

import numpy as np
import pytest

from scripts.synthesis.browser_pages import fill_template, ink_boxes, load_index, merge_fragments


def test_split_is_declared_for_every_template_and_both_sides_exist():
    index = load_index()
    assert {spec["split"] for spec in index.values()} == {"tuned", "heldout"}
    kinds = {spec["kind"] for spec in index.values() if spec["split"] == "heldout"}
    assert kinds == {spec["kind"] for spec in index.values() if spec["split"] == "tuned"}


def test_repeats_expand_and_every_slot_is_filled():
    html = "<ul><!--repeat 3-3--><li>{{en}} {{price}}</li><!--/repeat--></ul><p>{{th}}</p>"
    out = fill_template(html, random.Random(1))
    assert out.count("<li>") == 3 and "{{" not in out and "repeat" not in out


def test_fragments_of_one_row_join_but_table_cells_stay_apart():
    f = [{"text": "Total:", "left": 0, "right": 40, "top": 0, "bottom": 16},
         {"text": "$5.00", "left": 44, "right": 80, "top": 0, "bottom": 16},  # 4 px: a space
         {"text": "Paid", "left": 110, "right": 140, "top": 0, "bottom": 16}]  # 30 px: another cell
    out = merge_fragments(f)
    assert [g["text"] for g in out] == ["Total: $5.00", "Paid"]


def test_ink_box_is_where_the_text_changed_pixels():
    shown = np.full((40, 100, 3), 255, np.uint8)
    hidden = shown.copy()
    shown[12:20, 10:50] = 0  # the glyphs
    frag = {"text": "abc", "left": 8, "right": 60, "top": 8, "bottom": 24}
    (text, box), = ink_boxes(shown, hidden, [frag], 1.0)
    assert text == "abc" and box == [10.0, 12.0, 50.0, 20.0]


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian chromium not installed")
def test_one_page_renders_with_its_lines(tmp_path):
    pytest.importorskip("playwright")
    from scripts.synthesis.browser_pages import generate, load_set

    generate(tmp_path, 1, seed=3, only=["label_shipping"])
    (sample,) = load_set(tmp_path)
    assert sample.split == "heldout" and len(sample.lines) == len(sample.quads) >= 8
    h, w = sample.image.shape[:2]
    assert (sample.quads[..., 0] <= w).all() and (sample.quads[..., 1] <= h).all()
