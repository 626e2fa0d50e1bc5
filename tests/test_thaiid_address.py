"""Snapping a read Thai address's subdistrict / district / province to the official names."""

from __future__ import annotations

import pytest

from engine.thaiid.address import load_gazetteer


@pytest.mark.parametrize("read,want", [
    # look-alike slips in each unit, in the three printed forms
    ("821 หมู่ที่ 5 ต.ภู่ทอง อ.เชียงยืน จ.มหาสารคาม", "821 หมู่ที่ 5 ต.กู่ทอง อ.เชียงยืน จ.มหาสารคาม"),
    ("360 ซอยติวานนท์ 4 แขวงคลองสองต้นนุ่น เขตลาตกระบัง กรุงเทพมหานคร",
     "360 ซอยติวานนท์ 4 แขวงคลองสองต้นนุ่น เขตลาดกระบัง กรุงเทพมหานคร"),
    ("157 หมู่ที่ 3 ตำบลนาวังหิน อำเภอพนัสนิคม จังหวัดชลบุรื", "157 หมู่ที่ 3 ตำบลนาวังหิน อำเภอพนัสนิคม จังหวัดชลบุรี"),
    # a misread prefix letter, a dropped space before a prefix, a stray comma box at the end
    ("103 หมู่ที่ 3 ต.ตกพรม ฮ.ขลุง จ.ชันทบุรี", "103 หมู่ที่ 3 ต.ตกพรม อ.ขลุง จ.จันทบุรี"),
    ("874 หมู่ที่ 3 ต.บ้านฝางอ.เกษตรวิสัย จ.ร้อยเอ็ต ,", "874 หมู่ที่ 3 ต.บ้านฝาง อ.เกษตรวิสัย จ.ร้อยเอ็ด"),
    ("21 หมู่ที่ 16 .ตำบลนาชุมแสง อำเภอทุ่งฝน จัง่หวัดอุดรธานี", "21 หมู่ที่ 16 ตำบลนาชุมแสง อำเภอทุ่งฝน จังหวัดอุดรธานี"),
    # two slips in a four-letter district, carried by the rest of the triple (a dark photo's reading)
    ("103 หมู่ที่ 3 ต.ตกพวม อ.ขตูง จ.จันทบุรี", "103 หมู่ที่ 3 ต.ตกพรม อ.ขลุง จ.จันทบุรี"),
    # the aligned matcher (hard-photo readings): a garbled prefix, three slips in one name, a lost
    # space between units, a province four slips off that the district and subdistrict carry
    ("100 หมู่ที่ 10 แขางตลาดบางเขน เขตงสักสี กรุงเทพมหานคร", "100 หมู่ที่ 10 แขวงตลาดบางเขน เขตหลักสี่ กรุงเทพมหานคร"),
    ("277 ซอยสาทร 2 แขวงพ่าช้วม เขตบางขุนเทียน กรุงเทพมหานคร", "277 ซอยสาทร 2 แขวงท่าข้าม เขตบางขุนเทียน กรุงเทพมหานคร"),
    ("550 หมู่ที่ 7 ตำบลตะโละไกรทอง อ่ำเกยไม้แก่น จังหวัดปัตตานี",
     "550 หมู่ที่ 7 ตำบลตะโละไกรทอง อำเภอไม้แก่น จังหวัดปัตตานี"),
    ("318/277 หมู่ที่ 5 ตำงลเมืองส์วรรคโล ถ่ำเภอสวรจศโลกจังหวัดสุโขพัย",
     "318/277 หมู่ที่ 5 ตำบลเมืองสวรรคโลก อำเภอสวรรคโลก จังหวัดสุโขทัย"),
    ("821 หมู่ที่ 5 ถพนประชา ต.กู่พอง อ.เชียงยิน จ.มหางวาตาม", "821 หมู่ที่ 5 ถพนประชา ต.กู่ทอง อ.เชียงยืน จ.มหาสารคาม"),
    # a prefix read as a letter (ด for ต.): the tail starts at the word, not one letter before it
    ("598/220 หมู่ที่ 8 ถนนเอกชัย ดนาโพธิ์ อ.พิบูลมังสาหาร จ.อุบลราชธานี",
     "598/220 หมู่ที่ 8 ถนนเอกชัย ต.นาโพธิ์ อ.พิบูลมังสาหาร จ.อุบลราชธานี"),
])
def test_snaps_admin_units_to_official_names(read: str, want: str) -> None:
    snap = load_gazetteer().snap(read)
    assert snap.text == want
    assert snap.edits and snap.edits > 0


def test_exact_reading_is_kept_with_zero_edits() -> None:
    addr = "99/12 ซอยลาดพร้าว 15 แขวงจอมพล เขตจตุจักร กรุงเทพมหานคร"
    snap = load_gazetteer().snap(addr)
    assert (snap.text, snap.edits) == (addr, 0)


@pytest.mark.parametrize("read", [
    "598/173 หมู่ที่ 6 ส.ผัวงหีธม อ.แมัสถน้สม จ.แม่สี้อวสงน",  # too garbled to be any official triple
    "12 ถนนสุขุมวิท",  # no subdistrict / district / province tail
    "5 ต.ในเมือง อ.เมืองขอนแก่น จ.ปารีส",  # a province that does not exist
    "251 หมู่ที่ 4 ต.บากกพส อ.บากมจควนาท",  # the province row lost
])
def test_unrecognisable_tail_is_left_as_read(read: str) -> None:
    snap = load_gazetteer().snap(read)
    assert snap.text == read
    assert snap.edits is None
