"""Impossible dates take the recognizer's likeliest digit alternative that makes them possible."""

from __future__ import annotations

from airocr.engine.reading_dates import DateConfig, choose_possible, dates_in, has_impossible_date
from airocr.engine.recognize import LineText

CFG = DateConfig()


def test_date_shapes_are_found_and_judged():
    assert dates_in("变更登记日期：2022-04-06") == [(2022, 4, 6, 0)]
    assert dates_in("2022年4月6日 and 06/04/2022") == [(2022, 4, 6, 0), (2022, 6, 4, 1)]
    assert dates_in("order 120220406 tel 0812345678") == []
    assert not has_impossible_date("2022-04-06, 12/31/2024, 31.12.2024, 29/02/2024", CFG)
    assert not has_impossible_date("วันที่ 06/04/2567", CFG)  # a Buddhist Era year
    for bad in ("2622-04-06", "2019-13-01", "2819-01-89", "30/02/2023", "2023-02-29", "01/01/1850"):
        assert has_impossible_date(bad, CFG), bad


def test_the_likeliest_digit_alternative_that_makes_the_date_possible_is_taken():
    readings = [LineText("变更登记日期：2622-04-06", 0.94), LineText("党更登记日期：2622-04-06", 0.93, -0.46),
                LineText("变更登记日期：2622-84-06", 0.90, -1.88), LineText("变更登记日期：2022-04-06", 0.90, -2.33),
                LineText("变更登记日期：2022-84-06", 0.85, -4.2)]
    assert choose_possible(readings, CFG).text == "变更登记日期：2022-04-06"


def test_nothing_is_taken_beyond_the_budget_or_changing_other_characters():
    far = [LineText("2622-04-06", 0.9), LineText("2022-04-06", 0.5, -3.5)]
    other = [LineText("2622-04-06", 0.9), LineText("2022-04-O6", 0.8, -0.5), LineText("2022.04-06", 0.8, -0.6)]
    assert choose_possible(far, CFG) is None
    assert choose_possible(other, CFG) is None


def test_a_date_is_not_dropped_or_added_to_make_the_line_pass():
    readings = [LineText("2019-01-89 / 2622-04-06", 0.9), LineText("2019-01-09 / 2622-04-06", 0.8, -1.0),
                LineText("2019-01-09 / 2022-04-06", 0.7, -2.5)]
    assert choose_possible(readings, CFG).text == "2019-01-09 / 2022-04-06"
