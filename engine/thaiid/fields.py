"""Field assignment on a rectified Thai ID card: text lines → API fields, then grammar repair.

1. *Lines*: the text detector runs on the upright canonical card (:class:`CardResult.card`); boxes are
   axis-aligned there. Every line is read once by the Thai recognizer (it reads Thai, Latin and
   digits, several times faster than PP-OCR); without one, by the Latin recognizer.
2. *Alignment*: lines whose content identifies them on its own (a 13-digit ID passing the check,
   ``DDDD-DD-DDDDDDDD`` serials, the laser code) and lines that read as a caption alone
   (``เกิดวันที่``, ``Date of Birth``, ``ที่อยู่``) register the layout prior to the printed card:
   an affine fit (RANSAC) when they span the card, for a card rectified from a slightly wrong
   outline or printed with its rows a little apart; else an offset.
3. *Captions*: a box that covers a caption on the left of its value (``Name Mr. John``,
   ``เกิดวันที่ 5 ก.พ. 2493``) is split at the widest ink gap near the caption/value border of the
   registered layout, so the value has its own crop and quad; Latin values are additionally
   cleaned of the caption text.
4. *Assignment*: each value line gets a score per field = the fraction of the line inside the
   field's (registered) region + a bonus when its Latin reading parses with the field's grammar;
   greedy one-to-one matching, except the address, which takes every line of its region, in order.
5. *Reading*: Thai-script fields are read by the Thai recognizer (when one is installed); then
   :mod:`engine.thaiid.grammar` normalises and repairs; Thai and English dates are cross-checked;
   the address's subdistrict/district/province are snapped to the official names (:mod:`.address`).
   The PP-OCR Latin recognizer (ASCII only) reads just the lines assigned to Latin fields — value
   crop first, the whole line warped straight from the photo only when the grammar does not accept
   the first reading — and the Thai address lines that show digits and the Thai date lines whose
   date the two lines do not already agree on, whose digits it reads independently of the Thai
   recognizer (house and village numbers, date vote). An English date whose first reading is
   confident and grammatical skips it (``settle_conf``).

Confidence of a field = recognizer confidence × grammar factor (× soft date-rule factor), so a
repaired or invalid value scores lower than a clean valid one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import cv2
import numpy as np

from airocr.engine.geometry import crop_quad, transform_points
from airocr.engine.reading_vote import vote
from airocr.engine.recognize import CTCRecognizer, LineText
from airocr.engine.thaiid import grammar as G
from airocr.engine.thaiid import layout as L
from airocr.engine.thaiid import romanize as R
from airocr.engine.thaiid.address import Gazetteer, load_gazetteer
from airocr.engine.thaiid.streets import StreetNames, load_street_names

W, H = L.CARD_W, L.CARD_H
LATIN_FIELDS = ("id_number", "first_name_en", "last_name_en", "date_of_birth_en", "date_of_issue_en",
                "date_of_expiry_en", "serial_number", "laser_number", "card_number", "name_en", "ref_number")
# Latin fields whose reading is checked without a second reader (see FieldAssigner._settled_by_first).
SETTLED_BY_GRAMMAR = ("date_of_birth_en", "date_of_issue_en", "date_of_expiry_en")
# Code fields whose first reading stands in when no Latin reading parses unrepaired (see _best_reading).
FIRST_AS_FALLBACK = ("serial_number", "laser_number", "card_number")
THAI_FIELDS = ("name_th", "date_of_birth_th", "religion_th", "address_th", "date_of_issue_th", "date_of_expiry_th")
DATE_PAIRS = (("date_of_birth_th", "date_of_birth_en", "birth"), ("date_of_issue_th", "date_of_issue_en", "issue"),
              ("date_of_expiry_th", "date_of_expiry_en", "expiry"))
# Printed captions (Latin ones are matched in the Latin reading; Thai ones in the Thai reading).
CAPTIONS: dict[str, tuple[str, ...]] = {
    "id_number": ("Identification Number", "เลขประจำตัวประชาชน"),
    "name_th": ("ชื่อตัวและชื่อสกุล",),
    "first_name_en": ("Name",),
    "last_name_en": ("Last name",),
    "date_of_birth_th": ("เกิดวันที่",),
    "date_of_birth_en": ("Date of Birth",),
    "religion_th": ("ศาสนา",),
    "address_th": ("ที่อยู่",),
    "date_of_issue_th": ("วันออกบัตร",),
    "date_of_issue_en": ("Date of Issue",),
    "date_of_expiry_th": ("วันบัตรหมดอายุ",),
    "date_of_expiry_en": ("Date of Expiry",),
}
_MIN_SCORE = 0.35
# Boxes the address may take: its two or three rows, each in up to two pieces where glare washed
# out print between them (25011 hard lost its house number to a limit of three).
_MAX_ADDRESS_PIECES = 6
# Widest space between two pieces of a one-line field's print that FieldAssigner.join_row_pieces
# joins, in line heights (a word space on the card is ~0.3-0.5; a caption sits further off).
_JOIN_GAP = 1.0
_MAX_SHIFT = 0.06  # largest layout shift accepted, fraction of the card size
# A line crop's margin around its detected box, fraction of the box height. Zero: the detector's
# boxes already have a margin (DB unclip), and a wider crop takes in the neighbouring rows' marks,
# which the Thai recognizer then reads (generated cards, 100 scenes, against 0.08: name_th 0.69 →
# 0.84, address_th 0.80 → 0.89, all fields 0.93 → 0.94; hard: address 0.64 → 0.80).
_CROP_PAD = 0.0
# How far a name line's crop is grown upwards, fraction of its box height, to read the marks its box
# cut off (see FieldAssigner._reread_for_top_marks). Same scenes and process, bench seeds 17000,
# 19000, 21000 and 23000 (60 scenes each, clean and hard, ~340 fronts): 13 names right that were
# wrong at 0.25 and at 0.35, none lost at 0.35, one false tone mark at 0.25 (อิ่น, 21028 clean).
_MARK_TOP = 0.35
# Margin, in line heights, of the third reading that settles an address row's two (_vote_address):
# the first value tried, not tuned
_VOTE_PAD = 0.08
_MAX_SCALE = 0.2  # largest layout scale error accepted (1 ± this)
# An address row's print that the detector boxed in pieces further apart than this, or starting this
# far right of the address column, in line heights, left text unboxed between them (glare washed it
# out: bench seeds 21002, 21019 hard); a word space is ~0.3-0.5. Each ``_UNREAD_CHAR`` line heights
# of the gap stand for one unread character: the densest print (marks over and under their letters)
# measured 0.22 a character, so the gap's count is an upper bound.
_UNREAD_GAP = 1.0
_UNREAD_CHAR = 0.2
_ADDRESS_REGION = next(f.region for f in L.FRONT_FIELDS if f.name == "address_th")
IDENTITY = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])  # layout registration: prior → card, affine
# Where an anchor line's detected box starts, relative to its region's left edge (measured on
# rendered cards: values ~2 px left of their region's edge, captions 5-12 px left of their label's).
_ANCHOR_DX = {"val": -2.0, "cap": -6.5}


@dataclass
class Line:
    """One text line (or the value part of a captioned line) in canonical card pixels."""

    box: np.ndarray  # (4,) x0, y0, x1, y1
    first: LineText  # first reading of the whole detected line (Thai recognizer, else Latin)
    caption_box: np.ndarray | None = None  # the caption part when the line was split
    is_caption: bool = False
    thai: LineText | None = None  # Thai recognizer on the value (Thai fields)
    thai_crop: np.ndarray | None = None  # the crop ``thai`` was read from
    thai_from_photo: bool = False  # ``thai_crop`` was warped straight from the photo (else cut from the card)
    thai_other: LineText | None = None  # the less confident of the card and photo readings
    latin: list[LineText] = field(default_factory=list)  # Latin readings: value crop, then (maybe) photo crop
    latin_variants: list[list[LineText]] = field(default_factory=list)  # names: each latin reading's n-best after it

    ink_box: np.ndarray | None = None  # the printed ink inside ``box`` (the returned location)

    @property
    def location(self) -> np.ndarray:
        """The line's returned box: its ink extent when measured, else the detector's box."""
        return self.ink_box if self.ink_box is not None else self.box

    @property
    def quad(self) -> np.ndarray:
        return _box_quad(self.location)


@dataclass
class FieldValue:
    """A read field in canonical card coordinates."""

    text: str
    confidence: float
    quad: np.ndarray  # (4, 2) canonical card pixels


@dataclass
class CardFields:
    """All fields read on one side, plus what the text says about the card type."""

    fields: dict[str, FieldValue] = field(default_factory=dict)
    card_type: str | None = None  # "normal" | "pink" | None (unknown)
    lines: list[Line] = field(default_factory=list)
    # the layout registration (2×3 affine, layout prior → this rectified card; see ``layout_fit``)
    fit: np.ndarray = field(default_factory=lambda: IDENTITY.copy())


# ---------------------------------------------------------------- geometry helpers
def _boxes(quads: np.ndarray) -> np.ndarray:
    q = np.asarray(quads, np.float64).reshape(-1, 4, 2)
    b = np.c_[q[:, :, 0].min(1), q[:, :, 1].min(1), q[:, :, 0].max(1), q[:, :, 1].max(1)]
    b[:, [0, 2]] = b[:, [0, 2]].clip(0, W - 1)
    b[:, [1, 3]] = b[:, [1, 3]].clip(0, H - 1)
    return b


def _region_box(r: L.Region, fit: np.ndarray = IDENTITY) -> np.ndarray:
    """A layout region in card pixels, mapped by the affine registration ``fit`` (its bounding box)."""
    x0, y0, x1, y1 = r[0] * W, r[1] * H, r[2] * W, r[3] * H
    if fit is IDENTITY:
        return np.array([x0, y0, x1, y1])
    pts = transform_points(_box_quad(np.array([x0, y0, x1, y1])), fit)
    return np.r_[pts.min(0), pts.max(0)]


CARD_CORNERS = L.region_px((0, 0, 1, 1))  # the canonical card's corners tl, tr, br, bl


def fit_corners(fit: np.ndarray) -> np.ndarray:
    """Where a layout registration (see :meth:`FieldAssigner.layout_fit`) puts the card's corners
    tl, tr, br, bl, in the rectified card's pixels."""
    return transform_points(CARD_CORNERS, fit)


def fit_corner_shift(fit: np.ndarray) -> float:
    """How far (px) a layout registration moves the card's farthest-moved corner: 0 when the card
    was rectified exactly where its print says."""
    return float(np.linalg.norm(fit_corners(fit) - CARD_CORNERS, axis=1).max())


def _plausible_fit(m: np.ndarray) -> bool:
    """A registration a rectified card can need: scale within ±20 %, shear/rotation within ±0.1, the
    card's centre moved by at most 12 % of its size."""
    centre = np.array([W / 2, H / 2])
    moved = np.abs(m[:, :2] @ centre + m[:, 2] - centre)
    return bool(np.all(np.abs(np.diag(m[:, :2]) - 1) <= _MAX_SCALE) and abs(m[0, 1]) <= 0.1
                and abs(m[1, 0]) <= 0.1 and np.all(moved <= 2 * _MAX_SHIFT * np.array([W, H])))


def _inside_frac(box: np.ndarray, reg: np.ndarray) -> float:
    """Fraction of ``box``'s area inside ``reg``."""
    iw = min(box[2], reg[2]) - max(box[0], reg[0])
    ih = min(box[3], reg[3]) - max(box[1], reg[1])
    if iw <= 0 or ih <= 0:
        return 0.0
    return float(iw * ih / max((box[2] - box[0]) * (box[3] - box[1]), 1e-6))


def _crop(card: np.ndarray, box: np.ndarray, pad: float = _CROP_PAD) -> np.ndarray:
    x0, y0, x1, y1 = box
    p = (y1 - y0) * pad
    xa, ya = int(max(0, x0 - p)), int(max(0, y0 - p))
    xb, yb = int(min(W, np.ceil(x1 + p))), int(min(H, np.ceil(y1 + p)))
    crop = card[ya:max(yb, ya + 2), xa:max(xb, xa + 2)]
    return np.ascontiguousarray(crop)


def _ink_gap_split(card_gray: np.ndarray, box: np.ndarray, lo: float, hi: float) -> float | None:
    """x of the widest ink-free column run of the line inside ``[lo, hi]`` (caption/value gap), or None.

    Ink = darker than an Otsu threshold of the line crop; a column is empty when under 3 % of its
    pixels are ink (guilloche lines leave a few). The gap must be wider than 1/4 of the line height,
    wider than any word space is on these cards.
    """
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    lo_i, hi_i = max(int(lo), x0 + 4), min(int(hi), x1 - 4)
    if hi_i - lo_i < 4 or y1 - y0 < 6:
        return None
    crop = card_gray[y0:y1, x0:x1]
    t, _ = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    ink = (crop < t).mean(0)
    empty = ink < 0.03
    seg = empty[lo_i - x0:hi_i - x0].astype(np.int8)
    if not seg.any():
        return None
    d = np.diff(np.r_[0, seg, 0])
    starts, ends = np.flatnonzero(d == 1), np.flatnonzero(d == -1)
    lens = ends - starts
    k = int(lens.argmax())
    if lens[k] < max(5, 0.25 * (y1 - y0)):
        return None
    return float(lo_i + (starts[k] + ends[k]) / 2)


# ---------------------------------------------------------------- the reader
class FieldAssigner:
    """Reads the fields of a rectified card; holds the recognizers (sessions created elsewhere, once)."""

    def __init__(self, detector, latin: CTCRecognizer, thai: CTCRecognizer | None,
                 gazetteer: Gazetteer | None = None, name_by_spelling: bool = True,
                 settle_conf: float = 0.95, join_pieces: bool = True, top_marks: bool = True,
                 streets: StreetNames | None = None) -> None:
        self.detector = detector
        self.top_marks = top_marks  # read the name again for marks its box cut off (see _reread_for_top_marks)
        self.join_pieces = join_pieces  # join a one-line field's pieces on its row (see join_row_pieces)
        self.name_by_spelling = name_by_spelling  # check the Thai name against its Latin spelling
        # first readings this confident that their grammar accepts skip the PP-OCR reading (1.0: never)
        self.settle_conf = settle_conf
        # Latin fields hold only printable ASCII: PP-OCR's CJK classes are masked out when decoding.
        self.latin = latin.restricted(lambda c: c.isascii() and c.isprintable())
        self.thai = thai
        self.first_reader = thai if thai is not None else latin
        self.gazetteer = gazetteer if gazetteer is not None else load_gazetteer()
        self.streets = streets if streets is not None else load_street_names()

    # -- lines -------------------------------------------------------------------------
    def lines(self, card: np.ndarray, side: str, quads: np.ndarray | None = None) -> list[Line]:
        """Detect (unless the card's text ``quads`` are given) and read (first reading) the lines of a
        canonical card."""
        if quads is None:
            quads = self.detector(card).quads
        if not len(quads):
            return []
        boxes = _boxes(quads)
        h = boxes[:, 3] - boxes[:, 1]
        boxes = boxes[(h > 8) & (h < 0.16 * H) & (boxes[:, 2] - boxes[:, 0] > 8)]
        boxes = boxes[~_fragments(boxes)]
        texts = self.first_reader.recognize([_crop(card, b) for b in boxes])
        return [Line(box=b.copy(), first=t) for b, t in zip(boxes, texts, strict=True)]

    @staticmethod
    def split_captions(lines: list[Line], card_gray: np.ndarray, side: str, fit: np.ndarray = IDENTITY) -> None:
        """Split a line that runs from a caption into its value (``Name Mr. John``) at the widest ink
        gap near the caption/value border of the registered layout. The line must start at the
        caption (not far to its left: an address row that reaches into the religion caption's
        band on a shifted card is no caption) and reach well into the value region."""
        # (field, caption, value region) of each field printed with its caption on the left of its value
        pairs = [(s.name, _region_box(s.labels[0], fit), _region_box(s.region, fit))
                 for s in L.fields_for(side, "normal") if s.labels]
        pairs = [(name, lab, reg) for name, lab, reg in pairs
                 if lab[2] <= reg[0] + 0.01 * W]  # not a caption below its value
        for line in lines:
            b = line.box
            ymid = (b[1] + b[3]) / 2
            for name, lab, reg in pairs:
                if not (lab[1] - 0.02 * H <= ymid <= lab[3] + 0.02 * H):  # on the caption's row
                    continue
                if b[0] < lab[0] - 0.04 * W or b[0] > lab[2] - 0.01 * W or b[2] < reg[0] + 0.04 * W:
                    continue
                if name == "address_th" and line.first.text[:1].isdigit():
                    # the row starts at its house number, not at the caption (35014 hard: a card
                    # placed a little off put ``9/264 ซอยรามคำแหง`` where the caption is expected,
                    # and the number was cut off as the caption at the word space after it); on
                    # other rows a leading digit is a misread caption (``8 ด.ญ. รัตนี``, 19025 hard)
                    break
                x = _ink_gap_split(card_gray, b, lab[2] - 0.06 * W, reg[0] + 0.06 * W)
                if x is None:
                    continue
                line.caption_box = np.array([b[0], b[1], x, b[3]])
                line.box = np.array([x, b[1], b[2], b[3]])
                break

    # -- alignment ---------------------------------------------------------------------
    @staticmethod
    def _anchor(line: Line, side: str) -> str | None:
        t = line.first.text
        if line.first.confidence < 0.6:
            return None
        if side == "back":
            if G.parse_laser(t).valid and not G.parse_laser(t).repaired:
                return "laser_number"
            if G.parse_serial(t).valid:
                return "card_number"
            return None
        # The ID is printed in space-separated groups; a dash-grouped number is the serial, which
        # one digit short reads as 13 digits the ID repair can make valid (seed 7032 hard: the serial
        # '670-02-20747655' taken for the ID anchor shifted the whole layout by 60 px).
        if "-" not in t and G.parse_id_number(t).valid and len(G.to_digits(t)[0]) == 13:
            return "id_number"
        if G.parse_serial(t).valid and "-" in t:
            return "serial_number"
        return None

    @staticmethod
    def _caption_of(line: Line) -> str | None:
        """The field whose caption this whole line reads as (and nothing else), or None."""
        if line.caption_box is not None or line.first.confidence < 0.6:
            return None
        for name, caps in CAPTIONS.items():
            if name == "id_number":  # its two captions share one label region
                continue
            rest, ok = G.strip_label(line.first.text, caps, 0.25)
            if ok and len(G.squash_spaces(rest)) <= 1:
                return name
        return None

    def layout_fit(self, lines: list[Line], side: str) -> np.ndarray:
        """Affine registration (2×3, layout prior → this card) from anchor lines.

        Anchors: the self-identifying values (:meth:`_anchor`) and, on a front, lines that read as
        a caption alone; each gives its box's left-centre point against where the prior prints it
        (its region's left edge, a few pixels in, and centre row). A card rectified from a
        slightly wrong outline is off by a shear or a scale that grows across the card, not by one
        offset. With ≥ 4 anchors a RANSAC affine fit (scale within ±20 %, shear and rotation
        within ±0.1) is used; otherwise the median offset (x from the values only: captions'
        left margins vary more).
        """
        specs = {s.name: s for s in L.fields_for(side, "normal")}
        exp, obs, is_val = [], [], []
        for ln in lines:
            name = self._anchor(ln, side)
            kind = "val"
            if name is None and side == "front":
                name, kind = self._caption_of(ln), "cap"
            if name is None or name not in specs or (kind == "cap" and not specs[name].labels):
                continue
            r = _region_box(specs[name].region if kind == "val" else specs[name].labels[0])
            exp.append([r[0] + _ANCHOR_DX[kind], (r[1] + r[3]) / 2])
            obs.append([ln.box[0], (ln.box[1] + ln.box[3]) / 2])
            is_val.append(kind == "val")
        fit = IDENTITY.copy()
        if not exp:
            return fit
        e, o, v = np.array(exp), np.array(obs), np.array(is_val)
        if len(e) >= 4 and np.ptp(e[:, 1]) >= 0.4 * H:
            m, inl = cv2.estimateAffine2D(e.astype(np.float32), o.astype(np.float32), method=cv2.RANSAC,
                                          ransacReprojThreshold=0.02 * H)
            if m is not None and inl is not None and inl.sum() >= 4 and _plausible_fit(m):
                return m.astype(np.float64)
        d = o - e
        if v.any():
            fit[0, 2] = np.clip(np.median(d[v, 0]), -_MAX_SHIFT * W, _MAX_SHIFT * W)
        fit[1, 2] = np.clip(np.median(d[:, 1]), -_MAX_SHIFT * H, _MAX_SHIFT * H)
        return fit

    # -- assignment --------------------------------------------------------------------
    @staticmethod
    def _grammar_bonus(name: str, text: str) -> float:
        if name == "id_number":
            return 0.5 if G.parse_id_number(text).valid else 0.0
        if name in ("serial_number", "card_number"):
            return 0.5 if G.parse_serial(text).valid else 0.0
        if name == "laser_number":
            return 0.5 if G.parse_laser(text).valid else 0.0
        if name.endswith("_en") and name.startswith("date_"):
            return 0.5 if G.parse_en_date(text).valid else 0.0
        if name.endswith("_th") and name.startswith("date_"):
            return 0.5 if G.parse_th_date(text).valid else 0.0
        if name == "first_name_en":
            return 0.3 if G.parse_first_name_en(text).valid else 0.0
        return 0.0

    def assign(self, lines: list[Line], side: str, fit: np.ndarray = IDENTITY) -> dict[str, list[Line]]:
        specs = L.fields_for(side, "normal")
        regions = {s.name: _region_box(s.region, fit) for s in specs}
        captions = [(s.name, _region_box(r, fit)) for s in specs for r in s.labels]
        scores: list[tuple[float, int, str]] = []
        for i, ln in enumerate(lines):
            cap_name, cap = max(((n, _inside_frac(ln.box, c)) for n, c in captions), key=lambda nc: nc[1],
                                default=(None, 0.0))
            val = max((_inside_frac(ln.box, r) for r in regions.values()), default=0.0)
            t = ln.first.text
            if cap > val or (ln.first.confidence > 0.8 and _is_caption_only(t)):
                if cap_name is not None and _value_after_caption(cap_name, t):
                    # caption and value detected as one box, no ink gap to split them at: a value line
                    scores.append((max(cap, val) + self._grammar_bonus(cap_name, t), i, cap_name))
                    continue
                ln.is_caption = True
                continue
            for name, reg in regions.items():
                f = _inside_frac(ln.box, reg)
                if f <= 0.2:
                    continue
                s = f + self._grammar_bonus(name, t)
                scores.append((s, i, name))
        scores.sort(key=lambda x: -x[0])
        taken: set[int] = set()
        out: dict[str, list[Line]] = {}
        multiline = {s.name for s in specs if s.multiline}
        for s, i, name in scores:
            if s < _MIN_SCORE or i in taken:
                continue
            if name in out and name not in multiline:
                continue
            if name in multiline and name in out and len(out[name]) >= _MAX_ADDRESS_PIECES:
                continue
            out.setdefault(name, []).append(lines[i])
            taken.add(i)
        for name in multiline & out.keys():
            out[name].sort(key=lambda ln: ((ln.box[1] + ln.box[3]) / 2, ln.box[0]))
        return out

    def join_row_pieces(self, card: np.ndarray, lines: list[Line], assigned: dict[str, list[Line]], side: str,
                        fit: np.ndarray = IDENTITY) -> None:
        """Join to a one-line field's line the unassigned pieces of its row, and read it again.

        The detector may box a value in two pieces across a wide space (the Thai name's prefix
        apart from the name, a blurred ID's digit groups) and the assignment gives a one-line field
        one box: the rest was lost (seed 17036 hard read ``ด.ญ.`` alone). A piece is joined when it
        is no caption, lies mostly (half) inside the field's region, shares at least half of the
        lower box's height with the line, and is at most ``_JOIN_GAP`` line heights from it; a piece
        left of a value split from its caption would be the caption's, so only pieces on its right
        join such a line. ``lines`` and ``assigned`` are updated in place.
        """
        specs = {s.name: s for s in L.fields_for(side, "normal") if not s.multiline}
        taken = {id(x) for lns in assigned.values() for x in lns}
        free = [ln for ln in lines if id(ln) not in taken and not ln.is_caption]
        joined: list[tuple[str, Line, list[Line]]] = []
        for name, lns in assigned.items():
            if name not in specs or not free:
                continue
            ln, reg = lns[0], _region_box(specs[name].region, fit)
            box, pieces = ln.box.copy(), []
            for p in sorted(free, key=lambda x: abs((x.box[0] + x.box[2]) - (ln.box[0] + ln.box[2]))):
                o = p.box
                gap = max(o[0] - box[2], box[0] - o[2])
                if (not _same_row(o, box) or gap > _JOIN_GAP * max(o[3] - o[1], box[3] - box[1])
                        or (ln.caption_box is not None and o[0] < box[0]) or _inside_frac(o, reg) < 0.5):
                    continue
                box = np.r_[np.minimum(box[:2], o[:2]), np.maximum(box[2:], o[2:])]
                pieces.append(p)
            if pieces:
                free = [x for x in free if all(x is not p for p in pieces)]
                joined.append((name, Line(box=box, first=ln.first, caption_box=ln.caption_box), [ln, *pieces]))
        if not joined:
            return
        whole = [j.box if j.caption_box is None else np.r_[j.caption_box[:2], j.box[2:]] for _, j, _ in joined]
        for (name, j, parts), text in zip(joined, self.first_reader.recognize([_crop(card, b) for b in whole]),
                                          strict=True):
            j.first = text
            assigned[name][0] = j
            at = min(i for i, x in enumerate(lines) if any(x is p for p in parts))
            lines[:] = [x for x in lines if all(x is not p for p in parts)]
            lines.insert(at, j)

    # -- reading -----------------------------------------------------------------------
    def _settled_by_first(self, name: str, ln: Line) -> bool:
        """Whether the line's first reading (the Thai recognizer's) settles a field the grammar can
        check on its own, so the slower PP-OCR reading is skipped: the English dates (checked again
        against their Thai twins, which keep their PP-OCR digit vote), read at ``self.settle_conf``
        or more and accepted unrepaired. Not the ID: its checksum passes some misreadings (mod 11,
        then mod 10); nor the serial, laser and card numbers, which have none (letting them skip
        cost the bench's serial 1.000 -> 0.854, seed 7000 clean)."""
        return (self.thai is not None and self.settle_conf < 1.0 and name in SETTLED_BY_GRAMMAR
                and _clean_reading(name, ln.first, self.settle_conf))

    def _latin_readings(self, card: np.ndarray, fields: list[tuple[str, Line]], image: np.ndarray | None,
                        to_image: Callable[[np.ndarray], np.ndarray] | None) -> None:
        """Read Latin-field lines with the Latin recognizer; the grammar picks among the readings.

        First the value-only crop from the card (a garbled caption cannot swallow the value). A line
        whose reading does not parse cleanly with good confidence is read again: the whole line
        warped straight from the original photo avoids the double interpolation of the rectified
        card (small text in a photo is upsampled twice otherwise); without the photo, the whole line
        from the card.
        """
        self._read_latin(fields, [_crop(card, ln.box) for _, ln in fields])
        crops: list[np.ndarray] = []
        owners: list[tuple[str, Line]] = []
        for name, ln in fields:
            if name in THAI_FIELDS or _clean_reading(name, ln.latin[0]):
                continue
            full = ln.box if ln.caption_box is None else np.r_[ln.caption_box[:2], ln.box[2:]]
            if image is not None and to_image is not None:
                crops.append(crop_quad(image, to_image(_padded_quad(full))))
                owners.append((name, ln))
            elif ln.caption_box is not None:
                crops.append(_crop(card, full))
                owners.append((name, ln))
        self._read_latin(owners, crops)

    def _read_latin(self, fields: list[tuple[str, Line]], crops: list[np.ndarray]) -> None:
        """Append each line's greedy Latin reading of its crop; an English name also gets the
        reading's variants (``_LATIN_NAME_VARIANTS``) for the Thai-spelling check."""
        for (name, ln), p in zip(fields, self.latin.line_probs(crops), strict=True):
            if name in ("first_name_en", "last_name_en"):
                readings = self.latin.decode_nbest(p, **_LATIN_NAME_VARIANTS)
                ln.latin.append(readings[0])  # the greedy reading, as recognize() gives it
                ln.latin_variants.append(readings[1:])
            else:
                ln.latin.append(self.latin.decode(p))

    def _thai_readings(self, card: np.ndarray, lines: list[Line], image: np.ndarray | None,
                       to_image: Callable[[np.ndarray], np.ndarray] | None) -> None:
        """Read Thai-field lines with the Thai recognizer: the value crop from the card (a caption-free
        line's first reading already is that), then the same box warped straight from the photo;
        the more confident reading wins. The photo crop skips the rectified card's resampling,
        which softens small or blurred text (generated cards, name_th exact match: 0.71 → 0.76
        clean, 0.52 → 0.59 on small cards, with 0.08-high margins)."""
        assert self.thai is not None
        for ln in lines:
            if ln.caption_box is None:  # the first reading is already the Thai reading of this crop
                ln.thai, ln.thai_crop = ln.first, _crop(card, ln.box)
        split = [ln for ln in lines if ln.thai is None]
        crops = [_crop(card, ln.box) for ln in split]
        for ln, t, crop in zip(split, self.thai.recognize(crops), crops, strict=True):
            ln.thai, ln.thai_crop = t, crop
        if image is None or to_image is None or not lines:
            return
        crops = [_photo_crop(image, to_image, ln.box) for ln in lines]
        for ln, t, crop in zip(lines, self.thai.recognize(crops), crops, strict=True):
            if ln.thai is None or t.confidence > ln.thai.confidence:
                ln.thai_other = ln.thai
                ln.thai, ln.thai_crop, ln.thai_from_photo = t, crop, True
            else:
                ln.thai_other = t

    def _vote_address(self, card: np.ndarray, lines: list[Line], image: np.ndarray | None,
                      to_image: Callable[[np.ndarray], np.ndarray] | None) -> None:
        """Where an address row's card and photo readings differ, read the chosen reading's own
        source again with a :data:`_VOTE_PAD` margin; the other reading's letters are taken where
        that third reading sides with them (engine/reading_vote.py).

        Bench (``scripts/benchmarks/bench_thaiid.py --n 60 --conditions clean,hard``), address_th misses
        without / with: seeds 17000-39000 (where it was developed), clean 14 / 12, hard 48 / 44 (8
        fixed, 2 broken, both clean); seeds 41000-55000 (unseen), clean 10 / 9, hard 30 / 27 (6
        fixed, 2 broken, both clean). No other field moved.
        """
        assert self.thai is not None
        todo = [ln for ln in lines if ln.thai is not None and ln.thai_other is not None
                and ln.thai.text != ln.thai_other.text]
        if not todo or image is None or to_image is None:
            return
        crops = [_photo_crop(image, to_image, ln.box, _VOTE_PAD) if ln.thai_from_photo
                 else _crop(card, ln.box, _VOTE_PAD) for ln in todo]
        for ln, t in zip(todo, self.thai.recognize(crops), strict=True):
            text = vote(ln.thai.text, ln.thai_other.text, t.text)  # type: ignore[union-attr]
            if text != ln.thai.text:  # type: ignore[union-attr]
                ln.thai = LineText(text, ln.thai.confidence)  # type: ignore[union-attr]

    def _reread_for_top_marks(self, card: np.ndarray, lines: list[Line], image: np.ndarray | None,
                              to_image: Callable[[np.ndarray], np.ndarray] | None) -> None:
        """Read Thai lines again from a crop grown upwards by :data:`_MARK_TOP` of their height, and
        take that reading where it only adds marks written above the line.

        Line crops stop at the detector's box (:data:`_CROP_PAD`), and the box's top often runs
        through the second of two stacked marks, a tone mark over an upper vowel or ำ: น้ำ, ปั้น,
        กลิ่น, เผื่อน read นำ, ปัน, กลิน, เผือน (a third of the bench's name misses; the crop of 17045
        clean shows the ่ of ผึ่ง cut off). A taller crop takes in the other rows' marks too, so
        its reading is trusted only for what the first one lacked: every character of the first
        reading, in order, plus marks above the line (:func:`_adds_only_upper_marks`). It is cut
        from where the first reading was (card or photo). Name lines only: on the address, whose
        rows sit close, the grown crop read the row above's marks (ศรีนคริ้นทร์, 17053 clean), and
        a crop stopped at that row changed no address (seeds 17000, 19000 and 23000, clean and hard).
        """
        assert self.thai is not None
        crops = []
        for ln in lines:
            box = ln.box.copy()
            box[1] = max(0.0, box[1] - _MARK_TOP * (box[3] - box[1]))
            from_photo = ln.thai_from_photo and image is not None and to_image is not None
            crops.append(_photo_crop(image, to_image, box) if from_photo else _crop(card, box))
        for ln, t, crop in zip(lines, self.thai.recognize(crops), crops, strict=True):
            if ln.thai is not None and _adds_only_upper_marks(ln.thai.text, t.text):
                ln.thai, ln.thai_crop = LineText(t.text, min(t.confidence, ln.thai.confidence)), crop

    def read(self, card: np.ndarray, side: str, image: np.ndarray | None = None,
             to_image: Callable[[np.ndarray], np.ndarray] | None = None,
             quads: np.ndarray | None = None) -> CardFields:
        """All fields found on a canonical upright card of side ``side``.

        ``image`` and ``to_image`` (canonical → image points, e.g. ``CardResult.to_image``) enable the
        second reading of Latin lines from the original photo; ``quads`` (the card's text boxes,
        e.g. from the card finder's detection on this card) save detecting again.
        """
        lines = self.lines(card, side, quads)
        fit = self.layout_fit(lines, side)
        gray = cv2.cvtColor(card, cv2.COLOR_BGR2GRAY)
        self.split_captions(lines, gray, side, fit)
        assigned = self.assign(lines, side, fit)
        if self.join_pieces:
            self.join_row_pieces(card, lines, assigned, side, fit)
        # Latin fields, and the Thai address and dates: the Latin recognizer's digits of a Thai line
        # are a reading independent of the Thai recognizer's (the house and village numbers of the
        # address; the third vote when a date's two lines disagree).
        # - An address line whose first reading shows no digit (the ต. อ. จ. row, mostly) is left
        #   out: its Latin reading would only give digit runs to merge (bench seeds 7000-13000, 338
        #   fronts clean and hard: every field the same, the card's reading ~19 ms faster).
        # - A Thai date line is read only when its date's two lines do not already agree (after the
        #   Thai readings): the vote would decide nothing (the same 477 cards: 37 ms less a card,
        #   4417 against 4418 of 4592 fields right; the 7 fields that moved were PP-OCR reading a
        #   line a little differently in another batch, padded to another width).
        self._latin_readings(card, [(name, lns[0]) for name, lns in assigned.items()
                                    if name in LATIN_FIELDS and not self._settled_by_first(name, lns[0])]
                             + [("address_th", ln) for ln in assigned.get("address_th", [])
                                if _has_digit(ln.first.text)], image, to_image)
        if self.thai is not None:
            self._thai_readings(card, [ln for name, lns in assigned.items() if name in THAI_FIELDS for ln in lns],
                                image, to_image)
            if self.top_marks and "name_th" in assigned:
                self._reread_for_top_marks(card, assigned["name_th"], image, to_image)
            self._vote_address(card, assigned.get("address_th", []), image, to_image)
        self._latin_readings(card, [(th_name, assigned[th_name][0]) for th_name, en_name, _ in DATE_PAIRS
                                    if th_name in assigned
                                    and not _dates_agree(assigned[th_name][0], assigned.get(en_name, [None])[0],
                                                         th_name, en_name)], image, to_image)
        for lns in assigned.values():
            for ln in lns:
                ln.ink_box = _ink_box(gray, ln.box)
        res = CardFields(lines=lines, fit=fit)
        f = res.fields

        def put(name: str, text: str | None, conf: float, quad: np.ndarray) -> None:
            if text:
                f[name] = FieldValue(text, float(np.clip(conf, 0.0, 1.0)), quad)

        name_ln = assigned.get("name_th", [None])[0]
        title_hint = G.en_title_for_th_name(G.strip_label(name_ln.thai.text, CAPTIONS["name_th"])[0]) \
            if name_ln is not None and name_ln.thai is not None else None
        for name, lns in assigned.items():
            ln = lns[0]
            parser = _LATIN_PARSERS.get(name)  # English dates are read with their Thai twins below
            if name == "first_name_en" and title_hint is not None:
                parser = partial(G.parse_first_name_en, title_hint=title_hint)
            if parser is not None:
                p, c = _best_reading(ln, parser, first_as_fallback=name in FIRST_AS_FALLBACK)
            elif name == "name_th" and ln.thai is not None:
                text = G.strip_label(ln.thai.text, CAPTIONS["name_th"])[0]
                p, c = G.parse_name_th(text), ln.thai.confidence
                pre = None if p.valid else _prefix_box_left_of(ln, lines, assigned)
                if pre is not None:  # the prefix was detected as a box of its own
                    p = G.parse_name_th(f"{pre.first.text} {text}")
                    put(name, p.value, c * p.factor, _union_quad([pre.location, ln.location]))
                    continue
            elif name == "religion_th" and ln.thai is not None:
                p, c = G.parse_religion(ln.thai.text), ln.thai.confidence
            elif name == "address_th" and all(x.thai is not None for x in lns):
                texts = [G.merge_digit_runs(x.thai.text, x.latin[0].text, x.latin[0].confidence)  # type: ignore[union-attr]
                         if x.latin else x.thai.text for x in lns]  # type: ignore[union-attr]
                column = _region_box(_ADDRESS_REGION, fit)[0]
                p = self._address(_address_texts(lns, texts, column))
                c = float(np.mean([x.thai.confidence for x in lns]))  # type: ignore[union-attr]
                put(name, p.value, c * p.factor, _union_quad([x.location for x in lns]))
                continue
            else:
                continue  # dates below; Thai fields without a Thai recognizer are not read
            put(name, p.value, c * p.factor, ln.quad)

        dates: dict[str, G.CardDate | None] = {}
        pairs: dict[str, tuple[G.DatePair, tuple[str | None, str | None, int | None]]] = {}
        for th_name, en_name, key in DATE_PAIRS:
            th_ln = assigned.get(th_name, [None])[0]
            en_ln = assigned.get(en_name, [None])[0]
            en_r, en_c = None, 0.0
            if en_ln is not None:
                en_r, en_c = _best_reading(en_ln, _latin_parser(en_name))
            th_r = None
            hint: tuple[int | None, int | None] = (None, None)
            if th_ln is not None:
                hint = G.date_digits_hint(th_ln.latin[0].text if th_ln.latin else th_ln.first.text)
                th_text = th_ln.thai.text if th_ln.thai is not None else ""
                th_r = G.parse_th_date(G.strip_label(th_text, CAPTIONS[th_name])[0])
            pair = G.reconcile_dates(th_r, en_r, hint, _other_date_readings(en_name, en_ln, en_r))
            pairs[key] = (pair, (th_r.text if th_r is not None else None, en_r.text if en_r is not None else None,
                                 hint[1]))
            dates[key] = pair.date
            if en_ln is not None:
                put(en_name, pair.en, en_c * pair.en_factor, en_ln.quad)
            if th_ln is not None and (th_ln.thai is not None or pair.th_factor >= G.FACTOR_REPAIRED):
                th_conf = th_ln.thai.confidence if th_ln.thai is not None else th_ln.first.confidence * 0.8
                # a date rebuilt from its English twin is as good as the English reading and the Thai
                # line's own digits (its Latin reading) that agreed with it
                if pair.th_factor < 1.0 and en_ln is not None and pair.date is not None:
                    digits = th_ln.latin[0] if th_ln.latin else th_ln.first
                    th_conf = max(th_conf, min(en_c, digits.confidence))
                put(th_name, pair.th, th_conf * pair.th_factor, th_ln.quad)
        if {"birth", "issue", "expiry"} <= pairs.keys():
            rebuilt = G.expiry_from_birthday(*pairs["expiry"], pairs["birth"][0], pairs["issue"][0])
            if rebuilt is not None:
                dates["expiry"] = rebuilt
                th_name, en_name, _ = DATE_PAIRS[2]
                for n, text in ((th_name, rebuilt.th()), (en_name, rebuilt.en())):
                    ln = assigned.get(n, [None])[0]
                    if ln is not None:
                        conf = (ln.thai or ln.first).confidence if n == th_name else \
                            max((t.confidence for t in ln.latin), default=ln.first.confidence)
                        put(n, text, conf * G.FACTOR_FRAGMENTS, ln.quad)
        rules = G.date_rules_factor(dates.get("birth"), dates.get("issue"), dates.get("expiry"))
        for th_name, en_name, key in DATE_PAIRS:
            for n in (th_name, en_name):
                if n in f:
                    f[n].confidence *= rules[key]

        if self.name_by_spelling and name_ln is not None and "name_th" in f:
            self._latin_names_by_spelling(f, assigned, title_hint)
            self._name_by_spelling(f, name_ln)
        if "name_th" in f and "first_name_en" in f:
            birth, issue = dates.get("birth"), dates.get("issue")
            age = (issue.year - birth.year if birth is not None and issue is not None
                   and not birth.lifelong and not issue.lifelong else None)
            text, k = G.agree_title_prefix(f["name_th"].text, f["first_name_en"].text, age)
            f["name_th"].text, f["name_th"].confidence = text, f["name_th"].confidence * k
        res.card_type = self._card_type(f, lines, card) if side == "front" else card_colour_type(card)
        if res.card_type == "pink":
            f.pop("religion_th", None)
            first, last = f.get("first_name_en"), f.get("last_name_en")
            if first is not None and last is not None:
                # the foreigner card's API field is one full English name: the two printed rows joined
                f["name_en"] = FieldValue(f"{first.text} {last.text}", min(first.confidence, last.confidence),
                                          _union_quad([_qbox(first.quad), _qbox(last.quad)]))
        return res

    def _name_by_spelling(self, f: dict[str, FieldValue], ln: Line, min_gain: float = 0.8,
                          prob_weight: float = 0.1) -> None:
        """Settle look-alike consonants in the Thai name with the card's Latin spelling of it.

        The Thai reading's variants (:meth:`CTCRecognizer.recognize_nbest`, ``_NAME_VARIANTS``: one
        or two letters swapped for a rival down to 1/1000 of the winner's probability; in a blurred
        or glared crop the right consonant is often the second or third rival at 1-5 %) whose changed
        words :func:`_spells` are scored by their rough romanization's distance to the English given
        and family names, plus ``prob_weight`` per unit of the variant's log-probability deficit; a
        variant replaces the reading when it is at least ``min_gain`` closer in spelling (about one
        consonant). ``scripts.benchmarks.bench_thaiid`` (60 scenes per seed), name_th exact match before
        (top rival only, ≥ 2 %, weight 0.25, no check of a line kept from its first reading) →
        after: hard 0.707 → 0.805 (seed 7000), 0.690 → 0.786 (9000), 0.750 → 0.795 (11000),
        0.881 → 0.881 (13000); clean the same but 11000 (0.909 → 0.955); no other field moved.
        """
        first, last = f.get("first_name_en"), f.get("last_name_en")
        if self.thai is None or ln.thai is None or ln.thai_crop is None or first is None or last is None:
            return
        given_en = _en_name_word(first.text)
        if given_en is None or " " in last.text:
            return
        latin = [given_en, last.text]

        def parse(text: str) -> tuple[str | None, list[str] | None]:
            """The name field's value for a reading, and its given and family names (None unless two)."""
            p = G.parse_name_th(G.strip_label(text, CAPTIONS["name_th"])[0])
            words = p.value.split()[1:] if p.valid and p.value else []
            return p.value, (words if len(words) == 2 else None)

        value, words = parse(ln.thai.text)
        if words is None or value != f["name_th"].text:
            return  # the field did not come from this reading as it stands (a prefix box joined it)
        scored = [(R.name_distance(words, latin), 0.0, value)]
        for t in self.thai.recognize_nbest([ln.thai_crop], **_NAME_VARIANTS)[0][1:]:
            alt_value, alt_words = parse(t.text)
            if alt_words is not None and _spells(alt_words, words, latin):
                scored.append((R.name_distance(alt_words, latin), -t.relative_logp, alt_value))
        best = _pick_by_spelling(scored, min_gain, prob_weight)
        if best is not None:
            f["name_th"].text = best  # type: ignore[assignment]

    def _latin_names_by_spelling(self, f: dict[str, FieldValue], assigned: dict[str, list[Line]],
                                 title_hint: str | None, min_gain: float = 0.8, prob_weight: float = 0.25) -> None:
        """The reverse of :meth:`_name_by_spelling`: settle look-alike letters in the English names
        (``i``/``l``, ``c``/``e``) with the Thai name's spelling, by the same rule. Runs before the
        Thai check, against the Thai recognizer's own reading.

        The n-best variants of the Latin reading the field came from (value crop or photo crop, see
        :meth:`_latin_readings`; ``_LATIN_NAME_VARIANTS``: swaps, and a thin letter blur washed out
        or a stray one) are parsed with the field's grammar; a variant replaces the field when its
        given / family name is at least ``min_gain`` closer to the romanized Thai word, after
        ``prob_weight`` per unit of log-probability given up.
        """
        words = f["name_th"].text.split()[1:]
        if len(words) != 2:
            return
        for name, th_word in (("first_name_en", words[0]), ("last_name_en", words[1])):
            ln, fv = assigned.get(name, [None])[0], f.get(name)
            if ln is None or fv is None or not ln.latin:
                continue
            parse = _latin_parser(name) if name == "last_name_en" or title_hint is None else \
                partial(G.parse_first_name_en, title_hint=title_hint)
            assert parse is not None
            word = _en_name_word(fv.text)
            source = next((k for k, t in enumerate(ln.latin) if parse(t.text).value == fv.text), None)
            if source is None or source >= len(ln.latin_variants) or word is None:
                continue  # the field did not come from a Latin reading as it stands
            target = R.romanize(th_word)
            scored = [(R.spelling_distance(target, word), 0.0, fv.text)]
            for t in ln.latin_variants[source]:
                p = parse(t.text)
                alt = _en_name_word(p.value) if p.valid and p.value else None
                if alt is not None:
                    scored.append((R.spelling_distance(target, alt), -t.relative_logp, p.value))
            best = _pick_by_spelling(scored, min_gain, prob_weight)
            if best is not None:
                fv.text = best  # type: ignore[assignment]

    def _address(self, lines: list[str]) -> G.Parsed:
        """The address on one line, its subdistrict/district/province snapped to the official names
        and its road and lane names to real ones (:mod:`engine.thaiid.streets`); an address whose
        last three units cannot be told counts as invalid (lower confidence)."""
        p = G.parse_address(lines)
        if p.value is None:
            return p
        snap = self.gazetteer.snap(p.value)
        text, streets_changed = self.streets.snap(snap.text)
        return G.Parsed(text, p.valid and snap.edits is not None, bool(snap.edits) or streets_changed > 0)

    @staticmethod
    def _card_type(f: dict[str, FieldValue], lines: list[Line], card: np.ndarray) -> str | None:
        idv = f.get("id_number")
        if idv is not None and idv.confidence >= G.FACTOR_REPAIRED * 0.7:
            t = G.card_type_from_id(idv.text)
            if t is not None:
                return t
        title = _region_box(L.FRONT_TITLE_EN)
        for ln in lines:
            if _inside_frac(ln.box, title) > 0.5:
                s = ln.first.text.lower().replace(" ", "")
                if "nonthai" in s or "non-thai" in s:
                    return "pink"
                if "national" in s:
                    return "normal"
        return card_colour_type(card)


_LATIN_PARSERS: dict[str, Callable[[str], G.Parsed]] = {
    "id_number": G.parse_id_number, "serial_number": G.parse_serial, "card_number": G.parse_card_number,
    "laser_number": G.parse_laser, "first_name_en": G.parse_first_name_en, "last_name_en": G.parse_last_name_en,
}


_EN_TITLE_WORDS = frozenset(t.rstrip(".").lower() for t in G.EN_TITLES)


def _en_name_word(value: str) -> str | None:
    """The one name word of an English name field's value (its title dropped), or None."""
    words = [w for w in value.split() if w.rstrip(".").lower() not in _EN_TITLE_WORDS]
    return words[0] if len(words) == 1 else None


# the Thai name's variants the Latin spelling may choose from: one or two characters swapped for
# any of their three likeliest rivals, down to 1/1000 of the winner's probability
_NAME_VARIANTS = {"n": 200, "min_ratio": 0.001, "max_uncertain": 16, "rivals": 3, "max_changes": 2}


# the English name's variants the Thai spelling may choose from: one or two characters swapped for
# either of their two likeliest rivals, dropped, or inserted where blur washed a thin letter out
# (``Watsin`` for ``Watsiri``), down to 1/100 of the winner's probability
_LATIN_NAME_VARIANTS = {"n": 200, "min_ratio": 0.01, "max_uncertain": 16, "rivals": 2, "max_changes": 2,
                        "indels": True}


def _spells(alt_words: list[str], words: list[str], latin: list[str], max_frac: float = 0.3,
            floor: float = 1.2) -> bool:
    """Whether every word the variant changes is spelled by its Latin twin: its romanization within
    ``max_frac`` of the Latin word's length (at least ``floor``) of it. A card whose Latin name is no
    transliteration of the Thai one (a foreign name, a spelling of its own) then leaves the Thai
    reading alone instead of pulling it towards whichever variant starts like the Latin word."""
    return all(a == w or (len(a) == len(w) and R.spelling_distance(R.romanize(a), e) <= max(floor, max_frac * len(e)))
               for a, w, e in zip(alt_words, words, latin, strict=True))


def _pick_by_spelling(scored: list[tuple[float, float, str]], min_gain: float, prob_weight: float) -> str | None:
    """The spelling checks' rule. ``scored`` holds (spelling distance, log-probability deficit, value),
    the field's own reading first; the best by distance + ``prob_weight`` x deficit replaces it only
    when at least ``min_gain`` closer in spelling. Returns the replacement, or None."""
    dist, _, best = min(scored, key=lambda x: x[0] + prob_weight * x[1])
    return best if best != scored[0][2] and scored[0][0] - dist >= min_gain - 1e-9 else None


def _latin_parser(name: str) -> Callable[[str], Any] | None:
    """The grammar of a Latin field (an English date without its caption), or None."""
    if name in _LATIN_PARSERS:
        return _LATIN_PARSERS[name]
    if name.startswith("date_") and name.endswith("_en"):
        caps = CAPTIONS[name]
        return lambda t: G.parse_en_date(G.strip_label(t, caps)[0])
    return None


def _value_after_caption(name: str, text: str) -> bool:
    """Whether ``text`` is field ``name``'s caption followed by a value its grammar accepts
    (``ศาสนา พุทธ``): the line is the value's, read with its caption."""
    rest, ok = G.strip_label(text, CAPTIONS.get(name, ()))
    return ok and bool(rest.strip()) and value_parses(name, rest)


# the Thai fields whose returned value has a grammar of its own (see value_parses)
_THAI_PARSERS: dict[str, Callable[[str], G.Parsed]] = {"name_th": G.parse_name_th, "religion_th": G.parse_religion}


def value_parses(name: str, text: str) -> bool:
    """Whether a field's returned value parses with its grammar (a Latin field's, the Thai name's or
    the religion's)."""
    parser = _THAI_PARSERS.get(name) or _latin_parser(name)
    return parser is not None and bool(parser(text).valid)


def _clean_reading(name: str, t: LineText, min_conf: float = 0.9) -> bool:
    """A confident reading that its field's grammar accepts without repair (no second crop needed)."""
    parser = _latin_parser(name)
    if t.confidence < min_conf or parser is None:
        return False
    p = parser(t.text)
    return bool(p.valid) and not p.repaired


def _dates_agree(th_ln: Line, en_ln: Line | None, th_name: str, en_name: str) -> bool:
    """Whether a date's Thai line (its Thai reading) and English line (its best Latin reading) parse
    unrepaired, as printed, to the same date: then the Thai line's Latin digits would decide nothing
    (:func:`engine.thaiid.grammar.reconcile_dates` votes only between lines that disagree)."""
    if th_ln.thai is None or en_ln is None:
        return False
    en, _ = _best_reading(en_ln, _latin_parser(en_name))  # type: ignore[arg-type]
    th = G.parse_th_date(G.strip_label(th_ln.thai.text, CAPTIONS[th_name])[0])
    return bool(en.valid and th.valid and not en.repaired and not th.repaired and en.date is not None
                and en.date == th.date and en.text == en.date.en() and th.text == en.date.th())


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def _best_reading(ln: Line, parse: Callable[[str], Any], first_as_fallback: bool = False) -> tuple[Any, float]:
    """The Latin reading that parses best: valid, then unrepaired, then the recognizer's confidence
    (the first reading when there is no Latin one). Returns the parse result and its confidence.

    ``first_as_fallback``: when every Latin reading needed repair (letter/digit look-alikes mapped
    by position) and the first reading (the Thai recognizer's) parses without any, the first one is
    taken. PP-OCR reads a laser code's leading ``II`` as ``|1`` or ``14``, which the repair maps to
    ``II`` or ``IA`` (bench seed 13008, clean); the Thai recognizer read it as printed. Replayed on
    the readings of the bench's 309 clean and 297 hard code fields (seeds 7000-13000), that is the
    one field it changes.
    """
    readings = list(ln.latin) or [ln.first]
    parsed = [parse(t.text) for t in readings]
    if first_as_fallback and ln.latin and not any(p.valid and not p.repaired for p in parsed):
        p = parse(ln.first.text)
        if p.valid and not p.repaired:
            readings.append(ln.first)
            parsed.append(p)
    best: tuple[tuple[bool, bool, float], Any, float] | None = None
    for t, p in zip(readings, parsed, strict=True):
        key = (bool(p.valid), not p.repaired, t.confidence)
        if best is None or key > best[0]:
            best = (key, p, t.confidence)
    assert best is not None
    return best[1], best[2]


def _other_date_readings(en_name: str, en_ln: Line | None,
                         en_r: G.DateReading | None) -> list[tuple[int | None, int | None]]:
    """(day, CE year) as the English date line's first reading (the Thai recognizer's) shows them,
    when that is not the reading reconciled (``en_r``): with the Thai line's two readings (Thai
    recognizer, Latin recognizer's digits) and the English line's Latin one, each line then has a
    vote per recognizer. Further readings of a line by the same recognizer (the photo crop) are
    left out: they share its blur, and outvoted the other line when they counted (bench seeds
    9007 and 13006, hard)."""
    if en_ln is None:
        return []
    text = G.squash_spaces(G.strip_label(en_ln.first.text, CAPTIONS[en_name])[0])
    if not text or (en_r is not None and text == en_r.text):
        return []
    day, _, year = G.date_fragments(text, False)
    return [(day, year)]


def card_colour_type(card: np.ndarray) -> str:
    """Pink (foreigner) card by its background colour: red clearly above green; else normal.

    Measured on the card's brighter half (background, not ink); a greyscale copy reads as normal.
    """
    small = cv2.resize(card, (128, 80), interpolation=cv2.INTER_AREA).reshape(-1, 3).astype(np.float32)
    lum = small.mean(1)
    bg = small[lum >= np.median(lum)]
    b, g, r = np.median(bg, axis=0)
    return "pink" if r - g > 25 and r - b > 0 else "normal"


def _address_texts(lines: list[Line], texts: list[str], column: float) -> list[str]:
    """The address lines' readings in reading order (rows top to bottom, pieces of a row left to
    right), with a run of :data:`~engine.thaiid.grammar.UNREAD` marks where a row's print was left
    unboxed: between two of its pieces or between the address column's left edge ``column`` and its
    first piece, :data:`_UNREAD_GAP` line heights or more (one mark per :data:`_UNREAD_CHAR`). The
    gazetteer's aligned snap lets the marks stand for the subdistrict, district or province
    characters the gap hid."""
    rows: list[list[int]] = []
    for i in sorted(range(len(lines)), key=lambda i: lines[i].box[1] + lines[i].box[3]):
        if rows and _same_row(lines[i].box, lines[rows[-1][0]].box):
            rows[-1].append(i)
        else:
            rows.append([i])
    out: list[str] = []
    for row in rows:
        left = column
        for i in sorted(row, key=lambda i: lines[i].box[0]):
            x0, y0, x1, y1 = lines[i].box
            gap, h = x0 - left, y1 - y0
            if gap >= _UNREAD_GAP * h:
                out.append(G.UNREAD * int(np.ceil(gap / (_UNREAD_CHAR * h))))
            out.append(texts[i])
            left = max(left, x1)
    return out


def _is_caption_only(text: str) -> bool:
    """The line is just an English caption (``Date of Birth``) with no value after it."""
    s = G.squash_spaces(text)
    for caps in CAPTIONS.values():
        for c in caps:
            if c.isascii() and len(s) <= 1.25 * len(c) + 2:  # longer: there is more than the caption
                rest, ok = G.strip_label(s, (c,), 0.2)
                if ok and not rest:
                    return True
    return False


def _prefix_box_left_of(name_line: Line, lines: list[Line], assigned: dict[str, list[Line]]) -> Line | None:
    """An unassigned line just left of the Thai name on its row that reads as a name prefix alone
    (``ด.ญ.``): the detector may box the prefix apart from the name across the wider space."""
    used = {id(x) for lns in assigned.values() for x in lns}
    b = name_line.box
    for ln in lines:
        o = ln.box
        if id(ln) in used or ln is name_line or not (b[0] - 0.06 * W <= o[2] <= b[0] + 0.01 * W):
            continue
        if _same_row(o, b) and G.is_th_prefix(ln.first.text):
            return ln
    return None


def _fragments(boxes: np.ndarray) -> np.ndarray:
    """Boxes that are a piece of a bigger line: a lone tone mark or vowel above/below a line
    detected on its own (``ส``-like junk that would otherwise win a field region). A box is a
    fragment when at least half of it lies within a box ≥ 3× its area and > 1.6× its height, grown
    by a third of that box's height above and below."""
    if len(boxes) < 2:
        return np.zeros(len(boxes), bool)
    w, h = boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]
    area = w * h
    grown = boxes + np.c_[np.zeros(len(boxes)), -h / 3, np.zeros(len(boxes)), h / 3]
    ix = np.minimum(boxes[:, None, 2], grown[None, :, 2]) - np.maximum(boxes[:, None, 0], grown[None, :, 0])
    iy = np.minimum(boxes[:, None, 3], grown[None, :, 3]) - np.maximum(boxes[:, None, 1], grown[None, :, 1])
    inter = np.clip(ix, 0, None) * np.clip(iy, 0, None)  # [i, j]: box i inside grown box j
    inside = inter >= 0.5 * area[:, None]
    bigger = area[None, :] >= 3 * area[:, None]
    # marks are much lower than a line: a short line of full height next to a long one is a line
    lower = h[:, None] < 0.6 * h[None, :]
    return (inside & bigger & lower).any(axis=1)


def _ink_box(gray: np.ndarray, box: np.ndarray) -> np.ndarray:
    """The extent of the dark print inside a detector box (DB boxes are grown by their unclip
    margin, which is large relative to a short word). Otsu splits ink from the card's background;
    rows/columns holding a little ink count. Falls back to ``box`` when nothing clear is found."""
    x0, y0, x1, y1 = np.round(box).astype(int)
    x0, y0 = max(x0, 0), max(y0, 0)
    roi = gray[y0: max(y1, y0 + 1), x0: max(x1, x0 + 1)]
    if roi.shape[0] < 4 or roi.shape[1] < 4:
        return box
    _, ink = cv2.threshold(roi, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    rows = np.flatnonzero(ink.mean(1) > 0.04)
    cols = np.flatnonzero(ink.mean(0) > 0.08)
    if rows.size < 3 or cols.size < 3:
        return box
    out = np.array([x0 + cols[0], y0 + rows[0], x0 + cols[-1] + 1, y0 + rows[-1] + 1], np.float64)
    # keep at least half the box's height (a stray dark line must not collapse it)
    if out[3] - out[1] < 0.5 * (box[3] - box[1]):
        return box
    return out


# Thai marks written above the line: upper vowels (ั ิ ี ึ ื), maitaikhu (็), the tone marks, thanthakhat (์)
_UPPER_MARKS = frozenset(G.UPPER_VOWELS + G.TONE_MARKS + G.THANTHAKHAT)
_TONES = frozenset(G.TONE_MARKS)
# vowel signs a tone mark may sit on: above (ั ิ ี ึ ื) and below (ุ ู) the consonant, and ำ
_VOWEL_SIGNS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e33")


def _adds_only_upper_marks(base: str, ext: str) -> bool:
    """Whether ``ext`` is ``base`` with one or more marks written above the line inserted, each where
    Thai spelling allows it: an upper vowel, maitaikhu or thanthakhat after a consonant, a tone mark
    after a consonant or a vowel sign above or below it (ปั้น, ปู่), thanthakhat after ิ or ุ too
    (ศักดิ์)."""
    if len(ext) <= len(base):
        return False
    i, prev = 0, ""
    for c in ext:
        if i < len(base) and c == base[i]:
            i += 1
        elif c not in _UPPER_MARKS or not (_is_consonant(prev) or (c in _TONES and prev in _VOWEL_SIGNS)
                                           or (c == G.THANTHAKHAT and prev in "\u0e34\u0e38")):
            return False
        prev = c
    return i == len(base)


def _is_consonant(c: str) -> bool:
    return len(c) == 1 and "\u0e01" <= c <= "\u0e2e"


def _same_row(a: np.ndarray, b: np.ndarray) -> bool:
    """Two ``(x0, y0, x1, y1)`` boxes share at least half of the lower one's height."""
    return min(a[3], b[3]) - max(a[1], b[1]) >= 0.5 * min(a[3] - a[1], b[3] - b[1])


def _photo_crop(image: np.ndarray, to_image: Callable[[np.ndarray], np.ndarray], box: np.ndarray,
                pad: float = _CROP_PAD) -> np.ndarray:
    """A card box's crop warped straight from the photo (``to_image``: canonical card → photo points),
    with the same margin as :func:`_crop` cuts from the card."""
    return crop_quad(image, to_image(_padded_quad(box, pad)))


def _box_quad(box: np.ndarray) -> np.ndarray:
    """Corners tl, tr, br, bl of an axis-aligned ``(x0, y0, x1, y1)`` box."""
    x0, y0, x1, y1 = box
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float64)


def _padded_quad(box: np.ndarray, pad: float = 0.12) -> np.ndarray:
    """Corners of ``box`` grown by ``pad`` × its height on every side (canonical card pixels)."""
    p = pad * (box[3] - box[1])
    return _box_quad(np.asarray(box, np.float64) + [-p, -p, p, p])


def _qbox(q: np.ndarray) -> np.ndarray:
    return np.array([q[:, 0].min(), q[:, 1].min(), q[:, 0].max(), q[:, 1].max()])


def _union_quad(boxes: list[np.ndarray]) -> np.ndarray:
    b = np.array(boxes)
    return _box_quad(np.r_[b[:, :2].min(0), b[:, 2:].max(0)])
