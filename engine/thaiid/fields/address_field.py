"""The address field: its rows' readings in order, snapped to the official place and street names."""

from __future__ import annotations

import numpy as np

from airocr.engine.thaiid import grammar as G
from airocr.engine.thaiid import layout as L
from airocr.engine.thaiid.address import Gazetteer
from airocr.engine.thaiid.fields.boxes import same_row
from airocr.engine.thaiid.fields.config import DEFAULT_CONFIG, FieldReaderConfig
from airocr.engine.thaiid.fields.lines import Line
from airocr.engine.thaiid.streets import StreetNames

ADDRESS_REGION = next(f.region for f in L.FRONT_FIELDS if f.name == "address_th")


def reading_rows(lines: list[Line], cfg: FieldReaderConfig = DEFAULT_CONFIG) -> list[list[int]]:
    """The indices of the address ``lines`` row by row, top to bottom, each row's left to right."""
    rows: list[list[int]] = []
    for i in sorted(range(len(lines)), key=lambda i: lines[i].box[1] + lines[i].box[3]):
        if rows and same_row(lines[i].box, lines[rows[-1][0]].box, cfg):
            rows[-1].append(i)
        else:
            rows.append([i])
    return [sorted(row, key=lambda i: lines[i].box[0]) for row in rows]


def address_texts(lines: list[Line], texts: list[str], column: float,
                  cfg: FieldReaderConfig = DEFAULT_CONFIG) -> list[str]:
    """The address lines' readings in reading order (:func:`reading_rows`), with a run of
    :data:`~engine.thaiid.grammar.UNREAD` marks where a row's print was left
    unboxed: between two of its pieces or between the address column's left edge ``column`` and its
    first piece, ``cfg.unread_gap`` line heights or more (one mark per ``cfg.unread_char`` line
    heights). The gazetteer's aligned snap lets the marks stand for the subdistrict, district or
    province characters the gap hid."""
    out: list[str] = []
    for row in reading_rows(lines, cfg):
        left = column
        for i in row:
            x0, y0, x1, y1 = lines[i].box
            gap, h = x0 - left, y1 - y0
            if gap >= cfg.unread_gap * h:
                out.append(G.UNREAD * int(np.ceil(gap / (cfg.unread_char * h))))
            out.append(texts[i])
            left = max(left, x1)
    return out


def address_row_texts(lines: list[Line]) -> list[str]:
    """Each address row's Thai reading, its digit runs merged with the row's Latin reading when it has one
    (the row's first reading witnessing a digit the Thai reading lost)."""
    return [G.merge_digit_runs(x.thai.text, x.latin[0].text, x.latin[0].confidence,  # type: ignore[union-attr]
                               x.first.text)
            if x.latin else x.thai.text for x in lines]  # type: ignore[union-attr]


def snap_address(rows: list[str], gazetteer: Gazetteer, streets: StreetNames) -> G.Parsed:
    """The address on one line, its subdistrict/district/province snapped to the official names
    and its road and lane names to real ones (:mod:`engine.thaiid.streets`); an address whose
    last three units cannot be told counts as invalid (lower confidence)."""
    p = G.parse_address(rows)
    if p.value is None:
        return p
    snap = gazetteer.snap(p.value)
    text, streets_changed = streets.snap(snap.text)
    return G.Parsed(text, p.valid and snap.edits is not None, bool(snap.edits) or streets_changed > 0)

