"""Which fields there are, how they are printed, and which grammar reads each one.

Also the choice among a line's readings by its field's grammar (:func:`best_reading`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import Any

from airocr.engine.recognize import LineText
from airocr.engine.thaiid import grammar as G

LATIN_FIELDS = ("id_number", "first_name_en", "last_name_en", "date_of_birth_en", "date_of_issue_en",
                "date_of_expiry_en", "serial_number", "laser_number", "card_number", "name_en", "ref_number")
# Latin fields whose reading is checked without a second reader (see settled_by_first).
SETTLED_BY_GRAMMAR = ("date_of_birth_en", "date_of_issue_en", "date_of_expiry_en")
# Code fields whose first reading stands in when no Latin reading parses unrepaired (see best_reading).
FIRST_AS_FALLBACK = ("serial_number", "laser_number", "card_number")
THAI_FIELDS = ("name_th", "date_of_birth_th", "religion_th", "address_th", "date_of_issue_th", "date_of_expiry_th")
DATE_PAIRS = (("date_of_birth_th", "date_of_birth_en", "birth"), ("date_of_issue_th", "date_of_issue_en", "issue"),
              ("date_of_expiry_th", "date_of_expiry_en", "expiry"))
# Printed captions (Latin ones are matched in the Latin reading; Thai ones in the Thai reading).
CAPTIONS: dict[str, tuple[str, ...]] = {
    "id_number": ("Identification Number", "เลขประจำตัวประชาชน"),
    "name_th": ("ชื่อตัวและชื่อสกุล",),
    "first_name_en": ("Name",),
    "last_name_en": ("Last name",),
    "date_of_birth_th": ("เกิดวันที่",),
    "date_of_birth_en": ("Date of Birth",),
    "religion_th": ("ศาสนา",),
    "address_th": ("ที่อยู่",),
    "date_of_issue_th": ("วันออกบัตร",),
    "date_of_issue_en": ("Date of Issue",),
    "date_of_expiry_th": ("วันบัตรหมดอายุ",),
    "date_of_expiry_en": ("Date of Expiry",),
}

LATIN_PARSERS: dict[str, Callable[[str], G.Parsed]] = {
    "id_number": G.parse_id_number, "serial_number": G.parse_serial, "card_number": G.parse_card_number,
    "laser_number": G.parse_laser, "first_name_en": G.parse_first_name_en, "last_name_en": G.parse_last_name_en,
}
# the Thai fields whose returned value has a grammar of its own (see value_parses)
THAI_PARSERS: dict[str, Callable[[str], G.Parsed]] = {"name_th": G.parse_name_th, "religion_th": G.parse_religion}


def _digit_count(text: str) -> int:
    return len(G.to_digits(text)[0])


def _laser_shape(text: str) -> bool:
    code = "".join(c for c in G.nfc(text) if c.isascii() and c.isalnum())
    return len(code) >= 9 and _digit_count(code) >= 7


@functools.lru_cache(maxsize=1024)
def date_scripts(text: str) -> tuple[bool, bool]:
    """Whether ``text`` reads as a Thai date and as an English date (cached: the assignment asks
    about each line's reading several times)."""
    return bool(G.parse_th_date(text).valid), bool(G.parse_en_date(text).valid)


# a day, a short month (misread or not) and a four-digit year of either era, alone on the line
_DATE_LIKE = re.compile(r"\d{1,2} ?\S{1,6} ?(?:19|20|24|25|26)\d\d")


def date_like(text: str) -> bool:
    """Whether ``text`` has a date's shape even where its month is misread (``6 พ.พ. 2575``): no
    address row does (an address never ends in a year)."""
    return bool(_DATE_LIKE.fullmatch(G.squash_spaces(text)))


def _date_shape(script: str) -> Callable[[str], bool]:
    """A date line of ``script`` (th | en) shows its day's and year's digits, or reads as a date
    (``ตลอดชีพ``); its caption alone (``วันบัตรหมดอายุ``, ``Date of Expiry``) does neither. A Thai line's
    digits may be read as look-alike letters (a blurred date); an English line's must be digits:
    its caption is made of letters that look like digits (``Daes o Eon``). A line that reads as a
    date of the other script only is none of this script's."""
    def shape(text: str) -> bool:
        th, en = date_scripts(text)
        if (en and not th) if script == "th" else (th and not en):
            return False
        digits = _digit_count(text) if script == "th" else sum(c.isdigit() for c in text)
        return digits >= 2 or th or en
    return shape


# What a field's reading must look like to be that field at all, valid or not (a code's length, not
# its check): a ruler number under the portrait (``150``) is no serial, a 12-digit reading no whole ID.
SHAPES: dict[str, Callable[[str], bool]] = {
    "id_number": lambda t: _digit_count(t) == 13,
    "serial_number": lambda t: _digit_count(t) >= 10,
    "card_number": lambda t: _digit_count(t) >= 10,
    "laser_number": _laser_shape,
    **{f"date_of_{d}_{script}": _date_shape(script) for d in ("birth", "issue", "expiry") for script in ("th", "en")},
}


def printed_id(text: str) -> bool:
    """A reading grouped exactly as a card prints its ID (``d dddd ddddd dd d``), whether or not it
    passes the check (specimens and mocks print failing numbers)."""
    return bool(re.fullmatch(r"\d \d{4} \d{5} \d{2} \d", G.squash_spaces(G.nfc(text))))


def has_shape(name: str, text: str) -> bool:
    """Whether ``text`` has field ``name``'s shape (:data:`SHAPES`; fields without one always do)."""
    shape = SHAPES.get(name)
    return shape is None or shape(text)


def latin_parser(name: str) -> Callable[[str], Any] | None:
    """The grammar of a Latin field (an English date without its caption), or None."""
    if name in LATIN_PARSERS:
        return LATIN_PARSERS[name]
    if name.startswith("date_") and name.endswith("_en"):
        caps = CAPTIONS[name]
        return lambda t: G.parse_en_date(G.strip_label(t, caps)[0])
    return None


def value_parses(name: str, text: str) -> bool:
    """Whether a field's returned value parses with its grammar (a Latin field's, the Thai name's or
    the religion's)."""
    parser = THAI_PARSERS.get(name) or latin_parser(name)
    return parser is not None and bool(parser(text).valid)


def value_after_caption(name: str, text: str) -> bool:
    """Whether ``text`` is field ``name``'s caption followed by a value its grammar accepts
    (``ศาสนา พุทธ``): the line is the value's, read with its caption."""
    rest, ok = G.strip_label(text, CAPTIONS.get(name, ()))
    return ok and bool(rest.strip()) and value_parses(name, rest)


def clean_reading(name: str, t: LineText, min_conf: float) -> bool:
    """A confident reading that its field's grammar accepts without repair (no second crop needed)."""
    parser = latin_parser(name)
    if t.confidence < min_conf or parser is None:
        return False
    p = parser(t.text)
    return bool(p.valid) and not p.repaired


def settled_by_first(name: str, first: LineText, settle_conf: float, first_is_thai: bool) -> bool:
    """Whether a line's ``first`` reading, when the Thai recognizer's, settles a field the grammar can
    check on its own, so the slower Latin reading is skipped: the English dates (checked again against
    their Thai twins, which keep their Latin digit vote), read at ``settle_conf`` or more and
    accepted unrepaired. Not the ID: its checksum passes some misreadings (mod 11, then mod 10);
    nor the serial, laser and card numbers, which have none."""
    return (first_is_thai and settle_conf < 1.0 and name in SETTLED_BY_GRAMMAR
            and clean_reading(name, first, settle_conf))


def has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def best_reading(first: LineText, latin: Sequence[LineText], parse: Callable[[str], Any],
                 first_as_fallback: bool = False, shape: Callable[[str], bool] | None = None) -> tuple[Any, float]:
    """The Latin reading that parses best: valid, then unrepaired, then of the field's ``shape``
    (an invalid ID read whole beats one read a digit short), then the recognizer's confidence
    (the ``first`` reading when there is no Latin one). Returns the parse result and its confidence.

    ``first_as_fallback``: when every Latin reading needed repair (letter/digit look-alikes mapped
    by position) and the first reading (the Thai recognizer's) parses without any, the first one is
    taken: the Latin recognizer misreads a laser code's leading ``II`` as ``|1`` or ``14``, which
    the repair maps to a wrong code, while the Thai recognizer reads it as printed.
    """
    readings = list(latin) or [first]
    parsed = [parse(t.text) for t in readings]
    if first_as_fallback and latin and not any(p.valid and not p.repaired for p in parsed):
        p = parse(first.text)
        if p.valid and not p.repaired:
            readings.append(first)
            parsed.append(p)
    best: tuple[tuple[bool, bool, bool, float], Any, float] | None = None
    for t, p in zip(readings, parsed, strict=True):
        key = (bool(p.valid), not p.repaired, shape is None or shape(t.text), t.confidence)
        if best is None or key > best[0]:
            best = (key, p, t.confidence)
    assert best is not None
    return best[1], best[2]


def name_from_prefix(text: str) -> str | None:
    """The part of a reading from a Thai name prefix on, when the prefix follows other words (a
    caption misread past matching, in one box with the name): ``ซ่อหัวและชุ่อสกลุ นาย ยุทธวัชร
    วัยเหนิดลื้อ`` → ``นาย ยุทธวัชร วัยเหนิดลื้อ``. None when no word after the first starts a valid name."""
    words = G.squash_spaces(text).split(" ")
    for k in range(1, len(words) - 2):
        p = G.parse_name_th(" ".join(words[k:]))
        if p.valid and p.value is not None and p.value.split()[0] in G.TH_PREFIXES:
            return p.value
    return None
