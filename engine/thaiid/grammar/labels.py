"""Printed captions at the start of a line (``ชื่อตัวและชื่อสกุล``, ``Name``, ``ศาสนา`` …), matched fuzzily."""

from __future__ import annotations

import functools

from airocr.engine.thaiid.grammar.config import GRAMMAR
from airocr.engine.thaiid.text import prefix_edit_distances, squash_spaces


@functools.lru_cache(maxsize=GRAMMAR.label_cache_size)
def strip_label(text: str, labels: tuple[str, ...],
                max_ratio: float = GRAMMAR.caption_max_ratio) -> tuple[str, bool]:
    """Remove a printed caption at the start of a line (``Name Mr. John`` → ``Mr. John``).

    The caption is matched fuzzily, ignoring spaces and case: the prefix of the line (without spaces)
    whose edit distance to a label is smallest, if within ``max_ratio`` of the label's length.
    Returns ``(rest, stripped)``. Cached: the card reader asks about each line's reading and each
    caption several times (layout registration, assignment, the fields).
    """
    s = squash_spaces(text)
    best: tuple[float, int] | None = None  # (distance ratio, characters of s consumed)
    # map positions in s (with spaces) to positions in the spaceless string
    pos = [i for i, ch in enumerate(s) if ch != " "]
    flat = "".join(s[i] for i in pos).lower()
    for lab in labels:
        key = lab.replace(" ", "").lower()
        hi = min(len(flat), len(key) + GRAMMAR.caption_slack)
        dist = prefix_edit_distances(flat[:hi], key)
        for n in range(max(1, len(key) - GRAMMAR.caption_slack), hi + 1):
            d = dist[n] / len(key)
            if d <= max_ratio and (best is None or d < best[0] or (d == best[0] and pos[n - 1] + 1 > best[1])):
                best = (d, pos[n - 1] + 1)
    if best is None:
        return s, False
    rest = s[best[1]:].lstrip(" :.")
    return rest, True


def starts_with_label(text: str, labels: tuple[str, ...], max_ratio: float = GRAMMAR.caption_max_ratio) -> bool:
    return strip_label(text, labels, max_ratio)[1]
