"""Religion: the nearest of the closed list of religions a card prints."""

from __future__ import annotations

import re

from airocr.engine.thaiid.grammar.config import GRAMMAR
from airocr.engine.thaiid.grammar.labels import strip_label
from airocr.engine.thaiid.grammar.parsed import Parsed
from airocr.engine.thaiid.text import edit_distance

RELIGIONS = ("พุทธ", "อิสลาม", "คริสต์", "ฮินดู", "ซิกข์", "ไม่มีศาสนา", "พราหมณ์", "ยูดาย", "ขงจื๊อ")


def parse_religion(text: str) -> Parsed:
    """Nearest religion of the closed list (edit distance ≤ 40 % of its length); the caption is stripped."""
    s, _ = strip_label(text, ("ศาสนา",), GRAMMAR.caption_max_ratio)
    s = re.sub(r"\s", "", s)
    if not s:
        return Parsed(None, False)
    best, best_d = None, 99
    for r in RELIGIONS:
        d = edit_distance(s, r)
        if d < best_d:
            best, best_d = r, d
    if best is not None and best_d <= max(1, int(len(best) * GRAMMAR.religion_max_ratio)):
        return Parsed(best, True, best_d > 0)
    # a religion after a caption misread past strip_label's tolerance ("สาสหาพุทธ": ศาสนา with two
    # look-alikes swapped)
    for r in RELIGIONS:
        if s.endswith(r) and edit_distance(s[: -len(r)], "ศาสนา") <= GRAMMAR.religion_caption_max_edits:
            return Parsed(r, True, True)
    return Parsed(s, False)
