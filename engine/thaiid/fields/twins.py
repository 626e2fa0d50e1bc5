"""A date's English line looked for under its Thai twin when the card's detection missed it.

A date is printed twice, its English line under its Thai one. The detector on the whole card can
miss the English line (a specimen's watermark over it, glare); detected again in the band where
the layout puts it, under the Thai line that was read, it is usually found. Its reading is taken
only when it parses to the date the Thai line gave: the twin's agreement is the evidence, and a
band that shows anything else adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from airocr.engine.recognize import CTCRecognizer
from airocr.engine.thaiid import grammar as G
from airocr.engine.thaiid import layout as L
from airocr.engine.thaiid.fields.boxes import H, W, box_quad, crop_box
from airocr.engine.thaiid.fields.config import DEFAULT_CONFIG, FieldReaderConfig
from airocr.engine.thaiid.fields.dates import dotted
from airocr.engine.thaiid.fields.field_grammar import DATE_PAIRS, latin_parser
from airocr.engine.thaiid.fields.lines import FieldValue, Line, field_value

_REGIONS = {s.name: np.asarray(s.region, np.float64) for s in L.FRONT_FIELDS}


def _band(th_box: np.ndarray, th_name: str, en_name: str, fit: np.ndarray, cfg: FieldReaderConfig) -> np.ndarray:
    """Where the English twin of a Thai date line ``th_box`` lies: one layout row step under it
    (scaled by the registration ``fit``), grown by ``cfg.twin_band_pad`` line heights up and down
    and ``cfg.twin_band_grow`` line heights left and right."""
    th, en = _REGIONS[th_name], _REGIONS[en_name]
    dy = ((en[1] + en[3]) - (th[1] + th[3])) / 2 * H * float(fit[1, 1])
    h = th_box[3] - th_box[1]
    pad, grow = cfg.twin_band_pad * h, cfg.twin_band_grow * h
    return np.array([max(0.0, th_box[0] - grow), max(0.0, th_box[1] + dy - pad),
                     min(float(W), th_box[2] + grow), min(float(H), th_box[3] + dy + pad)])


def missing_english_dates(detect: Callable[[np.ndarray], np.ndarray], latin: CTCRecognizer, card: np.ndarray,
                          assigned: Mapping[str, list[Line]], values: Mapping[str, FieldValue],
                          dates: Mapping[str, G.CardDate | None], fit: np.ndarray,
                          cfg: FieldReaderConfig = DEFAULT_CONFIG) -> dict[str, FieldValue]:
    """The English dates found under their Thai twins (see the module docstring): for each date read
    from its Thai line whose English line was not assigned, the band under the Thai line detected
    again (``detect``: crop → text quads) and its boxes read with ``latin``; the first reading that
    parses to the same date is the value, at ``cfg.twin_factor`` of its confidence; its month keeps
    the dot unless the card's other English dates were returned without it."""
    out: dict[str, FieldValue] = {}
    dotless = any(G.dotless_month(v.text) for n, v in values.items() if n.startswith("date_") and n.endswith("_en"))
    for th_name, en_name, key in DATE_PAIRS:
        date = dates.get(key)
        if date is None or en_name in values or assigned.get(en_name) or not assigned.get(th_name):
            continue
        band = _band(assigned[th_name][0].box, th_name, en_name, fit, cfg)
        x0, y0, x1, y1 = band.astype(int)
        if x1 - x0 < 8 or y1 - y0 < 8:
            continue
        quads = detect(np.ascontiguousarray(card[y0:y1, x0:x1]))
        boxes = [np.r_[q.min(axis=0), q.max(axis=0)] + np.array([x0, y0, x0, y0]) for q in np.asarray(quads)]
        if not boxes:
            continue
        parse = latin_parser(en_name)
        assert parse is not None
        readings = latin([crop_box(card, b, cfg.crop_pad) for b in boxes])
        for box, reading in zip(boxes, readings, strict=True):
            r = parse(reading.text)
            if r.valid and r.date == date:
                # as read (a leading zero), its month's dot as on the card's other English dates: one
                # Latin reading of a missed line is no witness of a dotless print
                text = G.printed_form(r.text, date, False) or date.en()
                text = text if dotless else dotted(text)
                value = field_value(text, reading.confidence * cfg.twin_factor, box_quad(box))
                if value is not None:
                    out[en_name] = value
                    break
    return out
