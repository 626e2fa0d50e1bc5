"""Names: the Thai name with its prefix, the English title and names, the prefix and title cross-check."""

from __future__ import annotations

import re

from airocr.engine.thaiid.grammar.config import GRAMMAR
from airocr.engine.thaiid.grammar.labels import strip_label
from airocr.engine.thaiid.grammar.parsed import FACTOR_INVALID, FACTOR_REPAIRED, Parsed
from airocr.engine.thaiid.text import drop_doubled_marks, edit_distance, is_thai_mark, squash_spaces

TH_PREFIXES = ("นาย", "นางสาว", "นาง", "น.ส.", "ด.ช.", "ด.ญ.")
_TH_PREFIX_KEYS = {"นาย": "นาย", "นางสาว": "นางสาว", "นาง": "นาง", "นส": "น.ส.", "ดช": "ด.ช.", "ดญ": "ด.ญ."}
EN_TITLES = ("Mr.", "Mrs.", "Miss", "Master", "Ms.")
_EN_TITLE_KEYS = {"mr": "Mr.", "mrs": "Mrs.", "miss": "Miss", "master": "Master", "ms": "Ms."}

GIRL_AGE_LIMIT = 15  # age at issue from which a "Miss" is น.ส. rather than ด.ญ. (girl)

# The Thai prefix a card prints for each English title; "Miss" is ด.ญ. for a girl under 15 at issue.
_PREFIX_FOR_TITLE = {"Mr.": ("นาย",), "Mrs.": ("นาง",), "Master": ("ด.ช.",), "Miss": ("น.ส.", "นางสาว", "ด.ญ.")}


def agree_title_prefix(name_th: str, first_name_en: str, age_at_issue: int | None) -> tuple[str, float]:
    """Cross-check the Thai name's prefix with the English title (read by the stronger recognizer).

    Returns the Thai name (with the prefix supplied when it was not read and the title tells it)
    and a confidence factor: 1 when they agree or cannot be compared, ``FACTOR_REPAIRED`` when the
    prefix was supplied, lower when they contradict (the value is kept; which one is wrong is unknown).
    """
    title = first_name_en.split()[0] if first_name_en.split() else ""
    allowed = _PREFIX_FOR_TITLE.get(title)
    if allowed is None:
        return name_th, 1.0
    head = name_th.split()[0] if name_th.split() else ""
    if head in TH_PREFIXES:
        return name_th, 1.0 if head in allowed else FACTOR_INVALID
    if title == "Miss":
        if age_at_issue is None:
            return name_th, 1.0
        allowed = ("ด.ญ.",) if age_at_issue < GIRL_AGE_LIMIT else ("น.ส.",)
    parts = name_th.split()
    if "." in head and len(parts) >= 2:
        # A Thai name has no dot: a dotted first word is the abbreviated prefix misread (นน.ส.),
        # replaced rather than kept behind the supplied one. What follows its last dot is the given
        # name glued to it, unless it is a letter of the prefix (ด.ช).
        glued = head.rsplit(".", 1)[1]
        parts = ([glued] if len(glued) > 1 else []) + parts[1:]
    return " ".join([allowed[0], *parts]), FACTOR_REPAIRED


def is_th_prefix(text: str) -> bool:
    """The text is a Thai name prefix alone (``ด.ญ.``, ``น. ส.``, ``นาย``), dots and spaces aside."""
    return re.sub(r"[\s.]", "", text) in _TH_PREFIX_KEYS


def parse_name_th(text: str) -> Parsed:
    """Thai name ``นาย สมชาย ใจดี``: prefix normalised (``น. ส.``/``นส`` → ``น.ส.``), one space between
    parts, a doubled mark dropped (:func:`drop_doubled_marks`), a part without a Thai letter dropped.

    ``นางสาว`` is kept as printed. Valid when a known prefix is followed by a given and a family name.
    """
    s = squash_spaces(drop_doubled_marks(text))
    if not s:
        return Parsed(None, False)
    doubled = s != squash_spaces(text)
    prefix, rest, repaired = None, s, False
    head = s[:GRAMMAR.th_prefix_max_chars]
    for n in range(min(len(head), GRAMMAR.th_prefix_max_chars), 1, -1):
        key = re.sub(r"[\s.]", "", head[:n])
        if key in _TH_PREFIX_KEYS and (n == len(s) or not is_thai_mark(s[n])):
            # prefer the longest match (นางสาว over นาง), and do not split a consonant from its vowel marks
            prefix, rest = _TH_PREFIX_KEYS[key], s[n:].strip()
            repaired = head[:n].strip() != prefix
            break
    # a speck in the wide gap before the surname reads as a lone mark (``:``, ``.``): no name part
    parts = [p for p in rest.split() if re.search(r"[\u0e01-\u0e4e]", p)]
    if prefix is None:
        return Parsed(s, False)
    value = " ".join([prefix, *parts])
    return Parsed(value, len(parts) >= 2, doubled or repaired or value.replace(" ", "") != s.replace(" ", ""))


def parse_first_name_en(text: str, title_hint: str | None = None) -> Parsed:
    """English given-name row: ``Mr. Somchai`` (title + given name); the ``Name`` caption is stripped.

    ``title_hint``: the title the Thai name's prefix implies (:func:`en_title_for_th_name`); it
    settles a misread title that is one or two edits from several (``Mss``: Miss, Ms., Mrs.)."""
    s, _ = strip_label(text, ("Name",), GRAMMAR.en_caption_max_ratio)
    s = re.sub(r"[^A-Za-z.\s'-]", "", s)
    s = squash_spaces(s)
    if not s:
        return Parsed(None, False)
    # a title glued to the name ("MasterDa", "Mr.Somchai"): split where the capitalised name starts
    s = re.sub(r"^(Master|Miss|Mrs|Mr|Ms)\.?(?=[A-Z][a-z])", lambda m: m.group(0) + " ", s)
    s = squash_spaces(s)
    toks = s.split()
    at, title = _find_en_title(toks, title_hint)
    if title is None:
        return Parsed(s, False)
    rest = [_capitalised(t) for t in toks[at + 1 :] if t.strip(".")]
    value = " ".join([title, *rest])
    ok = len(rest) >= 1 and all(re.fullmatch(r"[A-Za-z][A-Za-z'-]*", t) for t in rest)
    return Parsed(value, ok, value != s)


def _find_en_title(toks: list[str], hint: str | None = None) -> tuple[int, str | None]:
    """Where the title is among the first tokens, and which one.

    An exact title wins; otherwise a token one edit away from exactly one title (``Ar.`` →
    ``Mr.``), or at most two from the ``hint`` title when several are near, followed by a
    capitalised word. Tokens before it are caption remnants the label stripper missed (``hiome``
    for ``Name``).
    """
    head = toks[: min(GRAMMAR.title_search_tokens, max(len(toks) - 1, 1))]
    for i, tok in enumerate(head):
        title = _EN_TITLE_KEYS.get(tok.rstrip(".").lower())
        if title is not None and (i == 0 or i + 1 < len(toks)):
            return i, title
    for i, tok in enumerate(head):
        key = tok.rstrip(".").lower()
        if len(key) < 2 or i + 1 >= len(toks) or not toks[i + 1][:1].isupper():
            continue
        near = [t for k, t in _EN_TITLE_KEYS.items() if edit_distance(key, k) == GRAMMAR.title_max_edits]
        if len(near) == 1:
            return i, near[0]
        hint_edits = GRAMMAR.hint_title_max_edits if len(key) >= 3 else 1
        if hint in EN_TITLES and edit_distance(key, hint.rstrip(".").lower()) <= hint_edits:
            return i, hint
    return 0, None


# The English title a card prints for each Thai prefix (the inverse of _PREFIX_FOR_TITLE).
_TITLE_FOR_PREFIX = {prefix: title for title, prefixes in _PREFIX_FOR_TITLE.items() for prefix in prefixes}


def en_title_for_th_name(name_th: str) -> str | None:
    """The English title implied by a Thai name reading's prefix (``น.ส. …`` → ``Miss``), or None."""
    p = parse_name_th(name_th)
    head = p.value.split()[0] if p.value else ""
    return _TITLE_FOR_PREFIX.get(head)


def parse_last_name_en(text: str) -> Parsed:
    """English family-name row: ``Jaidee``; the ``Last name`` caption is stripped."""
    s, _ = strip_label(text, ("Last name",), GRAMMAR.en_caption_max_ratio)
    s = squash_spaces(re.sub(r"[^A-Za-z\s'-]", "", s))
    if not s:
        return Parsed(None, False)
    value = " ".join(_capitalised(t) for t in s.split())
    ok = all(re.fullmatch(r"[A-Za-z][A-Za-z'-]*", t) for t in value.split())
    return Parsed(value, ok, value != s)


def _capitalised(word: str) -> str:
    """Cards print English names capitalised: a lowercase initial is a misread case (``wat`` → ``Wat``)."""
    return word[:1].upper() + word[1:] if word[:1].islower() else word


def parse_name_en(text: str) -> Parsed:
    """Pink card's single English name row (full name, title optional)."""
    s, _ = strip_label(text, ("Name",), GRAMMAR.en_caption_max_ratio)
    s = squash_spaces(re.sub(r"[^A-Za-z.\s'-]", "", s))
    if not s:
        return Parsed(None, False)
    return Parsed(s, len(s.split()) >= 2)
