"""Card-photo training lines (``scripts/synthesis/thai/card_lines.py``): training fonts only, text matches the crop."""

from __future__ import annotations

import pickle
import random

import cv2
import numpy as np
import pytest

from scripts.synthesis.thai import card_lines
from scripts.synthesis.thai.fonts import HELDOUT_FAMILIES, heldout_families, train_families


@pytest.fixture(scope="module")
def front_lines() -> list[tuple[np.ndarray, str, str]]:
    return card_lines.scene_lines(card_lines.SEED_BASE + 3, hard=False, rng=random.Random(3))


def test_training_lines_never_use_a_held_out_family(front_lines):
    fams = {f for _, _, f in front_lines}
    assert fams and fams <= set(train_families())
    assert not fams & set(HELDOUT_FAMILIES)


def test_crops_are_card_lines_with_their_text(front_lines):
    assert len(front_lines) >= 5
    for crop, text, _ in front_lines:
        assert crop.ndim == 3 and crop.shape[0] >= card_lines.MIN_HEIGHT and crop.shape[1] >= crop.shape[0]
        assert text.strip() == text and text
    # the crop holds ink: darker pixels than its background
    grey = cv2.cvtColor(front_lines[0][0], cv2.COLOR_BGR2GRAY)
    assert np.percentile(grey, 5) + 40 < np.percentile(grey, 95)


def test_shard_format_and_heldout_shard(tmp_path):
    p = card_lines.write_shard(tmp_path, 0, scenes=2, hard_frac=0.5)
    d = pickle.loads(p.read_bytes())
    assert set(d) == {"images", "texts", "kinds", "fonts"}
    assert len(d["images"]) == len(d["texts"]) == len(d["kinds"]) == len(d["fonts"]) > 0
    assert set(d["kinds"]) <= {"card_clean", "card_hard"}
    img = cv2.imdecode(np.frombuffer(d["images"][0], np.uint8), cv2.IMREAD_COLOR)
    assert img is not None and img.shape[0] >= card_lines.MIN_HEIGHT
    h = pickle.loads(card_lines.write_shard(tmp_path, 0, scenes=1, hard_frac=0.0, heldout=True).read_bytes())
    assert set(h["fonts"]) <= set(heldout_families())
