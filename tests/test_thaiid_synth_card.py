"""The synthetic Thai ID card generator (scripts/thaiid_synth/card.py)."""

from __future__ import annotations

from scripts.thaiid_synth.card import CARD_FAMILIES, render_card


def test_every_card_family_prints_its_text_at_one_physical_height() -> None:
    """A card is printed at fixed text heights whatever the typeface, and an em size is not one:
    printed at the same em size, THNiramitAS's serial was 12 px tall against 16-17 px in Loma,
    Norasi and Noto Serif Thai (1.42x)."""
    heights = {}
    for fam in CARD_FAMILIES:
        q = render_card(3, families=[fam]).truth.field_quads["serial_number"]
        heights[fam] = float(q[:, 1].max() - q[:, 1].min())
    assert max(heights.values()) / min(heights.values()) < 1.15, heights
