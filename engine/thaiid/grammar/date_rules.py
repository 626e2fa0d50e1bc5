"""Rules between date lines and between dates: a date's Thai and English lines reconciled, an
expiry rebuilt from the birthday rule (the day before the birthday), soft plausibility checks of the
three dates."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from airocr.engine.thaiid.grammar.config import GRAMMAR
from airocr.engine.thaiid.grammar.dates import BE_OFFSET, CardDate, DateReading, date_fragments, plausible_date
from airocr.engine.thaiid.grammar.parsed import FACTOR_INVALID, FACTOR_REPAIRED, FACTOR_VALID
from airocr.engine.thaiid.text import edit_distance

FACTOR_FRAGMENTS = (FACTOR_REPAIRED + FACTOR_INVALID) / 2  # a date pieced together from two broken lines


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
        day_votes = [ed.day if hd is None else hd, td.day, *(d for d, _ in others)]
        year_votes = [ed.year if hy_ce is None else hy_ce, td.year, *(y for _, y in others)]
        day, year = _vote(ed.day, day_votes), _vote(ed.year, year_votes)
        month = ed.month
        if _tied(ed.day, day_votes) or _tied(ed.year, year_votes) or not plausible_date(day, month, year):
            # the two lines' readings stand against each other, as many on each side: no evidence for
            # either, so each line is returned as read, both distrusted
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


def _tied(own: int, votes: Sequence[int | None]) -> bool:
    """Whether ``own`` and ``votes`` have two values with the most votes (see :func:`_vote`)."""
    vs = [own, *(v for v in votes if v is not None)]
    counts = sorted((vs.count(v) for v in set(vs)), reverse=True)
    return len(counts) > 1 and counts[0] == counts[1]


def _outvoted(d: CardDate, votes: Sequence[tuple[int | None, int | None]]) -> CardDate:
    """``d`` with its day and year as the (day, CE year) ``votes`` decide (see :func:`_vote`); ``d``
    unchanged when the voted date is impossible."""
    day, year = _vote(d.day, [v[0] for v in votes]), _vote(d.year, [v[1] for v in votes])
    return CardDate(day, d.month, year) if plausible_date(day, d.month, year) else d


def _date_from_fragments(th: DateReading | None, en: DateReading | None,
                         th_hint: tuple[int | None, int | None]) -> CardDate | None:
    """One date from the legible pieces of a broken Thai line and a broken English line: every
    component must be read somewhere, and wherever it is read more than once the readings agree."""
    tf = date_fragments(th.text if th is not None else None, thai=True)
    ef = date_fragments(en.text if en is not None else None, thai=False)
    hd, hy = th_hint
    hy_ce = hy - BE_OFFSET if hy is not None else None
    hint = (hd, None, hy_ce if hy_ce is not None and GRAMMAR.min_year <= hy_ce <= GRAMMAR.max_year else None)
    parts = []
    for i in range(3):
        seen = {v for v in (tf[i], ef[i], hint[i]) if v is not None}
        if len(seen) != 1:
            return None
        parts.append(seen.pop())
    day, month, year = parts
    return CardDate(day, month, year) if plausible_date(day, month, year) else None


def expiry_for_birthday(birth: CardDate, year: int) -> CardDate:
    """The expiry of a card whose holder was born on ``birth``, for the birthday in ``year``: the day
    before it (``25 Jun.`` → ``24 Jun.``; ``1 Jan. 2030`` → ``31 Dec. 2029``; a 29 Feb. birthday
    counts from 1 Mar. in a common year). Every real card with a dated expiry seen obeys it
    (../shared/spec/thai-id-card-facts.md, "Expiry")."""
    day, month = birth.day, birth.month
    if (month, day) == (2, 29) and not calendar.isleap(year):
        month, day = 3, 1
    d = dt.date(year, month, day) - dt.timedelta(days=1)
    return CardDate(d.day, d.month, d.year)


def expiry_keeps_rule(birth: CardDate | None, expiry: CardDate | None) -> bool | None:
    """Whether a dated expiry falls on the day before the holder's birthday (None when either date
    is missing or lifelong)."""
    if birth is None or expiry is None or birth.lifelong or expiry.lifelong:
        return None
    return any(expiry_for_birthday(birth, y) == expiry for y in (expiry.year, expiry.year + 1))


def expiry_from_birthday(expiry: DatePair, expiry_texts: tuple[str | None, str | None, int | None],
                         birth: DatePair, issue_pair: DatePair) -> CardDate | None:
    """Rebuild a misread expiry date from the rule that a card expires on the day before the holder's
    birthday (:func:`expiry_for_birthday`), 5-10 years after issue (8 or 9 on cards issued since 2011).

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
    lo, hi = issue.year + GRAMMAR.expiry_min_years, issue.year + GRAMMAR.expiry_max_years
    # the rule's expiry for each year it allows (the day before a 1 Jan. birthday is in the year before)
    allowed = {x.year: x for x in (expiry_for_birthday(b, y) for y in range(lo, hi + 2)) if lo <= x.year <= hi}
    if e is not None and allowed.get(e.year) == e:
        return None  # what was read keeps the rule
    th_text, en_text, hint_be = expiry_texts
    read_be = [str(y + BE_OFFSET) for y in (date_fragments(th_text, True)[2],) if y is not None]
    read_be += [str(hint_be)] if hint_be is not None else []
    read_ce = [str(y) for y in (date_fragments(en_text, False)[2],) if y is not None]
    exact = {y for y in allowed if str(y) in read_ce or str(y + BE_OFFSET) in read_be}
    if len(exact) == 1:
        year = exact.pop()
    else:
        near = [(min([edit_distance(str(y + BE_OFFSET), r) for r in read_be]
                     + [edit_distance(str(y), r) for r in read_ce] + [9]), y) for y in sorted(allowed)]
        near.sort()
        if exact or not near or near[0][0] > GRAMMAR.expiry_year_max_edits \
                or (len(near) > 1 and near[1][0] == near[0][0]):
            return None
        year = near[0][1]
    return allowed[year]


def date_rules_factor(birth: CardDate | None, issue: CardDate | None, expiry: CardDate | None,
                      today: dt.date | None = None) -> dict[str, float]:
    """Soft plausibility checks between the three dates; returns per-date confidence multipliers (≤ 1).

    Rules only lower confidence, they never change a value: issue after birth, expiry on/after issue,
    a non-lifelong expiry falls on the day before the holder's birthday (:func:`expiry_keeps_rule`;
    a printed expiry that breaks it is returned as printed, a little less sure), and neither birth
    nor issue lies after ``today`` (default: the machine's date). A future issue date is a misread
    year whose two lines agree; nothing tells the right year, but its confidence then says it is
    doubtful.
    """
    now = (today or dt.date.today()).timetuple()[:3]
    f = {"birth": 1.0, "issue": 1.0, "expiry": 1.0}
    for key, d in (("birth", birth), ("issue", issue)):
        if d is not None and not d.lifelong and d.key() > now:
            f[key] = GRAMMAR.future_date_factor
    if birth and issue and not birth.lifelong and not issue.lifelong and issue.key() < birth.key():
        f["birth"] = f["issue"] = GRAMMAR.date_order_factor
    if issue and expiry and not issue.lifelong and expiry.key() < issue.key():
        f["issue"] = min(f["issue"], GRAMMAR.date_order_factor)
        f["expiry"] = GRAMMAR.date_order_factor
    if expiry_keeps_rule(birth, expiry) is False:
        f["expiry"] = min(f["expiry"], GRAMMAR.expiry_off_birthday_factor)
    return f
