"""Settle where two readings of one text line disagree with a third.

The ID-card reader reads an address row twice, from two crops of the same print: cut from the
rectified card, and warped straight from the photo, and keeps the more confident reading (the
base). The two resamplings blur a small glyph differently, so the readings often disagree in a
letter or two, and the less confident one is sometimes right: `ถนนสาดพร้าว` from the card against
`ถนนลาดพร้าว` from the photo. The recognizer's per-letter probabilities do not tell which one
(taking the letters the other reading was surer of, by a margin fitted on the bench's address
rows, fixed 2 addresses and broke 3 on unseen bench seeds).

So a third reading decides: the base's own source cut again with a margin (:func:`vote`'s
``check``). Where it differs from the base in exactly the other reading's way, the base's
reading of that span did not hold up in its own image, and the other's span is taken; anywhere
else the base stays. Spans with a digit are left alone: the house and village numbers have the
Latin recognizer's digits (grammar.merge_digit_runs).
"""

from __future__ import annotations

from difflib import SequenceMatcher


def _differences(a: str, b: str) -> dict[tuple[int, int], str]:
    """``b``'s text for each span of ``a`` where the two differ (an empty span: an insertion)."""
    return {(i1, i2): b[j1:j2] for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
            if op != "equal"}


def vote(base: str, other: str, check: str) -> str:
    """``base`` with each span where ``other`` differs replaced by ``other``'s, when ``check`` differs
    from ``base`` over the same span in the same way and the span holds no digit."""
    if base == other:
        return base
    seconded = _differences(base, check)
    parts: list[str] = []
    pos = 0
    for (i1, i2), text in sorted(_differences(base, other).items()):
        if seconded.get((i1, i2)) == text and not any(c.isdigit() for c in base[i1:i2] + text):
            parts += [base[pos:i1], text]
            pos = i2
    parts.append(base[pos:])
    return " ".join("".join(parts).split())
