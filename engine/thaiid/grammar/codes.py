"""Card codes: the front serial, the back card number and laser code."""

from __future__ import annotations

import re

from airocr.engine.thaiid.grammar.digits import DIGIT_TO_LETTER, to_digits
from airocr.engine.thaiid.grammar.parsed import Parsed
from airocr.engine.thaiid.text import THAI_DIGITS, nfc


def _digit_groups(text: str, groups: tuple[int, ...]) -> Parsed:
    digits, mapped = to_digits(text)
    if len(digits) != sum(groups):
        return Parsed(_keep_code_chars(text) or None, False, mapped > 0)
    out, k = [], 0
    for g in groups:
        out.append(digits[k:k + g])
        k += g
    return Parsed("-".join(out), True, mapped > 0)


def _keep_code_chars(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z-]", "", nfc(text).translate(THAI_DIGITS))


SERIAL_GROUPS = (4, 2, 8)


def parse_serial(text: str) -> Parsed:
    """Front serial (and back ``card_number``) ``DDDD-DD-DDDDDDDD``."""
    return _digit_groups(text, SERIAL_GROUPS)


parse_card_number = parse_serial


def parse_laser(text: str) -> Parsed:
    """Back laser code ``AA0-0000000-00``: 2 letters, then 10 digits grouped 1-7-2; letter/digit repair by position."""
    raw = re.sub(r"[^0-9A-Za-z|!$&?\[\]]", "", nfc(text).translate(THAI_DIGITS))
    if len(raw) != 12:
        return Parsed(_keep_code_chars(text).upper() or None, False, False)
    repaired = False
    letters = []
    for ch in raw[:2]:
        if ch.isalpha() and ch.isascii():
            letters.append(ch.upper())
            repaired |= not ch.isupper()
        elif ch in DIGIT_TO_LETTER:
            letters.append(DIGIT_TO_LETTER[ch])
            repaired = True
        else:
            return Parsed(_keep_code_chars(text).upper() or None, False, False)
    digits, mapped = to_digits(raw[2:])
    if len(digits) != 10:
        return Parsed(_keep_code_chars(text).upper() or None, False, repaired)
    return Parsed(f"{''.join(letters)}{digits[0]}-{digits[1:8]}-{digits[8:]}", True, repaired or mapped > 0)
