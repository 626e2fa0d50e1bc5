"""The idcard_type classifier: its shipped weights, and screens the hand-set thresholds missed."""

from __future__ import annotations

import numpy as np
import pytest

from engine.thaiid.card import CardFinder
from engine.thaiid.idcard_type import (
    IDCARD_TYPES,
    IdcardTypeModel,
    _percentiles_u8,
    classify_idcard_type,
    expand,
    idcard_type_features,
    load_idcard_type_model,
)
from scripts.thaiid_synth.scene import make_scene


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


@pytest.mark.parametrize("seed", [7004, 7024])  # blurred screens: no pixel grid left, read as normal before
def test_a_blurred_screen_photo_is_a_screen(pipeline, seed: int) -> None:
    finder = CardFinder.from_pipeline(pipeline)
    s = make_scene(seed, idcard_type="screen", hard=True, card_px=(640, 1000))
    assert s.degradation == "blur"
    res = finder.find(s.image)
    assert classify_idcard_type(res.card, s.image) == "screen"


@pytest.mark.parametrize("seed", [7039, 13049])  # a glared and a dark screen: no cue clear on its own
def test_a_screen_photo_whose_cues_are_weak_alone_is_a_screen(pipeline, seed: int) -> None:
    finder = CardFinder.from_pipeline(pipeline)
    s = make_scene(seed, idcard_type="screen", hard=True, card_px=(640, 1000))
    assert s.degradation in ("glare", "dark")
    res = finder.find(s.image)
    assert classify_idcard_type(res.card, s.image) == "screen"


def test_pairwise_products_follow_the_cues() -> None:
    z = np.array([[1.0, 2.0, -3.0]])
    assert np.array_equal(expand(z, False), z)
    assert np.allclose(expand(z, True), [[1, 2, -3, 1, 2, -3, 4, -6, 9]])
    assert np.allclose(expand(z[0], True), expand(z, True)[0])
