"""The names: look-alike letters settled with the other script's spelling, a prefix boxed apart.

The Thai name and its English twin (given and family name) spell the same words: a variant of one
reading (the recognizer's n-best) replaces it when it is clearly closer in spelling to the other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import partial
from typing import Any

from airocr.engine.recognize import CTCRecognizer
from airocr.engine.thaiid import grammar as G
from airocr.engine.thaiid import romanize as R
from airocr.engine.thaiid.fields.boxes import W, same_row
from airocr.engine.thaiid.fields.config import DEFAULT_CONFIG, FieldReaderConfig
from airocr.engine.thaiid.fields.field_grammar import CAPTIONS, latin_parser
from airocr.engine.thaiid.fields.lines import FieldValue, Line

_EN_TITLE_WORDS = frozenset(t.rstrip(".").lower() for t in G.EN_TITLES)


def en_name_word(value: str) -> str | None:
    """The one name word of an English name field's value (its title dropped), or None."""
    words = [w for w in value.split() if w.rstrip(".").lower() not in _EN_TITLE_WORDS]
    return words[0] if len(words) == 1 else None


def title_hint(name_ln: Line | None) -> str | None:
    """The English title the Thai name's prefix calls for (from the name line's Thai reading), or None."""
    if name_ln is None or name_ln.thai is None:
        return None
    return G.en_title_for_th_name(G.strip_label(name_ln.thai.text, CAPTIONS["name_th"])[0])


def first_name_parser(title: str | None) -> Any:
    """The English first name's grammar, told the title the Thai name calls for when known."""
    return G.parse_first_name_en if title is None else partial(G.parse_first_name_en, title_hint=title)


def spells(alt_words: list[str], words: list[str], latin: list[str], cfg: FieldReaderConfig = DEFAULT_CONFIG) -> bool:
    """Whether every word the variant changes is spelled by its Latin twin: its romanization within
    ``cfg.spells_max_frac`` of the Latin word's length (at least ``cfg.spells_floor``) of it. A card
    whose Latin name is no transliteration of the Thai one (a foreign name, a spelling of its own)
    then leaves the Thai reading alone instead of pulling it towards whichever variant starts like
    the Latin word."""
    return all(a == w or (len(a) == len(w) and R.spelling_distance(R.romanize(a), e)
                          <= max(cfg.spells_floor, cfg.spells_max_frac * len(e)))
               for a, w, e in zip(alt_words, words, latin, strict=True))


def pick_by_spelling(scored: list[tuple[float, float, str]], min_gain: float, prob_weight: float) -> str | None:
    """The spelling checks' rule. ``scored`` holds (spelling distance, log-probability deficit, value),
    the field's own reading first; the best by distance + ``prob_weight`` x deficit replaces it only
    when at least ``min_gain`` closer in spelling. Returns the replacement, or None."""
    dist, _, best = min(scored, key=lambda x: x[0] + prob_weight * x[1])
    return best if best != scored[0][2] and scored[0][0] - dist >= min_gain - 1e-9 else None


def _parse_th_name(text: str) -> tuple[str | None, list[str] | None]:
    """The name field's value for a reading, and its given and family names (None unless two)."""
    p = G.parse_name_th(G.strip_label(text, CAPTIONS["name_th"])[0])
    words = p.value.split()[1:] if p.valid and p.value else []
    return p.value, (words if len(words) == 2 else None)


def thai_name_by_spelling(thai: CTCRecognizer, fields: Mapping[str, FieldValue], ln: Line,
                          cfg: FieldReaderConfig = DEFAULT_CONFIG) -> str | None:
    """The Thai name with its look-alike consonants settled by the card's Latin spelling of it, when
    that changes it; else None.

    The Thai reading's variants (:meth:`CTCRecognizer.recognize_nbest`, ``cfg.thai_name_variants``;
    in a blurred or glared crop the right consonant is often the second or third rival at a few
    percent) whose changed words :func:`spells` are scored by their rough romanization's distance
    to the English given and family names, plus a weight per unit of the variant's log-probability
    deficit; a variant replaces the reading when it is at least ``cfg.thai_name_min_gain`` closer
    in spelling (about one consonant).
    """
    first, last = fields.get("first_name_en"), fields.get("last_name_en")
    if ln.thai is None or ln.thai_crop is None or first is None or last is None:
        return None
    given_en = en_name_word(first.text)
    if given_en is None or " " in last.text:
        return None
    latin = [given_en, last.text]
    value, words = _parse_th_name(ln.thai.text)
    if words is None or value != fields["name_th"].text:
        return None  # the field did not come from this reading as it stands (a prefix box joined it)
    scored = [(R.name_distance(words, latin), 0.0, value)]
    for t in thai.recognize_nbest([ln.thai_crop], **cfg.thai_name_variants.kwargs())[0][1:]:
        alt_value, alt_words = _parse_th_name(t.text)
        if alt_words is not None and spells(alt_words, words, latin, cfg):
            scored.append((R.name_distance(alt_words, latin), -t.relative_logp, alt_value))
    return pick_by_spelling(scored, cfg.thai_name_min_gain, cfg.thai_name_prob_weight)  # type: ignore[arg-type]


def _latin_name_by_spelling(ln: Line, fv: FieldValue, parse: Any, th_word: str, cfg: FieldReaderConfig) -> str | None:
    """One English name field's settled value (see :func:`latin_names_by_spelling`), or None."""
    word = en_name_word(fv.text)
    source = next((k for k, t in enumerate(ln.latin) if parse(t.text).value == fv.text), None)
    if source is None or source >= len(ln.latin_variants) or word is None:
        return None  # the field did not come from a Latin reading as it stands
    target = R.romanize(th_word)
    scored = [(R.spelling_distance(target, word), 0.0, fv.text)]
    for t in ln.latin_variants[source]:
        p = parse(t.text)
        alt = en_name_word(p.value) if p.valid and p.value else None
        if alt is not None:
            scored.append((R.spelling_distance(target, alt), -t.relative_logp, p.value))
    return pick_by_spelling(scored, cfg.latin_name_min_gain, cfg.latin_name_prob_weight)


def latin_names_by_spelling(fields: Mapping[str, FieldValue], assigned: Mapping[str, list[Line]],
                            title: str | None, cfg: FieldReaderConfig = DEFAULT_CONFIG) -> dict[str, str]:
    """The reverse of :func:`thai_name_by_spelling`: the English names whose look-alike letters
    (``i``/``l``, ``c``/``e``) the Thai name's spelling settles, by the same rule; returns the
    changed values by field. Runs before the Thai check, against the Thai recognizer's own reading.

    The n-best variants of the Latin reading the field came from (value crop or photo crop;
    ``cfg.latin_name_variants``: swaps, and a thin letter blur washed out or a stray one) are parsed
    with the field's grammar; a variant replaces the field when its given / family name is at least
    ``cfg.latin_name_min_gain`` closer to the romanized Thai word, after a weight per unit of
    log-probability given up.
    """
    words = fields["name_th"].text.split()[1:]
    if len(words) != 2:
        return {}
    out: dict[str, str] = {}
    for name, th_word in (("first_name_en", words[0]), ("last_name_en", words[1])):
        ln, fv = assigned.get(name, [None])[0], fields.get(name)
        if ln is None or fv is None or not ln.latin:
            continue
        parse = latin_parser(name) if name == "last_name_en" else first_name_parser(title)
        best = _latin_name_by_spelling(ln, fv, parse, th_word, cfg)
        if best is not None:
            out[name] = best
    return out


def prefix_box_left_of(name_line: Line, lines: list[Line], assigned: Mapping[str, list[Line]],
                       cfg: FieldReaderConfig = DEFAULT_CONFIG) -> Line | None:
    """An unassigned line just left of the Thai name on its row that reads as a name prefix alone
    (``ด.ญ.``): the detector may box the prefix apart from the name across the wider space."""
    used = {id(x) for lns in assigned.values() for x in lns}
    b = name_line.box
    for ln in lines:
        o = ln.box
        if (id(ln) in used or ln is name_line
                or not (b[0] - cfg.prefix_left * W <= o[2] <= b[0] + cfg.prefix_right * W)):
            continue
        if same_row(o, b, cfg) and G.is_th_prefix(ln.first.text):
            return ln
    return None



def title_prefix_agreed(name_th: FieldValue, first_en: FieldValue,
                        dates: Mapping[str, G.CardDate | None]) -> FieldValue:
    """The Thai name with its prefix agreeing with the English title (and the holder's age at issue
    when both dates are known), its confidence scaled by how much that took."""
    birth, issue = dates.get("birth"), dates.get("issue")
    age = (issue.year - birth.year if birth is not None and issue is not None
           and not birth.lifelong and not issue.lifelong else None)
    text, k = G.agree_title_prefix(name_th.text, first_en.text, age)
    return replace(name_th, text=text, confidence=name_th.confidence * k)
