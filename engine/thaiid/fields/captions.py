"""Captions and assignment: lines split from their captions, then given to the fields.

A box that covers a caption on the left of its value (``Name Mr. John``, ``เกิดวันที่ 5 ก.พ. 2493``)
is split at the widest ink gap near the caption/value border of the registered layout, so the value
has its own crop and quad. Each value line then gets a score per field = the fraction of the line
inside the field's (registered) region + a bonus when its reading parses with the field's grammar;
greedy one-to-one matching, except the address, which takes every line of its region, in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from airocr.engine.thaiid import grammar as G
from airocr.engine.thaiid import layout as L
from airocr.engine.thaiid.fields.boxes import IDENTITY, H, W, ink_gap_split, inside_frac, region_box
from airocr.engine.thaiid.fields.config import DEFAULT_CONFIG, FieldReaderConfig
from airocr.engine.thaiid.fields.field_grammar import (
    CAPTIONS,
    date_like,
    date_scripts,
    has_shape,
    name_from_prefix,
    printed_id,
    value_after_caption,
    value_parses,
)
from airocr.engine.thaiid.fields.lines import Line
from airocr.engine.thaiid.fields.registration import anchor_field, caption_of


@dataclass(frozen=True)
class Assignment:
    """The lines of each field found (the address's in reading order), and the lines that are captions."""

    fields: dict[str, list[Line]]
    captions: tuple[Line, ...] = ()


def _captioned_fields(side: str, fit: np.ndarray, cfg: FieldReaderConfig) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(field, caption box, value region) of each field printed with its caption left of its value."""
    pairs = [(s.name, region_box(s.labels[0], fit), region_box(s.region, fit))
             for s in L.fields_for(side, "normal") if s.labels]
    return [(name, lab, reg) for name, lab, reg in pairs
            if lab[2] <= reg[0] + cfg.caption_below * W]  # not a caption below its value


# a dotted two-letter abbreviation (``ด.ช.``, ``น.ส.``, misread ``ด.ส.``): how a name prefix, never a caption, starts
_DOTTED_ABBREVIATION = re.compile(r"[\u0e01-\u0e2e]\.\s?[\u0e01-\u0e2e]\.(\s|$)")


def _no_caption_read(line: Line) -> bool:
    """Whether ``line``'s reading says it holds no caption where the layout puts one: it starts with
    a Thai name prefix (a real card prints the name close behind its caption, and the wide gap it
    often leaves between first name and surname is no caption/value border), or with a prefix's
    dotted shape whose letter was misread (``ด.ส.``: no caption starts so), or it is a date from its
    first character on (whose day a split at the gap after it would cut off)."""
    t = G.squash_spaces(line.first.text)
    return (starts_with_th_prefix(t) or bool(_DOTTED_ABBREVIATION.match(t))
            or (t[:1].isdigit() and any(date_scripts(t))))


def _split_line(line: Line, card_gray: np.ndarray, pairs: list[tuple[str, np.ndarray, np.ndarray]],
                cfg: FieldReaderConfig) -> Line:
    """``line`` split from the caption it starts at, or ``line`` itself."""
    b = line.box
    ymid = (b[1] + b[3]) / 2
    for name, lab, reg in pairs:
        if not (lab[1] - cfg.caption_row * H <= ymid <= lab[3] + cfg.caption_row * H):  # on the caption's row
            continue
        if (b[0] < lab[0] - cfg.caption_start_before * W or b[0] > lab[2] - cfg.caption_start_inside * W
                or b[2] < reg[0] + cfg.caption_value_reach * W):
            continue
        if name == "address_th" and line.first.text[:1].isdigit():
            # the row starts at its house number, not at the caption (a card placed a little off can
            # put the first address row where the caption is expected); on other rows a leading
            # digit is a misread caption
            return line
        if _no_caption_read(line):
            return line
        x = ink_gap_split(card_gray, b, lab[2] - cfg.caption_gap_window * W, reg[0] + cfg.caption_gap_window * W, cfg)
        if x is None:
            continue
        return replace(line, caption_box=np.array([b[0], b[1], x, b[3]]), box=np.array([x, b[1], b[2], b[3]]))
    return line


def split_captions(lines: list[Line], card_gray: np.ndarray, side: str, fit: np.ndarray = IDENTITY,
                   cfg: FieldReaderConfig = DEFAULT_CONFIG) -> list[Line]:
    """The lines, each that runs from a caption into its value (``Name Mr. John``) split at the
    widest ink gap near the caption/value border of the registered layout. The line must start at
    the caption (not far to its left: an address row that reaches into the religion caption's band
    on a shifted card is no caption) and reach well into the value region."""
    pairs = _captioned_fields(side, fit, cfg)
    return [_split_line(line, card_gray, pairs, cfg) for line in lines]


def is_caption_only(text: str, cfg: FieldReaderConfig = DEFAULT_CONFIG) -> bool:
    """The line is just an English caption (``Date of Birth``) with no value after it, or the address's
    caption with at most ``cfg.caption_stray_chars`` more characters."""
    s = G.squash_spaces(text)
    for caps in CAPTIONS.values():
        for c in caps:
            # longer: there is more than the caption
            if c.isascii() and len(s) <= cfg.caption_only_len * len(c) + cfg.caption_only_slack:
                rest, ok = G.strip_label(s, (c,), cfg.caption_only_tolerance)
                if ok and not rest:
                    return True
    # the address caption with a stray mark or the first digit of the number it touches (``ที่อยู่ 1``)
    rest, ok = G.strip_label(s, CAPTIONS["address_th"], cfg.caption_only_tolerance)
    return ok and len(rest.replace(" ", "")) <= cfg.caption_stray_chars and len(s) > len(rest)


def is_ruler_number(text: str) -> bool:
    """A reading that is a number of the portrait's height ruler alone: two or three digits ending in
    0 (``150``, ``. 180``, ``(160``), with nothing else but stray marks."""
    core = "".join(c for c in G.nfc(text) if c.isalnum())
    return bool(re.fullmatch(r"\d{1,2}0", core))


def starts_with_th_prefix(text: str) -> bool:
    """Whether a reading starts with a Thai name prefix (``นาย``, ``น.ส.``, …) and is not a caption."""
    p = G.parse_name_th(text)
    return p.value is not None and p.value.split()[0] in G.TH_PREFIXES and not any(
        G.strip_label(text, caps)[1] for caps in CAPTIONS.values() if not caps[0].isascii())


def grammar_bonus(name: str, text: str, cfg: FieldReaderConfig = DEFAULT_CONFIG) -> float:
    """The score bonus of a line for field ``name`` when its reading parses with the field's grammar."""
    if name == "id_number":
        ok = G.parse_id_number(text).valid or printed_id(text)
    elif name in ("serial_number", "card_number"):
        ok = G.parse_serial(text).valid
    elif name == "laser_number":
        ok = G.parse_laser(text).valid
    elif name.endswith("_en") and name.startswith("date_"):
        ok = G.parse_en_date(text).valid
    elif name.endswith("_th") and name.startswith("date_"):
        ok = G.parse_th_date(text).valid
    elif name == "first_name_en":
        return cfg.name_bonus if G.parse_first_name_en(text).valid else 0.0
    else:
        return 0.0
    return cfg.grammar_bonus if ok else 0.0


# Captions tried longest first, so that ``Last name`` is tried before ``Name``.
_LED_ORDER = sorted((n for n in CAPTIONS if n != "id_number"), key=lambda n: -max(len(c) for c in CAPTIONS[n]))


def _led_value_fits(name: str, rest: str) -> bool:
    """Whether ``rest``, read after field ``name``'s caption, has the shape of that field's value."""
    if name == "first_name_en":  # mock cards print the first name without its title
        return bool(G.parse_first_name_en(rest).valid or G.parse_last_name_en(rest).valid)
    if name.startswith("date_") and name.endswith("_th"):
        return bool(G.parse_th_date(rest).valid)
    if name == "name_th":  # the name's first piece: its prefix (the surname may be boxed apart)
        return starts_with_th_prefix(rest)
    if name == "address_th":  # an address starts with its house number, and goes on in words
        return any(c.isdigit() for c in rest) and sum("\u0e01" <= c <= "\u0e2e" for c in rest) >= 2
    return value_parses(name, rest)


def caption_led_field(text: str) -> str | None:
    """The field whose caption starts ``text``, followed by a value of that field's shape (``Name
    Sookjai``, ``Date of Birth 02 Oct 1991``): the caption says whose value it is, wherever the row
    is printed. None when no caption leads the line."""
    flat = G.squash_spaces(text)
    for name in _LED_ORDER:
        rest, ok = G.strip_label(text, CAPTIONS[name])
        if not ok or not rest.strip():
            continue
        cut = len(flat) - len(rest)
        if CAPTIONS[name][0].isascii() and flat[cut - 1: cut + 1].isalnum():
            # an English caption ends at a word's end: a misread caption's last letter is skipped
            # (``Last nattg Sample``), a word that starts like it is no caption (``Namwan Somsak``)
            space = flat.find(" ", cut)
            if space < 0 or space - cut > 1:
                continue
            rest = flat[space + 1:]
        if _led_value_fits(name, rest):
            return name
    return None


def caption_offsets(lines: list[Line], side: str, fit: np.ndarray,
                    cfg: FieldReaderConfig = DEFAULT_CONFIG) -> dict[str, float]:
    """Each field's vertical offset (card px) from the registered layout, told by its own caption
    found alone on the card: rows of real and mock cards move apart from one another, which one
    registration of the whole layout cannot follow. Offsets under ``cfg.caption_anchor_min`` (the
    registration already placed the row) or over ``cfg.caption_anchor_max`` are left out."""
    specs = {s.name: s for s in L.fields_for(side, "normal") if s.labels}
    out: dict[str, float] = {}
    for ln in lines:
        name = caption_of(ln, cfg)
        if name not in specs:
            continue
        lab = region_box(specs[name].labels[0], fit)
        dy = float((ln.box[1] + ln.box[3]) / 2 - (lab[1] + lab[3]) / 2)
        if cfg.caption_anchor_min * H <= abs(dy) <= cfg.caption_anchor_max * H and abs(dy) < abs(out.get(name, np.inf)):
            out[name] = dy
    return out


# Where every front layout prints the photo (the frames of the first layout and of real cards overlap
# here; the serial, under the photo, lies below): canonical card pixels.
_PHOTO = np.array([max(L.FRONT_PORTRAIT[0], L.FRONT_PORTRAIT_REAL[0]) * W,
                   max(L.FRONT_PORTRAIT[1], L.FRONT_PORTRAIT_REAL[1]) * H,
                   min(L.FRONT_PORTRAIT[2], L.FRONT_PORTRAIT_REAL[2]) * W,
                   min(L.FRONT_PORTRAIT[3], L.FRONT_PORTRAIT_REAL[3]) * H])


def _in_photo(ln: Line, side: str, cfg: FieldReaderConfig) -> bool:
    """Whether a front's line lies in the photo (``cfg.in_photo_frac`` of it inside :data:`_PHOTO`) and
    is no serial (a mock card's serial, thaiid_sookjai_mock's, rises into the frames' overlap)."""
    return (L.side_of(side) == "front" and inside_frac(ln.box, _PHOTO) > cfg.in_photo_frac
            and not has_shape("serial_number", ln.first.text))


def _title_of_thai_name(lines: list[Line]) -> str | None:
    """The English title the first line read as a prefixed Thai name calls for (``ด.ญ.`` → ``Miss``)."""
    for ln in lines:
        t = ln.first.text
        name = t if starts_with_th_prefix(t) else name_from_prefix(t)
        if name is not None:
            return G.en_title_for_th_name(name)
    return None


def _moved(box: np.ndarray, dy: float) -> np.ndarray:
    return box + np.array([0.0, dy, 0.0, dy])


def _scores(lines: list[Line], side: str, fit: np.ndarray,
            cfg: FieldReaderConfig) -> tuple[list[tuple[float, int, str]], tuple[Line, ...]]:
    """(score, line index, field) of every line that may hold a field; and the caption lines."""
    specs = L.fields_for(side, "normal")
    dy = caption_offsets(lines, side, fit, cfg)
    regions = {s.name: _moved(region_box(s.region, fit), dy.get(s.name, 0.0)) for s in specs}
    if "serial_number" in regions:  # real cards print the serial lower than our layout: reach down for it
        r = regions["serial_number"]
        regions["serial_number"] = np.r_[r[:3], max(r[3], region_box((0, 0, 1, cfg.serial_reach_down), fit)[3])]
    captions = [(s.name, _moved(region_box(r, fit), dy.get(s.name, 0.0))) for s in specs for r in s.labels]
    scores: list[tuple[float, int, str]] = []
    caption_lines: list[Line] = []
    title = _title_of_thai_name(lines)
    for i, ln in enumerate(lines):
        cap_name, cap = max(((n, inside_frac(ln.box, c)) for n, c in captions), key=lambda nc: nc[1],
                            default=(None, 0.0))
        val = max((inside_frac(ln.box, r) for r in regions.values()), default=0.0)
        t = ln.first.text
        on_name_row = max(inside_frac(ln.box, regions["name_th"]),
                          *(c for n, c in ((n, inside_frac(ln.box, c)) for n, c in captions) if n == "name_th"),
                          0.0) if "name_th" in regions else 0.0
        if on_name_row > cfg.min_region_frac and (starts_with_th_prefix(t) or name_from_prefix(t)):
            # the Thai name by what it is: it starts with its prefix, even where it follows its caption
            # closely enough to sit in the caption's band (real cards print it close to the caption)
            scores.append((1.0 + cfg.grammar_bonus, i, "name_th"))
            continue
        if "first_name_en" in regions and max(inside_frac(ln.box, regions[n]) for n in ("first_name_en", "last_name_en")
                                              if n in regions) > cfg.min_region_frac \
                and G.parse_first_name_en(t, title_hint=title).valid:
            # the English first name by what it is: a title and a name, on either English name row (a
            # registration a row off puts the surname's row where the first name's should be); a title
            # misread two edits off (``Niiss``) is told by the one the Thai name's prefix calls for
            scores.append((1.0 + cfg.name_bonus, i, "first_name_en"))
            continue
        code = anchor_field(ln, side, cfg) if L.side_of(side) == "back" else None
        if code is not None and code in regions:
            # a back's code by what it is: a laser code or a card number parses only as itself, so it
            # is that field wherever a card placed a little off puts it
            scores.append((1.0 + grammar_bonus(code, t, cfg), i, code))
            continue
        led = caption_led_field(t) if side == "front" else None
        if led is not None and led in regions:
            rest = G.strip_label(t, CAPTIONS[led])[0]
            scores.append((cfg.caption_led_score + grammar_bonus(led, rest, cfg), i, led))
            continue
        if is_ruler_number(t):  # the portrait's height ruler (150, 160 …) is no field's value
            continue
        if _in_photo(ln, side, cfg):  # (the ruler's numbers misread, ``L0 -๓`` for ``140 -``; the face)
            continue
        a_date = any(date_scripts(t))
        if (cap > val and not a_date) or (ln.first.confidence > cfg.caption_only_conf and is_caption_only(t, cfg)):
            # (a line that reads as a date is a value wherever it lies: captions are words)
            if cap_name is not None and value_after_caption(cap_name, t):
                # caption and value detected as one box, no ink gap to split them at: a value line
                scores.append((max(cap, val) + grammar_bonus(cap_name, t, cfg), i, cap_name))
            else:
                caption_lines.append(ln)
            continue
        n_before = len(scores)
        for name, reg in regions.items():
            if (a_date or date_like(t)) and name == "address_th":  # a line shaped as a date is no address row
                continue
            f = inside_frac(ln.box, reg)
            if f > cfg.min_region_frac and (name == "id_number" or has_shape(name, t)):
                scores.append((f + grammar_bonus(name, t, cfg), i, name))
        if not any(n.startswith("date_") for _, _, n in scores[n_before:]):  # (dates of its own script only)
            scores += _near_date_scores(ln, i, regions, cfg)
    return scores, tuple(caption_lines)


def _near_date_scores(ln: Line, i: int, regions: dict[str, np.ndarray], cfg: FieldReaderConfig
                      ) -> list[tuple[float, int, str]]:
    """A line that reads as a date but lies in no date field's region (a row printed off the layout,
    a card placed a little off) may still be a date of its script's: scored for each such field
    whose region's centre lies within ``cfg.date_reach`` of the line's, less with the distance, so
    that a date inside its region wins the field."""
    t = ln.first.text
    th, en = date_scripts(t)
    script = "en" if en else "th" if th else None
    if script is None:
        return []
    cx, cy = (ln.box[0] + ln.box[2]) / 2 / W, (ln.box[1] + ln.box[3]) / 2 / H
    out = []
    for name, reg in regions.items():
        if not (name.startswith("date_") and name.endswith(f"_{script}")):
            continue
        d = float(np.hypot(cx - (reg[0] + reg[2]) / 2 / W, cy - (reg[1] + reg[3]) / 2 / H))
        if d <= cfg.date_reach:
            out.append((cfg.date_near_score - cfg.date_reach_cost * d + grammar_bonus(name, t, cfg), i, name))
    return out


def assign(lines: list[Line], side: str, fit: np.ndarray = IDENTITY,
           cfg: FieldReaderConfig = DEFAULT_CONFIG) -> Assignment:
    """Each field's lines: the best-scoring line per field, one field per line; the multiline
    address takes up to ``cfg.max_address_pieces`` lines, sorted into reading order."""
    scores, captions = _scores(lines, side, fit, cfg)
    scores.sort(key=lambda x: -x[0])
    taken: set[int] = set()
    out: dict[str, list[Line]] = {}
    multiline = {s.name for s in L.fields_for(side, "normal") if s.multiline}
    for s, i, name in scores:
        if s < cfg.min_score or i in taken:
            continue
        if name in out and name not in multiline:
            continue
        if name in multiline and name in out and len(out[name]) >= cfg.max_address_pieces:
            continue
        out.setdefault(name, []).append(lines[i])
        taken.add(i)
    if "address_th" in out:
        out["address_th"] += _next_address_rows(out["address_th"], lines, taken, cfg)
    for name in multiline & out.keys():
        out[name] = _line_shaped(out[name], cfg)
        out[name].sort(key=lambda ln: ((ln.box[1] + ln.box[3]) / 2, ln.box[0]))
    return Assignment(out, captions)


def _next_address_rows(rows: list[Line], lines: list[Line], taken: set[int], cfg: FieldReaderConfig) -> list[Line]:
    """Lines no field took that continue the address below its rows, up to ``cfg.max_address_rows``
    rows: each starts under the middle of the last row and at most ``cfg.next_row_gap`` row heights
    below it, no further right than a row height past the rows' start (a card starts its second row
    under the caption, left of the first), overlaps the rows' span across the card by half the
    shorter of the two, lies outside the photo, and reads as Thai that is neither a date nor a
    caption (a real card's rows move further apart than the layout's region allows; the issue date
    below is taken, or shaped as a date, and its caption is a caption)."""
    out: list[Line] = []
    while len(rows) + len(out) < cfg.max_address_rows:
        last = max([*rows, *out], key=lambda ln: ln.box[3])
        h = last.box[3] - last.box[1]
        x0 = min(ln.box[0] for ln in rows)
        x1 = max(ln.box[2] for ln in rows)
        best = None
        for i, ln in enumerate(lines):
            b, t = ln.box, ln.first.text
            below = last.box[1] + h / 2 < b[1] <= last.box[3] + cfg.next_row_gap * h
            if i in taken or any(ln is o for o in out) or not below or b[0] > x0 + h:
                continue
            across = max(0.0, min(b[2], x1) - max(b[0], x0)) / max(min(b[2] - b[0], x1 - x0), 1e-6)
            if (across < 0.5 or not re.search(r"[\u0e01-\u0e2e]", t) or date_like(t) or any(date_scripts(t))
                    or _in_photo(ln, "front", cfg) or _starts_with_caption(t, cfg)):
                continue
            if best is None or b[1] < best.box[1]:
                best = ln
        if best is None:
            break
        out.append(best)
    return out


def _starts_with_caption(text: str, cfg: FieldReaderConfig) -> bool:
    """Whether a reading starts with a field's Thai caption (``วันออกบัตร`` under the issue date)."""
    return any(G.starts_with_label(text, caps, cfg.caption_tolerance) for caps in CAPTIONS.values()
               if not caps[0].isascii())


def _line_shaped(pieces: list[Line], cfg: FieldReaderConfig) -> list[Line]:
    """A multiline field's boxes without those far taller than the others (``cfg.piece_max_height``
    times the median of the rest): a signature's loop or a stamp reaching into the address's band is
    no printed row."""
    if len(pieces) < 2:
        return pieces
    heights = np.array([ln.box[3] - ln.box[1] for ln in pieces], np.float64)
    keep = [ln for i, ln in enumerate(pieces)
            if heights[i] <= cfg.piece_max_height * float(np.median(np.delete(heights, i)))]
    return keep or pieces
