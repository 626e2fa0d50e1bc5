"""Grammar of the Thai ID card fields: parse, normalise and repair OCR readings (pure functions, no models).

Every parser returns a :class:`Parsed`: the normalised ``value`` (``None`` when nothing usable was read),
whether it is ``valid`` for the field's grammar and whether it had to be ``repaired`` (character
confusions mapped, a check digit fixed, a date rebuilt from its other-language twin). The field reader
multiplies the recognizer's confidence by :attr:`Parsed.factor`, so a repaired or invalid value always
scores lower than a clean valid one: a passing check is evidence, not proof.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# ---------------------------------------------------------------- common
FACTOR_VALID = 1.0
FACTOR_REPAIRED = 0.85
FACTOR_INVALID = 0.5


@dataclass(frozen=True)
class Parsed:
    """A field value after grammar parsing."""

    value: str | None
    valid: bool
    repaired: bool = False

    @property
    def factor(self) -> float:
        """Confidence multiplier: 1 for clean valid, lower for repaired, lowest for invalid."""
        if self.value is None:
            return 0.0
        if not self.valid:
            return FACTOR_INVALID
        return FACTOR_REPAIRED if self.repaired else FACTOR_VALID


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def squash_spaces(text: str) -> str:
    """Collapse runs of whitespace to one space and trim."""
    return " ".join(nfc(text).split())


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (strings here are short: labels, months, religions, place names).

    The last entry of :func:`prefix_edit_distances` with the shorter string as the key: the same
    number as the plain dynamic-programming table (checked on 30,000 random pairs, and by the tests
    against a table of their own), ~8x faster on 3-20 characters; the address snap compares a
    reading with every province and district name.
    """
    if len(a) < len(b):
        a, b = b, a
    return prefix_edit_distances(a, b)[-1] if b else len(a)


def prefix_edit_distances(s: str, key: str) -> list[int]:
    """``[edit_distance(s[:n], key) for n in range(len(s) + 1)]`` in one pass over ``s``.

    Myers' bit-parallel edit distance (Hyyrö's formulation, global: the top row of the table
    counts up, so no free start in ``s``): one column of the dynamic-programming table is one
    integer of ``len(key)`` bits, and the score tracked is the table's last row, i.e. the distance
    of each prefix of ``s`` to all of ``key``. The card reader calls this ~175 times per card to
    find printed captions; the plain table took ~8x longer.
    """
    m = len(key)
    if m == 0:
        return list(range(len(s) + 1))
    peq: dict[str, int] = {}  # per character, the positions where ``key`` has it
    for i, c in enumerate(key):
        peq[c] = peq.get(c, 0) | (1 << i)
    full, top = (1 << m) - 1, 1 << (m - 1)
    pv, mv, score = full, 0, m  # vertical +1 / -1 deltas of the current column; its last cell
    out = [m]
    for c in s:
        eq = peq.get(c, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & full)  # horizontal +1 / -1 deltas
        mh = pv & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        ph = ((ph << 1) | 1) & full
        mh = (mh << 1) & full
        pv = mh | (~(xv | ph) & full)
        mv = ph & xv
        out.append(score)
    return out


_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# Letters and symbols a recognizer returns for a digit (positionally: only where a digit must be).
LETTER_TO_DIGIT = {
    "O": "0", "o": "0", "D": "0", "Q": "0", "U": "0", "u": "0", "C": "0", "c": "0",
    "I": "1", "l": "1", "|": "1", "i": "1", "!": "1", "L": "1", "J": "1", "j": "1", "[": "1", "]": "1",
    "Z": "2", "z": "2", "E": "3", "A": "4", "h": "4", "S": "5", "s": "5", "$": "5",
    "G": "6", "b": "6", "T": "7", "t": "7", "?": "7", "B": "8", "&": "8", "g": "9", "q": "9", "P": "9",
}
DIGIT_TO_LETTER = {"0": "O", "1": "I", "2": "Z", "3": "B", "4": "A", "5": "S", "6": "G", "7": "T", "8": "B", "9": "P"}
# Digit pairs that recognizers confuse, tried first when a check digit fails.
DIGIT_CONFUSIONS: dict[str, str] = {
    "0": "869", "1": "74", "2": "7", "3": "85", "4": "19", "5": "63", "6": "508", "7": "12", "8": "0369",
    "9": "840",
}


def to_digits(text: str) -> tuple[str, int]:
    """Keep the digits of ``text``, mapping digit look-alike letters; returns (digits, number mapped).

    Spaces, hyphens and dots are separators and dropped; any other character is dropped too.
    """
    out: list[str] = []
    mapped = 0
    for ch in nfc(text).translate(_THAI_DIGITS):
        if ch.isdigit() and ch.isascii():
            out.append(ch)
        elif ch in LETTER_TO_DIGIT:
            out.append(LETTER_TO_DIGIT[ch])
            mapped += 1
    return "".join(out), mapped


# ---------------------------------------------------------------- ID number
def id_checksum(first12: str) -> int:
    """Mod-11 check digit: ``(11 − Σ d_i·(14−i) mod 11) mod 10`` over the first 12 digits (i = 1…12).

    Note the weight of digit 3 is 11 ≡ 0 (mod 11): an error there is invisible to the check.
    """
    return (11 - sum(int(c) * (13 - i) for i, c in enumerate(first12)) % 11) % 10


def id_valid(digits: str) -> bool:
    return len(digits) == 13 and digits.isdigit() and id_checksum(digits[:12]) == int(digits[12])


def format_id(digits: str) -> str:
    """``1 2345 67890 12 3`` grouping of a 13-digit ID."""
    return f"{digits[0]} {digits[1:5]} {digits[5:10]} {digits[10:12]} {digits[12]}"


def _repair_id(digits: str, char_conf: list[float] | None) -> str | None:
    """One-digit repair of a 13-digit ID whose check fails; ``None`` when no unique fix exists.

    With per-digit confidences the least confident digit (if clearly uncertain) is tried with every
    value; otherwise the common confusion pairs at every position. Only a *unique* passing candidate
    is accepted.
    """
    if char_conf is not None and len(char_conf) == 13:
        worst = min(range(13), key=lambda i: char_conf[i])
        if char_conf[worst] < 0.9 and worst != 2:  # digit 3 has weight 11: the check says nothing about it
            cands = {digits[:worst] + a + digits[worst + 1:] for a in "0123456789" if a != digits[worst]}
            valid = {c for c in cands if id_valid(c)}
            if len(valid) == 1:
                return valid.pop()
    cands = set()
    for i, d in enumerate(digits):
        for a in DIGIT_CONFUSIONS[d]:
            c = digits[:i] + a + digits[i + 1:]
            if id_valid(c):
                cands.add(c)
    return cands.pop() if len(cands) == 1 else None


def parse_id_number(text: str, char_conf: list[float] | None = None) -> Parsed:
    """13-digit citizen ID → ``1 2345 67890 12 3``; repairs look-alike letters and one wrong digit."""
    digits, mapped = to_digits(text)
    if len(digits) > 13:  # a stray mark read as a digit: drop one digit if that gives a unique valid ID
        cands = {digits[:i] + digits[i + 1:] for i in range(len(digits))} if len(digits) == 14 else set()
        valid = {c for c in cands if id_valid(c)}
        if len(valid) == 1:
            return Parsed(format_id(valid.pop()), True, True)
        return Parsed(digits, False, mapped > 0)
    if len(digits) != 13:
        return Parsed(digits or None, False, mapped > 0)
    if id_valid(digits):
        return Parsed(format_id(digits), True, mapped > 0)
    fixed = _repair_id(digits, char_conf)
    if fixed is not None:
        return Parsed(format_id(fixed), True, True)
    return Parsed(format_id(digits), False, mapped > 0)


def card_type_from_id(id_value: str | None) -> str | None:
    """``pink`` (non-Thai resident) for IDs starting with 6, 7 or 8; ``normal`` for 1–5; else unknown."""
    if not id_value:
        return None
    d = id_value.strip()[:1]
    if d in ("6", "7", "8"):
        return "pink"
    if d in ("1", "2", "3", "4", "5"):
        return "normal"
    return None


# ---------------------------------------------------------------- serial / laser / card number
def _digit_groups(text: str, groups: tuple[int, ...]) -> Parsed:
    digits, mapped = to_digits(text)
    if len(digits) != sum(groups):
        return Parsed(_keep_code_chars(text) or None, False, mapped > 0)
    out, k = [], 0
    for g in groups:
        out.append(digits[k:k + g])
        k += g
    return Parsed("-".join(out), True, mapped > 0)


def _keep_code_chars(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z-]", "", nfc(text).translate(_THAI_DIGITS))


SERIAL_GROUPS = (4, 2, 8)


def parse_serial(text: str) -> Parsed:
    """Front serial (and back ``card_number``) ``DDDD-DD-DDDDDDDD``."""
    return _digit_groups(text, SERIAL_GROUPS)


parse_card_number = parse_serial


def parse_laser(text: str) -> Parsed:
    """Back laser code ``AA0-0000000-00``: 2 letters, then 10 digits grouped 1-7-2; letter/digit repair by position."""
    raw = re.sub(r"[^0-9A-Za-z|!$&?\[\]]", "", nfc(text).translate(_THAI_DIGITS))
    if len(raw) != 12:
        return Parsed(_keep_code_chars(text).upper() or None, False, False)
    repaired = False
    letters = []
    for ch in raw[:2]:
        if ch.isalpha() and ch.isascii():
            letters.append(ch.upper())
            repaired |= not ch.isupper()
        elif ch in DIGIT_TO_LETTER:
            letters.append(DIGIT_TO_LETTER[ch])
            repaired = True
        else:
            return Parsed(_keep_code_chars(text).upper() or None, False, False)
    digits, mapped = to_digits(raw[2:])
    if len(digits) != 10:
        return Parsed(_keep_code_chars(text).upper() or None, False, repaired)
    return Parsed(f"{''.join(letters)}{digits[0]}-{digits[1:8]}-{digits[8:]}", True, repaired or mapped > 0)


# ---------------------------------------------------------------- dates
TH_MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
TH_MONTHS_FULL = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม",
                  "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
EN_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sep.", "Oct.", "Nov.", "Dec.")
_EN_KEYS = tuple(m[:3].lower() for m in EN_MONTHS)
_TH_KEYS = tuple(m.replace(".", "") for m in TH_MONTHS)  # consonant skeletons: มค กพ มีค …
BE_OFFSET = 543
LIFELONG_TH = "ตลอดชีพ"
LIFELONG_EN = "LIFELONG"
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True)
class CardDate:
    """A calendar date (Gregorian year) or the lifelong expiry marker."""

    day: int = 0
    month: int = 0  # 1..12
    year: int = 0  # CE
    lifelong: bool = False

    def th(self) -> str:
        """``5 ก.พ. 2493`` (Buddhist-era year) or ``ตลอดชีพ``."""
        return LIFELONG_TH if self.lifelong else f"{self.day} {TH_MONTHS[self.month - 1]} {self.year + BE_OFFSET}"

    def en(self) -> str:
        """``5 Feb. 1950`` or ``LIFELONG``."""
        return LIFELONG_EN if self.lifelong else f"{self.day} {EN_MONTHS[self.month - 1]} {self.year}"

    def key(self) -> tuple[int, int, int]:
        return (9999, 12, 31) if self.lifelong else (self.year, self.month, self.day)


@dataclass(frozen=True)
class DateReading:
    """A parsed date and how it was obtained."""

    date: CardDate | None
    valid: bool
    repaired: bool = False
    text: str | None = None  # normalised text as read (may be invalid)


def _plausible(day: int, month: int, year_ce: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month - 1] and 1900 <= year_ce <= 2100


def _fuzzy_lifelong(s: str, target: str) -> bool:
    s = re.sub(r"[\s.]", "", s)
    return bool(s) and edit_distance(s.lower(), target.lower()) <= max(1, len(target) // 4)


def _nearest(key: str, keys: tuple[str, ...], max_dist: int) -> tuple[int, int]:
    """Index of the nearest key and its distance (−1 when none is within ``max_dist``, or when two
    keys are equally near: ``Ju`` could be Jun or Jul, and guessing would invent a value)."""
    dists = [edit_distance(key, k) for k in keys]
    best_d = min(dists)
    if best_d > max_dist or dists.count(best_d) > 1:
        return -1, best_d
    return dists.index(best_d), best_d


def parse_en_date(text: str) -> DateReading:
    """``5 Feb. 1950`` (also ``5Feb1950``, ``05 FEB. 1950``, ``5 Sept. 1950``) or ``LIFELONG``."""
    s = squash_spaces(text)
    if not s:
        return DateReading(None, False)
    if _fuzzy_lifelong(s, LIFELONG_EN):
        return DateReading(CardDate(lifelong=True), True, s.replace(" ", "") != LIFELONG_EN, s)
    read = s
    s = re.sub(r"(?<![0-9A-Za-z])0(?=[a-z]{2})", "O", s)  # "19 0ct. 2017": a zero that starts a month word
    m = re.search(r"([0-9OoIlSZB|]{1,2})\s*[.,]?\s*([A-Za-z]{2,5})\s*[.,:;]?\s*([0-9OoIlSZB|]{4})", s)
    if not m:
        return DateReading(None, False, False, s)
    (d_s, d_map), (y_s, y_map) = to_digits(m.group(1)), to_digits(m.group(3))
    word = m.group(2).lower()
    mi, dist = _nearest(word[:3], _EN_KEYS, 1)  # "Sept" / "SEPT." → Sep.
    if mi < 0 or not d_s or len(y_s) != 4:
        return DateReading(None, False, False, s)
    day, year = int(d_s), int(y_s)
    if not _plausible(day, mi + 1, year):
        return DateReading(None, False, False, s)
    date = CardDate(day, mi + 1, year)
    repaired = bool(d_map or y_map or dist) or date.en() != read
    return DateReading(date, True, repaired, read)


def _th_month(word: str) -> tuple[int, int]:
    """Month index from a Thai month token (abbreviated, with or without dots/spaces, or full name)."""
    w = re.sub(r"[\s.,]", "", word)
    if not w:
        return -1, 99
    for i, full in enumerate(TH_MONTHS_FULL):
        if edit_distance(w, full) <= max(1, len(full) // 4):
            return i, 1
    return _nearest(w, _TH_KEYS, 1 if len(w) >= 2 else 0)


def parse_th_date(text: str) -> DateReading:
    """``5 ก.พ. 2493`` (also ``5 ก. พ. 2493``, ``5 กพ 2493``, Thai digits, full month names) or ``ตลอดชีพ``."""
    s = squash_spaces(text).translate(_THAI_DIGITS)
    if not s:
        return DateReading(None, False)
    if _fuzzy_lifelong(s, LIFELONG_TH):
        return DateReading(CardDate(lifelong=True), True, s != LIFELONG_TH, s)
    m = re.search(r"([0-9OoIlSZB|]{1,2})\s*([\u0E00-\u0E7F][\u0E00-\u0E7F.\s]*?)\s*([0-9OoIlSZB|]{4})", s)
    if not m:
        return DateReading(None, False, False, s)
    (d_s, d_map), (y_s, y_map) = to_digits(m.group(1)), to_digits(m.group(3))
    mi, dist = _th_month(m.group(2))
    if mi < 0 or not d_s or len(y_s) != 4:
        return DateReading(None, False, False, s)
    day, year = int(d_s), int(y_s) - BE_OFFSET
    if not _plausible(day, mi + 1, year):
        return DateReading(None, False, False, s)
    date = CardDate(day, mi + 1, year)
    return DateReading(date, True, bool(d_map or y_map or dist) or date.th() != s, s)


def date_digits_hint(text: str) -> tuple[int | None, int | None]:
    """Day and 4-digit year from any reading of a date line (e.g. the Latin recognizer on a Thai date,
    which reads the digits right and the Thai month as junk: ``4 W.A.2560`` → (4, 2560))."""
    s = nfc(text).translate(_THAI_DIGITS)
    m = re.match(r"\s*(\d{1,2})\D", s)
    y = re.findall(r"(\d{4})\s*$", s.strip())
    return (int(m.group(1)) if m else None, int(y[-1]) if y else None)


@dataclass(frozen=True)
class DatePair:
    """Reconciled Thai + English versions of one date; factors multiply the recognizer confidences."""

    th: str | None
    en: str | None
    th_factor: float
    en_factor: float
    date: CardDate | None


def reconcile_dates(th: DateReading | None, en: DateReading | None,
                    th_hint: tuple[int | None, int | None] = (None, None),
                    others: Sequence[tuple[int | None, int | None]] = ()) -> DatePair:
    """Cross-check a date printed in Thai (BE) and English (CE) and repair one from the other.

    Both must denote the same day (BE = CE + 543). When they agree both are valid. When one is
    broken it is rebuilt from the other, but only if the broken line exists (``th``/``en`` is not
    ``None``) and none of its legible digits contradict (``th_hint``: day and BE year read from the
    Thai line by the Latin recognizer, overruled where the Thai recognizer's own digits of that line
    agree with the other date); rebuilt values get the repaired factor. When both parse but
    disagree, each component (day, month, year) is voted by the three sources, ties going to the
    English reading (the stronger recognizer), and the loser is marked repaired. ``others``: (day,
    CE year) as the other readings of the two lines show them (None where unclear); they vote on
    day and year too, and also when only one line parses: its day and year stand unless the
    broken line's legible digits, the hint and the other readings outvote them (``12 ต.ค. 2507``
    with ``12 0d.2024`` and the hint's 2567 is 2567).
    """
    ed = en.date if en is not None and en.valid else None
    td = th.date if th is not None and th.valid else None
    hd, hy = th_hint
    hy_ce = hy - BE_OFFSET if hy is not None else None

    def fac(r: DateReading | None, out: str | None, native: str | None) -> float:
        if out is None:
            return 0.0
        if r is not None and r.valid and not r.repaired and native == out:
            return FACTOR_VALID
        return FACTOR_REPAIRED

    if ed is not None and td is not None:
        if ed == td:
            return DatePair(td.th(), ed.en(), fac(th, td.th(), th.text), fac(en, ed.en(), en.text), ed)
        if ed.lifelong or td.lifelong:  # one says lifelong, the other a date: keep both, distrust both
            return DatePair(td.th(), ed.en(), FACTOR_INVALID, FACTOR_INVALID, None)
        day = _vote(ed.day, [ed.day if hd is None else hd, td.day, *(d for d, _ in others)])
        year = _vote(ed.year, [ed.year if hy_ce is None else hy_ce, td.year, *(y for _, y in others)])
        month = ed.month
        if not _plausible(day, month, year):
            return DatePair(td.th(), ed.en(), FACTOR_INVALID, FACTOR_INVALID, None)
        d = CardDate(day, month, year)
        return DatePair(d.th(), d.en(), FACTOR_REPAIRED if d != td else fac(th, d.th(), th.text),
                        FACTOR_REPAIRED if d != ed else fac(en, d.en(), en.text), d)
    own_d, _, own_y = date_fragments(th.text if th else None, True)  # the Thai line's own digits
    if ed is not None and td is None and not ed.lifelong:
        ed = _outvoted(ed, [(hd, hy_ce), (own_d, own_y), *others])
    elif td is not None and ed is None and not td.lifelong:
        td = _outvoted(td, [(hd, hy_ce), date_fragments(en.text if en else None, False)[::2], *others])
    if ed is not None:
        assert en is not None
        if th is None:
            return DatePair(None, ed.en(), 0.0, fac(en, ed.en(), en.text), ed)
        # the hint's digits contradict the English date unless the Thai line's own reading of the
        # same digits agrees with it (two readings against one: ``6 เ.ย. 2557`` read 2587 by the
        # Latin recognizer, 6 Apr. 2014 in English, is 6 เม.ย. 2557)
        contradicts = not ed.lifelong and ((hd is not None and hd != ed.day and own_d != ed.day)
                                           or (hy_ce is not None and hy_ce != ed.year and own_y != ed.year))
        th_out = None if contradicts else ed.th()
        return DatePair(th_out if th_out else th.text, ed.en(), FACTOR_REPAIRED if th_out else FACTOR_INVALID,
                        fac(en, ed.en(), en.text), ed)
    if td is not None:
        en_out = td.en()
        if en is None:
            return DatePair(td.th(), None, fac(th, td.th(), th.text), 0.0, td)
        return DatePair(td.th(), en_out, fac(th, td.th(), th.text), FACTOR_REPAIRED, td)
    d = _date_from_fragments(th, en, th_hint)
    if d is not None:
        return DatePair(d.th() if th is not None else None, d.en() if en is not None else None,
                        FACTOR_FRAGMENTS, FACTOR_FRAGMENTS, d)
    return DatePair(th.text if th is not None else None, en.text if en is not None else None,
                    FACTOR_INVALID, FACTOR_INVALID, None)


def _vote(own: int, votes: Sequence[int | None]) -> int:
    """The commonest of ``own`` and ``votes`` (None: no vote), ties going to ``own``."""
    vs = [own, *(v for v in votes if v is not None)]
    return max(set(vs), key=lambda v: (vs.count(v), v == own))


def _outvoted(d: CardDate, votes: Sequence[tuple[int | None, int | None]]) -> CardDate:
    """``d`` with its day and year as the (day, CE year) ``votes`` decide (see :func:`_vote`); ``d``
    unchanged when the voted date is impossible."""
    day, year = _vote(d.day, [v[0] for v in votes]), _vote(d.year, [v[1] for v in votes])
    return CardDate(day, d.month, year) if _plausible(day, d.month, year) else d


FACTOR_FRAGMENTS = (FACTOR_REPAIRED + FACTOR_INVALID) / 2  # a date pieced together from two broken lines


def date_fragments(text: str | None, thai: bool) -> tuple[int | None, int | None, int | None]:
    """(day, month, CE year) that can be told from a date line that does not parse as a whole
    (``3 ก.ค. 2868``: the year is impossible; ``3 k 2025``: the month is lost); None where unclear."""
    if not text:
        return None, None, None
    s = squash_spaces(text).translate(_THAI_DIGITS)
    m_day = re.match(r"(\d{1,2})(?!\d)", s)
    m_year = re.search(r"(?<!\d)(\d{4})\s*$", s)
    day = int(m_day.group(1)) if m_day and 1 <= int(m_day.group(1)) <= 31 else None
    year = int(m_year.group(1)) - (BE_OFFSET if thai else 0) if m_year else None
    if year is not None and not 1900 <= year <= 2100:
        year = None
    mid = s[m_day.end() if m_day else 0: m_year.start() if m_year else len(s)]
    if thai:
        word = re.sub(r"[^\u0E00-\u0E7F.]", "", mid)
        mi, _ = _th_month(word) if len(word.replace(".", "")) >= 2 else (-1, 99)
    else:
        word = re.sub(r"[^A-Za-z]", "", mid).lower()
        mi, _ = _nearest(word[:3], _EN_KEYS, 1) if len(word) >= 3 else (-1, 99)
    return day, (mi + 1 if mi >= 0 else None), year


def _date_from_fragments(th: DateReading | None, en: DateReading | None,
                         th_hint: tuple[int | None, int | None]) -> CardDate | None:
    """One date from the legible pieces of a broken Thai line and a broken English line: every
    component must be read somewhere, and wherever it is read more than once the readings agree."""
    tf = date_fragments(th.text if th is not None else None, thai=True)
    ef = date_fragments(en.text if en is not None else None, thai=False)
    hd, hy = th_hint
    hint = (hd, None, hy - BE_OFFSET if hy is not None and 1900 <= hy - BE_OFFSET <= 2100 else None)
    parts = []
    for i in range(3):
        seen = {v for v in (tf[i], ef[i], hint[i]) if v is not None}
        if len(seen) != 1:
            return None
        parts.append(seen.pop())
    day, month, year = parts
    return CardDate(day, month, year) if _plausible(day, month, year) else None


def expiry_from_birthday(expiry: DatePair, expiry_texts: tuple[str | None, str | None, int | None],
                         birth: DatePair, issue_pair: DatePair) -> CardDate | None:
    """Rebuild a misread expiry date from the rule that a card expires on the holder's birthday,
    5-10 years after issue (8 or 9 on cards issued since 2011).

    Only when the expiry's two lines did not agree (``expiry`` is repaired or broken) and what they
    give breaks the rule, and the birth and issue dates were read whole (agreed, or rebuilt from one
    line whose digits the other did not contradict). Day and month come from the birth date; the
    year is the one the expiry lines read if that is possible, else the possible year one digit
    from what they read (``2549`` for ``2569``), when exactly one is. ``expiry_texts``: the Thai and
    English lines as read, and the Thai line's BE year as the Latin recognizer read it.
    """
    b, e, issue = birth.date, expiry.date, issue_pair.date

    def whole(p: DatePair) -> bool:
        return p.date is not None and not p.date.lifelong and min(p.th_factor, p.en_factor) >= FACTOR_REPAIRED

    if not (whole(birth) and whole(issue_pair)) or (e is not None and (
            e.lifelong or min(expiry.th_factor, expiry.en_factor) >= FACTOR_VALID)):
        return None
    assert b is not None and issue is not None
    lo, hi = issue.year + 5, issue.year + 10
    if e is not None and (e.day, e.month) == (b.day, b.month) and lo <= e.year <= hi:
        return None  # what was read keeps the rule
    th_text, en_text, hint_be = expiry_texts
    read_be = [str(y + BE_OFFSET) for y in (date_fragments(th_text, True)[2],) if y is not None]
    read_be += [str(hint_be)] if hint_be is not None else []
    read_ce = [str(y) for y in (date_fragments(en_text, False)[2],) if y is not None]
    exact = {y for y in range(lo, hi + 1) if str(y) in read_ce or str(y + BE_OFFSET) in read_be}
    if len(exact) == 1:
        year = exact.pop()
    else:
        near = [(min([edit_distance(str(y + BE_OFFSET), r) for r in read_be]
                     + [edit_distance(str(y), r) for r in read_ce] + [9]), y) for y in range(lo, hi + 1)]
        near.sort()
        if exact or not near or near[0][0] > 1 or (len(near) > 1 and near[1][0] == near[0][0]):
            return None
        year = near[0][1]
    return CardDate(b.day, b.month, year) if _plausible(b.day, b.month, year) else None


def date_rules_factor(birth: CardDate | None, issue: CardDate | None, expiry: CardDate | None,
                      today: dt.date | None = None) -> dict[str, float]:
    """Soft plausibility checks between the three dates; returns per-date confidence multipliers (≤ 1).

    Rules only lower confidence, they never change a value: issue after birth, expiry on/after issue,
    a non-lifelong expiry usually falls on the holder's birthday (day and month), and neither birth
    nor issue lies after ``today`` (default: the machine's date). A future issue date is a misread
    year whose two lines agree (bench seed 13029 hard: 14 ก.ค. 2566 / 14 Jul. 2023 read as 2586 /
    2043); nothing tells the right year, but its confidence then says it is doubtful.
    """
    now = (today or dt.date.today()).timetuple()[:3]
    f = {"birth": 1.0, "issue": 1.0, "expiry": 1.0}
    for key, d in (("birth", birth), ("issue", issue)):
        if d is not None and not d.lifelong and d.key() > now:
            f[key] = 0.8
    if birth and issue and not birth.lifelong and not issue.lifelong and issue.key() < birth.key():
        f["birth"] = f["issue"] = 0.8
    if issue and expiry and not issue.lifelong and expiry.key() < issue.key():
        f["issue"] = min(f["issue"], 0.8)
        f["expiry"] = 0.8
    if birth and expiry and not expiry.lifelong and not birth.lifelong and (expiry.day, expiry.month) != (
            birth.day, birth.month):
        f["expiry"] = min(f["expiry"], 0.95)
    return f


# ---------------------------------------------------------------- labels
@functools.lru_cache(maxsize=4096)
def strip_label(text: str, labels: tuple[str, ...], max_ratio: float = 0.3) -> tuple[str, bool]:
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
        hi = min(len(flat), len(key) + 3)
        dist = prefix_edit_distances(flat[:hi], key)
        for n in range(max(1, len(key) - 3), hi + 1):
            d = dist[n] / len(key)
            if d <= max_ratio and (best is None or d < best[0] or (d == best[0] and pos[n - 1] + 1 > best[1])):
                best = (d, pos[n - 1] + 1)
    if best is None:
        return s, False
    rest = s[best[1]:].lstrip(" :.")
    return rest, True


def starts_with_label(text: str, labels: tuple[str, ...], max_ratio: float = 0.3) -> bool:
    return strip_label(text, labels, max_ratio)[1]


# ---------------------------------------------------------------- names
TH_PREFIXES = ("นาย", "นางสาว", "นาง", "น.ส.", "ด.ช.", "ด.ญ.")
_TH_PREFIX_KEYS = {"นาย": "นาย", "นางสาว": "นางสาว", "นาง": "นาง", "นส": "น.ส.", "ดช": "ด.ช.", "ดญ": "ด.ญ."}
EN_TITLES = ("Mr.", "Mrs.", "Miss", "Master", "Ms.")
_EN_TITLE_KEYS = {"mr": "Mr.", "mrs": "Mrs.", "miss": "Miss", "master": "Master", "ms": "Ms."}


# The Thai prefix a card prints for each English title; "Miss" is ด.ญ. for a girl under 15 at issue.
_PREFIX_FOR_TITLE = {"Mr.": ("นาย",), "Mrs.": ("นาง",), "Master": ("ด.ช.",), "Miss": ("น.ส.", "นางสาว", "ด.ญ.")}


def agree_title_prefix(name_th: str, first_name_en: str, age_at_issue: int | None) -> tuple[str, float]:
    """Cross-check the Thai name's prefix with the English title (read by the stronger recognizer).

    Returns the Thai name (with the prefix supplied when it was not read and the title tells it)
    and a confidence factor: 1 when they agree or cannot be compared, ``FACTOR_REPAIRED`` when the
    prefix was supplied, lower when they contradict (the value is kept; which one is wrong is unknown).
    """
    title = first_name_en.split()[0] if first_name_en.split() else ""
    allowed = _PREFIX_FOR_TITLE.get(title)
    if allowed is None:
        return name_th, 1.0
    head = name_th.split()[0] if name_th.split() else ""
    if head in TH_PREFIXES:
        return name_th, 1.0 if head in allowed else FACTOR_INVALID
    if title == "Miss":
        if age_at_issue is None:
            return name_th, 1.0
        allowed = ("ด.ญ.",) if age_at_issue < 15 else ("น.ส.",)
    parts = name_th.split()
    if "." in head and len(parts) >= 2:
        # A Thai name has no dot: a dotted first word is the abbreviated prefix misread (bench seed
        # 17048 clean: นน.ส.), replaced rather than kept behind the supplied one. What follows its
        # last dot is the given name glued to it, unless it is a letter of the prefix (ด.ช).
        glued = head.rsplit(".", 1)[1]
        parts = ([glued] if len(glued) > 1 else []) + parts[1:]
    return " ".join([allowed[0], *parts]), FACTOR_REPAIRED


def is_th_prefix(text: str) -> bool:
    """The text is a Thai name prefix alone (``ด.ญ.``, ``น. ส.``, ``นาย``), dots and spaces aside."""
    return re.sub(r"[\s.]", "", text) in _TH_PREFIX_KEYS


# Thai marks that stack on a letter: vowels above (ั ิ ี ึ ื) and maitaikhu (็), tone marks,
# thanthakhat (์), vowels below (ุ ู) and phinthu (ฺ)
UPPER_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47"
TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"
THANTHAKHAT = "\u0e4c"
LOWER_VOWELS = "\u0e38\u0e39\u0e3a"
_FOLLOWING_VOWELS = "\u0e30\u0e32\u0e33\u0e45"  # ะ า ำ ๅ: written after their letter
# One of each class at most on a letter: a vowel above (or ็), a tone mark (or ์), a vowel below.
_MARK_CLASSES = (UPPER_VOWELS, TONE_MARKS + THANTHAKHAT, LOWER_VOWELS)
_MARK_CLASS = {ch: k for k, chars in enumerate(_MARK_CLASSES) for ch in chars}


def drop_doubled_marks(text: str) -> str:
    """Drop a second mark of one class on the same letter (``วีินัต`` → ``วีนัต``): Thai spelling
    has no letter with two vowels above, two tone marks or two vowels below, and a recognizer
    unsure between two look-alike marks (ี/ิ) may emit both. The first is kept. A vowel sign written
    after its letter read twice (``บำำเพ็ญ``) is read once: no Thai spelling repeats one."""
    out: list[str] = []
    seen: set[int] = set()
    for ch in text:
        k = _MARK_CLASS.get(ch)
        if k is None:
            seen.clear()
            if ch in _FOLLOWING_VOWELS and out and out[-1] == ch:
                continue
        elif k in seen:
            continue
        else:
            seen.add(k)
        out.append(ch)
    return "".join(out)


def parse_name_th(text: str) -> Parsed:
    """Thai name ``นาย สมชาย ใจดี``: prefix normalised (``น. ส.``/``นส`` → ``น.ส.``), one space between
    parts, a doubled mark dropped (:func:`drop_doubled_marks`).

    ``นางสาว`` is kept as printed. Valid when a known prefix is followed by a given and a family name.
    """
    s = squash_spaces(drop_doubled_marks(text))
    if not s:
        return Parsed(None, False)
    doubled = s != squash_spaces(text)
    prefix, rest, repaired = None, s, False
    head = s[:8]
    for n in range(min(len(head), 8), 1, -1):
        key = re.sub(r"[\s.]", "", head[:n])
        if key in _TH_PREFIX_KEYS and (n == len(s) or not _is_thai_mark(s[n])):
            # prefer the longest match (นางสาว over นาง), and do not split a consonant from its vowel marks
            prefix, rest = _TH_PREFIX_KEYS[key], s[n:].strip()
            repaired = head[:n].strip() != prefix
            break
    parts = rest.split()
    if prefix is None:
        return Parsed(s, False)
    value = " ".join([prefix, *parts])
    return Parsed(value, len(parts) >= 2, doubled or repaired or value.replace(" ", "") != s.replace(" ", ""))


def _is_thai_mark(ch: str) -> bool:
    """Thai vowel signs / tone marks that attach to the previous consonant (and following vowels)."""
    return ch in "ะัาำิีึืฺุู็่้๊๋์ํ" or unicodedata.category(ch) == "Mn"


def parse_first_name_en(text: str, title_hint: str | None = None) -> Parsed:
    """English given-name row: ``Mr. Somchai`` (title + given name); the ``Name`` caption is stripped.

    ``title_hint``: the title the Thai name's prefix implies (:func:`en_title_for_th_name`); it
    settles a misread title that is one or two edits from several (``Mss``: Miss, Ms., Mrs.)."""
    s, _ = strip_label(text, ("Name",), 0.25)
    s = re.sub(r"[^A-Za-z.\s'-]", "", s)
    s = squash_spaces(s)
    if not s:
        return Parsed(None, False)
    # a title glued to the name ("MasterDa", "Mr.Somchai"): split where the capitalised name starts
    s = re.sub(r"^(Master|Miss|Mrs|Mr|Ms)\.?(?=[A-Z][a-z])", lambda m: m.group(0) + " ", s)
    s = squash_spaces(s)
    toks = s.split()
    at, title = _find_en_title(toks, title_hint)
    if title is None:
        return Parsed(s, False)
    rest = [_capitalised(t) for t in toks[at + 1 :] if t.strip(".")]
    value = " ".join([title, *rest])
    ok = len(rest) >= 1 and all(re.fullmatch(r"[A-Za-z][A-Za-z'-]*", t) for t in rest)
    return Parsed(value, ok, value != s)


def _find_en_title(toks: list[str], hint: str | None = None) -> tuple[int, str | None]:
    """Where the title is among the first tokens, and which one.

    An exact title wins; otherwise a token one edit away from exactly one title (``Ar.`` →
    ``Mr.``), or at most two from the ``hint`` title when several are near, followed by a
    capitalised word. Tokens before it are caption remnants the label stripper missed (``hiome``
    for ``Name``).
    """
    head = toks[: min(3, max(len(toks) - 1, 1))]
    for i, tok in enumerate(head):
        title = _EN_TITLE_KEYS.get(tok.rstrip(".").lower())
        if title is not None and (i == 0 or i + 1 < len(toks)):
            return i, title
    for i, tok in enumerate(head):
        key = tok.rstrip(".").lower()
        if len(key) < 2 or i + 1 >= len(toks) or not toks[i + 1][:1].isupper():
            continue
        near = [t for k, t in _EN_TITLE_KEYS.items() if edit_distance(key, k) == 1]
        if len(near) == 1:
            return i, near[0]
        if hint in EN_TITLES and edit_distance(key, hint.rstrip(".").lower()) <= (2 if len(key) >= 3 else 1):
            return i, hint
    return 0, None


# The English title a card prints for each Thai prefix (the inverse of _PREFIX_FOR_TITLE).
_TITLE_FOR_PREFIX = {prefix: title for title, prefixes in _PREFIX_FOR_TITLE.items() for prefix in prefixes}


def en_title_for_th_name(name_th: str) -> str | None:
    """The English title implied by a Thai name reading's prefix (``น.ส. …`` → ``Miss``), or None."""
    p = parse_name_th(name_th)
    head = p.value.split()[0] if p.value else ""
    return _TITLE_FOR_PREFIX.get(head)


def parse_last_name_en(text: str) -> Parsed:
    """English family-name row: ``Jaidee``; the ``Last name`` caption is stripped."""
    s, _ = strip_label(text, ("Last name",), 0.25)
    s = squash_spaces(re.sub(r"[^A-Za-z\s'-]", "", s))
    if not s:
        return Parsed(None, False)
    value = " ".join(_capitalised(t) for t in s.split())
    ok = all(re.fullmatch(r"[A-Za-z][A-Za-z'-]*", t) for t in value.split())
    return Parsed(value, ok, value != s)


def _capitalised(word: str) -> str:
    """Cards print English names capitalised: a lowercase initial is a misread case (``wat`` → ``Wat``)."""
    return word[:1].upper() + word[1:] if word[:1].islower() else word


def parse_name_en(text: str) -> Parsed:
    """Pink card's single English name row (full name, title optional)."""
    s, _ = strip_label(text, ("Name",), 0.25)
    s = squash_spaces(re.sub(r"[^A-Za-z.\s'-]", "", s))
    if not s:
        return Parsed(None, False)
    return Parsed(s, len(s.split()) >= 2)


# ---------------------------------------------------------------- religion / address
RELIGIONS = ("พุทธ", "อิสลาม", "คริสต์", "ฮินดู", "ซิกข์", "ไม่มีศาสนา", "พราหมณ์", "ยูดาย", "ขงจื๊อ")


def parse_religion(text: str) -> Parsed:
    """Nearest religion of the closed list (edit distance ≤ 40 % of its length); the caption is stripped."""
    s, _ = strip_label(text, ("ศาสนา",), 0.3)
    s = re.sub(r"\s", "", s)
    if not s:
        return Parsed(None, False)
    best, best_d = None, 99
    for r in RELIGIONS:
        d = edit_distance(s, r)
        if d < best_d:
            best, best_d = r, d
    if best is not None and best_d <= max(1, int(len(best) * 0.4)):
        return Parsed(best, True, best_d > 0)
    # a religion after a caption misread past strip_label's tolerance (bench seed 23044 clean:
    # "สาสหาพุทธ", ศาสนา with two look-alikes swapped)
    for r in RELIGIONS:
        if s.endswith(r) and edit_distance(s[: -len(r)], "ศาสนา") <= 3:
            return Parsed(r, True, True)
    return Parsed(s, False)


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


# A Latin reading's confidence below which a digit the Thai reading lost is not taken from it: on
# bench seeds 17000-39000 the two right insertions came from readings at 0.95 and 0.83 (25048 hard,
# 23002 clean), the one wrong one from 0.755 (31031 clean: ``2921/278`` for the Thai ``292/278``).
_INSERTED_DIGIT_CONF = 0.8


def merge_digit_runs(thai: str, latin: str, latin_conf: float = 1.0) -> str:
    """The Thai reading of a line with its numbers (house number, หมู่ที่ …) taken from the Latin
    recognizer's reading of the same line, which reads digits more reliably.

    The numbers correspond when both readings show them in the same order: each Thai number then
    takes the Latin one when they have the same shape (digits per group: ``546/24`` for ``946/24``),
    or when the Latin one is the same digits with the slash the Thai reading lost (``102/83`` for
    ``10283``), or with one digit it lost inside the number (``940`` for ``90``, only when both show
    as many numbers and the Latin reading's confidence ``latin_conf`` is at least
    ``_INSERTED_DIGIT_CONF``: a digit the Thai reading does not show at all needs a sure witness).
    The Latin recognizer reads some Thai letters as digits (``ซอยลาดพร้าว`` as
    ``98ba 7599``), so it may show more numbers: then each Thai number pairs with the next Latin
    one that differs from it in at most one digit (none for a number of one to three characters,
    ``5`` against ``50.q 8``), and when any has none the line is kept as read.
    """
    runs_t = list(_NUMBER.finditer(thai))
    runs_l = _NUMBER.findall(latin.translate(_THAI_DIGITS))
    if not runs_t or len(runs_l) < len(runs_t):
        return thai

    def fits(t: str, lat: str) -> bool:
        if _number_shape(t) == _number_shape(lat):
            # a number of up to three characters is one digit from too many others to pair on it
            slips = sum(a != b for a, b in zip(t, lat, strict=True))
            return len(runs_l) == len(runs_t) or slips <= (len(t) >= 4)
        if "/" not in t and lat.replace("/", "") == t:
            return True
        # a digit the Thai reading lost inside a number (940 read 90), when the numbers correspond
        # one to one; a digit more at an end is more often a letter the Latin reading took for one
        # (ต. after หมู่ที่ 11 read ``119.a``)
        return len(runs_l) == len(runs_t) and latin_conf >= _INSERTED_DIGIT_CONF and t.count("/") == lat.count("/") \
            and len(lat) == len(t) + 1 and lat[0] == t[0] and lat[-1] == t[-1] and _is_subsequence(t, lat)

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


def repair_street_words(address: str) -> str:
    """Undo one slip in the printed word that starts a road or lane token (``ถนพบางนา``, ``ถนุนสาทร``,
    ``นนพัฒนาการ`` → ``ถนน…``; ``ซอนสุขุมวิท`` → ``ซอย…``). The last three tokens (the administrative
    units, snapped to the gazetteer separately) and tokens starting with a digit are left alone, and
    a name of at least two letters must follow the word."""
    toks = address.split(" ")
    for k, tok in enumerate(toks[:-3]):
        if not tok or tok[0].isdigit() or tok.startswith(STREET_WORDS) or (k and toks[k - 1] in STREET_WORDS):
            continue  # (a name after a bare ถนน may itself start like one: ถนน นนทบุรี)
        for word in STREET_WORDS:
            # the slip may be a letter swapped, added or lost; a cut never splits a mark from its
            # letter (ถนุน|สาทร, not ถนุ|นสาทร)
            cuts = [n for n in (len(word), len(word) + 1, len(word) - 1)
                    if len(tok) - n >= 2 and not _is_thai_mark(tok[n - 1]) and not _is_thai_mark(tok[n])]
            dist = [edit_distance(tok[:n], word) for n in cuts]
            if dist and min(dist) <= 1:
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
        if m and edit_distance(m[1], _MOO) <= 2:
            toks += [m[1], m[2]]
            continue
        m = re.fullmatch(r"(\d{1,3})([\u0E01-\u0E2E]\S+)", tok)  # a number, then a word's first consonant
        toks += [m[1], m[2]] if m and toks and edit_distance(toks[-1], _MOO) <= 2 else [tok]
    for k in range(len(toks) - 1):
        tok = toks[k]
        if tok != _MOO and len(tok) >= 4 and re.fullmatch(r"\d{1,3}", toks[k + 1]) \
                and edit_distance(tok, _MOO) <= 2:
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
    parts[0], _ = strip_label(parts[0], ("ที่อยู่",), 0.3)
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
    return Parsed(s or None, bool(re.search(r"\d", s)) and len(s) >= 8)
