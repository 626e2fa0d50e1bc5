"""Field assignment helpers on constructed lines (no models): caption splitting against the
registered layout, and a Thai name prefix boxed apart from the name."""

from __future__ import annotations

import numpy as np

from airocr.engine.recognize import LineText
from airocr.engine.thaiid import grammar as G
from airocr.engine.thaiid import layout as L
from airocr.engine.thaiid.address import load_gazetteer
from airocr.engine.thaiid.fields import (
    DEFAULT_CONFIG,
    IDENTITY,
    FieldValue,
    Line,
    address_texts,
    adds_only_upper_marks,
    anchor_field,
    assign,
    best_reading,
    dates_agree,
    latin_names_by_spelling,
    layout_fit,
    prefix_box_left_of,
    read_thai,
    region_box,
    settled_by_first,
    snap_address,
    split_captions,
    thai_name_by_spelling,
)
from airocr.engine.thaiid.streets import load_street_names

W, H = L.CARD_W, L.CARD_H


def _row_card(lab: np.ndarray, x0: float) -> tuple[np.ndarray, np.ndarray]:
    """A white card with ink blocks ("words") from ``x0`` along the row of caption box ``lab``, one
    wide gap at its caption/value border; returns (grey card, the row's box)."""
    gray = np.full((H, W), 255, np.uint8)
    y_mid = (lab[1] + lab[3]) / 2
    gap = (lab[2] - 4, lab[2] + 20)
    y0, y1 = int(y_mid - 14), int(y_mid + 14)
    x = x0
    while x < lab[2] + 200:
        if not (gap[0] <= x <= gap[1] or gap[0] <= x + 24 <= gap[1]):
            gray[y0 + 4:y1 - 4, int(x):int(x) + 24] = 0
        x += 30
    return gray, np.array([x0, y0, lab[2] + 200, y1], float)


def _religion_row_card(x0: float, y_mid: float) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_row_card` on the religion caption's row (``y_mid`` its middle)."""
    lab = _religion_label()
    return _row_card(np.array([lab[0], y_mid - 1, lab[2], y_mid + 1]), x0)


def _religion_label() -> np.ndarray:
    return region_box({s.name: s for s in L.fields_for("front")}["religion_th"].labels[0])


def test_a_line_from_its_caption_is_split_but_one_from_far_left_is_not() -> None:
    lab = _religion_label()
    y_mid = (lab[1] + lab[3]) / 2
    gray, box = _religion_row_card(lab[0] + 2, y_mid)
    captioned = split_captions([Line(box=box.copy(), first=LineText("ศาสนา พุทธ", 0.99))], gray, "front", IDENTITY)[0]
    assert captioned.caption_box is not None and lab[2] - 10 < captioned.box[0] < lab[2] + 30

    # an address row on a card rectified a bit high runs through the religion caption's band, but
    # starts far to the left of that caption: it is no caption line
    gray, box = _religion_row_card(0.17 * W, y_mid)
    row = split_captions([Line(box=box.copy(), first=LineText("319/227 ซอยอ่อนนุช 6 ถนนสาทร", 0.99))], gray, "front",
                         IDENTITY)[0]
    assert row.caption_box is None and row.box[0] == box[0]


def test_an_address_row_that_starts_with_its_house_number_is_not_split() -> None:
    """Bench scene 35014, hard: on a card placed a little off, the address row ``9/264 ซอยรามคำแหง``
    (no caption in its box) started where the address caption is expected, and was split at the
    word space after its house number, which was then lost. An address row starting with a digit
    starts at its value; on the other rows a leading digit is a misread caption, split as before."""
    lab = region_box({s.name: s for s in L.fields_for("front")}["address_th"].labels[0])
    gray, box = _row_card(lab, lab[0] + 2)  # the geometry of a line that runs from the caption
    row = split_captions([Line(box=box.copy(), first=LineText("9/264 ซอยรามคำแหง", 0.99))], gray, "front", IDENTITY)[0]
    assert row.caption_box is None and row.box[0] == box[0]
    row = split_captions([Line(box=box.copy(), first=LineText("ที่อยู่ 9/264 ซอยรามคำแหง", 0.99))], gray, "front",
                         IDENTITY)[0]
    assert row.caption_box is not None and lab[2] - 10 < row.box[0] < lab[2] + 30
    lab = _religion_label()
    gray, box = _religion_row_card(lab[0] + 2, (lab[1] + lab[3]) / 2)
    row = Line(box=box.copy(), first=LineText("8 พุทธ", 0.99))  # the caption ศาสนา misread
    row = split_captions([row], gray, "front", IDENTITY)[0]
    assert row.caption_box is not None


def test_a_prefix_boxed_apart_is_found_left_of_the_name() -> None:
    name = Line(box=np.array([414.0, 172, 690, 204]), first=LineText("ฉัตรดาว วงค์จันน้อย", 0.99))
    prefix = Line(box=np.array([345.0, 172, 408, 206]), first=LineText("ด.ญ.", 0.9))
    caption = Line(box=np.array([158.0, 174, 304, 206]), first=LineText("ชื่อตัวและชื่อสกุล", 0.97))
    far = Line(box=np.array([345.0, 260, 408, 290]), first=LineText("นาย", 0.9))  # another row
    lines = [caption, prefix, name, far]
    assert prefix_box_left_of(name, lines, {"name_th": [name]}) is prefix
    assert prefix_box_left_of(name, [caption, name, far], {"name_th": [name]}) is None
    caption_there = Line(box=prefix.box, first=LineText("เกิดวันที่", 0.9))  # not a prefix
    assert prefix_box_left_of(name, [caption, caption_there, name, far], {"name_th": [name]}) is None


class _NBest:
    """A Thai recognizer stand-in whose n-best readings are given (the selection is under test)."""

    def __init__(self, readings: list[LineText]) -> None:
        self.readings = readings

    def recognize_nbest(self, crops, n: int = 8, min_ratio: float = 0.02, max_uncertain: int = 4,
                        rivals: int = 1, max_changes: int | None = None, indels: bool = False):
        return [self.readings for _ in crops]


def _name_fields(thai_text: str, first: str, last: str) -> dict:
    q = np.zeros((4, 2))
    return {"name_th": FieldValue(thai_text, 0.9, q), "first_name_en": FieldValue(first, 0.95, q),
            "last_name_en": FieldValue(last, 0.95, q)}


def _thai_name(readings: list[LineText], f: dict, line: Line) -> str:
    """The Thai name after the Latin-spelling check with the n-best ``readings``."""
    return thai_name_by_spelling(_NBest(readings), f, line) or f["name_th"].text


def _latin_name(f: dict, name: str, line: Line) -> str:
    """English name ``name`` after the Thai-spelling check (title hint Mr.)."""
    return latin_names_by_spelling(f, {name: [line]}, "Mr.").get(name, f[name].text)


def test_latin_spelling_settles_a_lookalike_consonant_in_the_thai_name() -> None:
    readings = [LineText("นาย ชุลกีฟลี มุทุกันต์", 0.9), LineText("นาย ซุลกีฟลี มุทุกันต์", 0.85, -1.2)]
    line = Line(box=np.zeros(4), first=readings[0], thai=readings[0], thai_crop=np.zeros((32, 200, 3), np.uint8))
    f = _name_fields("นาย ชุลกีฟลี มุทุกันต์", "Mr. Sunkifli", "Mutukan")
    assert _thai_name(readings, f, line) == "นาย ซุลกีฟลี มุทุกันต์"

    # the English spelling agrees with the first reading: it stays, however close the variant
    f = _name_fields("นาย ชุลกีฟลี มุทุกันต์", "Mr. Chunkifli", "Mutukan")
    assert _thai_name(readings, f, line) == "นาย ชุลกีฟลี มุทุกันต์"

    # an unlikely variant (far below the first reading) needs more than one letter of evidence
    far = [readings[0], LineText("นาย ซุลกีฟลี มุทุกันต์", 0.5, -16.0)]
    f = _name_fields("นาย ชุลกีฟลี มุทุกันต์", "Mr. Sunkifli", "Mutukan")
    assert _thai_name(far, f, line) == "นาย ชุลกีฟลี มุทุกันต์"


def test_a_latin_name_that_spells_no_variant_leaves_the_thai_name_alone() -> None:
    """A card whose English family name is no transliteration of the Thai one (here a random one)
    must not pull the Thai reading towards the variant that merely starts like it (ค → ศ: 'S...')."""
    readings = [LineText("นาย ทัศนะ คำเพราะ", 0.9), LineText("นาย ทัศนะ ศำเพราะ", 0.8, -1.0)]
    line = Line(box=np.zeros(4), first=readings[0], thai=readings[0], thai_crop=np.zeros((32, 200, 3), np.uint8))
    f = _name_fields("นาย ทัศนะ คำเพราะ", "Mr. Thatna", "Sitiprat")
    assert _thai_name(readings, f, line) == "นาย ทัศนะ คำเพราะ"
    # the same variant, when the Latin name does spell it, is taken
    f = _name_fields("นาย ทัศนะ คำเพราะ", "Mr. Thatna", "Samphro")
    assert _thai_name(readings, f, line) == "นาย ทัศนะ ศำเพราะ"


class _FixedReader:
    """A Thai recognizer stand-in that reads every crop as one fixed line."""

    def __init__(self, text: LineText) -> None:
        self.text = text

    def recognize(self, crops):
        return [self.text for _ in crops]


def test_a_thai_line_kept_from_its_first_reading_keeps_its_crop_for_the_spelling_check() -> None:
    card = np.full((H, W, 3), 255, np.uint8)
    first = LineText("นาย ทัศนะ หำเพราะ", 0.95)
    ln = Line(box=np.array([300.0, 170, 600, 205]), first=first)
    photo = _FixedReader(LineText("นาย ทัศนะ หำเพราะ", 0.5))  # the photo crop reads less confidently
    (r,) = read_thai(photo, card, [ln], card, lambda pts: pts, DEFAULT_CONFIG)
    assert r.text is first and r.crop.shape[:2] == (35, 300)


def test_thai_spelling_settles_a_lookalike_letter_in_the_english_name() -> None:
    readings = [LineText("Kalsaeng", 0.9), LineText("Kaisaeng", 0.8, -1.0)]
    last = Line(box=np.array([400.0, 300, 560, 330]), first=readings[0], latin=[readings[0]],
                latin_variants=[readings[1:]])
    f = _name_fields("นาย สมชาย ไขแสง", "Mr. Somchai", "Kalsaeng")
    assert _latin_name(f, "last_name_en", last) == "Kaisaeng"  # ไขแสง romanizes to khaisaeng: i, not l

    # the Thai spelling agrees with the first reading: it stays
    f = _name_fields("นาย สมชาย กาลแสง", "Mr. Somchai", "Kalsaeng")
    assert _latin_name(f, "last_name_en", last) == "Kalsaeng"

    # a field that came from another reading (not the value crop's) is left alone
    f = _name_fields("นาย สมชาย ไขแสง", "Mr. Somchai", "Kalsaenq")
    assert _latin_name(f, "last_name_en", last) == "Kalsaenq"


def test_thai_spelling_checks_the_photo_crop_reading_a_field_came_from() -> None:
    """The field came from the second (photo-crop) reading: that reading's variants are checked,
    here one with a thin letter washed out by blur put back (วัทน์สิริ romanizes to watsiri)."""
    value, photo = LineText("Mr. Watsini", 0.7), LineText("Mr. Watsin", 0.9)
    ln = Line(box=np.array([400.0, 260, 560, 290]), first=photo, latin=[value, photo],
              latin_variants=[[LineText("Mr. Watsiui", 0.6, -1.0)], [LineText("Mr. Watsiri", 0.8, -1.4)]])
    f = _name_fields("นาย วัทน์สิริ กิจเลิศทรัพย์", "Mr. Watsin", "Kitloetthrap")
    assert _latin_name(f, "first_name_en", ln) == "Mr. Watsiri"


def test_a_confident_grammatical_first_reading_skips_the_latin_reader() -> None:
    """An English date whose Thai-recognizer reading is confident and grammatical needs no PP-OCR
    reading; the ID (a checksum pass is no proof), a serial, a shaky or repaired date still get one."""
    def settled(name: str, text: str, conf: float, settle_conf: float = 0.95, thai: bool = True) -> bool:
        return settled_by_first(name, LineText(text, conf), settle_conf, first_is_thai=thai)

    assert settled("date_of_birth_en", "Date of Birth 5 Feb. 1950", 0.97)
    assert settled("date_of_expiry_en", "Date of Expiry 4 Feb. 2031", 0.99)
    assert not settled("date_of_birth_en", "Date of Birth 5 Feb. 1950", 0.80)  # not confident
    assert not settled("date_of_birth_en", "Date of Birth 5 Fob. 1950", 0.97)  # repaired
    assert not settled("id_number", "1 1037 02071 81 1", 0.99)  # checksum passes: no proof
    assert not settled("serial_number", "1398-09-07241719", 0.99)  # no checksum
    assert not settled("date_of_birth_en", "Date of Birth 5 Feb. 1950", 0.97, settle_conf=1.0)  # switched off
    assert not settled("date_of_birth_en", "Date of Birth 5 Feb. 1950", 0.97, thai=False)  # no Thai recognizer


def test_a_serial_one_digit_short_is_no_id_anchor_for_the_layout() -> None:
    """Seed 7032 hard: the serial under the photo read one digit short ('670-02-20747655', 13 digits)
    and the ID repair made it a valid ID, so it anchored the layout as the ID number, 277 px right
    of the real one: the layout shifted 60 px and five fields were lost. The ID prints in spaced
    groups, never dashes, so the dash-grouped line anchors nothing and the layout stays put."""
    lines = [Line(box=np.array([474.0, 100, 720, 135]), first=LineText("4 5283 59604 28 1", 1.0)),
             Line(box=np.array([217.0, 181, 327, 210]), first=LineText("ชื่อตัวและชื่อสกุล", 0.9)),
             Line(box=np.array([751.0, 565, 897, 592]), first=LineText("670-02-20747655", 0.95))]
    assert anchor_field(lines[2], "front") is None
    assert anchor_field(lines[0], "front") == "id_number"
    fit = layout_fit(lines, "front")
    assert abs(fit[0, 2]) < 5 and abs(fit[1, 2]) < 5


def test_a_code_whose_latin_readings_all_need_repair_takes_the_unrepaired_first_reading() -> None:
    """Seed 13008 clean: the laser code II4-4117339-39 read by PP-OCR as '|14-4117339-39' and
    '14-41137339-39'; the position repair made them 'II4-4117339-39' and 'IA4-1137339-39', and the
    more confident, wrong one won. The Thai recognizer's first reading needs no repair, so it is taken;
    a Latin reading that needs none keeps the field, and a first reading that needs repair is no
    fallback."""
    ln = Line(box=np.zeros(4), first=LineText("II4-4117339-39", 0.9),
              latin=[LineText("|14-4117339-39", 0.95), LineText("14-41137339-39", 0.97)])
    assert best_reading(ln.first, ln.latin, G.parse_laser)[0].value == "IA4-1137339-39"  # without the fallback
    p, conf = best_reading(ln.first, ln.latin, G.parse_laser, first_as_fallback=True)
    assert (p.value, conf) == ("II4-4117339-39", 0.9)
    clean = Line(box=np.zeros(4), first=LineText("II4-4117339-39", 0.9),
                 latin=[LineText("IJ4-4117339-39", 0.95)])  # valid and unrepaired: the Latin reading stands
    assert best_reading(clean.first, clean.latin, G.parse_laser, first_as_fallback=True)[0].value == "IJ4-4117339-39"
    shaky = Line(box=np.zeros(4), first=LineText("1I4-4117339-39", 0.99), latin=ln.latin)
    assert best_reading(shaky.first, shaky.latin, G.parse_laser, first_as_fallback=True)[0].value == "IA4-1137339-39"


def test_a_thai_date_line_needs_latin_digits_only_when_its_two_lines_disagree() -> None:
    """The Thai date line's PP-OCR digits are a vote between a date's two lines: when the Thai reading
    and the English reading parse unrepaired to the same date there is nothing to vote on."""
    def agree(th: str | None, en: str | None) -> bool:
        """The Thai line's Thai reading ``th`` against the English line read ``en`` (first and Latin)."""
        return dates_agree(LineText(th, 0.9) if th is not None else None, LineText(en, 0.9) if en is not None else None,
                           [LineText(en, 0.95)] if en is not None else [], "date_of_birth_th", "date_of_birth_en")

    assert agree("เกิดวันที่ 5 ก.พ. 2493", "Date of Birth 5 Feb. 1950")
    assert not agree("เกิดวันที่ 5 ก.พ. 2498", "Date of Birth 5 Feb. 1950")  # years differ
    assert not agree("เกิดวันที่ 5 ก.พ. 2493", "Date of Birth 5 Fob. 1950")  # repaired
    # no Thai recognizer: the Latin digits are the Thai line's only reading
    assert not agree(None, "Date of Birth 5 Feb. 1950")
    assert not agree("เกิดวันที่ 5 ก.พ. 2493", None)  # no English line


def test_a_caption_and_its_value_in_one_box_are_the_value_line() -> None:
    """Bench seed 9035 clean: ศาสนา and พุทธ detected as one box, with no ink gap to split it at.
    The box lies mostly in the caption's region and was dropped as a caption (religion lost); its
    reading goes on past the caption with a value the field's grammar accepts, so it is the value's
    line. A caption alone, or followed by no religion, stays a caption."""
    lab = _religion_label()
    merged = Line(box=np.array([lab[0] + 2, lab[1], lab[2] + 40, lab[3]]), first=LineText("ศาสา พุทธ", 0.88))
    assert assign([merged], "front").fields.get("religion_th") == [merged]
    for text in ("ศาสนา", "ศาสนา กขคงจฉ"):
        alone = Line(box=np.array([lab[0] + 2, lab[1], lab[2] + 40, lab[3]]), first=LineText(text, 0.95))
        result = assign([alone], "front")
        assert "religion_th" not in result.fields and result.captions == (alone,)


def test_only_marks_written_above_the_line_may_be_added_to_a_reading() -> None:
    assert adds_only_upper_marks("ปันทอง", "ปั้นทอง")  # the tone mark over ั
    assert adds_only_upper_marks("นำ", "น้ำ")
    assert adds_only_upper_marks("สุรศักดิ", "สุรศักดิ์")  # thanthakhat
    assert not adds_only_upper_marks("ปั้นทอง", "ปั้นทอง")  # nothing added
    assert not adds_only_upper_marks("ปันทอง", "ปั้นทอร")  # a letter changed
    assert not adds_only_upper_marks("ปันทอง", "ปั้นทองุ")  # a mark below the line
    assert not adds_only_upper_marks("ปันทอง", "ปั้้นทอง")  # a mark doubled
    assert not adds_only_upper_marks("ป้นทอง", "ป้่นทอง")  # a tone mark on a tone mark
    assert not adds_only_upper_marks("นำ", "้นำ")  # a mark before any letter
    assert adds_only_upper_marks("ปูทอง", "ปู่ทอง")  # a tone mark on a vowel below the line
    assert not adds_only_upper_marks("วีนัต", "วีินัต")  # an upper vowel on an upper vowel
    assert not adds_only_upper_marks("นา", "นา่")  # a tone mark after า


def test_address_pieces_are_read_in_order_with_the_unboxed_print_marked() -> None:
    """Rows top to bottom, pieces left to right; a gap of a line height or more in a row, or before
    its first piece, stands for print left unread, one mark per fifth of a line height."""
    def ln(x0: float, y0: float, x1: float) -> Line:
        return Line(box=np.array([x0, y0, x1, y0 + 35.0]), first=LineText("", 1.0))

    lines = [ln(403, 462, 734), ln(148, 460, 315), ln(150, 498, 300), ln(310, 499, 420)]
    texts = ["อำเภอดอยหลวง จังหวัดเชียงราย", "62/99 ตำบลหน", "ถนน", "สาย"]
    # the right piece of the first row sits 2 px higher than the left one: still read after it
    lines[0].box[[1, 3]] -= 4
    out = address_texts(lines, texts, column=150.0)
    assert out == ["62/99 ตำบลหน", G.UNREAD * 13, "อำเภอดอยหลวง จังหวัดเชียงราย", "ถนน", "สาย"]  # 88 px / 7
    assert address_texts([ln(472, 460, 756)], ["เนนแดง"], column=150.0) == [G.UNREAD * 46, "เนนแดง"]


def test_an_address_in_four_pieces_keeps_them_all() -> None:
    """Seed 25011 hard: glare split both address rows in two, and a limit of three boxes dropped the
    one with the house number."""
    pieces = [([148.0, 440, 290, 474], "877 ซอยประ"), ([490.0, 440, 756, 475], "นนประชาราษฎร์บำเพ็ญ"),
              ([149.0, 484, 299, 512], "แขวงบางจาร"), ([489.0, 484, 661, 513], "รุงทพมหานคร")]
    lines = [Line(box=np.array(b), first=LineText(t, 0.95)) for b, t in pieces]
    assigned = assign(lines, "front").fields
    assert [ln.first.text for ln in assigned["address_th"]] == [t for _, t in pieces]


def test_the_address_field_snaps_its_road_name_as_well_as_its_admin_units() -> None:
    gazetteer, streets = load_gazetteer(), load_street_names()
    p = snap_address(["ที่อยู่ 28/295 ถนนรามค่าแหง ต.เมืองที", "อ.เมืองสุรินทร์ จ.สุรินทร์"], gazetteer, streets)
    assert (p.value, p.valid, p.repaired) == ("28/295 ถนนรามคำแหง ต.เมืองที อ.เมืองสุรินทร์ จ.สุรินทร์", True, True)
    p = snap_address(["ที่อยู่ 28/295 ถนนรามคำแหง ต.เมืองที", "อ.เมืองสุรินทร์ จ.สุรินทร์"], gazetteer, streets)
    assert (p.value, p.repaired) == ("28/295 ถนนรามคำแหง ต.เมืองที อ.เมืองสุรินทร์ จ.สุรินทร์", False)
