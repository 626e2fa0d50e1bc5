"""The field reader of a rectified Thai ID card: the steps of :mod:`engine.thaiid.fields` in order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import cv2
import numpy as np

from airocr.engine.recognize import CTCRecognizer
from airocr.engine.thaiid import grammar as G
from airocr.engine.thaiid.address import Gazetteer, load_gazetteer
from airocr.engine.thaiid.fields.boxes import ink_box
from airocr.engine.thaiid.fields.captions import Assignment, assign, split_captions
from airocr.engine.thaiid.fields.card_type import card_colour_type, front_card_type, pink_card_fields
from airocr.engine.thaiid.fields.config import FieldReaderConfig
from airocr.engine.thaiid.fields.dates import dates_agree, resolve_dates
from airocr.engine.thaiid.fields.field_grammar import (
    DATE_PAIRS,
    LATIN_FIELDS,
    SETTLED_BY_GRAMMAR,
    THAI_FIELDS,
    has_digit,
    settled_by_first,
)
from airocr.engine.thaiid.fields.lane_road import lane_road_abbreviations
from airocr.engine.thaiid.fields.lines import CardFields, FieldValue, LatinReadings, Line, ThaiReading, detect_lines
from airocr.engine.thaiid.fields.lines import with_readings as line_with_readings
from airocr.engine.thaiid.fields.names import (
    latin_names_by_spelling,
    thai_name_by_spelling,
    title_hint,
    title_prefix_agreed,
)
from airocr.engine.thaiid.fields.readings import ToImage, read_latin, read_thai
from airocr.engine.thaiid.fields.registration import layout_fit
from airocr.engine.thaiid.fields.rereads import (
    join_row_pieces,
    reread_for_bottom_marks,
    reread_for_top_marks,
    vote_address,
)
from airocr.engine.thaiid.fields.twins import missing_english_dates
from airocr.engine.thaiid.fields.values import field_values
from airocr.engine.thaiid.streets import StreetNames, load_street_names

Assigned = dict[str, list[Line]]


class FieldAssigner:
    """Reads the fields of a rectified card; holds the recognizers (sessions created elsewhere, once)."""

    def __init__(self, detector, latin: CTCRecognizer, thai: CTCRecognizer | None, *,
                 gazetteer: Gazetteer | None = None, streets: StreetNames | None = None,
                 config: FieldReaderConfig | None = None, name_by_spelling: bool | None = None) -> None:
        """``name_by_spelling``, when given, overrides ``config.name_by_spelling``."""
        config = config or FieldReaderConfig()
        if name_by_spelling is not None:
            config = replace(config, name_by_spelling=name_by_spelling)
        self.config = config
        self.detector = detector
        # Latin fields hold only printable ASCII: PP-OCR's CJK classes are masked out when decoding.
        self.latin = latin.restricted(lambda c: c.isascii() and c.isprintable())
        self.thai = thai
        self.first_reader = thai if thai is not None else latin
        self.gazetteer = gazetteer if gazetteer is not None else load_gazetteer()
        self.streets = streets if streets is not None else load_street_names()

    def lines(self, card: np.ndarray, side: str, quads: np.ndarray | None = None) -> list[Line]:
        """Detect (unless the card's text ``quads`` are given) and read (first reading) the lines of a
        canonical card."""
        if quads is None:
            quads = self.detector(card).quads
        return detect_lines(card, quads, self.first_reader, self.config)

    def layout_fit(self, lines: list[Line], side: str) -> np.ndarray:
        """Affine registration (2×3, layout prior → this card) from anchor lines (:func:`.layout_fit`)."""
        return layout_fit(lines, side, self.config)

    def read(self, card: np.ndarray, side: str, image: np.ndarray | None = None, to_image: ToImage | None = None,
             quads: np.ndarray | None = None) -> CardFields:
        """All fields found on a canonical upright card of side ``side``.

        ``image`` and ``to_image`` (canonical → image points, e.g. ``CardResult.to_image``) enable the
        second reading of lines from the original photo; ``quads`` (the card's text boxes, e.g. from
        the card finder's detection on this card) save detecting again.
        """
        lines = self.lines(card, side, quads)
        fit = self.layout_fit(lines, side)
        gray = cv2.cvtColor(card, cv2.COLOR_BGR2GRAY)
        lines, assignment = self._assign(card, gray, lines, side, fit)
        thai, latin = self._readings(card, assignment.fields, image, to_image)
        lines, assigned = self._read_lines(lines, assignment.fields, thai, latin, gray)
        lines, assigned = self._lane_road(lines, assigned)
        title = title_hint(assigned.get("name_th", [None])[0])
        fields = field_values(assigned, lines, fit, title, self.gazetteer, self.streets, self.config)
        date_values, dates = resolve_dates(assigned, self.config)
        if side == "front":
            date_values.update(missing_english_dates(lambda crop: self.detector(crop).quads, self.latin, card,
                                                     assigned, date_values, dates, fit, self.config))
        fields = self._checked_names({**fields, **date_values}, assigned, title, dates)
        card_type = (front_card_type(fields, lines, card, self.config) if side == "front"
                     else card_colour_type(card, self.config))
        if card_type == "pink":
            fields = pink_card_fields(fields)
        return CardFields(fields=fields, card_type=card_type, lines=lines, fit=fit)

    # -- steps -------------------------------------------------------------------------
    def _assign(self, card: np.ndarray, gray: np.ndarray, lines: list[Line], side: str,
                fit: np.ndarray) -> tuple[list[Line], Assignment]:
        """Lines split from their captions, assigned to the fields, and (when on) a one-line field's
        pieces joined and read again."""
        lines = split_captions(lines, gray, side, fit, self.config)
        assignment = assign(lines, side, fit, self.config)
        if self.config.join_pieces:
            lines, assignment = join_row_pieces(self.first_reader, card, lines, assignment, side, fit, self.config)
        return lines, assignment

    def _readings(self, card: np.ndarray, assigned: Assigned, image: np.ndarray | None,
                  to_image: ToImage | None) -> tuple[dict[int, ThaiReading], dict[int, LatinReadings]]:
        """The Thai and Latin readings of the assigned lines, by line id.

        Latin fields, and the Thai address and dates: the Latin recognizer's digits of a Thai line
        are a reading independent of the Thai recognizer's (the house and village numbers of the
        address; the third vote when a date's two lines disagree). An address line whose first
        reading shows no digit is left out, and a Thai date line is read only when its date's two
        lines do not already agree (after the Thai readings): the vote would decide nothing.
        """
        # a card prints its dates in one style: when one English date reads without the month's dot,
        # the Thai recognizer's dot on another (it learned dotted months) settles nothing
        dotless = any(G.dotless_month(lns[0].first.text) for name, lns in assigned.items()
                      if name in SETTLED_BY_GRAMMAR)
        latin = self._latin(card, [(name, lns[0]) for name, lns in assigned.items() if name in LATIN_FIELDS
                                   and (dotless or not self._settled_by_first(name, lns[0]))]
                            + [("address_th", ln) for ln in assigned.get("address_th", [])
                               if has_digit(ln.first.text)], image, to_image)
        thai = self._thai(card, assigned, image, to_image) if self.thai is not None else {}
        latin.update(self._latin(card, [(th, assigned[th][0]) for th, en, _ in DATE_PAIRS if th in assigned
                                        and not self._date_agrees(th, en, assigned, thai, latin)], image, to_image))
        return thai, latin

    def _settled_by_first(self, name: str, ln: Line) -> bool:
        """Whether the line's first reading, the Thai recognizer's, settles its field (:func:`settled_by_first`)."""
        return settled_by_first(name, ln.first, self.config.settle_conf, self.thai is not None)

    @staticmethod
    def _date_agrees(th_name: str, en_name: str, assigned: Assigned, thai: dict[int, ThaiReading],
                     latin: dict[int, LatinReadings]) -> bool:
        """Whether a date's two lines already agree on it, as read so far (:func:`dates_agree`)."""
        th_reading = thai.get(id(assigned[th_name][0]))
        en_ln = assigned.get(en_name, [None])[0]
        en_latin = latin[id(en_ln)].texts if en_ln is not None and id(en_ln) in latin else ()
        return dates_agree(th_reading.text if th_reading is not None else None,
                           en_ln.first if en_ln is not None else None, en_latin, th_name, en_name)

    def _latin(self, card: np.ndarray, todo: list[tuple[str, Line]], image: np.ndarray | None,
               to_image: ToImage | None) -> dict[int, LatinReadings]:
        readings = read_latin(self.latin, card, todo, image, to_image, self.config)
        return {id(ln): r for (_, ln), r in zip(todo, readings, strict=True)}

    def _thai(self, card: np.ndarray, assigned: Assigned, image: np.ndarray | None,
              to_image: ToImage | None) -> dict[int, ThaiReading]:
        """Thai readings of the Thai fields' lines; the name read again for its top and bottom marks (when on),
        the address rows' two readings settled by a third."""
        assert self.thai is not None
        lines = [ln for name, lns in assigned.items() if name in THAI_FIELDS for ln in lns]
        readings = dict(zip(map(id, lines), read_thai(self.thai, card, lines, image, to_image, self.config),
                            strict=True))
        rereads: list[tuple[Callable, list[Line]]] = [(vote_address, assigned.get("address_th", []))]
        if self.config.top_marks and "name_th" in assigned:
            rereads[:0] = [(reread_for_top_marks, assigned["name_th"]), (reread_for_bottom_marks, assigned["name_th"])]
        for step, lns in rereads:
            again = step(self.thai, card, lns, [readings[id(ln)] for ln in lns], image, to_image, self.config)
            readings.update(zip(map(id, lns), again, strict=True))
        return readings

    def _read_lines(self, lines: list[Line], assigned: Assigned, thai: dict[int, ThaiReading],
                    latin: dict[int, LatinReadings], gray: np.ndarray) -> tuple[list[Line], Assigned]:
        """The lines and assignment with each assigned line replaced by one holding its readings and ink box."""
        read = {id(ln): line_with_readings(ln, thai.get(id(ln)), latin.get(id(ln)), ink_box(gray, ln.box, self.config))
                for lns in assigned.values() for ln in lns}
        return [read.get(id(ln), ln) for ln in lines], {name: [read[id(ln)] for ln in lns]
                                                         for name, lns in assigned.items()}

    def _lane_road(self, lines: list[Line], assigned: Assigned) -> tuple[list[Line], Assigned]:
        """The lines and assignment with the address rows' lane and road abbreviations chosen among
        the Thai recognizer's own readings (:func:`lane_road_abbreviations`)."""
        rows = assigned.get("address_th")
        if self.thai is None or not rows:
            return lines, assigned
        new = lane_road_abbreviations(self.thai, rows, self.config)
        swap = {id(a): b for a, b in zip(rows, new, strict=True) if a is not b}
        if not swap:
            return lines, assigned
        return [swap.get(id(x), x) for x in lines], {**assigned, "address_th": new}

    def _checked_names(self, fields: dict[str, FieldValue], assigned: Assigned, title: str | None,
                       dates: dict) -> dict[str, FieldValue]:
        """The names checked against each other: look-alike letters settled by the other script's
        spelling (when on), and the Thai prefix made to agree with the English title."""
        name_ln = assigned.get("name_th", [None])[0]
        if self.config.name_by_spelling and name_ln is not None and "name_th" in fields:
            for name, text in latin_names_by_spelling(fields, assigned, title, self.config).items():
                fields[name] = replace(fields[name], text=text)
            text = thai_name_by_spelling(self.thai, fields, name_ln, self.config) if self.thai is not None else None
            if text is not None:
                fields["name_th"] = replace(fields["name_th"], text=text)
        if "name_th" in fields and "first_name_en" in fields:
            fields["name_th"] = title_prefix_agreed(fields["name_th"], fields["first_name_en"], dates)
        return fields
