"""Thai text helpers shared by the ID card readers: Unicode normalisation, edit distances, Thai
digits and the marks that stack on a Thai letter (pure functions, no models)."""

from __future__ import annotations

import unicodedata


def nfc(text: str) -> str:
    """Unicode NFC: a Thai letter and its marks in one canonical order."""
    return unicodedata.normalize("NFC", text)


def squash_spaces(text: str) -> str:
    """Collapse runs of whitespace to one space and trim."""
    return " ".join(nfc(text).split())


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (strings here are short: labels, months, religions, place names).

    The last entry of :func:`prefix_edit_distances` with the shorter string as the key: the same
    number as the plain dynamic-programming table (the tests check it against a table of their own),
    and much faster on short strings; the address snap compares a reading with every province and
    district name.
    """
    if len(a) < len(b):
        a, b = b, a
    return prefix_edit_distances(a, b)[-1] if b else len(a)


def prefix_edit_distances(s: str, key: str) -> list[int]:
    """``[edit_distance(s[:n], key) for n in range(len(s) + 1)]`` in one pass over ``s``.

    Myers' bit-parallel edit distance (Hyyrö's formulation, global: the top row of the table
    counts up, so no free start in ``s``): one column of the dynamic-programming table is one
    integer of ``len(key)`` bits, and the score tracked is the table's last row, i.e. the distance
    of each prefix of ``s`` to all of ``key``. The card reader calls this many times per card to
    find printed captions.
    """
    m = len(key)
    if m == 0:
        return list(range(len(s) + 1))
    peq: dict[str, int] = {}  # per character, the positions where ``key`` has it
    for i, c in enumerate(key):
        peq[c] = peq.get(c, 0) | (1 << i)
    full, top = (1 << m) - 1, 1 << (m - 1)
    pv, mv, score = full, 0, m  # vertical +1 / -1 deltas of the current column; its last cell
    out = [m]
    for c in s:
        eq = peq.get(c, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & full)  # horizontal +1 / -1 deltas
        mh = pv & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        ph = ((ph << 1) | 1) & full
        mh = (mh << 1) & full
        pv = mh | (~(xv | ph) & full)
        mv = ph & xv
        out.append(score)
    return out


# Thai digits (๐-๙) to ASCII, for ``str.translate``.
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

# Thai marks that stack on a letter: vowels above (ั ิ ี ึ ื) and maitaikhu (็), tone marks,
# thanthakhat (์), vowels below (ุ ู) and phinthu (ฺ)
UPPER_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47"
TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"
THANTHAKHAT = "\u0e4c"
LOWER_VOWELS = "\u0e38\u0e39\u0e3a"
FOLLOWING_VOWELS = "\u0e30\u0e32\u0e33\u0e45"  # ะ า ำ ๅ: written after their letter
# One of each class at most on a letter: a vowel above (or ็), a tone mark (or ์), a vowel below.
_MARK_CLASSES = (UPPER_VOWELS, TONE_MARKS + THANTHAKHAT, LOWER_VOWELS)
_MARK_CLASS = {ch: k for k, chars in enumerate(_MARK_CLASSES) for ch in chars}


def drop_doubled_marks(text: str) -> str:
    """Drop a second mark of one class on the same letter (``วีินัต`` → ``วีนัต``): Thai spelling
    has no letter with two vowels above, two tone marks or two vowels below, and a recognizer
    unsure between two look-alike marks (ี/ิ) may emit both. The first is kept. A vowel sign written
    after its letter read twice (``บำำเพ็ญ``) is read once: no Thai spelling repeats one."""
    out: list[str] = []
    seen: set[int] = set()
    for ch in text:
        k = _MARK_CLASS.get(ch)
        if k is None:
            seen.clear()
            if ch in FOLLOWING_VOWELS and out and out[-1] == ch:
                continue
        elif k in seen:
            continue
        else:
            seen.add(k)
        out.append(ch)
    return "".join(out)


def is_thai_mark(ch: str) -> bool:
    """Thai vowel signs / tone marks that attach to the previous consonant (and following vowels)."""
    return ch in "ะัาำิีึืฺุู็่้๊๋์ํ" or unicodedata.category(ch) == "Mn"
