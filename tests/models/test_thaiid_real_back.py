"""The real Thai ID back (its two codes and the flag's words, no other text) and A4 photocopies with
both sides on one page, end to end on generated images (real models)."""

from __future__ import annotations

import pytest

from airocr.engine.errors import NoTextFound
from airocr.engine.thaiid.card import quad_iou
from airocr.engine.thaiid.reader import ThaiIdReader
from scripts.synthesis.thaiid.a4 import make_a4_scene
from scripts.synthesis.thaiid.scene import make_scene


@pytest.fixture(scope="module")
def reader(pipeline) -> ThaiIdReader:
    return ThaiIdReader.from_model_dir(pipeline=pipeline)


@pytest.mark.parametrize("seed,style,angle", [(103, "real_plain", 90), (106, "real_holo", 0)])
def test_a_back_with_only_its_codes_is_found_and_read(reader, seed: int, style: str, angle: float) -> None:
    s = make_scene(seed, side="back", back_style=style, angle=angle, card_px=(700, 800))
    r = reader.read(s.image, None)
    assert r.side == "back"
    assert {k: r.fields[k].text for k in ("laser_number", "card_number") if k in r.fields} == s.card.truth.fields


def test_an_a4_copy_with_both_sides_reads_the_side_asked_for_and_the_front_by_default(reader) -> None:
    pages = make_a4_scene(102, "a4_grey")
    assert [p.side for p in pages] == ["front", "back"]
    front, back = pages
    res, cf = reader.find_and_read(front.image, None)
    assert res.side == "front" and quad_iou(res.quad, front.card_quad) > 0.8
    assert cf.fields["id_number"].text == front.card.truth.fields["id_number"]
    res, cf = reader.find_and_read(back.image, "back")
    assert res.side == "back" and quad_iou(res.quad, back.card_quad) > 0.8
    assert cf.fields["laser_number"].text == back.card.truth.fields["laser_number"]


def test_a_real_back_whose_codes_are_blanked_is_no_card(reader) -> None:
    """Without a parsing code (and with no barcode) a real back's flag and art alone are no proof."""
    s = make_scene(104, side="back", back_style="real_plain", angle=0, card_px=(700, 800), idcard_type="normal")
    img = s.image.copy()
    for q in s.field_quads.values():
        x0, y0 = q.min(0).astype(int) - 4
        x1, y1 = q.max(0).astype(int) + 4
        img[max(0, y0):y1, max(0, x0):x1] = img[max(0, y0) - 12:max(0, y0) - 12 + 1, max(0, x0):x1]
    with pytest.raises(NoTextFound):
        reader.read(img, None)
