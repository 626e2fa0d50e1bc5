"""Snap the subdistrict, district and province of a read Thai address to the official names.

A Thai ID card prints the registered address ending in three administrative units, in one of
three forms::

    ... แขวง<subdistrict> เขต<district> กรุงเทพมหานคร        (Bangkok)
    ... ต.<subdistrict> อ.<district> จ.<province>              (provincial, abbreviated)
    ... ตำบล<subdistrict> อำเภอ<district> จังหวัด<province>    (provincial, in full)

Those names come from a closed list (``data/th_admin.json.gz``: 77 provinces, 928 districts,
7,436 subdistricts), so a recognizer's look-alike slips in them (ซ/ช, ข/ช, ด/ต, บ/ป …) can be
undone: the triple (province, district in it, subdistrict in that) with the smallest total edit
distance to the reading replaces it, when every part is close enough to be the same name. House
number, village, soi and road are an open vocabulary and are left as read.

When the tail's tokens cannot be taken apart (a misread prefix, a lost space, several slips in
one name), a second matcher aligns every official tail, prefixes and all, against the end of the
reading with spaces ignored (a batched edit distance with a free start), province first, then
district, then subdistrict, and accepts the best triple only when it is clearly closer than any
other. A reading that stops inside the district or province (glare over the row's end) is matched
last, against every official tail allowed to end anywhere after its district's first letter.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

from airocr.engine.thaiid.grammar import UNREAD
from airocr.engine.thaiid.text import edit_distance

DATA = Path(__file__).resolve().parent / "data" / "th_admin.json.gz"
BANGKOK = "กรุงเทพมหานคร"
# Prefix forms per unit: (abbreviated, full); Bangkok's units have one form each.
_PREFIX = {"sub": ("ต.", "ตำบล"), "dist": ("อ.", "อำเภอ"), "prov": ("จ.", "จังหวัด")}
_BKK_PREFIX = {"sub": "แขวง", "dist": "เขต"}
_MAX_PART_RATIO = 0.34  # at most a third of a name's characters may differ from the reading
_MAX_TOTAL_RATIO = 0.2  # ... and a fifth of the three names' characters together, for two slips in a short one
_JUNK_TAIL = re.compile(r"(\s+[^\w\u0E00-\u0E7F]+)+$")  # stray punctuation boxes after the province
# The aligned matcher's forms: (subdistrict, district, province) prefixes; Bangkok has its own.
_FORMS = (("ต.", "อ.", "จ."), ("ตำบล", "อำเภอ", "จังหวัด"))
_BKK_FORM = ("แขวง", "เขต", "")
_ALIGN_KEEP = 3  # candidates within this many edits of the best survive each level
_ALIGN_MAX_RATIO = 0.25  # the best official tail may differ in at most a quarter of its characters
_ALIGN_MARGIN = 2  # ... and must be this many edits closer than any other triple


@dataclass(frozen=True)
class Snap:
    """Result of :meth:`Gazetteer.snap`: the address and how many characters the snap changed
    (0: the reading already spelled the official names; None: the tail was not understood)."""

    text: str
    edits: int | None


class Gazetteer:
    """Thailand's administrative units, indexed for the snap; create once (:func:`load_gazetteer`)."""

    def __init__(self, provinces: dict[str, str], districts: dict[str, str], subdistricts: dict[str, str]) -> None:
        self.provinces = provinces
        self.districts_of: dict[str, list[tuple[str, str]]] = {}
        for code, name in districts.items():
            self.districts_of.setdefault(code[:2], []).append((code, name))
        self.subdistricts_of: dict[str, list[str]] = {}
        for code, name in subdistricts.items():
            self.subdistricts_of.setdefault(code[:4], []).append(name)
        self._tails: list[tuple[str, tuple[str, str, str], tuple[str, str, str], int]] | None = None

    def snap(self, address: str) -> Snap:
        """Snap the last three tokens (subdistrict, district, province) to the closest official triple."""
        if UNREAD in address:
            # print left unread (see UNREAD) among the last three units: only the aligned matcher
            # can let it stand for their letters; before them it is dropped
            if any(UNREAD in tok for tok in address.split()[-3:]):
                snap = self._snap_aligned(_JUNK_TAIL.sub("", address.strip()))
                return Snap(_without_unread(snap.text), snap.edits)
            address = _without_unread(address)
        text = _JUNK_TAIL.sub("", address.strip())
        # A dropped space before an abbreviated prefix ("ต.กู่ทองอ.เชียงยืน"): put it back.
        text = re.sub(r"(?<=[\u0E00-\u0E7F])(?=[ตอจ]\.[\u0E00-\u0E7F])", " ", text)
        toks = text.split()
        if len(toks) < 3:
            return self._snap_aligned(text)
        t_sub, t_dist, t_prov = toks[-3:]
        bangkok = edit_distance(t_prov, BANGKOK) <= 3
        if bangkok:
            parts = [_split(t_sub, (_BKK_PREFIX["sub"],)), _split(t_dist, (_BKK_PREFIX["dist"],))]
            prov_name, full = BANGKOK, False
        else:
            parts = [_split(t_sub, _PREFIX["sub"]), _split(t_dist, _PREFIX["dist"])]
            pp = _split(t_prov, _PREFIX["prov"])
            if pp is None:
                return self._snap_aligned(text)
            prov_name, full = pp[1], pp[0] == 1
        if any(p is None for p in parts):
            return self._snap_aligned(text)
        (_, sub_name), (_, dist_name) = parts  # type: ignore[misc]
        best = self._closest(prov_name, dist_name, sub_name)
        if best is None:
            return self._snap_aligned(text)
        _, prov, dist, sub = best
        if bangkok:
            tail = [f"แขวง{sub}", f"เขต{dist}", BANGKOK]
        else:
            i = 1 if full else 0
            tail = [f"{_PREFIX['sub'][i]}{sub}", f"{_PREFIX['dist'][i]}{dist}", f"{_PREFIX['prov'][i]}{prov}"]
        out = " ".join(toks[:-3] + tail)
        return Snap(out, edit_distance(out, text))

    def _snap_aligned(self, text: str) -> Snap:
        """Fallback snap: the official tail (in one of the printed forms) that best matches the end
        of the reading, spaces ignored; see the module docstring."""
        keep, reading = _spaceless(text)
        if not reading:
            return Snap(text, None)
        # province level: (tail string, province code, form)
        level = [(form[2] + name, code, form) for code, name in self.provinces.items()
                 for form in ((_BKK_FORM,) if name == BANGKOK else _FORMS)]
        level = _best_suffixes(level, reading, 2)
        level = [(form[1] + dname + s, (dcode, dname), form) for s, code, form in level
                 for dcode, dname in self.districts_of.get(code, [])]
        level = _best_suffixes(level, reading, 1)
        tails = [(form[0] + sname + s, (sname, dname, dcode[:2]), form) for s, (dcode, dname), form in level
                 for sname in self.subdistricts_of.get(dcode, [])]
        if not tails:
            return self._snap_cut_short(text)
        costs = suffix_costs([t[0] for t in tails], reading, [len(t[2][0]) for t in tails])
        best, d_best, d_other = _closest_tail(tails, costs)
        if d_best > _ALIGN_MAX_RATIO * len(best[0]) or d_other - d_best < _ALIGN_MARGIN:
            return self._snap_cut_short(text)
        return self._replace_tail(text, keep, reading, best[0], best[1], best[2])

    def _snap_cut_short(self, text: str) -> Snap:
        """Last-resort snap for a reading that stops inside the district or province (glare over
        the row's end: ``127 ต.ผาเลือด อ.ท``): every official tail, whose end may fall anywhere after
        its subdistrict and the first letter of its district, aligned against the reading's end;
        the closest is taken on the aligned matcher's terms, and the units are written out whole."""
        keep, reading = _spaceless(text)
        if not reading:
            return Snap(text, None)
        tails = self._all_tails()
        cands = [t[0] for t in tails]
        costs = suffix_costs(cands, reading, [len(t[2][0]) for t in tails], [t[3] for t in tails])
        best, d_best, d_other = _closest_tail(tails, costs)
        # how much of the best tail the reading holds: its closest prefix, the longest on a tie
        cuts = list(range(best[3], len(best[0]) + 1))
        held = suffix_costs([best[0][:j] for j in cuts], reading, [len(best[2][0])] * len(cuts))
        cut = cuts[max(range(len(cuts)), key=lambda k: (-held[k], k))]
        if d_best > _ALIGN_MAX_RATIO * cut or d_other - d_best < _ALIGN_MARGIN:
            return Snap(text, None)
        return self._replace_tail(text, keep, reading, best[0][:cut], best[1], best[2])

    def _all_tails(self) -> list[tuple[str, tuple[str, str, str], tuple[str, str, str], int]]:
        """Every official tail in every printed form, spaces left out: (tail, (subdistrict,
        district, province code), form, where a reading cut short may end in it at the earliest)."""
        if self._tails is None:
            self._tails = []
            for pcode, prov in self.provinces.items():
                for form in ((_BKK_FORM,) if prov == BANGKOK else _FORMS):
                    for dcode, dname in self.districts_of.get(pcode, []):
                        for sname in self.subdistricts_of.get(dcode, []):
                            head = form[0] + sname + form[1]
                            self._tails.append((head + dname + form[2] + prov, (sname, dname, pcode), form,
                                                len(head) + 1))
        return self._tails

    def _replace_tail(self, text: str, keep: list[int], reading: str, tail: str,
                      names: tuple[str, str, str], form: tuple[str, str, str]) -> Snap:
        """``text`` with the part that reads ``tail`` (spaces left out) replaced by the official units
        ``names`` (subdistrict, district, province code) in ``form``."""
        # where the tail starts in the reading: the start whose suffix is closest to it, at a word
        # boundary on a tie (``ถนนเอกชัย ดนาโพธิ์``: ด for ต. is as close as ย ด, but keeps the ย)
        n, m = len(reading), len(tail)
        starts = range(max(0, n - m - 8), min(n, n - m + 8) + 1)
        start = min(starts, key=lambda st: (_wild_distance(tail, reading[st:], len(form[0])),
                                            st < n and keep[st] > 0 and not text[keep[st] - 1].isspace(),
                                            abs(st - (n - m))))
        sname, dname, pcode = names
        prov = self.provinces[pcode]
        units = [form[0] + sname, form[1] + dname, (form[2] + prov) if prov != BANGKOK else BANGKOK]
        head = text[: keep[start]].rstrip() if start < n else text.rstrip()
        out = " ".join([head, *units]) if head else " ".join(units)
        return Snap(out, edit_distance(_without_unread(out), _without_unread(text)))

    def _closest(self, prov: str, dist: str, sub: str) -> tuple[int, str, str, str] | None:
        dp = {code: edit_distance(prov, name) for code, name in self.provinces.items()}
        lo = min(dp.values())
        combos = []
        for code in (c for c, d in dp.items() if d <= lo + 2):
            for dcode, dname in self.districts_of.get(code, []):
                combos.append((dp[code] + edit_distance(dist, dname), code, dcode, dname))
        if not combos:
            return None
        lo2 = min(c[0] for c in combos)
        best: tuple[int, str, str, str] | None = None
        for pd, code, dcode, dname in (c for c in combos if c[0] <= lo2 + 2):
            for sname in self.subdistricts_of.get(dcode, []):
                ds = edit_distance(sub, sname)
                if best is None or pd + ds < best[0]:
                    best = (pd + ds, self.provinces[code], dname, sname)
        if best is None:
            return None
        _, pname, dname, sname = best
        pairs = ((prov, pname), (dist, dname), (sub, sname))
        d = [edit_distance(read, name) for read, name in pairs]
        # Each unit within a third of its length; a short name (ขลุง) may have two slips when the
        # three units together are close (a fifth of their characters at most).
        close = sum(d) <= _MAX_TOTAL_RATIO * sum(len(n) for _, n in pairs)
        for di, (_, name) in zip(d, pairs, strict=True):
            if di > max(2 if close else 1, int(_MAX_PART_RATIO * len(name))):
                return None
        return best


def suffix_costs(cands: list[str], reading: str, fixed: list[int] | None = None,
                  ends: list[int] | None = None) -> np.ndarray:
    """Edit distance of each candidate to the closest suffix of ``reading`` (the candidate must
    end where the reading ends; where it starts is free), all candidates at once: one
    vectorised DP row per candidate character, insertions by a running minimum.

    An :data:`UNREAD` mark in the reading matches any one candidate character, or none, at no cost,
    except each candidate's first ``fixed`` characters (its unit prefix, ต. or แขวง): the tail must
    start on text that was read, or a run of marks would match the start of any name.

    ``ends``: a reading cut short may end inside a candidate, after its first ``ends`` characters
    (the distance is then to the closest of those prefixes of the candidate)."""
    r = np.frombuffer(reading.encode("utf-32-le"), np.uint32)
    n = len(r)
    lens, order, chars = _encoded(tuple(cands))
    by_len = lens[order]
    wild = r == ord(UNREAD)
    any_wild = bool(wild.any())
    first_free = np.array(fixed if fixed is not None else [0] * len(cands))[order]
    first_end = (np.array(ends) if ends is not None else lens)[order]
    skip = np.r_[0, np.cumsum(~wild)].astype(np.int16)[:, None]  # leaving reading characters unmatched; marks free
    # The table is kept transposed, (reading position, candidate), and the running minimum is taken
    # one position at a time over all candidates (contiguous rows): numpy's ``minimum.accumulate``
    # loops over the candidates instead, ~20x slower on the 14,692 official tails.
    d = np.zeros((n + 1, len(cands)), np.int16)  # the empty prefix matches anywhere for free
    out = np.full(len(cands), np.iinfo(np.int16).max, np.int16)
    for i in range(1, int(by_len[0]) + 1):
        m = int(np.searchsorted(-by_len, -i, side="right"))  # candidates at least i long
        sub = (r[:, None] != chars[i - 1, :m][None, :]).astype(np.int16)
        if any_wild:
            sub[np.ix_(wild, i > first_free[:m])] = 0
        nxt = np.empty((n + 1, m), np.int16)
        nxt[0] = i
        np.minimum(d[:-1, :m] + sub, d[1:, :m] + 1, out=nxt[1:])
        nxt -= skip
        for j in range(1, n + 1):  # insertions: a running minimum
            np.minimum(nxt[j], nxt[j - 1], out=nxt[j])
        nxt += skip
        d = nxt
        np.minimum(out[:m], np.where(first_end[:m] <= i, d[n], out[:m]), out=out[:m])
    costs = np.empty(len(cands), np.int32)
    costs[order] = out
    return costs


@lru_cache(maxsize=32)
def _encoded(cands: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The candidates' lengths, their order longest first (the candidates still going in the DP are
    a prefix of it), and their code points in that order, one row per character position (zero
    padded); cached: the snap compares readings with the same official tails on every card."""
    lens = np.array([len(c) for c in cands])
    order = np.argsort(-lens, kind="stable")
    chars = np.zeros((int(lens.max()), len(cands)), np.uint32)
    for k, j in enumerate(order):
        chars[: lens[j], k] = np.frombuffer(cands[j].encode("utf-32-le"), np.uint32)
    for a in (lens, order, chars):
        a.flags.writeable = False
    return lens, order, chars


def _wild_distance(name: str, reading: str, fixed: int) -> int:
    """Edit distance of ``name`` to all of ``reading``, where an :data:`UNREAD` mark in the
    reading matches any one character of ``name`` after its first ``fixed``, or none, at no cost."""
    prev = list(range(len(reading) + 1))
    for j, ch in enumerate(reading, 1):
        prev[j] = prev[j - 1] + (ch != UNREAD)
    for i, c in enumerate(name, 1):
        cur = [i] + [0] * len(reading)
        for j, ch in enumerate(reading, 1):
            w = ch == UNREAD
            cur[j] = min(prev[j - 1] + (0 if (w and i > fixed) or ch == c else 1), prev[j] + 1,
                         cur[j - 1] + (not w))
        prev = cur
    return prev[-1]


def _spaceless(text: str) -> tuple[list[int], str]:
    """Where ``text``'s non-space characters are, and those characters (the aligned matchers' reading)."""
    keep = [i for i, c in enumerate(text) if not c.isspace()]
    return keep, "".join(text[i] for i in keep)


def _closest_tail(tails: list[tuple], costs: np.ndarray) -> tuple[tuple, int, int]:
    """The tail of least cost, its cost, and the least cost of a tail naming another triple
    (``tails[k][1]``; the same triple in another printed form is no rival)."""
    order = np.argsort(costs, kind="stable")
    best = tails[order[0]]
    d_best = int(costs[order[0]])
    # the first other triple in cost order has the least cost of them (no walk over all 14,692 tails)
    d_other = next((int(costs[k]) for k in order[1:] if tails[k][1] != best[1]), d_best + 99)
    return best, d_best, d_other


def _without_unread(text: str) -> str:
    return " ".join(text.replace(UNREAD, " ").split())


def _best_suffixes(level: list[tuple], reading: str, unit: int, at_most: int = 12) -> list[tuple]:
    """The candidates of one level whose tail strings are within ``_ALIGN_KEEP`` of the best;
    ``unit``: which prefix of the candidates' forms starts their tails (0 subdistrict … 2 province)."""
    if not level:
        return []
    costs = suffix_costs([c[0] for c in level], reading, [len(c[2][unit]) for c in level])
    order = np.argsort(costs, kind="stable")[:at_most]
    return [level[k] for k in order if costs[k] <= costs[order[0]] + _ALIGN_KEEP]


def _split(token: str, prefixes: tuple[str, ...]) -> tuple[int, str] | None:
    """(index of the prefix form, name) of ``ต.บ้านใหม่`` / ``ตำบลบ้านใหม่``; a misread prefix letter
    is accepted (``ส.บ้านใหม่``), as is a full prefix with one slip (``จัง่หวัด``) and stray
    punctuation in front (``.ตำบล``)."""
    token = token.lstrip(".,:;-'\"")
    for i, p in enumerate(prefixes):
        if p.endswith("."):
            if len(token) > 2 and token[1] == ".":
                return i, token[2:]
            continue
        # the slip may be an extra or a missing character: try the prefix lengths around it
        cuts = [n for n in (len(p), len(p) + 1, len(p) - 1) if len(token) > n]
        dist = [edit_distance(token[:n], p) for n in cuts]
        if dist and min(dist) <= 1:
            return i, token[cuts[dist.index(min(dist))]:]
    return None


@cache
def load_gazetteer(path: Path = DATA) -> Gazetteer:
    """The packaged gazetteer (loaded once per process)."""
    d = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
    return Gazetteer(d["provinces"], d["districts"], d["subdistricts"])
