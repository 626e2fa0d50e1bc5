"""The synthetic Thai ID card generator (scripts/synthesis/thaiid/card.py)."""

from __future__ import annotations

from scripts.synthesis.thai.fonts import faces
from scripts.synthesis.thaiid.card import BODY_EM, CARD_FAMILIES, printed_size, render_card, thai_body_px

# TlwgTypewriter (Debian's fonts-thai-tlwg, so present wherever the tests run) has a small Thai body,
# 0.46 em, like THNiramitAS (0.42 em), which comes from data/fonts and may be missing.
_SMALL_BODY_FAMILIES = ("THNiramitAS", "TlwgTypewriter")


def _available(families: tuple[str, ...]) -> list[str]:
    return [f for f in families if faces(f)]


def test_every_card_family_prints_its_text_at_one_physical_height() -> None:
    """A card is printed at fixed text heights whatever the typeface, and an em size is not one:
    printed at the same em size, THNiramitAS's serial was 12 px tall against 16-17 px in Loma,
    Norasi and Noto Serif Thai (1.42x), TlwgTypewriter's 14 px."""
    fams = _available(tuple(dict.fromkeys(CARD_FAMILIES + _SMALL_BODY_FAMILIES)))
    assert len(fams) >= 3 and any(f in fams for f in _SMALL_BODY_FAMILIES), fams
    heights = {}
    for fam in fams:
        q = render_card(3, families=[fam]).truth.field_quads["serial_number"]
        heights[fam] = float(q[:, 1].max() - q[:, 1].min())
    assert max(heights.values()) / min(heights.values()) < 1.15, heights


def test_printed_size_gives_every_face_the_same_thai_body_height() -> None:
    size = 60
    want = size * BODY_EM
    for fam in _available(("Loma", "Norasi", "NotoSerifThai", "Garuda", "Purisa", *_SMALL_BODY_FAMILIES)):
        face = faces(fam)[0]
        got = thai_body_px(face, printed_size(face, size))
        assert abs(got - want) <= 1.5, (fam, got, want)
