"""The address as read: lines joined and cleaned, numbers taken from the Latin reading, slips in
the road, lane and village-number words undone (the gazetteer snap is :mod:`engine.thaiid.address`)."""

from __future__ import annotations

import re
import unicodedata

from airocr.engine.thaiid.grammar.config import GRAMMAR
from airocr.engine.thaiid.grammar.labels import strip_label
from airocr.engine.thaiid.grammar.parsed import Parsed
from airocr.engine.thaiid.text import THAI_DIGITS, drop_doubled_marks, edit_distance, is_thai_mark, squash_spaces

# Stands in an address reading for one character of print the detector found no box for (a gap in a
# row, washed out by glare), a run of them for the gap's width; the gazetteer's aligned snap lets
# each match one character of a name, or none, at no cost (``address.Gazetteer.snap``).
UNREAD = "\u2026"


_NUMBER = re.compile(r"\d+(?:/\d+)?")  # a number printed in an address: 12, 102/83 (house/sub-plot)


def _number_shape(run: str) -> tuple[int, ...]:
    return tuple(len(g) for g in run.split("/"))


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def merge_digit_runs(thai: str, latin: str, latin_conf: float = 1.0, witness: str = "") -> str:
    """The Thai reading of a line with its numbers (house number, หมู่ที่ …) taken from the Latin
    recognizer's reading of the same line, which reads digits more reliably.

    The numbers correspond when both readings show them in the same order: each Thai number then
    takes the Latin one when they have the same shape (digits per group: ``546/24`` for ``946/24``),
    or when the Latin one is the same digits with the slash the Thai reading lost (``102/83`` for
    ``10283``), or with one digit it lost inside the number (``940`` for ``90``, only when both show
    as many numbers and the Latin reading's confidence ``latin_conf`` is at least
    ``GrammarConfig.inserted_digit_min_conf``: a digit the Thai reading does not show at all needs a
    sure witness). The Latin recognizer reads some Thai letters as digits (``ซอยลาดพร้าว`` as
    ``98ba 7599``), so it may show more numbers: then each Thai number pairs with the next Latin
    one that differs from it in at most one digit (none for a number of one to three characters,
    ``5`` against ``50.q 8``), and when any has none the line is kept as read. ``witness``: another
    reading of the line (the Thai recognizer's of the whole line, caption and all); a lost digit is
    also taken when the witness shows the Latin number as it is, whatever the Latin confidence.
    """
    runs_t = list(_NUMBER.finditer(thai))
    runs_l = _NUMBER.findall(latin.translate(THAI_DIGITS))
    seen = set(_NUMBER.findall(witness.translate(THAI_DIGITS)))
    if not runs_t or len(runs_l) < len(runs_t):
        return thai

    def fits(t: str, lat: str) -> bool:
        if _number_shape(t) == _number_shape(lat):
            # a number of up to three characters is one digit from too many others to pair on it
            slips = sum(a != b for a, b in zip(t, lat, strict=True))
            return len(runs_l) == len(runs_t) or slips <= (len(t) >= GRAMMAR.slip_min_number_chars)
        if "/" not in t and lat.replace("/", "") == t:
            return True
        # a digit the Thai reading lost inside a number (940 read 90), when the numbers correspond
        # one to one; a digit more at an end is more often a letter the Latin reading took for one
        # (ต. after หมู่ที่ 11 read ``119.a``)
        return len(runs_l) == len(runs_t) and (latin_conf >= GRAMMAR.inserted_digit_min_conf or lat in seen) \
            and t.count("/") == lat.count("/") and len(lat) == len(t) + 1 and lat[0] == t[0] and lat[-1] == t[-1] \
            and _is_subsequence(t, lat)

    picked, at = [], 0
    for m in runs_t:
        k = next((k for k in range(at, len(runs_l)) if fits(m.group(), runs_l[k])), None)
        if k is None or (len(runs_l) == len(runs_t) and k != at):
            return thai
        picked.append(runs_l[k])
        at = k + 1
    out, at = [], 0
    for m, d in zip(runs_t, picked, strict=True):
        out += [thai[at: m.start()], d]
        at = m.end()
    return "".join(out) + thai[at:]


STREET_WORDS = ("ถนน", "ซอย")  # printed before a road's / a lane's name, written as one word with it
STREET_ABBREVIATIONS = ("ถ.", "ซ.")  # the same words abbreviated, as real cards usually print them
ALLEY_WORD = "ตรอก"  # an alley, printed before its name (never abbreviated), before the lane and road
LANE_ROAD_LETTERS = "ซถ"  # the letters of those abbreviations (lane, road)
# Letters whose abbreviation may stand before the subdistrict as read: lane, road, หมู่ (village)
_HEAD_ABBREVIATIONS = frozenset("ซถม")
_SUBDISTRICT_UNITS = ("ต.", "ตำบล", "แขวง")  # the subdistrict's prefixes (provincial abbreviated, in full, Bangkok)
_DISTRICT_UNITS = ("อ.", "อำเภอ", "เขต")
# a consonant and a dot glued to a name's first letter (a consonant or a leading vowel): ซ.สุขุมวิท
_LETTER_DOT = re.compile(r"[\u0E01-\u0E2E]\.(?=[\u0E01-\u0E2E\u0E40-\u0E44])")
# the same abbreviation printed with a space after the dot (``ถ. สีลม``): a token of a consonant (or a
# digit the letter was read as: ``0.``) and a dot alone, followed by a token starting with a name's letter
_BARE_LETTER_DOT = re.compile(r"[\u0E01-\u0E2E0-9]\.")
_NAME_START = re.compile(r"[\u0E01-\u0E2E\u0E40-\u0E44]")


def _before_subdistrict(tokens: list[str]) -> int:
    """The index of the subdistrict's token (see :func:`lane_road_slots`); 0 when the grammar places none."""
    sub = [j for j, t in enumerate(tokens) if t.startswith(_SUBDISTRICT_UNITS)]
    if sub:
        return sub[-1]
    dist = [j for j, t in enumerate(tokens) if t.startswith(_DISTRICT_UNITS)]
    return max(dist[0] - 1, 0) if dist else 0


def glued_lane_road(tokens: list[str]) -> list[int]:
    """Indices of the address tokens (in reading order) where the grammar puts a lane or a road and
    the reading shows its abbreviation glued to the name: a :func:`lane_road_slots` slot, or ``ซ.`` /
    ``ถ.`` as read (``ถ.สีลม``), before the subdistrict. Where a space was printed after the dot and
    read lost, the recognizer's alternatives may put it back (``engine.thaiid.fields.lane_road``)."""
    end = _before_subdistrict(tokens)
    return [k for k in range(end) if _LETTER_DOT.match(tokens[k]) and tokens[k][0] != "ม"]


def lane_road_slots(tokens: list[str]) -> list[int]:
    """Indices of the address tokens (in reading order) where the grammar puts a lane or a road but
    the reading shows another letter's abbreviation: a consonant and a dot glued to a name
    (``ช.สุขุมวิท``, ``ต.มิตรภาพ``), or alone before a name (``ต. สีลม``, ``0. สีลม``: a space printed after
    the dot), before the subdistrict, and no ซ. / ถ. / ม. as read.

    The subdistrict is the last token with its prefix (``ต.``, ``ตำบล``, ``แขวง``): a ``ต.`` followed
    by a second ``ต.`` (or, in Bangkok, by ``แขวง``) stands before it, so it is a road read with a
    look-alike letter; the last ``ต.`` stays the subdistrict. Without a subdistrict prefix the
    token before the first district (``อ.``, ``อำเภอ``, ``เขต``) is taken for it; without either, the
    grammar places nothing."""
    end = _before_subdistrict(tokens)
    return [k for k in range(end) if tokens[k][:1] not in _HEAD_ABBREVIATIONS
            and (_LETTER_DOT.match(tokens[k]) or _spaced_abbreviation(tokens, k, end))]


def _spaced_abbreviation(tokens: list[str], k: int, end: int) -> bool:
    """Whether ``tokens[k]`` is a letter and a dot alone with a name after it, before the token ``end``."""
    return k + 1 < end and bool(_BARE_LETTER_DOT.fullmatch(tokens[k])) and bool(_NAME_START.match(tokens[k + 1]))


def repair_street_words(address: str) -> str:
    """Undo one slip in the printed word that starts a road, lane or alley token (``ถนพบางนา``,
    ``ถนุนสาทร``, ``นนพัฒนาการ`` → ``ถนน…``; ``ซอนสุขุมวิท`` → ``ซอย…``; ``ตวอกข้าวสาร`` → ``ตรอก…``).
    The last three tokens (the administrative units, snapped to the gazetteer separately) and tokens
    starting with a digit are left alone, and a name of at least two letters must follow the word."""
    toks = address.split(" ")
    words = (*STREET_WORDS, ALLEY_WORD)
    for k, tok in enumerate(toks[:-3]):
        if (not tok or tok[0].isdigit() or tok.startswith(words + STREET_ABBREVIATIONS)
                or (k and toks[k - 1] in words)):
            continue  # (a name after a bare ถนน may itself start like one: ถนน นนทบุรี)
        for word in words:
            # the slip may be a letter swapped, added or lost; a cut never splits a mark from its
            # letter (ถนุน|สาทร, not ถนุ|นสาทร), but may follow a vowel written after its letter
            # (ถนะ|สุขุมวิท: a letter read as sara a)
            cuts = [n for n in (len(word), len(word) + 1, len(word) - 1)
                    if len(tok) - n >= GRAMMAR.street_name_min_chars
                    and unicodedata.category(tok[n - 1]) != "Mn" and not is_thai_mark(tok[n])]
            dist = [edit_distance(tok[:n], word) for n in cuts]
            if dist and min(dist) <= GRAMMAR.street_word_max_edits:
                toks[k] = word + tok[cuts[dist.index(min(dist))]:]
                break
    return " ".join(toks)


_MOO = "หมู่ที่"  # "village number", printed before it


def repair_moo(address: str) -> str:
    """Undo a slip in ``หมู่ที่`` (village number), which a card prints before a number of one to three
    digits: a word within two edits of it there is it (``หมูที่ 7``, ``หมู่ท่ 9``: the marks over
    the line are the ones small print and blur lose), and is set apart from a number read glued to
    it (``หมู่ที่3``) or to the word after it (``หมู่ที่ 2ซอยประชาอุทิศ``)."""
    # the space before or after the number lost (``หมู่ที่3``, ``2ซอย``): put it back
    toks: list[str] = []
    for tok in address.split(" "):
        m = re.fullmatch(r"(\D{4,9})(\d{1,3})", tok)
        if m and edit_distance(m[1], _MOO) <= GRAMMAR.moo_max_edits:
            toks += [m[1], m[2]]
            continue
        m = re.fullmatch(r"(\d{1,3})([\u0E01-\u0E2E]\S+)", tok)  # a number, then a word's first consonant
        toks += [m[1], m[2]] if m and toks and edit_distance(toks[-1], _MOO) <= GRAMMAR.moo_max_edits else [tok]
    for k in range(len(toks) - 1):
        tok = toks[k]
        if tok != _MOO and len(tok) >= 4 and re.fullmatch(r"\d{1,3}", toks[k + 1]) \
                and edit_distance(tok, _MOO) <= GRAMMAR.moo_max_edits:
            toks[k] = _MOO
    return " ".join(toks)


def parse_address(lines: list[str]) -> Parsed:
    """Address lines joined into one line, whitespace normalised; the ``ที่อยู่`` caption and stray
    leading punctuation are stripped, a space read on one side of a hyphen dropped, marks an address
    does not print dropped, a Thai word and a number read glued set apart, a doubled mark dropped
    (:func:`drop_doubled_marks`), a slip in a road or lane word or in ``หมู่ที่`` undone
    (:func:`repair_street_words`, :func:`repair_moo`)."""
    parts = [squash_spaces(t) for t in lines if t and t.strip()]
    if not parts:
        return Parsed(None, False)
    parts[0], _ = strip_label(parts[0], ("ที่อยู่",), GRAMMAR.caption_max_ratio)
    # a stray mark read before the house number (``'497/176``): an address starts with a letter or
    # digit, or with print left unread (UNREAD)
    s = re.sub(rf"^[^\w\u0E00-\u0E7F{UNREAD}]+", "", squash_spaces(" ".join(parts)))
    # a space read on one side of a hyphen inside a name (``บางนา -ตราด``)
    s = re.sub(r"(?<=[\u0E00-\u0E7F])(?: -|- )(?=[\u0E00-\u0E7F])", "-", s)
    # marks an address does not print, read off specks (``ถนนรามคำแหง:``), and the space lost before
    # a lane's or road's number (``ซอยพัฒนาการ4``: a Thai word holds no digit)
    s = squash_spaces(re.sub(r"[:;!?|\"'`]+", "", s))
    s = re.sub(r"(?<=[\u0E01-\u0E4E])(?=\d)", " ", s)
    s = repair_moo(repair_street_words(drop_doubled_marks(s)))
    return Parsed(s or None, bool(re.search(r"\d", s)) and len(s) >= GRAMMAR.address_min_chars)
