"""The card's type (normal or pink, the foreigner card) from what it prints and its colour."""

from __future__ import annotations

from collections.abc import Mapping

import cv2
import numpy as np

from airocr.engine.thaiid import grammar as G
from airocr.engine.thaiid import layout as L
from airocr.engine.thaiid.fields.boxes import inside_frac, quad_box, region_box, union_quad
from airocr.engine.thaiid.fields.config import DEFAULT_CONFIG, FieldReaderConfig
from airocr.engine.thaiid.fields.lines import FieldValue, Line


def card_colour_type(card: np.ndarray, cfg: FieldReaderConfig = DEFAULT_CONFIG) -> str:
    """Pink (foreigner) card by its background colour: red clearly above green; else normal.

    Measured on the card's brighter half (background, not ink); a greyscale copy reads as normal.
    """
    small = cv2.resize(card, cfg.colour_sample, interpolation=cv2.INTER_AREA).reshape(-1, 3).astype(np.float32)
    lum = small.mean(1)
    bg = small[lum >= np.median(lum)]
    b, g, r = np.median(bg, axis=0)
    return "pink" if r - g > cfg.pink_red_over_green and r - b > cfg.pink_red_over_blue else "normal"


def front_card_type(fields: Mapping[str, FieldValue], lines: list[Line], card: np.ndarray,
                    cfg: FieldReaderConfig = DEFAULT_CONFIG) -> str | None:
    """A front's type: by its ID number when the ID is read well enough, else by its
    title (``Thai National`` / ``Non-Thai``, ``บัตรประจำตัวประชาชน`` / ``…ไม่มีสัญชาติไทย``), else by its
    colour (a colour-cast scan of a normal card reads pink by colour)."""
    idv = fields.get("id_number")
    if idv is not None and idv.confidence >= G.FACTOR_REPAIRED * cfg.type_id_min_factor:
        t = G.card_type_from_id(idv.text)
        if t is not None:
            return t
    title = region_box(L.FRONT_TITLE_EN)
    for ln in lines:
        # the English title where the layout prints it, or either title read on the card's top rows
        # (real cards print both titles in one row, often detected as one line)
        top = (ln.box[1] + ln.box[3]) / 2 <= cfg.type_title_top * L.CARD_H
        if inside_frac(ln.box, title) > cfg.type_title_inside or top:
            s = ln.first.text.lower().replace(" ", "")
            if "nonthai" in s or "non-thai" in s or "ไม่มีสัญชาติ" in s:
                return "pink"
            if "national" in s or "บัตรประจำตัวประชาชน" in s:
                return "normal"
    return card_colour_type(card, cfg)


def pink_card_fields(fields: Mapping[str, FieldValue]) -> dict[str, FieldValue]:
    """A pink card's fields: no religion, and the API's one full English name (the two printed
    rows joined) when both were read."""
    out = {n: v for n, v in fields.items() if n != "religion_th"}
    first, last = out.get("first_name_en"), out.get("last_name_en")
    if first is not None and last is not None:
        out["name_en"] = FieldValue(f"{first.text} {last.text}", min(first.confidence, last.confidence),
                                    union_quad([quad_box(first.quad), quad_box(last.quad)]))
    return out
