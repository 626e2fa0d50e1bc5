"""The 13-digit citizen ID number: check digit, grouping, card type.

A printed ID that fails the check is returned as printed and marked invalid (low confidence): the
check says a digit is wrong, not which one, and a card may be printed with a failing number
(specimens, mocks). Choosing among the recognizer's own alternative readings is the field
reader's job (``FieldReaderConfig.id_variants``), never this parser's."""

from __future__ import annotations

from airocr.engine.thaiid.grammar.digits import to_digits
from airocr.engine.thaiid.grammar.parsed import Parsed


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


def parse_id_number(text: str) -> Parsed:
    """13-digit citizen ID → ``1 2345 67890 12 3``; maps look-alike letters where a digit must be, never
    changes a digit: an ID failing the check comes back as read, invalid."""
    digits, mapped = to_digits(text)
    if len(digits) > 13:  # a stray mark read as a digit: drop one digit if that gives a unique valid ID
        cands = {digits[:i] + digits[i + 1:] for i in range(len(digits))} if len(digits) == 14 else set()
        valid = {c for c in cands if id_valid(c)}
        if len(valid) == 1:
            return Parsed(format_id(valid.pop()), True, True)
        return Parsed(digits, False, mapped > 0)
    if len(digits) != 13:
        return Parsed(digits or None, False, mapped > 0)
    return Parsed(format_id(digits), id_valid(digits), mapped > 0)


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
