"""Line accuracy and character error rate, overall and per text kind."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from pathlib import PurePath

from airocr.engine.thaiid.grammar import edit_distance


def normalise(s: str) -> str:
    """Compare in NFC with runs of spaces collapsed and ends stripped."""
    return " ".join(unicodedata.normalize("NFC", s).split())


def score(preds: list[str], gts: list[str], kinds: list[str]) -> dict[str, dict[str, float]]:
    """{"all": {...}, kind: {...}} with n, line_acc and cer (edits / reference characters)."""
    acc: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0, 0])  # n, correct, edits, chars
    for p, g, k in zip(preds, gts, kinds, strict=True):
        p, g = normalise(p), normalise(g)
        e = edit_distance(p, g)
        for key in ("all", k):
            a = acc[key]
            a[0] += 1
            a[1] += p == g
            a[2] += e
            a[3] += len(g)
    return {k: {"n": a[0], "line_acc": a[1] / a[0], "cer": a[2] / max(1, a[3])} for k, a in sorted(acc.items())}


def font_family(font_file: str) -> str:
    """The family of a rendered line's font file: ``Norasi-BoldItalic.ttf`` -> ``Norasi``."""
    return PurePath(font_file).stem.split("-")[0]


def score_by_kind_and_family(preds: list[str], gts: list[str], kinds: list[str],
                             font_files: list[str]) -> dict[str, dict[str, float]]:
    """``score`` per ``kind/family`` pair: which held-out face a weak kind is weak in."""
    keys = [f"{k}/{font_family(f)}" for k, f in zip(kinds, font_files, strict=True)]
    return {k: v for k, v in score(preds, gts, keys).items() if k != "all"}
