"""Fields by what they are on real and mock layouts (issue 39), on constructed lines (no models):
a caption moves its own field's region, a caption-led line is its caption's field, a Thai name is
not split at its wide first-name/surname gap, the barcode is trimmed off a line, a row close under
a big line is no fragment of it, dates at odds stay as read, and an address number's lost digit
needs a witness."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from airocr.engine.recognize import LineText
from airocr.engine.thaiid import grammar as G
from airocr.engine.thaiid import layout as L
from airocr.engine.thaiid.fields import (
    IDENTITY,
    FieldValue,
    Line,
    adds_only_lower_marks,
    assign,
    bar_trimmed,
    caption_led_field,
    caption_offsets,
    fragments,
    region_box,
    split_captions,
)

W, H = L.CARD_W, L.CARD_H
SPECS = {s.name: s for s in L.fields_for("front")}


def _line(box: list[float], text: str, conf: float = 0.98) -> Line:
    return Line(box=np.array(box, np.float64), first=LineText(text, conf))


def test_a_caption_led_line_is_its_captions_field() -> None:
    """thaiid_sookjai_mock: ``Name Sookjai`` (a mock card's first name, no title) was detected as one
    box lying half in the caption's band and half in the value's, and was lost."""
    assert caption_led_field("Name Sookjai") == "first_name_en"
    assert caption_led_field("Last name Sabaijai") == "last_name_en"
    assert caption_led_field("Date of Birth 02 Oct 1991") == "date_of_birth_en"
    assert caption_led_field("Date of Issue 2 Jan 2023") == "date_of_issue_en"
    assert caption_led_field("ศาสนา พุทธ") == "religion_th"
    assert caption_led_field("Last nattg Sample") == "last_name_en"  # thaiid_certificate_mock
    assert caption_led_field("ชื่อตัวและชื่อสกุล ด.ช. ทองรัตน์") == "name_th"  # the surname boxed apart
    assert caption_led_field("ที่อยู่ 2300 คาโลรามา") == "address_th"
    for text in ("ที่อยู่ 1", "Name", "Date of Birth", "Name 12345", "ศาสนา กขคงจฉ", "Sookjai", "Namwan", "Namwan Somsak"):
        assert caption_led_field(text) is None
    line = _line([339, 220, 465, 262], "Name Sookjai")
    assert assign([line], "front").fields.get("first_name_en") == [line]


def _bottom_block(dy: float) -> list[Line]:
    """The lower block of a mock card (thaiid_meenoy_mock), moved ``dy`` px from the layout: the two
    date columns' Thai dates over their captions."""
    out = []
    for name, text, cap in (("date_of_issue_th", "2 ม.ค. 2566", "วันออกบัตร"),
                            ("date_of_expiry_th", "1 ม.ค. 2573", "วันบัตรหมดอายุ")):
        val, lab = region_box(SPECS[name].region), region_box(SPECS[name].labels[0])
        out.append(_line([val[0] + 6, val[1] + dy, val[0] + 125, val[3] + dy], text))
        out.append(_line([lab[0] + 6, lab[1] + dy, lab[0] + 120, lab[3] + dy], cap, 1.0))
    return out


def test_a_caption_found_off_its_prior_moves_its_own_field() -> None:
    """thaiid_meenoy_mock: the lower block sits ~0.06 of the height higher than the layout, and the
    expiry's Thai date was read into the address. Each caption found alone moves its field's region
    by its own offset; a caption where the layout puts it moves nothing."""
    lines = _bottom_block(-0.065 * H)
    offsets = caption_offsets(lines, "front", IDENTITY)
    assert set(offsets) == {"date_of_issue_th", "date_of_expiry_th"}
    assert all(abs(v + 0.065 * H) < 2 for v in offsets.values())
    fields = assign(lines, "front").fields
    assert fields["date_of_issue_th"] == [lines[0]] and fields["date_of_expiry_th"] == [lines[2]]
    assert "address_th" not in fields
    assert caption_offsets(_bottom_block(0.0), "front", IDENTITY) == {}


def _name_row(text: str) -> tuple[np.ndarray, Line]:
    """A white card with the Thai name's row printed from its caption's left edge: ink blocks with one
    wide gap where the layout puts the caption/value border; returns (grey card, the row's line)."""
    lab, reg = region_box(SPECS["name_th"].labels[0]), region_box(SPECS["name_th"].region)
    gray = np.full((H, W), 235, np.uint8)
    y0, y1 = int(lab[1]) + 4, int(lab[3]) - 4
    x = int(lab[0]) + 4
    while x < reg[0] + 220:
        if not lab[2] - 14 < x < lab[2] + 14:  # the gap at the border
            gray[y0:y1, x:x + 12] = 30
        x += 16
    return gray, _line([lab[0] + 2, lab[1], reg[0] + 230, lab[3]], text)


def test_a_thai_name_is_not_split_at_its_wide_gap() -> None:
    """Real cards print the Thai name close behind its caption, often with a wide gap between first
    name and surname (``นาย สมชาย  ใจดี → นาย ใจดี``): a row that starts with a name prefix holds no
    caption to split off; a row that starts with the caption still is split."""
    gray, name = _name_row("นาย ธนัย วุฒิพงศ์ภัคภิญญา")
    assert split_captions([name], gray, "front", IDENTITY)[0].caption_box is None
    gray, captioned = _name_row("ชื่อตัวและชื่อสกุล นาย ธนัย")
    assert split_captions([captioned], gray, "front", IDENTITY)[0].caption_box is not None
    # a prefix whose letter was misread keeps its dotted shape (bench front_hard_tuned seed 5003:
    # ``ด.ช. นิธิ บือซา`` read ``ด.ส. นิธิ ปือศา`` lost ``ด.ช. นิธิ`` as a caption)
    gray, misread = _name_row("ด.ส. นิธิ ปือศา")
    assert split_captions([misread], gray, "front", IDENTITY)[0].caption_box is None


def test_a_bar_taken_into_a_line_is_trimmed_off() -> None:
    """Real cards print a vertical barcode close left of the issue-date column; a detector box that
    took its last bar in read ``3 ก.ค. 2568`` as ``13 ก.ค. 2568``. A letter as tall as the line is kept."""
    gray = np.full((640, 1012), 235, np.uint8)
    gray[300:330, 70:300:14] = 30  # the line's letters
    box = np.array([52.0, 296, 300, 334])
    assert bar_trimmed(gray, box)[0] == box[0]
    gray[100:600, 54:59] = 20  # a bar running far above and below the line
    assert 59 <= bar_trimmed(gray, box)[0] <= 62


def test_a_row_close_under_a_big_line_is_no_fragment_of_it() -> None:
    """Real cards print the ``Name`` row close under the large Thai name: the row lies mostly in the
    name's box grown for its marks, but it is centred below it, word-wide and line-tall. A lone mark
    over the name still is a fragment."""
    boxes = np.array([[81.0, 150, 633, 205], [395, 200, 554, 232], [400, 138, 418, 152]])
    assert fragments(boxes).tolist() == [False, False, True]


def test_two_date_lines_at_odds_are_returned_as_read() -> None:
    """thaiid_meenoy_mock prints ``1 ม.ค. 2573`` over ``1 Jan 2032``: the Thai line's two readings
    say 2030, the English line's two say 2032. No side has more readings: both are returned as
    read, distrusted (the Thai line was rebuilt from the English one before)."""
    th, en = G.parse_th_date("1 ม.ค. 2573"), G.parse_en_date("1Jan 2032")
    pair = G.reconcile_dates(th, en, G.date_digits_hint("1 .. 2573"), [(None, 2032)])
    assert pair.date is None and pair.th == "1 ม.ค. 2573" and pair.th_factor < 1 and pair.en_factor < 1
    # three readings against one still settle it
    pair = G.reconcile_dates(th, en, G.date_digits_hint("1 .. 2575"), [(None, 2032)])
    assert pair.date is not None and pair.date.year == 2032
    # a reading that lost the space after the day shows no print style
    assert G.printed_form("14Jan 1980", G.parse_en_date("14 Jan. 1980").date, False) is None


def test_an_english_date_keeps_its_print_style_from_any_of_its_readings() -> None:
    """thaiid_meenoy_mock's expiry line: the Thai recognizer's reading is garbage, the chosen Latin
    reading lost its space (``1Jan 2032``) and the other Latin reading shows the print, ``1 Jan 2032``
    without the month's dot: the value is returned as printed, not in the card's usual form."""
    from airocr.engine.thaiid.fields.dates import resolve_dates

    th = replace(_line([566, 488, 688, 519], "1 ม.ค. 2573", 0.97), thai=LineText("1 ม.ค. 2573", 0.97),
                 latin=(LineText("1 .. 2573", 0.9),))
    en = replace(_line([566, 539, 691, 573], "Iม๊สn 2032", 0.77),
                 latin=(LineText("1Jan 2032", 0.99), LineText("1 Jan 2032", 0.98)))
    values, _ = resolve_dates({"date_of_expiry_th": [th], "date_of_expiry_en": [en]})
    assert values["date_of_expiry_en"].text == "1 Jan 2032"
    en = replace(en, latin=(LineText("1Jan 2032", 0.99), LineText("1 Jan 2082", 0.9)))  # the service's decode
    values, _ = resolve_dates({"date_of_expiry_th": [th], "date_of_expiry_en": [en]})
    assert values["date_of_expiry_en"].text == "1 Jan. 2032"  # no reading shows the style: the usual form
    # ... unless the card's other English dates were read without the dot: one card, one print style
    birth_th = replace(_line([421, 346, 596, 381], "14 ม.ค. 2523"), thai=LineText("14 ม.ค. 2523", 0.99))
    birth_en = replace(_line([422, 391, 592, 432], "14 Jan 1980", 0.99), latin=(LineText("14Jan 1980", 0.99),))
    values, _ = resolve_dates({"date_of_birth_th": [birth_th], "date_of_birth_en": [birth_en],
                               "date_of_expiry_th": [th], "date_of_expiry_en": [en]})
    assert (values["date_of_birth_en"].text, values["date_of_expiry_en"].text) == ("14 Jan 1980", "1 Jan 2032")
    en = replace(en, latin=(LineText("1 Jan. 2032", 0.99),))  # its own reading shows the dot: kept
    values, _ = resolve_dates({"date_of_birth_th": [birth_th], "date_of_birth_en": [birth_en],
                               "date_of_expiry_th": [th], "date_of_expiry_en": [en]})
    assert values["date_of_expiry_en"].text == "1 Jan. 2032"
    # a blurred copy's dot lost by one Latin reading is no dotless print (a4_grey hard, seed 7102)
    b_th = replace(_line([421, 346, 596, 381], "26 มี.ค. 2502"), thai=LineText("26 มี.ค. 2502", 0.95))
    b_en = replace(_line([422, 391, 592, 432], "26 Ma 1959", 0.8),
                   latin=(LineText("26 Mar 1959", 0.9), LineText("26 Ma 1959", 0.8)))
    values, _ = resolve_dates({"date_of_birth_th": [b_th], "date_of_birth_en": [b_en]})
    assert values["date_of_birth_en"].text == "26 Mar. 1959"


def test_an_address_number_needs_a_witness_for_a_lost_digit() -> None:
    """A Thai reading that lost a digit of the house number (``642/35`` read ``62/35``) takes the
    Latin reading's number when it is sure, or when the row's first reading shows it as well."""
    thai, latin = "62/35 หมู่ที่ 2 ต.ท่าตุ้ม", "642/35 2 ."
    assert G.merge_digit_runs(thai, latin, 0.5) == thai
    assert G.merge_digit_runs(thai, latin, 0.5, "ที่อยู่ 642/35 หมู่ที่ 2").startswith("642/35 ")
    assert G.merge_digit_runs(thai, latin, 0.5, "ที่อยู่ 62/35 หมู่ที่ 2") == thai


def test_only_vowels_written_below_the_line_may_be_added_from_a_taller_crop() -> None:
    """The real cards' name ``อายุมุ`` is read ``อายุม``: the box's bottom runs through the ุ under ม. A
    crop grown downwards reads it; only vowels below a consonant may be taken from that reading."""
    assert adds_only_lower_marks("นาย อายุม มุราเสะ", "นาย อายุมุ มุราเสะ")
    assert adds_only_lower_marks("ปด", "ปูดุ")
    assert not adds_only_lower_marks("นาย อายุม", "นาย อายุม")  # nothing added
    assert not adds_only_lower_marks("นาย อายุม", "นาย อายุม่")  # a tone mark is no lower vowel
    assert not adds_only_lower_marks("นาย อายุม", "นาย อายุมม")  # nor a letter
    assert not adds_only_lower_marks("นาย อา", "นาย อาุ")  # a vowel below a vowel sign


def test_a_colour_cast_normal_card_is_typed_by_its_titles_read_in_one_line() -> None:
    """thaiid_hinata_scan_tinted: a reddish scan of a normal card whose two titles were detected as
    one line across the top (not inside the English title's region) was typed pink by its colour,
    and its religion dropped."""
    from airocr.engine.thaiid.fields.card_type import front_card_type

    pinkish = np.zeros((H, W, 3), np.uint8)
    pinkish[:] = (200, 190, 245)  # BGR: red well above green and blue
    title = _line([70, 20, 960, 70], "บัตรประจำตัวประชาชน Thai National ID Card")
    assert front_card_type({}, [], pinkish) == "pink"
    assert front_card_type({}, [title], pinkish) == "normal"
    pink_title = _line([70, 20, 960, 70], "บัตรประจำตัวคนซึ่งไม่มีสัญชาติไทย Non-Thai Identification Card")
    assert front_card_type({}, [pink_title], pinkish) == "pink"


def test_a_date_is_no_value_of_the_other_scripts_date_field() -> None:
    """Rows closer together than the layout's: the English birth date lies in the Thai birth date's
    region. A line that reads as an English date only is no Thai date's value; it takes the nearest
    English date field instead, while the Thai date keeps its own."""
    th_reg = region_box(SPECS["date_of_birth_th"].region)
    th = _line([th_reg[0] + 4, th_reg[1] - 14, th_reg[0] + 150, th_reg[1] + 6], "14 ม.ค. 2523")
    en = _line([th_reg[0] + 30, th_reg[1] + 12, th_reg[0] + 200, th_reg[3] - 4], "14 Jan 1980")
    fields = assign([th, en], "front").fields
    assert fields["date_of_birth_th"] == [th] and fields["date_of_birth_en"] == [en]


def test_a_backs_code_is_its_field_wherever_an_off_placement_puts_it() -> None:
    """Bench back_tuned 5019 (a screen photo): the real back placed a little off (IoU 0.79) put its
    laser code outside the laser's region, and the code was lost. A code that parses only as itself
    is its field wherever it lies."""
    laser = _line([40, 300, 420, 340], "RX6-4634641-89", 0.99)
    number = _line([20, 20, 300, 60], "4198-35-81341744", 1.0)
    fields = assign([laser, number], "back_real").fields
    assert fields["laser_number"] == [laser] and fields["card_number"] == [number]


def test_a_signature_under_the_address_is_no_address_row() -> None:
    """A hard capture's signature, below the address and left of the dates, read ``PVI``: taken as a
    second address row, it kept the address from snapping to its official names. A row whose Thai
    reading shows neither a Thai letter nor a digit is left out."""
    from airocr.engine.thaiid.address import load_gazetteer
    from airocr.engine.thaiid.fields.config import DEFAULT_CONFIG
    from airocr.engine.thaiid.fields.values import address_value
    from airocr.engine.thaiid.streets import load_street_names

    read = "920 หมู่ที่ 13 ถนนสุขุมวิท ตำบลณมันาจว ชำเภอแม่แจ้ม จังหวัดเชียงใหน่"
    row = replace(_line([142, 423, 744, 466], read, 0.9), thai=LineText(read, 0.9))
    squiggle = replace(_line([293, 499, 505, 559], "PVI", 0.6), thai=LineText("PVI", 0.6))
    value = address_value([row, squiggle], IDENTITY, load_gazetteer(), load_street_names(), DEFAULT_CONFIG)
    assert value is not None
    assert value.text == "920 หมู่ที่ 13 ถนนสุขุมวิท ตำบลแม่นาจร อำเภอแม่แจ่ม จังหวัดเชียงใหม่"
    assert address_value([squiggle], IDENTITY, load_gazetteer(), load_street_names(), DEFAULT_CONFIG) is None


def test_a_lone_mark_in_the_name_gap_is_no_name_part() -> None:
    """A speck in the wide gap before the surname read as ``:`` or ``.``: dropped, and the value
    marked repaired (less confident)."""
    p = G.parse_name_th("ด.ช. แวปา : คณโฑแก้ว")
    assert (p.value, p.valid, p.repaired) == ("ด.ช. แวปา คณโฑแก้ว", True, True)
    assert G.parse_name_th("น.ส. ปัทมาพร . คำจุลลา").value == "น.ส. ปัทมาพร คำจุลลา"
    assert not G.parse_name_th("นาย สมชาย ใจดี").repaired


def test_a_dotless_month_is_told_from_the_cards_usual_print() -> None:
    """Real cards print ``Jan.``; some mocks ``Jan``: the Thai recognizer, which learned dotted months,
    settles no English date on a card one of whose English dates reads without the dot."""
    assert G.dotless_month("14 Jan 1980") and G.dotless_month("02 oct 1991")
    assert not G.dotless_month("14 Jan. 1980") and not G.dotless_month("1 May 2030")
    assert not G.dotless_month("LIFELONG") and not G.dotless_month("Date of Birth 14 Jan. 1980")


def test_a_misread_date_or_caption_keeps_out_of_the_wrong_field() -> None:
    """A hard capture of a loose print: the expiry's Thai line read ``6 พ.พ. 2575`` (month misread)
    sat in the address region and was taken as its second row; the ``Date of Expiry`` caption read
    ``Daes o Eon`` passed the date's shape by its look-alike digits and took the expiry."""
    from airocr.engine.thaiid.fields.field_grammar import SHAPES, date_like

    assert date_like("6 พ.พ. 2575") and date_like("15nA2566") and date_like("6 Feb. 2032")
    assert not date_like("417/36 ซอยเอกชัย แขวงบางอ้อ") and not date_like("99 ม.1 ต.บางนา")
    assert not SHAPES["date_of_expiry_en"]("Daes o Eon") and not SHAPES["date_of_expiry_th"]("วันบัตรหมดอายุ")
    assert SHAPES["date_of_expiry_en"]("6 Feb. 2O32") and SHAPES["date_of_expiry_th"]("ตลอดชีพ")
    lines = [_line([156, 401, 755, 442], "417/36 ซอยเอกชัย แขวงบางอ้อ เขตบางพลัด กรุงเทพมหานคร"),
             _line([569, 494, 702, 528], "6 พ.พ. 2575")]
    assert all(ln.first.text != "6 พ.พ. 2575" for ln in assign(lines, "front").fields.get("address_th", []))


def test_an_english_date_missed_by_detection_is_found_under_its_thai_twin() -> None:
    """thaiid_sookjai_mock: a watermark over ``Date of birth 02 Oct 1991`` hid the line from the
    card's detection. The band under the Thai line is detected again and read; a reading is taken
    only when it parses to the Thai line's date."""
    from airocr.engine.thaiid.fields.twins import missing_english_dates

    th = replace(_line([370, 290, 534, 331], "02 ต.ค. 2534"), thai=LineText("02 ต.ค. 2534", 0.97))
    date = G.parse_th_date("02 ต.ค. 2534").date
    card = np.full((L.CARD_H, L.CARD_W, 3), 255, np.uint8)
    bands: list[tuple[int, int]] = []

    def detect(crop: np.ndarray) -> np.ndarray:
        bands.append(crop.shape[:2])
        return np.array([[[90.0, 7.0], [232.0, 7.0], [232.0, 38.0], [90.0, 38.0]]])

    def reader(text: str):
        return lambda crops: [LineText(text, 0.98) for _ in crops]

    issue = {"date_of_issue_en": FieldValue("02 Oct 1991", 0.9, np.zeros((4, 2)))}  # the card's print style
    got = missing_english_dates(detect, reader("02 Oct 1991"), card, {"date_of_birth_th": [th]}, issue,
                                {"birth": date}, IDENTITY)
    assert got["date_of_birth_en"].text == "02 Oct 1991" and got["date_of_birth_en"].confidence < 0.98
    # one Latin reading is no witness of a dotless print: without the card's other dates, the usual form
    got = missing_english_dates(detect, reader("02 Oct 1991"), card, {"date_of_birth_th": [th]}, {},
                                {"birth": date}, IDENTITY)
    assert got["date_of_birth_en"].text == "02 Oct. 1991"
    assert bands and bands[0][0] > 41  # the band is taller than the Thai line: rows move
    # a band that reads another date (or anything else) adds nothing; nor does an assigned English line
    assert not missing_english_dates(detect, reader("02 Oct 1999"), card, {"date_of_birth_th": [th]}, {},
                                     {"birth": date}, IDENTITY)
    en = _line([437, 335, 567, 365], "02 0ct 1991")
    both = {"date_of_birth_th": [th], "date_of_birth_en": [en]}
    assert not missing_english_dates(detect, reader("02 Oct 1991"), card, both, {}, {"birth": date}, IDENTITY)


def test_a_titled_english_name_is_the_first_name_on_either_name_row() -> None:
    """A hard capture registered a row off: the surname's line sat squarely in the first name's region
    and the titled first name above it only partly. A title and a name make the first name."""
    reg = region_box(SPECS["first_name_en"].region, IDENTITY)
    h = reg[3] - reg[1]
    titled = _line([reg[0], reg[1] - 0.5 * h, reg[2], reg[3] - 0.5 * h], "Mrs. Amnuai")
    surname = _line(list(reg), "Soengsuohi")
    fields = assign([titled, surname], "front").fields
    assert fields["first_name_en"][0].first.text == "Mrs. Amnuai"


def test_a_misread_title_is_told_by_the_thai_names_prefix() -> None:
    """Bench front_loose_hard_tuned seed 5011: the first name's row read ``Niiss Korifo`` lay where
    the surname's row is expected (rows moved), and the surname took the first name's field. Two
    edits from several titles, ``Niiss`` is ``Miss`` where the Thai name's prefix (``ด.ญ.``) calls for it."""
    first, last = region_box(SPECS["first_name_en"].region), region_box(SPECS["last_name_en"].region)
    name = _line(list(region_box(SPECS["name_th"].region)), "ด.ญ. คอรีเยาะ คำสวัสดิ")
    titled = _line([last[0], last[1], last[0] + 160, last[3]], "Niiss Korifo")
    other = _line([first[0], first[1], first[0] + 140, first[3]], "Kitasswat")
    assert assign([name, titled, other], "front").fields.get("first_name_en") == [titled]
    # without a prefixed Thai name there is no title to tell it by: the rows decide
    assert assign([titled, other], "front").fields.get("first_name_en") == [other]


def test_the_photos_ruler_is_no_address_row() -> None:
    """Bench front_loose_hard_tuned seed 5000: a registration sheared by moved rows let the address's
    region reach the photo, and the ruler's ``140 -`` (read ``L0 -๓``) became an address row."""
    fit = np.array([[1.05, 0.0, 0.0], [0.0, 1.0, 0.0]])  # the region stretched to x = 786
    addr = region_box(SPECS["address_th"].region, fit)
    row = _line([addr[0], addr[1] + 10, addr[0] + 400, addr[1] + 50], "642/35 หมู่ที่ 2 ต.ท่าตุ้ม")
    ruler = _line([756, addr[1] + 40, 816, addr[1] + 68], "L0 -๓")
    assert assign([row, ruler], "front", fit).fields["address_th"] == [row]
    # the same box left of the photo is a row
    beside = _line([600, addr[1] + 40, 700, addr[1] + 68], "อ.ป่าซาง")
    assert assign([row, beside], "front", fit).fields["address_th"] == [row, beside]


def test_a_box_far_taller_than_the_address_rows_is_none_of_them() -> None:
    """Bench front_loose_hard_tuned seed 5015: the signature's loop under the address (a 76 px box
    read ``๙๒``) joined the address's two 38 px rows."""
    addr = region_box(SPECS["address_th"].region)
    rows = [_line([addr[0], addr[1] + 5, addr[0] + 380, addr[1] + 43], "17 ซอยบางนา-ตราด 120"),
            _line([addr[0], addr[1] + 48, addr[0] + 420, addr[1] + 84], "แขวงช่องนนทรี เขตยานนาวา")]
    loop = _line([addr[0] + 150, addr[1] + 30, addr[0] + 380, addr[1] + 106], "๙๒")
    assert assign([*rows, loop], "front").fields["address_th"] == rows


def test_the_address_goes_on_to_the_row_under_it() -> None:
    """Bench front_loose_hard_tuned seed 5005: real cards print the address's second row lower than
    the layout's region reaches; it lay 8 px into the region and was left out."""
    addr = region_box(SPECS["address_th"].region)
    first = _line([addr[0], addr[1] + 27, addr[0] + 200, addr[1] + 64], "367 ถนนศรีอยุธยา")
    second = _line([addr[0] - 60, addr[3] - 8, addr[0] + 350, addr[3] + 28], "แขวงคลองตัน เขตคลองเตย กรุงเทพมหานคร")
    issue = _line([addr[0] - 50, addr[3] + 30, addr[0] + 80, addr[3] + 62], "25 ก.ค. 2562")
    got = assign([first, second, issue], "front").fields
    assert got["address_th"] == [first, second]
    # a row too far below, a caption, a line starting right of the rows, or a third row does not continue it
    far = replace(second, box=second.box + np.array([0, 60, 0, 60]))
    assert assign([first, far], "front").fields["address_th"] == [first]
    caption = replace(second, first=LineText("วันออกบัตร", 0.9))
    assert assign([first, caption], "front").fields["address_th"] == [first]
    officer = replace(second, box=second.box + np.array([250, 0, 250, 0]), first=LineText("เจ้าพนักงานออกบัตร", 0.9))
    assert assign([first, officer], "front").fields["address_th"] == [first]
    third = replace(second, box=second.box + np.array([0, 38, 0, 38]), first=LineText("ต.ท่าแพ อ.ท่าแพ", 0.9))
    assert assign([first, second, third], "front").fields["address_th"] == [first, second]


def test_a_serial_rising_into_the_photo_is_still_the_serial() -> None:
    """thaiid_sookjai_mock prints its serial (``999-99-99999999``) higher than real cards, where the two
    front layouts' photo frames overlap: the photo rule leaves serial-shaped lines alone."""
    fit = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, -20.0]])
    serial = _line([752, 531, 946, 561], "999-99-99999999")
    assert assign([serial], "front", fit).fields.get("serial_number") == [serial]
    ruler = _line([752, 531, 946, 561], "L0 -๓ 140")
    assert "serial_number" not in assign([ruler], "front", fit).fields
