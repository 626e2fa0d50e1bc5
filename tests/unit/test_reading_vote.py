"""Settling two readings of a line with a third (engine/reading_vote.py)."""

from __future__ import annotations

from airocr.engine.reading_vote import vote


def test_the_other_reading_is_taken_where_the_check_sides_with_it() -> None:
    # the card read ส, the photo ล; the card cut again with a margin reads ล too
    assert vote("ซอยสาดพร้าว 75", "ซอยลาดพร้าว 75", "ซอยลาดพร้าว 7") == "ซอยลาดพร้าว 75"
    # an inserted vowel, seconded
    assert vote("ถนนยาวราช", "ถนนเยาวราช", "ถนนเยาวราชด") == "ถนนเยาวราช"


def test_the_base_stays_where_the_check_does_not_side_with_the_other() -> None:
    assert vote("ซอยสาดพร้าว", "ซอยลาดพร้าว", "ซอยสาดพร้าว") == "ซอยสาดพร้าว"  # the check agrees with the base
    assert vote("ซอยสาดพร้าว", "ซอยลาดพร้าว", "ซอยอาดพร้าว") == "ซอยสาดพร้าว"  # a third letter: no majority
    assert vote("abc", "abc", "xyz") == "abc"


def test_digits_are_left_to_the_latin_reading_and_spaces_are_tidied() -> None:
    assert vote("906 หมู่ที่ 9", "926 หมู่ที่ 9", "926 หมู่ที่ 9") == "906 หมู่ที่ 9"
    assert vote("ถนน สาทร", "ถนนสาทร", "ถนนสาทร") == "ถนนสาทร"
    assert vote("ถนนสาทร ", "ถนนสาทร  x", "ถนนสาทร  x") == "ถนนสาทร x"
