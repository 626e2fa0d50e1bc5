"""The records of field reading: a text line with its readings, a read field, a read side.

A :class:`Line` is immutable: detection makes one per box, caption splitting and row joining make
new ones, and the readings of an assigned line are gathered first and put in one new line
(:func:`with_readings`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from airocr.engine.recognize import CTCRecognizer, LineText
from airocr.engine.thaiid.fields.boxes import IDENTITY, bar_trimmed, box_quad, boxes_of_quads, crop_box, fragments
from airocr.engine.thaiid.fields.config import FieldReaderConfig
from airocr.engine.thaiid.layout import CARD_H


@dataclass(frozen=True)
class ThaiReading:
    """The Thai recognizer's reading of a line's value."""

    text: LineText
    crop: np.ndarray  # the crop ``text`` was read from
    from_photo: bool = False  # ``crop`` was warped straight from the photo (else cut from the card)
    other: LineText | None = None  # the less confident of the card and photo readings


@dataclass(frozen=True)
class LatinReadings:
    """The Latin recognizer's readings of a line: value crop, then (maybe) the whole line's photo crop."""

    texts: tuple[LineText, ...] = ()
    variants: tuple[tuple[LineText, ...], ...] = ()  # English names: each reading's n-best after it

    def __add__(self, more: LatinReadings) -> LatinReadings:
        return LatinReadings(self.texts + more.texts, self.variants + more.variants)


@dataclass(frozen=True, eq=False)
class Line:
    """One text line (or the value part of a captioned line) in canonical card pixels."""

    box: np.ndarray  # (4,) x0, y0, x1, y1
    first: LineText  # first reading of the whole detected line (Thai recognizer, else Latin)
    caption_box: np.ndarray | None = None  # the caption part when the line was split
    thai: LineText | None = None  # Thai recognizer on the value (Thai fields)
    thai_crop: np.ndarray | None = None  # the crop ``thai`` was read from
    thai_from_photo: bool = False  # ``thai_crop`` was warped straight from the photo (else cut from the card)
    thai_other: LineText | None = None  # the less confident of the card and photo readings
    latin: Sequence[LineText] = ()  # Latin readings: value crop, then (maybe) photo crop
    latin_variants: Sequence[Sequence[LineText]] = ()  # names: each latin reading's n-best after it
    ink_box: np.ndarray | None = None  # the printed ink inside ``box`` (the returned location)

    @property
    def location(self) -> np.ndarray:
        """The line's returned box: its ink extent when measured, else the detector's box."""
        return self.ink_box if self.ink_box is not None else self.box

    @property
    def quad(self) -> np.ndarray:
        return box_quad(self.location)

    @property
    def whole_box(self) -> np.ndarray:
        """The detected line's box, its caption part included."""
        return self.box if self.caption_box is None else np.r_[self.caption_box[:2], self.box[2:]]


def with_readings(line: Line, thai: ThaiReading | None, latin: LatinReadings | None, ink: np.ndarray) -> Line:
    """``line`` with its readings and its ink box."""
    latin = latin or LatinReadings()
    return replace(line, thai=thai.text if thai else None, thai_crop=thai.crop if thai else None,
                   thai_from_photo=thai.from_photo if thai else False, thai_other=thai.other if thai else None,
                   latin=list(latin.texts), latin_variants=[list(v) for v in latin.variants], ink_box=ink)


def detect_lines(card: np.ndarray, quads: np.ndarray, reader: CTCRecognizer, cfg: FieldReaderConfig) -> list[Line]:
    """The text lines of a canonical card from its text ``quads``, each read once by ``reader``:
    boxes too small or too tall for a line and fragments of a bigger line are dropped."""
    if not len(quads):
        return []
    boxes = boxes_of_quads(quads)
    h = boxes[:, 3] - boxes[:, 1]
    boxes = boxes[(h > cfg.min_line_px) & (h < cfg.max_line_height * CARD_H)
                  & (boxes[:, 2] - boxes[:, 0] > cfg.min_line_px)]
    boxes = boxes[~fragments(boxes, cfg)]
    gray = cv2.cvtColor(card, cv2.COLOR_BGR2GRAY)
    boxes = np.array([bar_trimmed(gray, b, cfg) for b in boxes]).reshape(-1, 4)
    texts = reader.recognize([crop_box(card, b, cfg.crop_pad) for b in boxes])
    return [Line(box=b.copy(), first=t) for b, t in zip(boxes, texts, strict=True)]


@dataclass
class FieldValue:
    """A read field in canonical card coordinates."""

    text: str
    confidence: float
    quad: np.ndarray  # (4, 2) canonical card pixels


def field_value(text: str | None, conf: float, quad: np.ndarray) -> FieldValue | None:
    """A field's value with its confidence clipped to [0, 1]; None for an empty text."""
    return FieldValue(text, float(np.clip(conf, 0.0, 1.0)), quad) if text else None


@dataclass
class CardFields:
    """All fields read on one side, plus what the text says about the card type."""

    fields: dict[str, FieldValue] = field(default_factory=dict)
    card_type: str | None = None  # "normal" | "pink" | None (unknown)
    lines: list[Line] = field(default_factory=list)
    # the layout registration (2×3 affine, layout prior → this rectified card; see ``layout_fit``)
    fit: np.ndarray = field(default_factory=lambda: IDENTITY.copy())
