"""Symbols the Thai recognizer has no class for come from PP-OCR's reading (engine/thai_symbols.py)."""

from __future__ import annotations

from airocr.engine.recognize import LineText
from airocr.engine.thai_symbols import SymbolConfig, keep_symbols

# the Thai recognizer's classes as far as these tests go: Thai, ASCII letters and digits, . , - : ' " % ( )
KNOWN = frozenset("กขคงจดตทนบปพมยรลวสหอะัาำิีึืุูเแโใไ่้๊๋์็" "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                  "0123456789.,-:'\"%()/")
CFG = SymbolConfig(min_prob=0.8, min_anchor=2)


def _pp(text: str, prob: float = 0.97, low: str = "") -> LineText:
    """PP-OCR's reading: each character read with ``prob``, those in ``low`` with 0.5."""
    return LineText(text, 0.9, char_probs=tuple(0.5 if c in low else prob for c in text if not c.isspace()))


def _fix(thai: str, pp: LineText) -> str:
    return keep_symbols(LineText(thai, 0.93), pp, KNOWN, CFG).text


def test_a_symbol_without_a_thai_class_is_taken_next_to_agreed_digits():
    assert _fix("2026-11-23 22:41 . ดวงขึ้น", _pp("2026-11-23 22:41 ·9 1")) == "2026-11-23 22:41 · ดวงขึ้น"
    assert _fix("INV-305397 . ยืนยัน 72%", _pp("INV-305397 · u 72%")) == "INV-305397 · ยืนยัน 72%"
    # a look-alike letter the Thai recognizer wrote for a sign it has no class for
    assert _fix("กลึงท้องแขวน E1,418.61", _pp("n v v €1,418.61")) == "กลึงท้องแขวน €1,418.61"
    assert _fix("กระเป๋านักเรียน %471.51", _pp("ns gu $471.51")) == "กระเป๋านักเรียน $471.51"


def test_a_symbol_both_have_a_class_for_stays_as_the_thai_reading_has_it():
    assert _fix("2022 . ดวง", _pp("2022 , 1 u")) == "2022 . ดวง"
    # no letter or digit is ever taken from PP-OCR, and a letter stays unless PP-OCR's sign has no Thai class
    assert _fix("ดวง 2022-10-11 ดวง", _pp("au 2022-10-17 au")) == "ดวง 2022-10-11 ดวง"
    assert _fix("กลึง E1,418.61", _pp("n v 51,418.61")) == "กลึง E1,418.61"
    assert _fix("กลึง E1,418.61", _pp("n v (1,418.61")) == "กลึง E1,418.61"  # "(" has a Thai class


def test_only_sure_symbols_next_to_agreed_runs_are_taken():
    assert _fix("22:41 . ดวง", _pp("22:41 ·9 1", low="·")) == "22:41 . ดวง"  # PP-OCR unsure
    assert _fix("ดวง . ดวง", _pp("au · au")) == "ดวง . ดวง"  # nothing agreed next to it
    assert _fix("ก1 . ดวง", _pp("n1 · au")) == "ก1 . ดวง"  # an agreed run of one digit is no anchor
    assert _fix("ดวงขึ้น", LineText("au·", 0.9)) == "ดวงขึ้น"  # no per-character probabilities


def test_a_dropped_colon_between_agreed_digits_is_put_back():
    assert _fix("01/11/2023 1905 - สินค้าใหม่", _pp("01/11/2023 19:05-āu nu")) == "01/11/2023 19:05 - สินค้าใหม่"
    assert _fix("1905 ดวง", _pp("19:05 au", low=":")) == "1905 ดวง"


def test_the_reading_keeps_its_confidence_and_is_returned_unchanged_when_nothing_applies():
    thai = LineText("ดวงขึ้น 2025", 0.91)
    assert keep_symbols(thai, _pp("nau 2025"), KNOWN, CFG) is thai
    fixed = keep_symbols(LineText("22:41 . ดวง", 0.91), _pp("22:41 · u"), KNOWN, CFG)
    assert fixed.text == "22:41 · ดวง" and fixed.confidence == 0.91


class _Labelled:
    """A stand-in Thai recognizer: only its classes matter here."""

    labels = ("", *sorted(KNOWN), " ")


def test_thai_lines_use_the_recognizers_own_classes():
    from airocr.engine.thai_lines import ThaiLineConfig, ThaiLines

    thai, pp = LineText("22:41 . ดวง", 0.9), _pp("22:41 ·9 1")
    assert ThaiLines(_Labelled(), ThaiLineConfig()).with_symbols(thai, pp).text == "22:41 · ดวง"
    assert ThaiLines(_Labelled(), ThaiLineConfig(symbol_min_prob=0.99)).with_symbols(thai, pp) is thai
    assert ThaiLines(object(), ThaiLineConfig()).with_symbols(thai, pp) is thai  # classes unknown: unchanged
