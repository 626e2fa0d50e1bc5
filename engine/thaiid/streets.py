"""Snap the road (ถนน) and lane (ซอย) names of a read Thai address to the names of real roads.

House number, village number, lane and road are the open part of a card's address: unlike the
subdistrict, district and province (:mod:`engine.thaiid.address`), no closed list holds them.
Many addresses still name a well-known road, or a lane named after one (``ซอยลาดพร้าว 53``), and
a recognizer's slip there (``ถนนรามค่าแหง``, ``ซอยเอกชับ``, ``ถนนมิดรภาพ``) can be undone against
the names of real Thai roads: the Thai Wikipedia's ถนน… and ซอย… article titles
(``data/th_streets.json.gz``, built by ``scripts/build_th_streets.py``).

A name is replaced only when it is not on the list itself, is at least ``MIN_LEN`` characters
long, and exactly one listed name is closest to it and within one edit (two from ``TWO_EDITS_LEN``
characters). A well-read name that is not on the list can still be "corrected" to a listed one
a slip away: of 3,000 Thai family names (roads are often named after people) and of 3,000
dictionary words, of five or more characters and none of them listed, 0.47 % and 0.20 % are
changed (``scripts/build_th_streets.py`` measures it when it builds the list).
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from engine.thaiid.grammar import edit_distance

DATA = Path(__file__).resolve().parent / "data" / "th_streets.json.gz"
STREET_WORDS = ("ถนน", "ซอย")  # printed before the name, as one word with it
MIN_LEN = 5  # shorter names are a slip away from too many others
TWO_EDITS_LEN = 9  # from this length a name may differ in two characters
_NAME = re.compile(r"[\u0E01-\u0E4E]+")  # Thai letters and marks only (no digits, no hyphen)


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
        reach = 1 if len(name) < TWO_EDITS_LEN else 2
        scored = sorted((edit_distance(name, c), c) for n in range(len(name) - reach, len(name) + reach + 1)
                        for c in self._by_len.get(n, ()))
        if not scored or scored[0][0] > reach or (len(scored) > 1 and scored[1][0] == scored[0][0]):
            return name
        return scored[0][1]

    def snap(self, address: str) -> tuple[str, int]:
        """The address with the name in each token that starts with ถนน or ซอย snapped
        (:meth:`closest`), and how many names changed."""
        toks = address.split(" ")
        changed = 0
        for k, tok in enumerate(toks):
            word = next((w for w in STREET_WORDS if tok.startswith(w)), None)
            if word is None:
                continue
            name = tok[len(word):]
            new = self.closest(name)
            if new != name:
                toks[k] = word + new
                changed += 1
        return " ".join(toks), changed


def load_street_names(path: Path = DATA) -> StreetNames:
    """The packaged list of road and lane names."""
    return StreetNames(json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))["names"])
