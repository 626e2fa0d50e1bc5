"""A lane's or road's abbreviation (ซ. ซอย, ถ. ถนน) chosen among the recognizer's own readings of an
address row, where the address grammar puts a lane or road (before the subdistrict)."""

from __future__ import annotations

import pytest

from airocr.engine.recognize import LineText
from airocr.engine.thaiid import grammar as G
from airocr.engine.thaiid.fields.lane_road import choose_lane_road, choose_spaces, lane_road_slots
from airocr.engine.thaiid.streets import load_street_names


def _nbest(greedy: str, *variants: tuple[str, float]) -> list[LineText]:
    return [LineText(greedy, 0.98), *(LineText(t, 0.9, logp) for t, logp in variants)]


ROW = "1/11 หมู่ที่ 1 ตรอกปฐม ช.สุขุมวิท 1 ถ.สุขุมวิท"
BKK = "แขวงคลองเตยเหนือ เขตพระโขนง กรุงเทพมหานคร"


def test_a_lane_read_as_ch_takes_so_when_the_recognizer_offers_it() -> None:
    # the real render's address (real-dev athaiid): ซ read ช at 0.75 against 0.25
    nb = _nbest(ROW, (ROW.replace("ช.", "ซ."), -1.09), (ROW.replace("ถ.", "ต."), -2.05))
    assert choose_lane_road([ROW, BKK], [nb, None]) == [ROW.replace("ช.", "ซ."), BKK]


def test_without_the_alternative_the_reading_is_kept() -> None:
    nb = _nbest(ROW, (ROW.replace("หมู่ที่", "หมู่ท่่"), -4.6), (ROW.replace("ปฐม", "บฐม"), -6.7))
    assert choose_lane_road([ROW, BKK], [nb, None]) == [ROW, BKK]
    assert choose_lane_road([ROW, BKK], [None, None]) == [ROW, BKK]  # not read again: no evidence


def test_an_alternative_that_changes_another_letter_too_is_no_evidence_for_this_one() -> None:
    both = ROW.replace("ช.", "ซ.").replace("ปฐม", "บฐม")
    assert choose_lane_road([ROW, BKK], [_nbest(ROW, (both, -2.0)), None]) == [ROW, BKK]


def test_a_road_read_as_t_before_the_subdistrict_takes_tho() -> None:
    # provincial: a ต. followed by a second ต. is a road; the last ต. is the subdistrict
    rows = ["468 หมู่ที่ 7 ต.ราชดำเนิน", "ต.บ้านค้อ อ.โนนสัง จ.หนองบัวลำภู"]
    nb0 = _nbest(rows[0], (rows[0].replace("ต.", "ถ."), -2.5))
    nb1 = _nbest(rows[1], (rows[1].replace("ต.", "ถ."), -1.0))  # offered, but the grammar says subdistrict
    assert choose_lane_road(rows, [nb0, nb1]) == ["468 หมู่ที่ 7 ถ.ราชดำเนิน", rows[1]]
    # Bangkok has no ต.: before แขวง it is a road
    row = "525 ซ.อ่อนนุช 101 ต.จรัญสนิทวงศ์ แขวงบางมด เขตทุ่งครุ กรุงเทพมหานคร"
    assert choose_lane_road([row], [_nbest(row, (row.replace("ต.", "ถ."), -3.0))]) == [row.replace("ต.", "ถ.")]


def test_the_subdistrict_before_a_district_stays_t_whatever_the_alternatives() -> None:
    row = "99 ซอยสุขุมวิท ต.คลองเตย อ.เมือง จ.ชลบุรี"
    nb = _nbest(row, (row.replace("ต.", "ถ."), -0.2))
    assert choose_lane_road([row], [nb]) == [row]


def test_the_likelier_of_lane_and_road_is_taken() -> None:
    row = "12 อ.สาทร ต.กรอกสมบูรณ์ อ.ศรีมหาโพธิ จ.ปราจีนบุรี"
    nb = _nbest(row, (row.replace("อ.สาทร", "ซ.สาทร"), -3.0), (row.replace("อ.สาทร", "ถ.สาทร"), -1.5))
    assert choose_lane_road([row], [nb]) == [row.replace("อ.สาทร", "ถ.สาทร")]


@pytest.mark.parametrize("tokens,want", [
    ("1/11 หมู่ที่ 1 ตรอกปฐม ช.สุขุมวิท 1 ถ.สุขุมวิท แขวงคลองเตยเหนือ เขตพระโขนง กรุงเทพมหานคร", [4]),
    ("468 หมู่ที่ 7 ต.ราชดำเนิน ต.บ้านค้อ อ.โนนสัง จ.หนองบัวลำภู", [3]),
    ("468 หมู่ที่ 7 ต.บ้านค้อ อ.โนนสัง จ.หนองบัวลำภู", []),  # the subdistrict alone
    ("9 ม.บ้านสวน ซ.ลาดพร้าว ต.บ้านค้อ อ.โนนสัง จ.หนองบัวลำภู", []),  # ม. (หมู่บ้าน) and ซ. as read
    ("9 ช.ลาดพร้าว บ้านค้อ อ.โนนสัง จ.หนองบัวลำภู", [1]),  # no subdistrict prefix: the token before อ.
    ("9 ช.ลาดพร้าว บ้านค้อ", []),  # no unit at all: the grammar places nothing
    ("9 ช. 5 ต.บ้านค้อ อ.โนนสัง จ.หนองบัวลำภู", []),  # no name glued to the dot
    # a space printed after the dot (abbr2 scenes): the letter and dot alone, a name after them
    ("360 หมู่ที่ 17 อ. ราชพฤกษ์ ต.ราชสถิตย์ อ.ไชโย จ.อ่างทอง", [3]),
    ("104 ซ. อุดรดุษฎี ด. นวมินทร์ แขวงบางขุนนนท์ เขตบางกอกน้อย กรุงเทพมหานคร", [3]),
    ("704 หมู่ที่ 3 ซ. วงศ์สว่าง 105 0. นครอินทร์ ต.นาทอน อ.ทุ่งหว้า จ.สตูล", [6]),  # ถ read as a digit
    ("12 ต. บ้านค้อ อ. โนนสัง จ. หนองบัวลำภู", []),  # the subdistrict printed spaced is no slot
    ("12 ต. สีลม ต. บ้านค้อ อ. โนนสัง จ. หนองบัวลำภู", [1]),  # ... but a ต. before it is
    ("9 ช. ต.บ้านค้อ อ.โนนสัง จ.หนองบัวลำภู", []),  # the name after it is the subdistrict's
])
def test_the_grammar_places_lanes_and_roads_before_the_subdistrict(tokens: str, want: list[int]) -> None:
    assert G.lane_road_slots(tokens.split(" ")) == want


def test_a_spaced_abbreviation_takes_the_offered_letter() -> None:
    row = "571 หมู่ที่ 13 ซ.สิงหวัฒน์ 20 ต. หลังสวน ต.คำเตย อ.ไทยเจริญ จ.ยโสธร"
    road = row.replace("ต. หลัง", "ถ. หลัง")
    assert choose_lane_road([row], [_nbest(row, (road, -2.0))]) == [road]
    assert choose_lane_road([row], [_nbest(row)]) == [row]  # no offer: as read


def test_a_space_lost_after_the_dot_is_put_back_where_the_recognizer_offers_it() -> None:
    # bench abbr2_tuned 5011: printed ถ. ช้างเผือก, read ต.ช้างเผือก; the n-best offers the space at 0.011
    row = "453/238 หมู่ที่ 1 ต.ช้างเผือก ต.เชียงม่วน อ.เชียงม่วน จ.พะเยา"
    chosen = row.replace("ต.ช้าง", "ถ.ช้าง")
    spaced = row.replace("ต.ช้าง", "ต. ช้าง")
    assert choose_spaces([row], [_nbest(row, (spaced, -4.5))], [chosen]) == [chosen.replace(".ช้าง", ". ช้าง")]
    assert choose_spaces([row], [_nbest(row)], [chosen]) == [chosen]  # no offer: glued as read
    assert choose_spaces([row], [None], [chosen]) == [chosen]  # not read again


def test_no_space_is_put_after_the_subdistrict_or_a_village_abbreviation() -> None:
    row = "12 ม.บ้านสวน ซ.ลาดพร้าว ต.บ้านค้อ อ.โนนสัง จ.หนองบัวลำภู"
    offers = [(row.replace(w, w[:2] + " " + w[2:]), -1.0) for w in ("ม.บ้าน", "ต.บ้าน", "อ.โนน")]
    assert choose_spaces([row], [_nbest(row, *offers)]) == [row]
    lane = row.replace("ซ.ลาด", "ซ. ลาด")
    assert choose_spaces([row], [_nbest(row, *offers, (lane, -3.0))]) == [lane]


def test_a_space_offer_is_found_across_rows() -> None:
    rows = ["554/132 หมู่ที่ 6 ซ. โชตนา ก.เอกมัย แขวงบางนาเหนือ", "เขตบางนา กรุงเทพมหานคร"]
    spaced = rows[0].replace("ก.เอก", "ก. เอก")
    assert choose_spaces(rows, [_nbest(rows[0], (spaced, -2.4)), None]) == [spaced, rows[1]]


def test_slots_span_the_rows_of_the_address() -> None:
    rows = ["468 หมู่ที่ 7 ต.ราชดำเนิน", "ต.บ้านค้อ อ.โนนสัง จ.หนองบัวลำภู"]
    assert lane_road_slots(rows) == [(0, len("468 หมู่ที่ 7 "))]


def test_an_abbreviated_lane_or_road_name_is_snapped_like_a_full_one() -> None:
    streets = load_street_names()
    read = "435 ซ.ตีวานนท์ 116 ถ.มิดรภาพ แขวงดาวคะนอง เขตธนบุรี กรุงเทพมหานคร"
    assert streets.snap(read) == ("435 ซ.ติวานนท์ 116 ถ.มิตรภาพ แขวงดาวคะนอง เขตธนบุรี กรุงเทพมหานคร", 2)
    # the last three tokens are the administrative units, never a road, even with a subdistrict's
    # prefix misread ถ.
    tail = "12 ถ.มิดรภาพ อ.เมือง จ.ชลบุรี"
    assert streets.snap(tail) == (tail, 0)


def test_a_name_printed_after_a_spaced_abbreviation_is_snapped() -> None:
    streets = load_street_names()
    read = "435 ซ. ตีวานนท์ 116 ถ. มิดรภาพ แขวงดาวคะนอง เขตธนบุรี กรุงเทพมหานคร"
    assert streets.snap(read) == ("435 ซ. ติวานนท์ 116 ถ. มิตรภาพ แขวงดาวคะนอง เขตธนบุรี กรุงเทพมหานคร", 2)
    tail = "12 ถ. มิดรภาพ อ.เมือง จ.ชลบุรี"  # the name would be the subdistrict: left alone
    assert streets.snap(tail) == (tail, 0)


def test_the_crops_own_first_reading_counts_where_the_address_vote_took_the_other_letter() -> None:
    kept = "116/40 หมู่ที่ 5 ซ.รามคำแหง 80 ต.ลาดพร้าว ต.วังคัน อ.ด่านช้าง จ.สุพรรณบุรี"
    greedy = kept.replace("ต.ลาด", "ถ.ลาด")  # the kept crop reads ถ; the vote took the other crop's ต
    assert choose_lane_road([kept], [_nbest(greedy)]) == [greedy]


def test_a_slot_is_found_in_a_reading_that_differs_from_the_kept_one_elsewhere() -> None:
    # the vote changed the kept row after the slot (a mark lost: another length); the crop's own
    # readings still line up before it (bench scene 5015, hard)
    kept = "928 หมู่ที่ 11 ต.อ่อนนุช แขวงวัดทำทระ เขตบวงกอกใหญ กรุงเทพมหานคร"
    greedy = "928 หมู่ที่ 11 ต.อ่อนนุช แขวงวัดทำทระ เขตบางกอกใหญ่ กรุงเทพมหานคร"
    nb = _nbest(greedy, (greedy.replace("ต.อ่อน", "ถ.อ่อน"), -3.8))
    assert choose_lane_road([kept], [nb]) == [kept.replace("ต.อ่อน", "ถ.อ่อน")]
    # the other crop's reading offers it too; a reading that differs on both sides of the slot does not
    other = "928 หมู่ที่ 11 ถ.อ่อนนุช แขวงวัศทาพระ เขตบวงกอกใหญ กรุงเทพมหานคร"
    assert choose_lane_road([kept], [None], [other]) == [kept.replace("ต.อ่อน", "ถ.อ่อน")]
    assert choose_lane_road([kept], [None], ["929 " + other[4:].replace("กรุง", "กรง")]) == [kept]
