"""Issue 39 failure classes on constructed lines (no models), with the positions measured on the real
specimen in ../shared/real-dev (thaiid_hinata_*): the serial under the photo over the height ruler,
the Thai name close to its caption with a wide gap before the surname, an ID grouped as printed that
fails the check, dates printed with a leading zero or no dot."""

from __future__ import annotations

import numpy as np

from airocr.engine.recognize import LineText
from airocr.engine.thaiid import grammar as G
from airocr.engine.thaiid.fields import Line, anchor_field, assign, best_reading
from airocr.engine.thaiid.fields.captions import is_ruler_number, starts_with_th_prefix
from airocr.engine.thaiid.fields.field_grammar import SHAPES
from airocr.engine.thaiid.fields.rereads import join_row_pieces


def _line(box: list[float], text: str, conf: float = 0.99) -> Line:
    return Line(box=np.array(box, float), first=LineText(text, conf))


def test_a_ruler_number_is_never_the_serial() -> None:
    """thaiid_hinata_clean: the ruler's ``100`` sits where our old layout put the serial, the serial
    (printed 4-9, failing the 4-2-8 grammar) lower down; the serial was returned as ``100``."""
    ruler = [_line([758, 552, 790, 577], "100"), _line([955, 531, 989, 557], "110"),
             _line([756, 455, 790, 481], ". 150")]
    serial = _line([780, 591, 958, 623], "6459-021454222")
    got = assign([*ruler, serial], "front").fields
    assert got.get("serial_number") == [serial]
    assert all(ln not in sum(got.values(), []) for ln in ruler)
    assert "serial_number" not in assign(ruler, "front").fields  # no serial rather than a ruler number
    assert all(is_ruler_number(t) for t in ("150", ". 180", "( 160", "10")) and not is_ruler_number("1001")


def test_the_thai_name_next_to_its_caption_keeps_its_first_name_across_a_wide_gap() -> None:
    """thaiid_hinata_scan_grey: ``นาย อายุม`` follows its caption in the caption's band and ``มุราเสะ``
    comes after a wide gap; a mark fragment under the row lies in the name's region. The name is the
    line that starts with its prefix, joined with the surname (was ``นาย จี จ`` / ``นาย มุราเสะ``)."""
    caption = _line([73, 138, 285, 191], "ชื่อตัวและชื่อสกุล")
    first = _line([372, 139, 486, 185], "นาย อายุม")
    surname = _line([600, 136, 746, 186], "มุราเสะ")  # 2.4 line heights after the first name
    fragment = _line([431, 171, 485, 202], "จี จ", 0.8)
    lines = [caption, first, surname, fragment]
    asg = assign(lines, "front")
    assert asg.fields["name_th"] == [first]

    class Reader:
        def recognize(self, crops: list[np.ndarray]) -> list[LineText]:
            return [LineText("นาย อายุม มุราเสะ", 0.95) for _ in crops]

    card = np.full((638, 1012, 3), 255, np.uint8)
    _, joined = join_row_pieces(Reader(), card, lines, asg, "front")  # type: ignore[arg-type]
    box = joined.fields["name_th"][0].box
    assert box[0] <= first.box[0] and box[2] >= surname.box[2]
    assert starts_with_th_prefix("น.ส. ณัฐริกา") and not starts_with_th_prefix("ชื่อตัวและชื่อสกุล")


def test_an_id_read_whole_beats_one_read_short_and_anchors_when_it_fails_the_check() -> None:
    """thaiid_hinata_clean: the value crop read ``9999 99999 99 9`` (12 digits), the photo crop all
    13; both fail the check, so the whole one is returned (was ``999999999999``). Grouped as printed it
    anchors the layout like a valid ID."""
    short, whole = LineText("9999 99999 99 9", 0.99), LineText("9 9999 99999 99 9", 0.95)
    p, _ = best_reading(whole, [short, whole], G.parse_id_number, shape=SHAPES["id_number"])
    assert p.value == "9 9999 99999 99 9" and not p.valid
    assert anchor_field(_line([472, 65, 790, 113], "9 9999 99999 99 9"), "front") == "id_number"


def test_dates_are_returned_as_printed_when_only_the_style_differs() -> None:
    """thaiid_sookjai_mock prints ``02 Oct 1991`` / ``02 ต.ค. 2534``; real cards ``2 Oct. 1991``. The
    value is returned as printed, never re-styled; a misread is never taken for a style."""
    en, th = G.parse_en_date("02 Oct 1991"), G.parse_th_date("02 ต.ค. 2534")
    assert G.printed_form(en.text, en.date, False) == "02 Oct 1991"
    assert G.printed_form(th.text, th.date, True) == "02 ต.ค. 2534"
    assert G.printed_form("02 Oot 1991", en.date, False) is None
    assert G.printed_form("02 Oct 1991", G.CardDate(3, 10, 1991), False) is None
