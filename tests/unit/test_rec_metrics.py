"""The recognizer's evaluation metrics (scripts/training/rec_metrics.py)."""

import pytest

from scripts.training.rec_metrics import font_family, score, score_by_kind_and_family


def test_score_counts_lines_and_character_edits_per_kind() -> None:
    s = score(["ทอดทิ้ง", "abc", "x y"], ["หอดทิ้ง", "abc", "x  y "], ["th_words", "mixed", "mixed"])
    assert s["all"]["n"] == 3 and s["all"]["line_acc"] == pytest.approx(2 / 3)
    assert s["th_words"] == {"n": 1, "line_acc": 0.0, "cer": pytest.approx(1 / 7)}
    assert s["mixed"]["line_acc"] == 1.0  # spaces collapsed and stripped before comparing


def test_font_family_drops_the_style_and_the_extension() -> None:
    assert font_family("Norasi-BoldItalic.ttf") == "Norasi"
    assert font_family("THNiramitAS.ttf") == "THNiramitAS"
    assert font_family("/usr/share/fonts/NotoSerifThai-Regular.ttf") == "NotoSerifThai"


def test_score_by_kind_and_family_splits_a_kind_by_held_out_face() -> None:
    s = score_by_kind_and_family(["a", "b", "c"], ["a", "x", "c"], ["mixed"] * 3,
                                 ["Loma.ttf", "Norasi-Bold.ttf", "Norasi.ttf"])
    assert set(s) == {"mixed/Loma", "mixed/Norasi"}
    assert s["mixed/Loma"]["line_acc"] == 1.0 and s["mixed/Norasi"]["line_acc"] == 0.5
