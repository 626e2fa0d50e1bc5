"""Field values from the read lines of every field but the dates (:mod:`.dates`): the Latin fields
by their grammar, the Thai name (with a prefix boxed apart), the religion and the address.

Confidence of a field = recognizer confidence × grammar factor, so a repaired or invalid value
scores lower than a clean valid one.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from airocr.engine.thaiid import grammar as G
from airocr.engine.thaiid.address import Gazetteer
from airocr.engine.thaiid.fields.address_field import ADDRESS_REGION, address_row_texts, address_texts, snap_address
from airocr.engine.thaiid.fields.boxes import region_box, union_quad
from airocr.engine.thaiid.fields.config import FieldReaderConfig
from airocr.engine.thaiid.fields.field_grammar import (
    CAPTIONS,
    FIRST_AS_FALLBACK,
    LATIN_PARSERS,
    SHAPES,
    best_reading,
    name_from_prefix,
)
from airocr.engine.thaiid.fields.lines import FieldValue, Line, field_value
from airocr.engine.thaiid.fields.names import first_name_parser, prefix_box_left_of
from airocr.engine.thaiid.streets import StreetNames


def latin_value(name: str, ln: Line, title: str | None) -> FieldValue | None:
    """A Latin field's value (not the English dates): its best-parsing reading; the first name told
    the ``title`` the Thai name calls for."""
    parser = first_name_parser(title) if name == "first_name_en" else LATIN_PARSERS[name]
    p, c = best_reading(ln.first, ln.latin, parser, first_as_fallback=name in FIRST_AS_FALLBACK,
                        shape=SHAPES.get(name))
    return field_value(p.value, c * p.factor, ln.quad)


def thai_name_value(ln: Line, lines: list[Line], assigned: Mapping[str, list[Line]],
                    cfg: FieldReaderConfig) -> FieldValue | None:
    """The Thai name from its line's Thai reading; an invalid one is read again with a prefix line
    found boxed apart on its left (:func:`prefix_box_left_of`)."""
    assert ln.thai is not None
    text = G.strip_label(ln.thai.text, CAPTIONS["name_th"])[0]
    if not G.parse_name_th(text).valid:  # a caption misread past matching, before the name's prefix
        text = name_from_prefix(text) or text
    p, c = G.parse_name_th(text), ln.thai.confidence
    pre = None if p.valid else prefix_box_left_of(ln, lines, assigned, cfg)
    if pre is None:
        return field_value(p.value, c * p.factor, ln.quad)
    p = G.parse_name_th(f"{pre.first.text} {text}")
    return field_value(p.value, c * p.factor, union_quad([pre.location, ln.location]))


def _address_text(text: str) -> bool:
    """Whether a row's Thai reading can be address text: it shows a Thai letter or a digit. A
    signature or a hologram's squiggle under the address reads as Latin letters (``PVI``) only."""
    return any("\u0e01" <= ch <= "\u0e5b" or ch.isdigit() for ch in text)


def address_value(lns: list[Line], fit: np.ndarray, gazetteer: Gazetteer, streets: StreetNames,
                  cfg: FieldReaderConfig) -> FieldValue | None:
    """The address from its rows' readings in order (rows that cannot be address text left out),
    snapped (:func:`snap_address`)."""
    lns = [x for x in lns if _address_text(x.thai.text)]  # type: ignore[union-attr]
    if not lns:
        return None
    column = region_box(ADDRESS_REGION, fit)[0]
    p = snap_address(address_texts(lns, address_row_texts(lns), column, cfg), gazetteer, streets)
    c = float(np.mean([x.thai.confidence for x in lns]))  # type: ignore[union-attr]
    return field_value(p.value, c * p.factor, union_quad([x.location for x in lns]))


def field_values(assigned: Mapping[str, list[Line]], lines: list[Line], fit: np.ndarray, title: str | None,
                 gazetteer: Gazetteer, streets: StreetNames, cfg: FieldReaderConfig) -> dict[str, FieldValue]:
    """Every field's value but the dates', in the order of ``assigned``; Thai fields without a Thai
    reading are not read."""
    out: dict[str, FieldValue] = {}
    for name, lns in assigned.items():
        ln = lns[0]
        value = None
        if name in LATIN_PARSERS:
            value = latin_value(name, ln, title)
        elif name == "name_th" and ln.thai is not None:
            value = thai_name_value(ln, lines, assigned, cfg)
        elif name == "religion_th" and ln.thai is not None:
            p = G.parse_religion(ln.thai.text)
            value = field_value(p.value, ln.thai.confidence * p.factor, ln.quad)
        elif name == "address_th" and all(x.thai is not None for x in lns):
            value = address_value(lns, fit, gazetteer, streets, cfg)
        if value is not None:
            out[name] = value
    return out
