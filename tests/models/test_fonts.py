"""The shipped font classifier (models/font_cls.onnx) on lines rendered from held-out text."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from airocr.engine.fonts import MAX_WINDOWS, FontClassifier, normalize_crop, windows
from scripts.synthesis.font_browser import browser_text
from scripts.synthesis.font_data import FAMILIES, Family, render_crop

BY_NAME = {f.name: f for f in FAMILIES}
CLEAR = ["Noto Sans CJK SC", "Noto Serif CJK SC", "AR PL UKai CN", "WenQuanYi Zen Hei", "Liberation Serif",
         "Liberation Mono", "DejaVu Sans", "Noto Serif", "Roboto", "Z003"]


def _require(fam: Family) -> None:
    missing = [p for p, _ in fam.styles if not Path(p).exists()]
    if missing:
        pytest.skip(f"font files of {fam.name} not installed ({fam.package}): {missing[0]}")


@pytest.fixture(scope="module")
def fonts() -> FontClassifier:
    return FontClassifier.from_model_dir()


def clear_line(fam: Family, text: str, size: int = 28) -> np.ndarray:
    """Black regular-style text on white with a detector-like margin (BGR)."""
    path, index = fam.styles[0]
    font = ImageFont.truetype(path, size, index=index)
    left, top, right, bottom = font.getbbox(text)
    m = int(size * 0.3)
    img = Image.new("RGB", (right - left + 2 * m, bottom - top + 2 * m), "white")
    ImageDraw.Draw(img).text((m - left, m - top), text, font=font, fill=(0, 0, 0))
    return np.asarray(img)[:, :, ::-1].copy()


def test_classes_are_the_rendered_families(fonts: FontClassifier) -> None:
    assert fonts.classes == [f.name for f in FAMILIES]
    assert len(fonts.classes) >= 20


@pytest.mark.parametrize("name", CLEAR)
def test_clear_render_is_top1(fonts: FontClassifier, name: str) -> None:
    fam = BY_NAME[name]
    _require(fam)
    rng = random.Random(f"test-clear:{name}")
    texts = [browser_text(rng, fam, held_out=True) for _ in range(3)]  # CJK families: Chinese lines
    crops = [clear_line(fam, text) for text in texts]
    tops = fonts.top_fonts(crops, 5, texts)
    top1 = [t[0][0] for t in tops]
    assert top1.count(name) >= 2, top1  # two of three clear lines, and all in the top 5
    assert all(name in [n for n, _ in t] for t in tops)


def test_degraded_renders_in_top5(fonts: FontClassifier) -> None:
    crops, labels, texts = [], [], []
    for fam in FAMILIES:
        _require(fam)
        rng = random.Random(f"test-degraded:{fam.name}")
        for _ in range(2):
            texts.append(browser_text(rng, fam, held_out=True))
            crops.append(render_crop(rng, fam, texts[-1]))
            labels.append(fam.name)
    tops = fonts.top_fonts(crops, 5, texts)
    misses = [(y, [n for n, _ in t]) for t, y in zip(tops, labels, strict=True) if y not in [n for n, _ in t]]
    assert len(misses) <= 1, misses


def test_scores_sorted_and_sum_at_most_one(fonts: FontClassifier) -> None:
    fam = BY_NAME["Liberation Sans"]
    _require(fam)
    crops = [clear_line(fam, "Free shipping on orders over $49"), clear_line(fam, "OK", 14),
             np.full((20, 300, 3), 255, np.uint8)]
    tops = fonts.top_fonts(crops, 5)
    assert len(tops) == 3
    for t in tops:
        scores = [s for _, s in t]
        assert len(t) == 5 and len({n for n, _ in t}) == 5
        assert scores == sorted(scores, reverse=True)
        assert all(0.0 <= s <= 1.0 for s in scores) and sum(scores) <= 1.0 + 1e-6
    assert fonts.top_fonts([], 5) == []


def test_windows_cover_long_and_short_lines() -> None:
    short = normalize_crop(np.full((20, 40, 3), 200, np.uint8))
    assert short.shape[0] == 32 and windows(short).shape == (1, 32, 128)
    long_ = normalize_crop(np.zeros((16, 900, 3), np.uint8))
    w = windows(long_)
    assert w.shape[1:] == (32, 128) and len(w) == MAX_WINDOWS


def test_a_line_never_gets_a_family_of_the_other_script(fonts: FontClassifier) -> None:
    cjk, latin = BY_NAME["Noto Sans CJK SC"], BY_NAME["Liberation Serif"]
    _require(cjk)
    _require(latin)
    # Latin text drawn with the CJK font's Latin glyphs, and Chinese text: the recognised text decides.
    crops = [clear_line(cjk, "Free shipping on all orders"), clear_line(cjk, "新品上市 限时优惠"),
             clear_line(latin, "2024-05-01 12:30"), np.full((20, 300, 3), 255, np.uint8)]
    texts = ["Free shipping on all orders", "新品上市 限时优惠", "2024-05-01 12:30", ""]
    tops = fonts.top_fonts(crops, 5, texts)
    is_cjk = {f.name: f.cjk for f in FAMILIES}
    assert all(not is_cjk[n] for n, _ in tops[0]) and all(not is_cjk[n] for n, _ in tops[2])
    assert [n for n, _ in tops[1]] and all(is_cjk[n] for n, _ in tops[1])
    assert len(tops[3]) == 5  # no text: no restriction
    assert abs(sum(s for _, s in tops[1]) - 1.0) < 1e-3  # renormalised over the five CJK families
