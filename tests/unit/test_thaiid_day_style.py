"""A card that prints its days zero-padded (``03 ก.ค. 2561``) gets them back so, also when a date
was settled by the vote between its two lines rather than read whole (bench `front_loose_hard_tuned`,
seed 5015: the Thai line read ``05 ก.ค. 2561``, its Latin digits ``03 0.8. 2561``)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from airocr.engine.recognize import LineText
from airocr.engine.thaiid import grammar as G
from airocr.engine.thaiid.fields.dates import resolve_dates
from airocr.engine.thaiid.fields.lines import Line


def _line(text: str, *, thai: str | None = None, latin: tuple[str, ...] = ()) -> Line:
    return Line(box=np.array([0, 0, 100, 30], np.float64), first=LineText(text, 0.9),
                thai=None if thai is None else LineText(thai, 0.9),
                latin=tuple(LineText(t, 0.95) for t in latin))


def test_padded_day_needs_two_readings_showing_the_zero() -> None:
    assert G.padded_day(["05 ก.ค. 2561", "03 0.8. 2561"])  # the day misread, the zero seen twice
    assert not G.padded_day(["03 0.8. 2561"])  # one reading is no evidence
    assert not G.padded_day(["3 ก.ค. 2561", "03 ก.ค. 2561", "3 Jul. 2018"])  # more say one digit
    assert not G.padded_day(["13 ก.ค. 2561", "13 ก.ค. 2561"])  # a two-digit day
    assert G.padded_day(["O3 Jul 2018", "03 Jul 2018", None])


def test_zero_padded_pads_only_a_one_digit_day() -> None:
    d = G.parse_th_date("3 ก.ค. 2561").date
    assert G.zero_padded("3 ก.ค. 2561", d) == "03 ก.ค. 2561"
    d13 = G.parse_th_date("13 ก.ค. 2561").date
    assert G.zero_padded("13 ก.ค. 2561", d13) == "13 ก.ค. 2561"
    assert G.zero_padded("ตลอดชีพ", G.parse_th_date("ตลอดชีพ").date) == "ตลอดชีพ"


def test_a_date_settled_by_the_vote_keeps_the_zero_its_readings_show() -> None:
    th = _line("05 ก.ค. 2561", thai="05 ก.ค. 2561", latin=("03 0.8. 2561",))
    en = _line("03 Jul. 2018", latin=("03 Jul 2018", "03 Jul 2018"))
    values, dates = resolve_dates({"date_of_birth_th": [th], "date_of_birth_en": [en]})
    assert dates["birth"] == G.parse_en_date("3 Jul. 2018").date
    assert values["date_of_birth_th"].text == "03 ก.ค. 2561"
    # the same vote on a card whose lines show a one-digit day stays unpadded
    th1 = _line("5 ก.ค. 2561", thai="5 ก.ค. 2561", latin=("3 0.8. 2561",))
    en1 = _line("3 Jul. 2018", latin=("3 Jul. 2018", "3 Jul. 2018"))
    values, _ = resolve_dates({"date_of_birth_th": [th1], "date_of_birth_en": [en1]})
    assert values["date_of_birth_th"].text == "3 ก.ค. 2561"


def test_one_card_pads_all_its_days() -> None:
    """The issue date's Thai line shows no zero of its own (``63 ก.ค.``): the card's other dates do."""
    birth_th = _line("05 ก.ค. 2561", thai="05 ก.ค. 2561", latin=("03 0.8. 2561",))
    birth_en = _line("03 Jul. 2018", latin=("03 Jul 2018", "03 Jul 2018"))
    issue_th = _line("63 ก.ค. 2568", thai="63 ก.ค. 2568", latin=("03 n.m.2568",))
    issue_en = _line("03 Jul 2025", latin=("03 Jul 2025",))
    assigned = {"date_of_birth_th": [birth_th], "date_of_birth_en": [birth_en],
                "date_of_issue_th": [issue_th], "date_of_issue_en": [issue_en]}
    values, _ = resolve_dates(assigned)
    assert values["date_of_issue_th"].text == "03 ก.ค. 2568"
    # ... unless a reading of its own line shows the digit alone
    assigned["date_of_issue_th"] = [replace(issue_th, latin=(LineText("3 n.m.2568", 0.9),))]
    values, _ = resolve_dates(assigned)
    assert values["date_of_issue_th"].text == "3 ก.ค. 2568"
