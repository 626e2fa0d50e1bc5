"""Renderer: Thai shaping with raqm, font split, deterministic samples."""

from __future__ import annotations

import numpy as np
from PIL import features

from scripts.synthesis.thai import dataset, fonts, render


def test_raqm_available() -> None:
    assert features.check("raqm")


def test_train_and_heldout_families_disjoint() -> None:
    train, held = fonts.train_families(), fonts.heldout_families()
    assert len(held) >= 3 and len(train) >= 10
    groups = {fonts.FAMILIES[f][1] for f in train}
    assert not groups & {fonts.FAMILIES[f][1] for f in held}
    # the npm families (only on disk after fetch_fonts) are no design of a held-out family either
    held_groups = {fonts.FAMILIES[f][1] for f in fonts.HELDOUT_FAMILIES}
    assert not {fonts.FAMILIES[f][1] for f in fonts.FAMILIES if "npm/" in fonts.FAMILIES[f][0][0]} & held_groups


def test_tone_marks_are_drawn_over_upper_vowels() -> None:
    for fam in ("Loma", "Norasi", "Garuda", "Kinnari", "Waree"):
        face = fonts.faces(fam)[0]
        for with_mark, without in (("ที่", "ที"), ("ปี่", "ปี"), ("ญี่ปุ่น", "ญีปุน"), ("ฐ์", "ฐ")):
            a, b = render.render_mask(with_mark, face, 40), render.render_mask(without, face, 40)
            assert a.shape[0] > b.shape[0], (fam, with_mark)  # the mark adds height, not width
            assert abs(a.shape[1] - b.shape[1]) <= 4, (fam, with_mark)


def test_latin_falls_back_for_thai_only_faces() -> None:
    face = fonts.faces("NotoSerifThai")[0]
    assert face.fallback and render.supports(face, "5 Feb. 1950 ศาสนา")
    assert render.render_mask("Feb. 1950", face, 32).shape[1] > 60


def test_clusters_keep_marks_with_base() -> None:
    assert render.clusters("น้ำที่") == ["น้ำ", "ที่"]


def test_samples_are_deterministic() -> None:
    a = dataset.make_sample(1, "train", 5)
    b = dataset.make_sample(1, "train", 5)
    assert a[1:] == b[1:] and np.array_equal(a[0], b[0]) and a[0].shape[0] == dataset.STORE_H
    img, _, _, font = dataset.make_sample(1, "val", 5)
    assert any(font.startswith(p) for p in ("Loma", "Norasi", "THNiramit", "NotoSerifThai"))
