"""Fronts printed as real cards are, in two printing variants beside the first drawing (``legacy``).

The first generator printed every value at the left edge of the reader's own layout prior
(:mod:`engine.thaiid.layout`), so the reader learned our drawing. These variants place each element
from measured real cards (``../shared/spec/thai-id-card-facts.md``, "Front": positions in canonical
1012 × 638 px) and move it over realistic ranges:

- ``real`` (tuned): the facts table's positions, each row and column jittered by about 0.5-1 mm
  and the whole print shifted by a printer's offset; the Thai name on its caption's row, close
  behind it, with a wide gap between first name and surname on many cards; the serial under the
  photo, over the height ruler's lowest numbers; lifelong cards print ``ตลอดชีพ`` / ``LIFELONG``.
- ``real_loose`` (tuned): the same with each row moving up to 1 mm, the middle rows' spacing ±6 %,
  the lower block ±1.5 mm on its own and values up to 2.5 mm from their usual place behind captions;
  a quarter of the cards print days with a leading zero, a quarter English months without the dot
  (each on its own: both styles are on real-dev's mock cards, ``02 Oct 1991`` and ``14 Jan 1980``).
- ``mock`` (held out: never looked at while tuning the reader): the layout of public mock and
  edited specimen cards. The rows between the name and the address are closer together or farther
  apart than on a real card and the lower block moves on its own; values start at another
  distance behind their captions; on about half the cards the English name has no title and the
  English dates print ``02 Oct 1991`` (leading zero, no dot), the Thai dates a leading zero too.

Truth is what is printed (a value printed without a title is returned without one).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import cv2
import numpy as np

from airocr.engine.thaiid import layout as L
from scripts.synthesis.thai import thai_text as tt
from scripts.synthesis.thai.fonts import FontFace

FRONT_STYLES = ("legacy", "real", "real_loose", "mock")
TUNED_FRONT_STYLES = ("real", "real_loose")
HELDOUT_FRONT_STYLES = ("mock",)

# Element positions of a real front (facts table): (caption x, value x, baseline y, text height).
ROWS: dict[str, tuple[float, float, float, float]] = {
    "name_th": (97, 283, 174, 24),
    "first_name_en": (307, 402, 221, 19),
    "last_name_en": (305, 462, 268, 19),
    "date_of_birth_th": (336, 445, 313, 17),
    "date_of_birth_en": (333, 505, 360, 20),
    "religion_th": (333, 425, 397, 16),
}
ADDRESS = (88, 152, 448, 493, 17)  # caption x, line 1 x, line 1 baseline, line 2 baseline, height
ISSUE_X, EXPIRY_X = 88, 557  # the bottom columns' left edges
BOTTOM_BASELINES = (524, 557, 584, 611)  # Thai date, its caption, English date, its caption
PORTRAIT = (748, 312, 975, 578)
SERIAL = (752, 607, 15)  # x, baseline, height
CHIP = (97, 205, 243, 335)
BARCODE = (26, 152, 78, 598)
CAPTIONS_EN = {"first_name_en": "Name", "last_name_en": "Last name", "date_of_birth_en": "Date of Birth"}
CAPTIONS_TH = {"name_th": "ชื่อตัวและชื่อสกุล", "date_of_birth_th": "เกิดวันที่", "religion_th": "ศาสนา"}
MIN_ROW_GAP = 34  # a row's baseline lies at least this far below the row above's
MIN_BAR_GAP = 6  # the issue-date column starts at least this far right of the barcode
MIN_ADDRESS_GAP = 42  # the address's first baseline lies at least this far below the religion's
SIZE_PER_PX = 1.45  # em size per px of a line's ink height (a Thai line's marks reach above and below)


@dataclass(frozen=True)
class Variation:
    """How far one printing moves from the facts table (canonical px unless said otherwise)."""

    row_jitter: float  # each row's own vertical move, at most
    col_jitter: float  # each value's own horizontal move, at most
    print_shift: float  # the whole print's move, at most
    size_jitter: float  # relative change of the text size, at most
    row_pitch: tuple[float, float]  # the middle rows' spacing relative to a real card's
    block_shift: tuple[float, float]  # the address and bottom block's own vertical move (px)
    value_gap: tuple[float, float]  # added to a value's distance behind its caption (px)
    no_title: float  # share of cards printing the English name without its title
    zero_dates: float  # share of cards printing dates with a leading zero (English ones without dots)
    wide_gap: float  # share of cards leaving a wide gap between Thai first name and surname
    zero_day: float = 0.0  # share of cards printing days with a leading zero, English months keeping the dot
    dotless_en: float = 0.0  # share of cards printing English months without the dot, days as they are


VARIATIONS = {
    "real": Variation(6, 8, 10, 0.08, (1.0, 1.0), (0, 0), (0, 0), 0.0, 0.0, 0.5),
    "real_loose": Variation(12, 14, 14, 0.10, (0.94, 1.06), (-18, 18), (-20, 30), 0.0, 0.0, 0.5,
                            zero_day=0.25, dotless_en=0.25),
    "mock": Variation(4, 6, 14, 0.12, (0.82, 1.12), (-40, 25), (-40, 50), 0.5, 0.5, 0.3),
}


def _zero_dates(person: tt.CardPerson, zero: bool = True, dotless: bool = True) -> dict[str, str]:
    """The dates as mock cards print them: ``02 ต.ค. 2534``, ``02 Oct 1991`` (``zero``: the day's
    leading zero; ``dotless``: the English month without its dot, ``14 Jan 1980``)."""
    def th(s: str) -> str:  # ตลอดชีพ stays
        day, _, rest = s.partition(" ")
        return f"{int(day):02d} {rest}" if day.isdigit() and zero else s

    def en(s: str) -> str:  # LIFELONG stays
        day, _, rest = s.partition(" ")
        if not day.isdigit():
            return s
        return (f"{int(day):02d}" if zero else day) + " " + (rest.replace(".", "") if dotless else rest)

    return {"date_of_birth_th": th(person.birth_date_th), "date_of_birth_en": en(person.birth_date_en),
            "date_of_issue_th": th(person.issue_date_th), "date_of_issue_en": en(person.issue_date_en),
            "date_of_expiry_th": th(person.expiry_date_th), "date_of_expiry_en": en(person.expiry_date_en)}


def front_values(person: tt.CardPerson, card_type: str, style: str, rng: random.Random) -> dict[str, str]:
    """The printed values of one front (its truth)."""
    v = VARIATIONS[style]
    out = {"id_number": person.id_number_formatted, "name_th": person.name_th,
           "first_name_en": person.given_name_en if rng.random() < v.no_title else person.name_en,
           "last_name_en": person.family_name_en,
           "date_of_birth_th": person.birth_date_th, "date_of_birth_en": person.birth_date_en,
           "religion_th": person.religion, "address_th": person.address,
           "date_of_issue_th": person.issue_date_th, "date_of_issue_en": person.issue_date_en,
           "date_of_expiry_th": person.expiry_date_th, "date_of_expiry_en": person.expiry_date_en,
           "serial_number": person.serial_number}
    if rng.random() < v.zero_dates:
        out.update(_zero_dates(person))
    elif v.zero_day or v.dotless_en:  # drawn only for such variations: the others' streams stay as they were
        zero, dotless = rng.random() < v.zero_day, rng.random() < v.dotless_en
        if zero or dotless:
            out.update(_zero_dates(person, zero, dotless))
    if card_type == "pink":
        out.pop("religion_th")
    return out


def _ruler(img: np.ndarray, p, face: FontFace, rng: random.Random, ink: tuple[int, int, int]) -> None:
    """The height ruler: cm numbers and ticks at both sides of the photo, 10 cm apart."""
    x0, y0, x1, y1 = PORTRAIT
    top = rng.choice(range(150, 200, 10))
    for k, y in enumerate(np.linspace(y0 + 30, y1 - 20, 4)):
        t = str(top - 10 * k)
        for xl, align in ((x0 + 6, "left"), (x1 - 6, "right")):
            p.text(t, face, 17, xl, y, ink, align=align)
        cv2.line(img, (int(x0 + 40), int(y)), (int(x0 + 60), int(y)), ink, 1, cv2.LINE_AA)
        cv2.line(img, (int(x1 - 60), int(y)), (int(x1 - 40), int(y)), ink, 1, cv2.LINE_AA)


def draw_front(img: np.ndarray, p, person: tt.CardPerson, card_type: str, style: str, faces: tuple[FontFace, FontFace],
               ink: tuple[int, int, int], label_ink: tuple[int, int, int], rng: random.Random,
               nrng: np.random.Generator, art) -> tuple[dict[str, str], dict[str, np.ndarray], np.ndarray]:
    """Print one front of ``style`` onto ``img`` with painter ``p``; returns (values, ink quads, portrait quad).

    ``art`` holds the artwork painters of :mod:`scripts.synthesis.thaiid.card` (emblem, chip, portrait,
    scribble, barcode), so both drawings share them."""
    v = VARIATIONS[style]
    reg, bold = faces
    navy = (int(nrng.uniform(90, 140)), int(nrng.uniform(30, 60)), int(nrng.uniform(10, 40)))
    values = front_values(person, card_type, style, rng)
    gx, gy = rng.uniform(-v.print_shift, v.print_shift), rng.uniform(-v.print_shift, v.print_shift)
    pitch = rng.uniform(*v.row_pitch)
    # the lower block moves on its own, but never onto the religion row
    rel_base = ROWS["name_th"][2] + (ROWS["religion_th"][2] - ROWS["name_th"][2]) * pitch
    block = max(rng.uniform(*v.block_shift), rel_base + MIN_ADDRESS_GAP - ADDRESS[2])
    gap = rng.uniform(*v.value_gap)

    def j(a: float) -> float:
        return rng.uniform(-a, a)

    def size(h: float) -> int:
        return max(8, round(h * SIZE_PER_PX * (1 + j(v.size_jitter))))

    def mid(baseline: float, h: float) -> float:
        return baseline - 0.45 * h + gy

    quads: dict[str, np.ndarray] = {}
    p.text("บัตรประจำตัวคนซึ่งไม่มีสัญชาติไทย" if card_type == "pink" else "บัตรประจำตัวประชาชน", bold, 33,
           172 + gx, mid(58, 23), ink, max_w=380)
    p.text("Thai National ID Card" if card_type == "normal" else "Non-Thai Identification Card", bold, 33,
           565 + gx, mid(60, 24), navy, max_w=420)
    art.emblem(img, L.region_px((8 / L.CARD_W, 23 / L.CARD_H, 122 / L.CARD_W, 137 / L.CARD_H)), label_ink, nrng)
    art.chip(img, L.region_px(tuple(c / s for c, s in zip(CHIP, (L.CARD_W, L.CARD_H) * 2, strict=True))), nrng)
    bar = (BARCODE[0] + gx, BARCODE[1], BARCODE[2] + gx, BARCODE[3])  # printed with the text: it moves with it
    art.barcode(img, L.region_px(tuple(c / s for c, s in zip(bar, (L.CARD_W, L.CARD_H) * 2, strict=True))), nrng)
    p.text("เลขประจำตัวประชาชน", reg, size(13), 166 + gx, mid(86, 13) + j(3), label_ink)
    p.text("Identification Number", reg, size(13), 166 + gx, mid(114, 13) + j(3), navy)
    quads["id_number"] = p.text(values["id_number"], bold, size(25) + 4, 450 + gx + j(v.col_jitter),
                                mid(103, 25) + j(3), ink)
    name_row = ROWS["name_th"][2]
    prev = -np.inf
    for name, (cx, vx, base, h) in ROWS.items():
        if name not in values:
            continue
        base = name_row + (base - name_row) * pitch + j(v.row_jitter)
        base = prev = max(base, prev + MIN_ROW_GAP)  # rows never touch
        vx = vx + gap * (name != "name_th") + j(v.col_jitter)
        cap = CAPTIONS_TH.get(name) or CAPTIONS_EN[name]
        p.text(cap, reg, size(14), cx + gx + j(3), mid(base, 14), navy if name in CAPTIONS_EN else label_ink)
        colour = navy if name.endswith("_en") else ink
        text = values[name]
        if name == "name_th" and rng.random() < v.wide_gap:  # real cards often leave a wide gap before the surname
            first, last = text.rsplit(" ", 1)
            text = first + " " * rng.randint(3, 6) + last
        quads[name] = p.text(text, bold, size(h), vx + gx, mid(base, h), colour, max_w=L.CARD_W * 0.72 - vx)
    ax, a1x, b1, b2, ah = ADDRESS
    b1, b2 = b1 + block + j(v.row_jitter), b2 + block + j(v.row_jitter)
    p.text("ที่อยู่", reg, size(15), ax + gx, mid(b1, ah), label_ink)
    lines = list(person.address_lines)[:2] if len(person.address) > 45 else [person.address]
    aq = [p.text(lines[0], reg, size(ah), a1x + gap * 0.3 + gx, mid(b1, ah), ink, max_w=735 - a1x)]
    if len(lines) > 1:
        aq.append(p.text(lines[1], reg, size(ah), ax + gx, mid(b2, ah), ink, max_w=735 - ax))
    pts = np.concatenate(aq)
    quads["address_th"] = L.region_px((pts[:, 0].min() / L.CARD_W, pts[:, 1].min() / L.CARD_H,
                                       pts[:, 0].max() / L.CARD_W, pts[:, 1].max() / L.CARD_H))
    values["address_th"] = " ".join(lines)
    for x, which, cap_th, cap_en in ((ISSUE_X, "issue", "วันออกบัตร", "Date of Issue"),
                                     (EXPIRY_X, "expiry", "วันบัตรหมดอายุ", "Date of Expiry")):
        x = max(x + gx + j(v.col_jitter), bar[2] + MIN_BAR_GAP)  # never onto the barcode
        bs = [b + block + j(3) for b in BOTTOM_BASELINES]
        quads[f"date_of_{which}_th"] = p.text(values[f"date_of_{which}_th"], bold, size(16), x, mid(bs[0], 16), ink)
        p.text(cap_th, reg, size(13), x, mid(bs[1], 13), label_ink)
        quads[f"date_of_{which}_en"] = p.text(values[f"date_of_{which}_en"], bold, size(16), x, mid(bs[2], 16), navy)
        p.text(cap_en, reg, size(13), x, mid(bs[3], 13), navy)
    sig = L.region_px((290 / L.CARD_W, 505 / L.CARD_H, 500 / L.CARD_W, 570 / L.CARD_H))
    art.scribble(img, sig, nrng, (120, 40, 30))
    p.text("เจ้าพนักงานออกบัตร", reg, size(14), 285 + gx, mid(612 + block, 14), label_ink)
    x0, y0, x1, y1 = PORTRAIT
    portrait = art.portrait(img, L.region_px((x0 / L.CARD_W, y0 / L.CARD_H, x1 / L.CARD_W, y1 / L.CARD_H)), nrng)
    _ruler(img, p, reg, rng, label_ink)
    sx, sb, sh = SERIAL
    quads["serial_number"] = p.text(values["serial_number"], reg, size(sh) + 2, sx + j(v.col_jitter),
                                    mid(sb, sh) + j(3), ink, max_w=L.CARD_W - sx - 8)
    return values, quads, portrait
