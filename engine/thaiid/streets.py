"""Snap the road (ถนน, ถ.) and lane (ซอย, ซ.) names of a read Thai address to the names of real roads.

House number, village number, lane and road are the open part of a card's address: unlike the
subdistrict, district and province (:mod:`engine.thaiid.address`), no closed list holds them.
Many addresses still name a well-known road, or a lane named after one (``ซอยลาดพร้าว 53``), and
a recognizer's slip there (``ถนนรามค่าแหง``, ``ซอยตีวานนท์``, ``ถนนมิดรภาพ``) can be undone against
the names of real Thai roads: the Thai Wikipedia's ถนน… and ซอย… article titles
(``data/th_streets.json.gz``, built by ``scripts/data/build_th_streets.py``).

Real road names come in near-twins (เอกชัย and เอกมัย, นิมมานเหมินท์ and นิมมานเหมินทร์), so a
well-read name that is not on the list must not be pulled to a listed one a plain edit away. A
name is therefore replaced only by way of the recognizer's own slips (:func:`slip_distance`): a
look-alike letter read for another (:data:`LOOKALIKES`), or one of the small vowels and marks
(:data:`SMALL`) read for another, lost or added. The name must not be on the list, must be at
least ``MIN_LEN`` characters long, and exactly one listed name must be closest to it, one slip
away (two from ``TWO_SLIPS_LEN`` characters). Of 3,000 Thai family names (roads are often named
after people) and of 3,000 dictionary words, of five or more characters and none of them listed,
0.10 % each are changed (``scripts/data/build_th_streets.py`` measures it when it builds the list);
with plain edits instead of slips it was 0.47 % and 0.20 %, and every ID-card bench card whose
road, once taken off the list, was an edit from a listed twin (เอกชัย, นิมมานเหมินท์) had it changed.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from airocr.engine.thaiid.grammar import STREET_ABBREVIATIONS, STREET_WORDS
from airocr.engine.thaiid.text import edit_distance

DATA = Path(__file__).resolve().parent / "data" / "th_streets.json.gz"
MIN_LEN = 5  # shorter names are a slip away from too many others
TWO_SLIPS_LEN = 9  # from this length a name may be two slips away
_NAME = re.compile(r"[\u0E01-\u0E4E]+")  # Thai letters and marks only (no digits, no hyphen)
# Small vowels and marks, above, below and beside the letters: what blur loses and specks add.
SMALL = frozenset("ะัาำิีึืุู็่้๊๋์ํเแโใไ")
# Letters the Thai recognizer reads one for another: the pairs it confused at least twice on its
# validation lines (held-out fonts, 3 x 2,000 lines, as printed and degraded), aligned letter by
# letter; printed by ``scripts/training/build_lookalikes.py`` (regenerate with a new recognizer).
LOOKALIKES: frozenset[frozenset[str]] = frozenset(frozenset(p) for p in (
    "กค", "กถ", "กท", "กธ", "กภ", "กอ", "ขช", "ขซ", "ขบ", "ขพ", "ขย", "ขอ", "คด", "คต", "คถ", "คท",
    "คพ", "คล", "คศ", "คห", "ฆม", "งจ", "งย", "งร", "จฉ", "จถ", "จร", "จอ", "ชซ", "ชต", "ชท", "ชธ",
    "ชร", "ชศ", "ชส", "ชอ", "ชฮ", "ซร", "ซฮ", "ฌฒ", "ฎฏ", "ฐร", "ฑท", "ฒณ", "ดต", "ดศ", "ตล", "ตศ",
    "ตส", "ตห", "ถล", "ถอ", "ทบ", "ทพ", "ทศ", "ทห", "ธย", "ธอ", "ธฮ", "นบ", "นฝ", "นพ", "นม", "นย",
    "นห", "บป", "บม", "ปม", "ผฝ", "ผม", "ผย", "พฟ", "พศ", "พห", "มล", "ยอ", "ยฮ", "รว", "ลส", "ลห",
    "ศห", "อฮ", "ฯๆ",
))
_NOT_A_SLIP = 99.0


def _slip_cost(a: str, b: str) -> float:
    if a == b:
        return 0.0
    return 1.0 if frozenset((a, b)) in LOOKALIKES or (a in SMALL and b in SMALL) else _NOT_A_SLIP


def slip_distance(reading: str, name: str) -> float:
    """How many of the recognizer's slips turn ``name`` into ``reading`` (see the module
    docstring); any other difference makes it ``_NOT_A_SLIP`` or more."""
    lose = [1.0 if c in SMALL else _NOT_A_SLIP for c in name]  # only small ones can be lost (or added)
    prev = [0.0]
    for cost in lose:
        prev.append(prev[-1] + cost)
    for r in reading:
        add = 1.0 if r in SMALL else _NOT_A_SLIP
        row = [prev[0] + add]
        for j, c in enumerate(name, 1):
            row.append(min(prev[j] + add, row[j - 1] + lose[j - 1], prev[j - 1] + _slip_cost(r, c)))
        prev = row
    return prev[-1]


class StreetNames:
    """The listed road and lane names, indexed by length; create once (:func:`load_street_names`)."""

    def __init__(self, names: list[str]) -> None:
        self.names = frozenset(names)
        self._by_len: dict[int, list[str]] = {}
        for name in self.names:
            self._by_len.setdefault(len(name), []).append(name)

    def closest(self, name: str) -> str:
        """The listed name the reading ``name`` stands for: itself when it is listed, not Thai, too
        short, or not within reach of exactly one closest listed name."""
        if name in self.names or len(name) < MIN_LEN or not _NAME.fullmatch(name):
            return name
        reach = 1 if len(name) < TWO_SLIPS_LEN else 2
        # a slip is one edit, so the plain (fast) edit distance screens the list first
        near = [c for n in range(len(name) - reach, len(name) + reach + 1) for c in self._by_len.get(n, ())
                if edit_distance(name, c) <= reach]
        scored = sorted((slip_distance(name, c), c) for c in near)
        if not scored or scored[0][0] > reach or (len(scored) > 1 and scored[1][0] == scored[0][0]):
            return name
        return scored[0][1]

    def snap(self, address: str) -> tuple[str, int]:
        """The address with the name in each token that starts with ถนน or ซอย, or their
        abbreviations ถ. and ซ., snapped (:meth:`closest`), and how many names changed; a word or
        abbreviation alone (``ถ. สีลม``: a space printed after it) names the next token. The last
        three tokens (subdistrict, district, province) are not a road's."""
        toks = address.split(" ")
        changed = 0
        for k, tok in enumerate(toks):
            word = next((w for w in STREET_WORDS if tok.startswith(w)), None)
            if word is None and k < len(toks) - 3:
                word = next((w for w in STREET_ABBREVIATIONS if tok.startswith(w)), None)
            if word is None:
                continue
            at, head = (k + 1, "") if tok == word else (k, word)
            if head == "" and at >= len(toks) - 3:
                continue  # the name alone would be an administrative unit
            name = toks[at][len(head):]
            new = self.closest(name)
            if new != name:
                toks[at] = head + new
                changed += 1
        return " ".join(toks), changed


def load_street_names(path: Path = DATA) -> StreetNames:
    """The packaged list of road and lane names."""
    return StreetNames(json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))["names"])
