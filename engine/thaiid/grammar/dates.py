"""Dates as printed on a card: Thai (Buddhist era) and English lines, lifelong expiry, the
legible pieces of a line that does not parse."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from airocr.engine.thaiid.grammar.config import GRAMMAR
from airocr.engine.thaiid.grammar.digits import to_digits
from airocr.engine.thaiid.text import THAI_DIGITS, edit_distance, nfc, squash_spaces

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


def printed_form(text: str | None, date: CardDate | None, thai: bool) -> str | None:
    """``text`` (a date line as read, caption stripped) when it denotes ``date`` and differs from the
    card's usual form only in print style: a leading zero on the day, the English month without its
    dot (``02 Oct 1991`` on a mock card). A value is returned as printed; None otherwise."""
    if text is None or date is None or date.lifelong:
        return None
    parts = squash_spaces(nfc(text)).split(" ")
    if len(parts) != 3 or not (parts[0].isdigit() and parts[2].isdigit()) or len(parts[0]) > 2:
        return None
    day, month, year = int(parts[0]), parts[1], int(parts[2])
    want = TH_MONTHS[date.month - 1] if thai else EN_MONTHS[date.month - 1]
    months = (want,) if thai else (want, want.rstrip("."))
    ce = year - BE_OFFSET if thai else year
    return " ".join(parts) if (day, ce) == (date.day, date.year) and month in months else None


# a date line's leading day as read: a zero (or a letter read for it) and a digit, or one digit alone
_PADDED_DAY = re.compile(r"\s*[0Oo][0-9]")
_SINGLE_DAY = re.compile(r"\s*[0-9](?![0-9])")


def one_digit_day(reading: str) -> bool:
    """Whether a date line's reading begins with a day of one digit alone (``3 ก.ค. 2561``)."""
    return bool(_SINGLE_DAY.match(reading))


def padded_day(readings: Iterable[str | None]) -> bool:
    """Whether a date line's readings (captions stripped) show its day printed with a leading zero
    (``03 ก.ค. 2561``, the print of some cards): at least two of them begin with a zero and a digit,
    and more of them than begin with one digit alone. A reading whose day is misread elsewhere
    (``05`` for ``03``) still shows the zero; one reading alone is not evidence."""
    texts = [t for t in readings if t]
    padded = sum(bool(_PADDED_DAY.match(t)) for t in texts)
    single = sum(one_digit_day(t) for t in texts)
    return padded >= 2 and padded > single


def zero_padded(text: str, date: CardDate | None) -> str:
    """``text`` (a date in the card's usual form, ``3 ก.ค. 2561``) with its one-digit day zero-padded."""
    if date is None or date.lifelong or date.day >= 10 or not text.startswith(f"{date.day} "):
        return text
    return "0" + text


# a month's abbreviation between non-letters (``14Jan 1980`` lost its space) and not followed by the dot
_DOTLESS_MONTH = re.compile(r"(?<![A-Za-z])(?:" + "|".join(m.rstrip(".") for m in EN_MONTHS if m.endswith("."))
                            + r")(?![A-Za-z.])", re.IGNORECASE)


def dotless_month(text: str) -> bool:
    """Whether ``text`` shows an English month that real cards print with a dot without it
    (``14 Jan 1980``, the print of some mock and specimen cards)."""
    return bool(_DOTLESS_MONTH.search(text))


def plausible_date(day: int, month: int, year_ce: int) -> bool:
    """A real calendar day (29 February always passes) in the years a card can print."""
    return 1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month - 1] \
        and GRAMMAR.min_year <= year_ce <= GRAMMAR.max_year


def _fuzzy_lifelong(s: str, target: str) -> bool:
    s = re.sub(r"[\s.]", "", s)
    max_edits = max(1, len(target) // GRAMMAR.letters_per_edit)
    return bool(s) and edit_distance(s.lower(), target.lower()) <= max_edits


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
    mi, dist = _nearest(word[:3], _EN_KEYS, GRAMMAR.month_max_edits)  # "Sept" / "SEPT." → Sep.
    if mi < 0 or not d_s or len(y_s) != 4:
        return DateReading(None, False, False, s)
    day, year = int(d_s), int(y_s)
    if not plausible_date(day, mi + 1, year):
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
        if edit_distance(w, full) <= max(1, len(full) // GRAMMAR.letters_per_edit):
            return i, 1
    return _nearest(w, _TH_KEYS, GRAMMAR.month_max_edits if len(w) >= 2 else 0)


def parse_th_date(text: str) -> DateReading:
    """``5 ก.พ. 2493`` (also ``5 ก. พ. 2493``, ``5 กพ 2493``, Thai digits, full month names) or ``ตลอดชีพ``."""
    s = squash_spaces(text).translate(THAI_DIGITS)
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
    if not plausible_date(day, mi + 1, year):
        return DateReading(None, False, False, s)
    date = CardDate(day, mi + 1, year)
    return DateReading(date, True, bool(d_map or y_map or dist) or date.th() != s, s)


def date_digits_hint(text: str) -> tuple[int | None, int | None]:
    """Day and 4-digit year from any reading of a date line (e.g. the Latin recognizer on a Thai date,
    which reads the digits right and the Thai month as junk: ``4 W.A.2560`` → (4, 2560))."""
    s = nfc(text).translate(THAI_DIGITS)
    m = re.match(r"\s*(\d{1,2})\D", s)
    y = re.findall(r"(\d{4})\s*$", s.strip())
    return (int(m.group(1)) if m else None, int(y[-1]) if y else None)


def date_fragments(text: str | None, thai: bool) -> tuple[int | None, int | None, int | None]:
    """(day, month, CE year) that can be told from a date line that does not parse as a whole
    (``3 ก.ค. 2868``: the year is impossible; ``3 k 2025``: the month is lost); None where unclear."""
    if not text:
        return None, None, None
    s = squash_spaces(text).translate(THAI_DIGITS)
    m_day = re.match(r"(\d{1,2})(?!\d)", s)
    m_year = re.search(r"(?<!\d)(\d{4})\s*$", s)
    day = int(m_day.group(1)) if m_day and 1 <= int(m_day.group(1)) <= 31 else None
    year = int(m_year.group(1)) - (BE_OFFSET if thai else 0) if m_year else None
    if year is not None and not GRAMMAR.min_year <= year <= GRAMMAR.max_year:
        year = None
    mid = s[m_day.end() if m_day else 0: m_year.start() if m_year else len(s)]
    if thai:
        word = re.sub(r"[^\u0E00-\u0E7F.]", "", mid)
        mi, _ = _th_month(word) if len(word.replace(".", "")) >= 2 else (-1, 99)
    else:
        word = re.sub(r"[^A-Za-z]", "", mid).lower()
        mi, _ = _nearest(word[:3], _EN_KEYS, GRAMMAR.month_max_edits) if len(word) >= 3 else (-1, 99)
    return day, (mi + 1 if mi >= 0 else None), year
