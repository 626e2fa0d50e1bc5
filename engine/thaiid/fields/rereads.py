"""Second readings: a one-line field's pieces joined and read again, the Thai name read again from a
taller crop for the marks its box cut off, and an address row's two readings settled by a third."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from airocr.engine.reading_vote import vote
from airocr.engine.recognize import CTCRecognizer, LineText
from airocr.engine.thaiid import grammar as G
from airocr.engine.thaiid import layout as L
from airocr.engine.thaiid.fields.boxes import IDENTITY, crop_box, inside_frac, photo_crop, region_box, same_row
from airocr.engine.thaiid.fields.captions import Assignment
from airocr.engine.thaiid.fields.config import DEFAULT_CONFIG, FieldReaderConfig
from airocr.engine.thaiid.fields.lines import Line, ThaiReading
from airocr.engine.thaiid.fields.readings import ToImage

# Thai marks written above the line: upper vowels (ั ิ ี ึ ื), maitaikhu (็), the tone marks, thanthakhat (์)
_UPPER_MARKS = frozenset(G.UPPER_VOWELS + G.TONE_MARKS + G.THANTHAKHAT)
_TONES = frozenset(G.TONE_MARKS)
# vowel signs a tone mark may sit on: above (ั ิ ี ึ ื) and below (ุ ู) the consonant, and ำ
_VOWEL_SIGNS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e33")


def _row_pieces(ln: Line, reg: np.ndarray, free: list[Line], cfg: FieldReaderConfig,
                join_gap: float) -> tuple[np.ndarray, list[Line]]:
    """The box of ``ln`` grown over the free pieces of its row that join it (at most ``join_gap``
    line heights apart), and those pieces."""
    box, pieces = ln.box.copy(), []
    for p in sorted(free, key=lambda x: abs((x.box[0] + x.box[2]) - (ln.box[0] + ln.box[2]))):
        o = p.box
        gap = max(o[0] - box[2], box[0] - o[2])
        if (not same_row(o, box, cfg) or gap > join_gap * max(o[3] - o[1], box[3] - box[1])
                or (ln.caption_box is not None and o[0] < box[0]) or inside_frac(o, reg) < cfg.join_inside):
            continue
        box = np.r_[np.minimum(box[:2], o[:2]), np.maximum(box[2:], o[2:])]
        pieces.append(p)
    return box, pieces


def join_row_pieces(reader: CTCRecognizer, card: np.ndarray, lines: list[Line], assignment: Assignment, side: str,
                    fit: np.ndarray = IDENTITY,
                    cfg: FieldReaderConfig = DEFAULT_CONFIG) -> tuple[list[Line], Assignment]:
    """Join to a one-line field's line the unassigned pieces of its row, and read it again with ``reader``.

    The detector may box a value in two pieces across a wide space (the Thai name's prefix apart
    from the name, a blurred ID's digit groups) and the assignment gives a one-line field one box:
    the rest would be lost. A piece is joined when it is no caption, lies mostly inside the field's
    region, shares its row with the line, and is at most ``cfg.join_gap`` line heights from it
    (``cfg.name_join_gap`` for the Thai name: real cards often leave a wide gap before the surname); a
    piece left of a value split from its caption would be the caption's, so only pieces on its
    right join such a line. Returns the new lines and assignment.
    """
    specs = {s.name: s for s in L.fields_for(side, "normal") if not s.multiline}
    assigned = assignment.fields
    taken = {id(x) for lns in assigned.values() for x in lns} | {id(x) for x in assignment.captions}
    free = [ln for ln in lines if id(ln) not in taken]
    joined: list[tuple[str, Line, list[Line]]] = []
    for name, lns in assigned.items():
        if name not in specs or not free:
            continue
        ln = lns[0]
        reg, gap = region_box(specs[name].region, fit), cfg.join_gap
        if name == "name_th":  # found by its prefix, the name's row is its own line's: its region only bounds x
            reg, gap = np.r_[reg[0], min(reg[1], ln.box[1]), reg[2], max(reg[3], ln.box[3])], cfg.name_join_gap
        box, pieces = _row_pieces(ln, reg, free, cfg, gap)
        if pieces:
            free = [x for x in free if all(x is not p for p in pieces)]
            joined.append((name, Line(box=box, first=ln.first, caption_box=ln.caption_box), [ln, *pieces]))
    if not joined:
        return lines, assignment
    lines, fields = list(lines), dict(assigned)
    texts = reader.recognize([crop_box(card, j.whole_box, cfg.crop_pad) for _, j, _ in joined])
    for (name, j, parts), text in zip(joined, texts, strict=True):
        j = Line(box=j.box, first=text, caption_box=j.caption_box)
        fields[name] = [j, *fields[name][1:]]
        at = min(i for i, x in enumerate(lines) if any(x is p for p in parts))
        lines = [x for x in lines if all(x is not p for p in parts)]
        lines.insert(at, j)
    return lines, Assignment(fields, assignment.captions)


def _is_consonant(c: str) -> bool:
    return len(c) == 1 and "\u0e01" <= c <= "\u0e2e"


def adds_only_upper_marks(base: str, ext: str) -> bool:
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


_LOWER_MARKS = frozenset("\u0e38\u0e39\u0e3a")  # ุ ู ฺ: vowels written below the consonant


def adds_only_lower_marks(base: str, ext: str) -> bool:
    """Whether ``ext`` is ``base`` with one or more vowels written below the line (ุ ู) inserted, each
    right after a consonant (อายุม → อายุมุ)."""
    if len(ext) <= len(base):
        return False
    i, prev = 0, ""
    for c in ext:
        if i < len(base) and c == base[i]:
            i += 1
        elif c not in _LOWER_MARKS or not _is_consonant(prev):
            return False
        prev = c
    return i == len(base)


def _reread_grown(thai: CTCRecognizer, card: np.ndarray, lines: list[Line], readings: list[ThaiReading],
                  image: np.ndarray | None, to_image: ToImage | None, cfg: FieldReaderConfig, up: float,
                  down: float, accepts: Callable[[str, str], bool]) -> list[ThaiReading]:
    """``readings`` of ``lines``, each replaced by a reading of its box grown by ``up`` / ``down`` of its
    height, cut from where the first reading was (card or photo), where ``accepts(first, new)``."""
    crops = []
    for ln, r in zip(lines, readings, strict=True):
        box = ln.box.copy()
        h = box[3] - box[1]
        box[1], box[3] = max(0.0, box[1] - up * h), min(float(card.shape[0]), box[3] + down * h)
        from_photo = r.from_photo and image is not None and to_image is not None
        crops.append(photo_crop(image, to_image, box, cfg.crop_pad) if from_photo  # type: ignore[arg-type]
                     else crop_box(card, box, cfg.crop_pad))
    out = []
    for r, t, crop in zip(readings, thai.recognize(crops), crops, strict=True):
        if accepts(r.text.text, t.text):
            r = ThaiReading(LineText(t.text, min(t.confidence, r.text.confidence)), crop, r.from_photo, r.other)
        out.append(r)
    return out


def reread_for_bottom_marks(thai: CTCRecognizer, card: np.ndarray, lines: list[Line], readings: list[ThaiReading],
                            image: np.ndarray | None, to_image: ToImage | None,
                            cfg: FieldReaderConfig) -> list[ThaiReading]:
    """:func:`reread_for_top_marks` downwards: the box's bottom often runs through a vowel written
    below a consonant (``นาย อายุมุ`` read ``อายุม`` on a real card); a crop grown down by
    ``cfg.mark_bottom`` of the line's height is trusted only for the lower vowels it adds."""
    return _reread_grown(thai, card, lines, readings, image, to_image, cfg, 0.0, cfg.mark_bottom,
                         adds_only_lower_marks)


def reread_for_top_marks(thai: CTCRecognizer, card: np.ndarray, lines: list[Line], readings: list[ThaiReading],
                         image: np.ndarray | None, to_image: ToImage | None,
                         cfg: FieldReaderConfig) -> list[ThaiReading]:
    """The Thai ``readings`` of ``lines``, each replaced by a reading from a crop grown upwards by
    ``cfg.mark_top`` of the line's height where that only adds marks written above the line.

    Line crops stop at the detector's box, and the box's top often runs through the second of two
    stacked marks, a tone mark over an upper vowel or ำ: น้ำ, ปั้น, กลิ่น, เผื่อน read นำ, ปัน, กลิน,
    เผือน. A taller crop takes in the other rows' marks too, so its reading is trusted only for what
    the first one lacked: every character of the first reading, in order, plus marks above the line
    (:func:`adds_only_upper_marks`). It is cut from where the first reading was (card or photo).
    For name lines: on the address, whose rows sit close, the grown crop reads the row above's marks.
    """
    return _reread_grown(thai, card, lines, readings, image, to_image, cfg, cfg.mark_top, 0.0,
                         adds_only_upper_marks)


def vote_address(thai: CTCRecognizer, card: np.ndarray, lines: list[Line], readings: list[ThaiReading],
                 image: np.ndarray | None, to_image: ToImage | None, cfg: FieldReaderConfig) -> list[ThaiReading]:
    """The Thai ``readings`` of address rows ``lines``: where a row's card and photo readings differ,
    the chosen reading's own source is read again with a ``cfg.vote_pad`` margin, and the other
    reading's letters are taken where that third reading sides with them (engine/reading_vote.py)."""
    todo = [k for k, r in enumerate(readings) if r.other is not None and r.text.text != r.other.text]
    if not todo or image is None or to_image is None:
        return readings
    crops = [photo_crop(image, to_image, lines[k].box, cfg.vote_pad) if readings[k].from_photo
             else crop_box(card, lines[k].box, cfg.vote_pad) for k in todo]
    out = list(readings)
    for k, t in zip(todo, thai.recognize(crops), strict=True):
        r = readings[k]
        text = vote(r.text.text, r.other.text, t.text)  # type: ignore[union-attr]
        if text != r.text.text:
            out[k] = ThaiReading(LineText(text, r.text.confidence), r.crop, r.from_photo, r.other)
    return out
