"""Settle a text line's reading by a majority of readings of other crops of the same print.

The ID-card reader reads an address row from two crops of the same print (cut from the rectified
card, and warped straight from the photo) and keeps the more confident reading (the base). A
small, blurred or washed-out glyph is a near tie for the recognizer, and where a crop's edge or
resampling falls decides it: the card reads `ถนนสาดพร้าว` where the photo reads `ถนนลาดพร้าว`. The
recognizer's per-letter probabilities do not tell which one (taking the letters the other reading
was surer of, by a margin fitted on the bench's address rows, fixed 2 addresses and broke 3 on
unseen bench seeds).

So the row is read again from a few more crops (shifted up and down, and with a margin), and a
span of the base is replaced where a strict majority of all the readings spell it the same other
way (:func:`majority`). A near tie that came out wrong in the base's crop tends to come out right in
most of the others, while a letter the print itself makes unclear gives scattered readings that
outvote nothing. Spans with a digit are left alone: the house and village numbers have the Latin
recognizer's digits (grammar.merge_digit_runs).
"""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher


def _differences(a: str, b: str) -> dict[tuple[int, int], str]:
    """``b``'s text for each span of ``a`` where the two differ (an empty span: an insertion)."""
    return {(i1, i2): b[j1:j2] for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
            if op != "equal"}


def majority(base: str, others: list[str]) -> str:
    """``base`` with each span replaced by the text that a strict majority of all the readings
    (``base`` and ``others``) put there instead, unless the span or that text holds a digit;
    spaces tidied.

    Spans are compared as the alignment of each other reading against ``base`` cuts them, so
    two readings vote together only when they differ from the base over the same letters in the
    same way.
    """
    need = (len(others) + 1) // 2 + 1
    votes = Counter((span, text) for other in others for span, text in _differences(base, other).items())
    parts: list[str] = []
    pos = 0
    for ((i1, i2), text), n in sorted(votes.items()):
        if n >= need and i1 >= pos and not any(c.isdigit() for c in base[i1:i2] + text):
            parts += [base[pos:i1], text]
            pos = i2
    parts.append(base[pos:])
    return " ".join("".join(parts).split())
