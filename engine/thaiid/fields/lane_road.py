"""The address's lane and road abbreviations (ซ. ซอย, ถ. ถนน), chosen among the recognizer's own readings.

Real cards usually print a lane and a road abbreviated and glued to the name (``ซ.สุขุมวิท 1
ถ.สุขุมวิท``). The Thai recognizer reads ซ as ช and ถ as ต, อ or ก (one stroke apart), and nothing
downstream can tell: ``ช.`` is no address abbreviation at all, and ``ต.`` is the subdistrict's. The
address grammar says where a lane or road stands (before the subdistrict:
:func:`~engine.thaiid.grammar.lane_road_slots`); the recognizer's alternatives for the row say
whether ซ or ถ was printed there. A slot takes ซ or ถ only when a reading of the row offers it there:
a one-letter variant of the kept crop's n-best (``FieldReaderConfig.lane_road_variants``), that
crop's greedy reading, or the other crop's reading (card or photo, see ``ThaiReading.other``),
the likeliest; a slot no reading offers it at keeps the letter as read. An abbreviation read glued
to its name (``ถ.สีลม``) takes a space after its dot where the row's n-best with insertions offers
one there (``FieldReaderConfig.lane_road_spaces``): cards print ``ถ. สีลม`` too, and the space is
read lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from airocr.engine.recognize import CTCRecognizer, LineText
from airocr.engine.thaiid import grammar as G
from airocr.engine.thaiid.fields.address_field import reading_rows
from airocr.engine.thaiid.fields.config import DEFAULT_CONFIG, FieldReaderConfig
from airocr.engine.thaiid.fields.lines import Line

_NO_OFFER = (float("-inf"), "")


def lane_road_slots(texts: list[str]) -> list[tuple[int, int]]:
    """(row, character position) of each abbreviation in the address rows' readings ``texts`` (in
    reading order) where the grammar puts a lane or a road but the reading shows another letter
    (:func:`~engine.thaiid.grammar.lane_road_slots`, over the rows' tokens together)."""
    where = [(r, j) for r, t in enumerate(texts) for j, c in enumerate(t) if c != " " and (j == 0 or t[j - 1] == " ")]
    return [where[k] for k in G.lane_road_slots([texts[r][j:].split(" ", 1)[0] for r, j in where])]


def _glued(texts: list[str]) -> list[tuple[int, int]]:
    """(row, character position) of each lane or road abbreviation read glued to its name
    (:func:`~engine.thaiid.grammar.glued_lane_road`, over the rows' tokens together)."""
    where = [(r, j) for r, t in enumerate(texts) for j, c in enumerate(t) if c != " " and (j == 0 or t[j - 1] == " ")]
    return [where[k] for k in G.glued_lane_road([texts[r][j:].split(" ", 1)[0] for r, j in where])]


def _same_place(text: str, j: int, reading: str) -> int | None:
    """Where the character at ``text[j]`` is in another ``reading`` of the line: at ``j`` when every
    character before it is the same, else at the same distance from the end when every character
    after it is; None when neither holds (the readings differ on both sides)."""
    if j < len(reading) and reading[:j] == text[:j]:
        return j
    after = len(text) - j - 1
    if after < len(reading) and reading[len(reading) - after:] == text[j + 1:]:
        return len(reading) - after - 1
    return None


def _variant_offers(nbest: Sequence[LineText]) -> dict[int, tuple[float, str]]:
    """Where one-letter variants of a greedy reading (``nbest[0]``) offer a lane's or road's letter:
    position in the greedy reading -> (relative log-probability, letter), the likeliest per position."""
    base = nbest[0].text
    out: dict[int, tuple[float, str]] = {}
    for v in nbest[1:]:
        if len(v.text) != len(base):
            continue
        diff = [j for j, (a, b) in enumerate(zip(v.text, base, strict=True)) if a != b]
        if len(diff) != 1 or v.text[diff[0]] not in G.LANE_ROAD_LETTERS:
            continue
        if v.relative_logp > out.get(diff[0], _NO_OFFER)[0]:
            out[diff[0]] = (v.relative_logp, v.text[diff[0]])
    return out


def choose_lane_road(texts: list[str], nbests: Sequence[Sequence[LineText] | None],
                     others: Sequence[str | None] | None = None) -> list[str]:
    """The address rows' readings ``texts`` (in reading order) with each abbreviation the grammar
    puts a lane or road at (:func:`lane_road_slots`: ``ช.สุขุมวิท``, a ``ต.`` before the
    subdistrict's) given the letter ซ or ถ where a reading of its row offers it there: the row's
    n-best ``nbests`` (greedy first, the kept crop's; None: not read) or the other crop's reading
    ``others``. The likeliest offer wins (a greedy reading counts as likely as the kept one); a
    slot without an offer keeps the letter as read."""
    out = [list(t) for t in texts]
    variants: dict[int, dict[int, tuple[float, str]]] = {}
    for r, j in lane_road_slots(texts):
        offers = [_NO_OFFER]
        nb = nbests[r]
        if nb:
            if r not in variants:
                variants[r] = _variant_offers(nb)
            at = _same_place(texts[r], j, nb[0].text)
            if at is not None:
                offers.append(variants[r].get(at, _NO_OFFER))
                if nb[0].text[at] in G.LANE_ROAD_LETTERS:
                    offers.append((0.0, nb[0].text[at]))
        other = others[r] if others is not None else None
        at = _same_place(texts[r], j, other) if other else None
        if other and at is not None and other[at] in G.LANE_ROAD_LETTERS:
            offers.append((0.0, other[at]))
        logp, letter = max(offers)
        if letter:
            out[r][j] = letter
    return ["".join(t) for t in out]


def choose_spaces(texts: list[str], nbests: Sequence[Sequence[LineText] | None],
                  out: list[str] | None = None) -> list[str]:
    """``out`` (default ``texts``: the readings with the same characters at the same places) with a
    space put after the dot of each abbreviation read glued to its name (:func:`_glued` in ``texts``)
    where its row's n-best ``nbests`` (greedy first; None: not read) holds the greedy reading with a
    space inserted right there."""
    res = [list(t) for t in (out if out is not None else texts)]
    for r, j in sorted(_glued(texts), reverse=True):
        nb = nbests[r]
        if not nb or j + 2 > len(texts[r]):
            continue
        g = nb[0].text
        at = _same_place(texts[r], j + 1, g)
        if at is not None and any(v.text == f"{g[:at + 1]} {g[at + 1:]}" for v in nb[1:]):
            res[r].insert(j + 2, " ")
    return ["".join(t) for t in res]


def _read_again(thai: CTCRecognizer, lines: list[Line], order: list[int], rows: list[int],
                spec: dict) -> list[list[LineText] | None]:
    """The n-best readings (``spec``) of the address rows ``rows`` (indices into ``order``); None elsewhere."""
    nbests: list[list[LineText] | None] = [None] * len(order)
    if rows:
        read = thai.recognize_nbest([lines[order[r]].thai_crop for r in rows], **spec)  # type: ignore[misc]
        for r, nb in zip(rows, read, strict=True):
            nbests[r] = nb
    return nbests


def lane_road_abbreviations(thai: CTCRecognizer, lines: list[Line],
                            cfg: FieldReaderConfig = DEFAULT_CONFIG) -> list[Line]:
    """The address ``lines`` with a lane's or road's abbreviation chosen among the Thai recognizer's
    own readings of its row (:func:`choose_lane_road`; n-best ``cfg.lane_road_variants`` of the crop
    the kept reading came from). Rows are read again only where the grammar finds a slot."""
    if not cfg.lane_road_by_nbest or not lines or any(x.thai is None for x in lines):
        return lines
    order = [i for row in reading_rows(lines, cfg) for i in row]
    texts = [lines[i].thai.text for i in order]  # type: ignore[union-attr]
    rows = sorted({r for r, _ in lane_road_slots(texts) if lines[order[r]].thai_crop is not None})
    glued = sorted({r for r, _ in _glued(texts) if lines[order[r]].thai_crop is not None})
    if not rows and not glued:
        return lines
    others = [o.text if (o := lines[i].thai_other) is not None else None for i in order]
    chosen = choose_lane_road(texts, _read_again(thai, lines, order, rows, cfg.lane_road_variants.kwargs()), others)
    spaced = choose_spaces(texts, _read_again(thai, lines, order, glued, cfg.lane_road_spaces.kwargs()), chosen)
    out = list(lines)
    for r, (old, new) in enumerate(zip(texts, spaced, strict=True)):
        if new != old:
            ln = lines[order[r]]
            out[order[r]] = replace(ln, thai=LineText(new, ln.thai.confidence))  # type: ignore[union-attr]
    return out
