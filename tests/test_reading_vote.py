"""Settling a line's reading by a majority of readings of other crops (engine/reading_vote.py)."""

from __future__ import annotations

from engine.reading_vote import majority


def test_a_span_is_replaced_where_a_strict_majority_of_the_readings_spells_it_otherwise() -> None:
    # 7 readings: the base and 2 others read ส, 4 others ล
    others = ["ซอยลาดพร้าว 75"] * 4 + ["ซอยสาดพร้าว 75"] * 2
    assert majority("ซอยสาดพร้าว 75", others) == "ซอยลาดพร้าว 75"
    # an inserted vowel, by 4 of 7
    assert majority("ถนนยาวราช", ["ถนนเยาวราช"] * 4 + ["ถนนยาวราช", "ถนนยาวราชด"]) == "ถนนเยาวราช"
    # only the spans the majority agrees on: ล by 4, the last letter's ร by 3 only
    others = ["ซอยลาดพร้าว", "ซอยลาดพร้าว", "ซอยลาดพร้าร", "ซอยลาดพร้าร", "ซอยสาดพร้าร", "ซอยสาดพร้าว"]
    assert majority("ซอยสาดพร้าว", others) == "ซอยลาดพร้าว"


def test_the_base_stays_without_a_strict_majority() -> None:
    # 3 of 7 readings read ล: the base and 3 others hold ส
    assert majority("ซอยสาดพร้าว", ["ซอยลาดพร้าว"] * 3 + ["ซอยสาดพร้าว"] * 3) == "ซอยสาดพร้าว"
    # 4 others disagree with the base but not with one another: no majority for any one letter
    others = ["ซอยลาดพร้าว", "ซอยลาดพร้าว", "ซอยอาดพร้าว", "ซอยอาดพร้าว", "ซอยสาดพร้าว", "ซอยสาดพร้าว"]
    assert majority("ซอยสาดพร้าว", others) == "ซอยสาดพร้าว"
    # with 3 others (4 readings), 2 are not a majority, 3 are
    assert majority("ถนนสาทร", ["ถนนสาธร", "ถนนสาธร", "ถนนสาทร"]) == "ถนนสาทร"
    assert majority("ถนนสาทร", ["ถนนสาธร"] * 3) == "ถนนสาธร"
    assert majority("abc", []) == "abc"


def test_digits_are_left_to_the_latin_reading_and_spaces_are_tidied() -> None:
    assert majority("906 หมู่ที่ 9", ["926 หมู่ที่ 9"] * 6) == "906 หมู่ที่ 9"
    assert majority("ถนน สาทร", ["ถนนสาทร"] * 4 + ["ถนน สาทร"] * 2) == "ถนนสาทร"
    assert majority("ถนนสาทร ", ["ถนนสาทร  x"] * 4) == "ถนนสาทร x"
