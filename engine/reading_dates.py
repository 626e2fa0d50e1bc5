"""Dates no calendar has, read again from the recognizer's own alternatives (Web Image).

Small or blurred digits are the recognizer's likeliest look-alikes (``0``/``6``/``8``): a registration
date ``2022-04-06`` comes back ``2622-04-06``, ``2019-01-09`` as ``2819-01-89``. When a line holds a
date that cannot be (month 13, day 89, a year outside the range a page prints), its n-best readings
(:meth:`engine.recognize.CTCRecognizer.recognize_nbest`) are searched for the likeliest one that
changes only digits and makes every date in the line possible, within ``min_logp`` of the greedy
reading. A possible date is never changed, and no digit becomes one the recognizer did not offer.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from airocr.engine.recognize import LineText

BE_OFFSET = 543  # Buddhist Era year = Gregorian year + 543 (Thai pages print either)

# year-month-day (2022-04-06, 2022.4.6, 2022年4月6日) or day-month-year / month-day-year (06/04/2022)
_DATE = re.compile(r"(?<!\d)(?:(\d{4})([-./年])(\d{1,2})(?:\2|月)(\d{1,2})|(\d{1,2})([-./])(\d{1,2})\6(\d{4}))(?!\d)")


@dataclass(frozen=True)
class DateConfig:
    years_ce: tuple[int, int] = (1900, 2100)  # a printed Gregorian year lies in this range (inclusive)
    years_be: tuple[int, int] = (2443, 2600)  # ... or a Buddhist Era year in this one (1900-2057 CE)
    min_logp: float = -3.0  # a reading at most this far (summed log-probability ratio) below the greedy one
    nbest: int = 32  # readings considered per line
    max_uncertain: int = 8  # the likeliest character swaps that are combined into readings
    min_ratio: float = 0.02  # a swap's character has at least this share of the winner's probability


def _day_ok(year: int, month: int, day: int, cfg: DateConfig) -> bool:
    if cfg.years_be[0] <= year <= cfg.years_be[1]:
        year -= BE_OFFSET
    elif not cfg.years_ce[0] <= year <= cfg.years_ce[1]:
        return False
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def dates_in(text: str) -> list[tuple[int, int, int, int]]:
    """The date-shaped tokens of a line as (year, first number, second number, order): order 0 is
    year-month-day; order 1 is day-month-year or month-day-year (either may be meant)."""
    out = []
    for m in _DATE.finditer(text):
        if m.group(1):
            out.append((int(m.group(1)), int(m.group(3)), int(m.group(4)), 0))
        else:
            out.append((int(m.group(8)), int(m.group(5)), int(m.group(7)), 1))
    return out


def possible(date: tuple[int, int, int, int], cfg: DateConfig) -> bool:
    year, a, b, order = date
    if order == 0:
        return _day_ok(year, a, b, cfg)
    return _day_ok(year, b, a, cfg) or _day_ok(year, a, b, cfg)


def has_impossible_date(text: str, cfg: DateConfig) -> bool:
    return any(not possible(d, cfg) for d in dates_in(text))


def _digits_only_change(a: str, b: str) -> bool:
    return len(a) == len(b) and all(x == y or (x.isdigit() and y.isdigit()) for x, y in zip(a, b, strict=True))


def choose_possible(readings: list[LineText], cfg: DateConfig) -> LineText | None:
    """The likeliest of a line's n-best ``readings`` (greedy first) that differs from the greedy one only
    in digits and whose dates are all possible; None when there is none within ``cfg.min_logp``."""
    greedy = readings[0].text
    count = len(dates_in(greedy))
    for r in sorted(readings[1:], key=lambda r: -r.relative_logp):
        if r.relative_logp < cfg.min_logp:
            break
        if not _digits_only_change(greedy, r.text):
            continue
        found = dates_in(r.text)
        if len(found) == count and all(possible(d, cfg) for d in found):
            return r
    return None
