"""Digits as a recognizer reads them: look-alike letters, confusable digit pairs."""

from __future__ import annotations

from airocr.engine.thaiid.text import THAI_DIGITS, nfc

# Letters and symbols a recognizer returns for a digit (positionally: only where a digit must be).
LETTER_TO_DIGIT = {
    "O": "0", "o": "0", "D": "0", "Q": "0", "U": "0", "u": "0", "C": "0", "c": "0",
    "I": "1", "l": "1", "|": "1", "i": "1", "!": "1", "L": "1", "J": "1", "j": "1", "[": "1", "]": "1",
    "Z": "2", "z": "2", "E": "3", "A": "4", "h": "4", "S": "5", "s": "5", "$": "5",
    "G": "6", "b": "6", "T": "7", "t": "7", "?": "7", "B": "8", "&": "8", "g": "9", "q": "9", "P": "9",
}
DIGIT_TO_LETTER = {"0": "O", "1": "I", "2": "Z", "3": "B", "4": "A", "5": "S", "6": "G", "7": "T", "8": "B", "9": "P"}
# Digit pairs that recognizers confuse, tried first when a check digit fails.
DIGIT_CONFUSIONS: dict[str, str] = {
    "0": "869", "1": "74", "2": "7", "3": "85", "4": "19", "5": "63", "6": "508", "7": "12", "8": "0369",
    "9": "840",
}


def to_digits(text: str) -> tuple[str, int]:
    """Keep the digits of ``text``, mapping digit look-alike letters; returns (digits, number mapped).

    Spaces, hyphens and dots are separators and dropped; any other character is dropped too.
    """
    out: list[str] = []
    mapped = 0
    for ch in nfc(text).translate(THAI_DIGITS):
        if ch.isdigit() and ch.isascii():
            out.append(ch)
        elif ch in LETTER_TO_DIGIT:
            out.append(LETTER_TO_DIGIT[ch])
            mapped += 1
    return "".join(out), mapped
