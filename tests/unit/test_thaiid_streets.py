"""Snapping a read Thai address's road (ถนน) and lane (ซอย) names to the names of real roads."""

from __future__ import annotations

import gzip
import json

import pytest

from airocr.engine.thaiid.streets import DATA, StreetNames, load_street_names, slip_distance
from scripts.data.build_th_streets import KEEP_MIN_LEN, NOT_THAI_STREETS, street_names
from scripts.training.build_lookalikes import substitutions


@pytest.mark.parametrize("read,want", [
    # one slip in a road's name: a mark added, ำ read as ่า (two code points, a nine-letter name),
    # a look-alike consonant, a leading vowel lost (ID-card bench readings of hard photos)
    ("181/203 ถนนร่ามคำแหง แขวงบางชัน เขตคลองสามวา กรุงเทพมหานคร",
     "181/203 ถนนรามคำแหง แขวงบางชัน เขตคลองสามวา กรุงเทพมหานคร"),
    ("28/295 ถนนรามค่าแหง ต.เมืองที อ.เมืองสุรินทร์ จ.สุรินทร์", "28/295 ถนนรามคำแหง ต.เมืองที อ.เมืองสุรินทร์ จ.สุรินทร์"),
    ("524/108 ถนนมิดรภาพ แขวงคลองตันเหนือ เขตวัฒนา กรุงเทพมหานคร",
     "524/108 ถนนมิตรภาพ แขวงคลองตันเหนือ เขตวัฒนา กรุงเทพมหานคร"),
    ("590 หมู่ที่ 7 ถนนยาวราช ต.จอมประทัด อ.วัดเพลง จ.ราชบุรี", "590 หมู่ที่ 7 ถนนเยาวราช ต.จอมประทัด อ.วัดเพลง จ.ราชบุรี"),
    # a lane named after a road, its number kept; a road and a lane in one address
    ("435 ซอยตีวานนท์ 116 แขวงดาวคะนอง เขตธนบุรี กรุงเทพมหานคร", "435 ซอยติวานนท์ 116 แขวงดาวคะนอง เขตธนบุรี กรุงเทพมหานคร"),
    ("393/129 ซอยลาดพร้าว ถนนติวานนห์ แขวงทับยาว เขตลาดกระบัง กรุงเทพมหานคร",
     "393/129 ซอยลาดพร้าว ถนนติวานนท์ แขวงทับยาว เขตลาดกระบัง กรุงเทพมหานคร"),
])
def test_a_slip_in_a_listed_road_or_lane_name_is_undone(read: str, want: str) -> None:
    text, changed = load_street_names().snap(read)
    assert text == want
    assert changed == sum(a != b for a, b in zip(read.split(), want.split(), strict=True))


@pytest.mark.parametrize("read", [
    "99/12 ซอยลาดพร้าว 15 แขวงจอมพล เขตจตุจักร กรุงเทพมหานคร",  # listed names stay
    "877 ซอยประชาราษฎร์บำเพ็ญ ถนนประชาราษฎร์บำเพ็ญ แขวงบางจาก เขตพระโขนง กรุงเทพมหานคร",  # unlisted, far
    "127/267 หมู่ที่ 1 ซอยบางนา-ตราด ถนนแจ้งวัฒนะ แขวงบางนาใต้ เขตบางนา กรุงเทพมหานคร",  # a hyphen: not a name we snap
    "12 ถนนสุเทพ ต.สุเทพ อ.เมืองเชียงใหม่ จ.เชียงใหม่",  # unlisted, and no listed name a slip away
    "12 ถนนสาธร ต.สุเทพ อ.เมืองเชียงใหม่ จ.เชียงใหม่",  # listed as well as สาทร
    "12 ถนนทอง ต.สุเทพ อ.เมืองเชียงใหม่ จ.เชียงใหม่",  # shorter than MIN_LEN: one slip from too much
    "12 ซอย 5 ถนน ต.สุเทพ อ.เมืองเชียงใหม่ จ.เชียงใหม่",  # a bare street word
])
def test_listed_far_hyphenated_and_short_names_are_left_as_read(read: str) -> None:
    assert load_street_names().snap(read) == (read, 0)


def test_a_name_as_close_to_two_listed_names_is_left_as_read() -> None:
    streets = StreetNames(["ลาดพร้าว", "ลาดพร้าง"])
    assert streets.closest("ลาดพร้าร") == "ลาดพร้าร"  # ร/ว and ร/ง are both look-alikes
    assert StreetNames(["ลาดพร้าว"]).closest("ลาดพร้าร") == "ลาดพร้าว"


def test_an_unlisted_near_twin_of_a_listed_name_is_not_pulled_to_it() -> None:
    """Real road names come in twins an edit apart; only the recognizer's slips may bridge them."""
    streets = StreetNames(["เอกมัย", "นิมมานเหมินทร์"])
    assert streets.closest("เอกชัย") == "เอกชัย"  # ช/ม: no look-alike
    assert streets.closest("นิมมานเหมินท์") == "นิมมานเหมินท์"  # a letter lost is no slip; a mark is
    assert streets.closest("เอกมย") == "เอกมัย"  # the mark lost
    assert streets.closest("นิมมานเหมินทร") == "นิมมานเหมินทร์"


def test_slip_distance_counts_lookalikes_and_small_marks_only() -> None:
    assert slip_distance("มิดรภาพ", "มิตรภาพ") == 1  # ด/ต
    assert slip_distance("รามค่าแหง", "รามคำแหง") == 2  # ำ read as ่า: a mark for ำ, and า added
    assert slip_distance("ยาวราช", "เยาวราช") == 1  # the leading vowel lost
    assert slip_distance("เอกชัย", "เอกมัย") > 2
    assert slip_distance("นิมมานเหมินท์", "นิมมานเหมินทร์") > 2


def test_two_slips_are_reached_from_nine_letters_only() -> None:
    streets = StreetNames(["รามคำแหง", "วัฒนาการ"])
    assert streets.closest("รามค่าแหง") == "รามคำแหง"  # 9 letters, two slips
    assert streets.closest("วัฒมาภาร") == "วัฒมาภาร"  # 8 letters, two slips (น/ม, ก/ภ): too far


def test_the_packaged_list_is_the_build_scripts_kind() -> None:
    """The shipped list holds Thai names only, none of the excluded titles, and the well-known
    roads a card's address names most often."""
    d = json.loads(gzip.decompress(DATA.read_bytes()).decode("utf-8"))
    names = d["names"]
    assert d["license"] == "CC-BY-SA-4.0" and names == sorted(set(names))
    assert not NOT_THAI_STREETS & set(names)
    assert all(len(n) >= KEEP_MIN_LEN for n in names)
    assert {"สุขุมวิท", "รามคำแหง", "พหลโยธิน", "ลาดพร้าว", "เพชรเกษม"} <= set(names)


def test_build_keeps_names_after_the_prefixes_and_drops_junk() -> None:
    titles = ["ถนนสุขุมวิท", "ซอยอโศก", "ถนนวอลล์สตรีท", "ซอยะฮาน", "ถนนที่", "วัดอรุณ", "ถนนสุขุมวิท\n", "ถนนABC"]
    assert street_names(titles) == ["สุขุมวิท", "อโศก"]


def test_lookalike_pairs_are_read_off_the_recognizers_error_lines() -> None:
    lines = ["th_words   'ดิ้นสุภ' -> 'ติ้นสุภ'\n", "th_name    'นาย ชาติ' -> 'นาย ซาติ'\n",
             "addr_bkk   'ถนนรามคำแหง' -> 'ถนนรามค่าแหง'\n", "| mixed | 153 | 77.78% | 2.22% |\n",
             "th_words   'ดวง' -> 'ตวง'\n"]
    assert substitutions(lines) == {"ดต": 2, "ชซ": 1}  # marks are not letters; table rows are skipped
