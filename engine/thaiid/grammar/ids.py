"""The 13-digit citizen ID number: check digit, grouping, one-digit repair, card type."""

from __future__ import annotations

from airocr.engine.thaiid.grammar.config import GRAMMAR
from airocr.engine.thaiid.grammar.digits import DIGIT_CONFUSIONS, to_digits
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


def _repair_id(digits: str, char_conf: list[float] | None) -> str | None:
    """One-digit repair of a 13-digit ID whose check fails; ``None`` when no unique fix exists.

    With per-digit confidences the least confident digit (if clearly uncertain) is tried with every
    value; otherwise the common confusion pairs at every position. Only a *unique* passing candidate
    is accepted.
    """
    if char_conf is not None and len(char_conf) == 13:
        worst = min(range(13), key=lambda i: char_conf[i])
        # (digit 3 has weight 11: the check says nothing about it)
        if char_conf[worst] < GRAMMAR.id_unsure_digit_conf and worst != 2:
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
