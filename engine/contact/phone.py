"""Phone-number spotting and normalisation.

Output format (what ``PhoneMatch.normalized`` and the API's ``phone`` carry):

* CN mobile: the 11 digits, country prefix dropped -- ``13812345678``
  (from ``+86 138-1234-5678``, ``0086 13812345678``, ``138 1234 5678`` ...).
* CN landline: ``AREA-LOCAL`` plus ``-EXT`` when an extension is printed --
  ``0755-88888888``, ``010-12345678-123`` (from ``(0755)8888-8888``,
  ``0755 88888888 转 123``, ``+86 755 8888 8888 ext. 123`` ...).
* CN service numbers 400/800: the 10 digits -- ``4008001234``.
* Other countries (a ``+``/``00`` prefix other than 86): E.164 -- ``+14155550100``.
* A bare 7-8 digit local number is only reported when ``allow_local`` is set
  (the caller does that for text that follows a phone label); it is kept as
  its digits.

Numbers are found by grouping digit runs that are separated by at most one
separator character (space, dash, dot, parentheses) and taking, from each
starting group, the longest run of groups that forms a valid number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MOBILE_RE = re.compile(r"1[3-9]\d{9}")
SERVICE_RE = re.compile(r"[48]00\d{7}")
# 3-digit area codes (incl. trunk 0): Beijing 010 and the 02x big cities.
THREE_DIGIT_AREA_RE = re.compile(r"0(?:10|2\d)")
EXTENSION_RE = re.compile(r"\s*(?:转|分机|ext\.?|EXT\.?|Ext\.?|x|X|#|-)\s*(\d{1,5})(?!\d)")
SEPARATOR_CHARS = " -.()（）\u3000\u2013\u2014/"

MOBILE, LANDLINE, SERVICE, INTERNATIONAL, LOCAL = "mobile", "landline", "service", "international", "local"


@dataclass(frozen=True)
class PhoneMatch:
    """A phone number found in a text."""

    start: int
    end: int
    kind: str
    normalized: str

    @property
    def is_mobile(self) -> bool:
        return self.kind == MOBILE


@dataclass(frozen=True)
class _Group:
    start: int
    end: int
    digits: str


def _split_glued(group: _Group) -> list[_Group]:
    """Split a run of digits that is two numbers printed without a gap (OCR drops gaps).

    Only splits where one side is a mobile and the other a local landline part
    or a complete CN number: 2418878317553905529 -> 24188783 | 17553905529.
    """
    d = group.digits
    if len(d) <= 12:
        return [group]
    for head_len in (len(d) - 11, 11):
        head, tail = d[:head_len], d[head_len:]
        mobile_side = tail if head_len == len(d) - 11 else head
        other = head if mobile_side is tail else tail
        if MOBILE_RE.fullmatch(mobile_side) and (len(other) in (7, 8) or classify_cn(other)):
            mid = group.start + head_len
            return [_Group(group.start, mid, head), _Group(mid, group.end, tail)]
    return [group]


def _digit_groups(text: str) -> list[_Group]:
    groups = [_Group(m.start(), m.end(), m.group()) for m in re.finditer(r"\d+", text)]
    return [part for g in groups for part in _split_glued(g)]


def _joinable(text: str, left: _Group, right: _Group) -> bool:
    """Two digit runs belong to one number if at most a separator or two sit between them."""
    gap = text[left.end : right.start]
    if not gap and len(left.digits) + len(right.digits) > 12:
        return False  # the two halves of a glued run (see _split_glued)
    return len(gap) <= 2 and all(ch in SEPARATOR_CHARS for ch in gap) and gap.count(" ") <= 1


def _prefix(text: str, first: _Group) -> str:
    """'+' when the number is written with a plus sign just before it."""
    before = text[max(0, first.start - 2) : first.start].replace(" ", "").replace("(", "").replace("（", "")
    return "+" if before.endswith("+") else ""


def classify_cn(digits: str) -> tuple[str, str] | None:
    """Classify a digit string written without country code; return (kind, normalised)."""
    if MOBILE_RE.fullmatch(digits):
        return MOBILE, digits
    if SERVICE_RE.fullmatch(digits):
        return SERVICE, digits
    if digits.startswith("0") and not digits.startswith("00"):
        area_len = 3 if THREE_DIGIT_AREA_RE.match(digits) else 4
        area, local = digits[:area_len], digits[area_len:]
        if len(local) in (7, 8) and local[0] != "0":
            if area_len == 3 and len(local) != 8:
                return None
            return LANDLINE, f"{area}-{local}"
    return None


def classify(digits: str, plus: bool) -> tuple[str, str] | None:
    """Classify a candidate digit string (``plus``: written with a leading +)."""
    international = plus or digits.startswith("00")
    if international:
        body = digits[2:] if digits.startswith("00") else digits
        if body.startswith("86"):
            national = body[2:]
            if national.startswith("0"):
                national = national[1:]  # +86 (0)755 ...
            return classify_cn(national) or classify_cn("0" + national)
        if 8 <= len(body) <= 15 and body[0] != "0":
            if body.startswith("1") and len(body) != 11:
                return None  # NANP: +1 and exactly ten digits
            return INTERNATIONAL, "+" + body
        return None
    return classify_cn(digits)


def _extension(text: str, end: int) -> tuple[str, int] | None:
    m = EXTENSION_RE.match(text, end)
    if m is None:
        return None
    return m.group(1), m.end()


def find_phones(text: str, allow_local: bool = False) -> list[PhoneMatch]:
    """All phone numbers in ``text``, in order of appearance."""
    groups = _digit_groups(text)
    out: list[PhoneMatch] = []
    i = 0
    while i < len(groups):
        # A digit run glued to letters (order IDs like SF1234567890) is not a phone.
        before = text[groups[i].start - 1] if groups[i].start > 0 else ""
        if before == "#" or (before.isascii() and before.isalpha()):  # #0139703980 is an order number too
            if before not in "xX":
                i += 1
                continue
        plus = _prefix(text, groups[i]) == "+"
        best: tuple[int, str, str] | None = None
        digits = ""
        for j in range(i, len(groups)):
            if j > i and not _joinable(text, groups[j - 1], groups[j]):
                break
            digits += groups[j].digits
            if len(digits) > 17:
                break
            found = classify(digits, plus)
            if found:
                best = (j, *found)
        if best is None:
            if allow_local and len(groups[i].digits) in (7, 8) and groups[i].digits[0] != "0":
                out.append(PhoneMatch(groups[i].start, groups[i].end, LOCAL, groups[i].digits))
            i += 1
            continue
        j, kind, normalized = best
        start = groups[i].start - (1 if plus and groups[i].start > 0 else 0)
        end = groups[j].end
        if kind == LANDLINE:
            ext = _extension(text, end)
            if ext:
                normalized += "-" + ext[0]
                end = ext[1]
                while j + 1 < len(groups) and groups[j + 1].start < end:
                    j += 1
        if start > 0 and text[start - 1] in "(（":
            start -= 1
        out.append(PhoneMatch(start, end, kind, normalized))
        i = j + 1
    return out


def choose_phone(matches: list[PhoneMatch]) -> str:
    """Pick the contact phone: the first mobile, else the first number of any kind."""
    for m in matches:
        if m.is_mobile:
            return m.normalized
    return matches[0].normalized if matches else ""
