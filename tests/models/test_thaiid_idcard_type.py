"""The idcard_type classifier: its shipped weights, and screens the hand-set thresholds missed."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from airocr.engine.thaiid.card import CardFinder
from airocr.engine.thaiid.idcard_type import (
    IDCARD_TYPES,
    IdcardTypeModel,
    _beat_peak,
    _percentiles_u8,
    classify_idcard_type,
    expand,
    idcard_type_features,
    load_idcard_type_model,
)
from scripts.synthesis.thai.fonts import faces
from scripts.synthesis.thaiid.scene import make_scene


def test_the_shipped_model_reads_every_feature_and_gives_probabilities() -> None:
    model = load_idcard_type_model()
    assert model.classes == IDCARD_TYPES
    card = np.full((540, 856, 3), (230, 215, 200), np.uint8)
    feats = idcard_type_features(card, card)
    assert set(model.features) <= set(feats)
    p = model.probabilities(feats)
    assert p.shape == (3,) and abs(p.sum() - 1.0) < 1e-9
    again = IdcardTypeModel.from_json(model.to_json())
    assert np.allclose(again.probabilities(feats), p)


@pytest.mark.parametrize("n", [1, 2, 7, 1000, 100_001])
def test_percentiles_from_the_histogram_equal_numpys(n: int) -> None:
    values = np.random.default_rng(n).integers(0, 256, (n, 1)).astype(np.uint8)
    qs = (0, 2, 33.3, 70, 98, 100)
    assert np.allclose(_percentiles_u8(values, qs), np.percentile(values, qs))


def test_a_flat_card_has_no_unevenness_and_a_glow_has_some() -> None:
    flat = np.full((638, 1012, 3), 200, np.uint8)
    assert idcard_type_features(flat, flat)["unevenness"] < 1e-3
    yy, xx = np.mgrid[:638, :1012]
    glow = (200 + 40 * np.exp(-((xx - 500) ** 2 + (yy - 300) ** 2) / (2 * 60.0 ** 2))).astype(np.uint8)
    glow = np.repeat(glow[..., None], 3, axis=2)
    assert idcard_type_features(glow, glow)["unevenness"] > 1.0


# Without the fetched held-out family THNiramitAS (a clean clone, CI) scene 7004 is printed in another
# family, and the capture-trained model (issue 42) types that rendering normal: a known miss, kept visible.
_NIRAMIT_ABSENT = not faces("THNiramitAS")


@pytest.mark.parametrize("seed", [pytest.param(7004, marks=pytest.mark.xfail(
    condition=_NIRAMIT_ABSENT, strict=True, reason="printed without THNiramitAS, this blurred screen is typed normal")),
    7024])  # blurred screens: no pixel grid left, read as normal before
def test_a_blurred_screen_photo_is_a_screen(pipeline, seed: int) -> None:
    finder = CardFinder.from_pipeline(pipeline)
    s = make_scene(seed, idcard_type="screen", hard=True, card_px=(640, 1000))
    assert s.degradation == "blur"
    res = finder.find(s.image)
    assert classify_idcard_type(res.card, s.image, quad=res.quad) == "screen"


@pytest.mark.parametrize("seed", [7039, 13049])  # a glared and a dark screen: no cue clear on its own
def test_a_screen_photo_whose_cues_are_weak_alone_is_a_screen(pipeline, seed: int) -> None:
    finder = CardFinder.from_pipeline(pipeline)
    s = make_scene(seed, idcard_type="screen", hard=True, card_px=(640, 1000))
    assert s.degradation in ("glare", "dark")
    res = finder.find(s.image)
    assert classify_idcard_type(res.card, s.image, quad=res.quad) == "screen"


def test_pairwise_products_follow_the_cues() -> None:
    z = np.array([[1.0, 2.0, -3.0]])
    assert np.array_equal(expand(z, False), z)
    assert np.allclose(expand(z, True), [[1, 2, -3, 1, 2, -3, 4, -6, 9]])
    assert np.allclose(expand(z[0], True), expand(z, True)[0])
    assert np.allclose(expand(z, True, linear_only=1), [[1, 2, -3, 1, 2, 4]])  # the last cue: linear only


def test_a_moire_beat_across_the_card_scores_and_a_plain_card_does_not() -> None:
    """A display's moiré beat: straight stripes ~15 px apart, 10 % deep, across the whole card,
    portrait included (bench seed 11049 hard shows them, and no pixel grid is left)."""
    rng = np.random.default_rng(0)
    card = np.full((638, 1012), 200.0) + rng.normal(0, 3, (638, 1012))
    yy, xx = np.mgrid[:638, :1012]
    striped = card * (1 + 0.1 * np.sin(2 * np.pi * (0.04 * xx + 0.05 * yy)))
    plain, beat = (_beat_peak(np.clip(c, 0, 255).astype(np.uint8)) for c in (card, striped))
    assert plain < 0.9 and beat > 1.5
    assert _beat_peak(np.zeros((20, 30), np.uint8)) == 0.0  # too small a card: no score


# The model fitted on physical captures as well (issue 42) types two of these scene.py screens wrong:
# its scene.py screens score 0.886 out of fold (docs/experiments/issue42_real_prints.md). Strict: a fix shows.
_SCENE_MISS = pytest.mark.xfail(strict=True, reason="scene.py screen the capture-trained model misses")


# Refitted with captures of cards printed as real ones (docs/experiments/issue42_real_prints.md): 11054
# is now a screen, 9054 is typed copy.
@pytest.mark.parametrize("seed", [pytest.param(9054, marks=_SCENE_MISS), pytest.param(11049, marks=_SCENE_MISS), 11054])
# bright, plain and noisy screens: grid and cast gone
def test_a_screen_photo_is_told_by_its_moire_beat(pipeline, seed: int) -> None:
    """Screens the model without the beat cue read as normal (checked): their pixel grid and colour
    cast are washed out, the beat's stripes across the portrait or seal remain."""
    finder = CardFinder.from_pipeline(pipeline)
    s = make_scene(seed, idcard_type="screen", hard=True, card_px=(640, 1000),
                   families=("Loma", "Norasi", "NotoSerifThai"))
    res = finder.find(s.image)
    feats = idcard_type_features(res.card, s.image, res.quad)
    assert feats["beat"] > 1.2
    assert classify_idcard_type(res.card, s.image, quad=res.quad) == "screen"


def _card_on(background: float, card: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``card`` (BGR) pasted on a flat background, and its quad."""
    img = np.full((card.shape[0] + 200, card.shape[1] + 200, 3), background, np.uint8)
    img[100:100 + card.shape[0], 100:100 + card.shape[1]] = card
    h, w = card.shape[:2]
    return img, np.array([[100, 100], [100 + w, 100], [100 + w, 100 + h], [100, 100 + h]], np.float64)


def test_a_halftone_screen_on_the_card_shows_in_the_fine_cues_and_smooth_print_does_not() -> None:
    from airocr.engine.thaiid.idcard_cues import capture_cues

    rng = np.random.default_rng(3)
    smooth = np.clip(200 + cv2.GaussianBlur(rng.normal(0, 20, (400, 640)), (0, 0), 4), 0, 255)
    yy, xx = np.mgrid[:400, :640]
    dots = np.where(np.cos(2 * np.pi * (xx + yy) / 3.2) * np.cos(2 * np.pi * (xx - yy) / 3.2) > 0.2, 40, 230)
    for tex, halftone in ((smooth, False), (dots, True)):
        card = np.repeat(tex.astype(np.uint8)[..., None], 3, axis=2)
        cues = capture_cues(*_card_on(90, card))
        assert (cues["fine_peak"] > 2.0) == halftone
        assert (cues["fine"] > 0.5) == halftone


def test_a_card_printed_on_the_page_meets_it_and_a_card_on_a_table_does_not() -> None:
    from airocr.engine.thaiid.idcard_cues import capture_cues

    card = np.full((400, 640, 3), 235, np.uint8)
    card[150:170, 100:500] = 20  # a line of print
    on_page = capture_cues(*_card_on(235, card))
    on_table = capture_cues(*_card_on(120, card))
    assert on_page["border_de"] < 2 < 50 < on_table["border_de"]
    assert on_page["outer_seen"] == on_table["outer_seen"] == 1.0
    tight = capture_cues(card, np.array([[0, 0], [640, 0], [640, 400], [0, 400]], np.float64))
    assert tight["outer_seen"] == 0.0


def test_hue_cues_see_a_gold_chip_turned_blue_and_none_on_a_grey_copy() -> None:
    """A front's chip is gold against its paper; red and blue swapped (a broken scan pipeline) it is
    blue; a black-and-white copy has no hue. The cues are computed only when asked for."""
    from airocr.engine.thaiid.idcard_type import HUE_CUES
    from scripts.synthesis.thaiid.card import render_card

    card = render_card(4, "front", "normal").image
    grey = cv2.cvtColor(cv2.cvtColor(card, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)
    gold, swapped, none = (idcard_type_features(c, c, hues=True)["chip_b"]
                           for c in (card, np.ascontiguousarray(card[..., ::-1]), grey))
    assert gold > 10 > abs(none) and swapped < -10
    assert set(HUE_CUES).isdisjoint(idcard_type_features(card, card))
