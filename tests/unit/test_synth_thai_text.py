"""Synthetic text generators: formats, checksums, NFC and determinism."""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata

from scripts.synthesis.thai import thai_text as tt
from scripts.synthesis.thai.charset import char_to_index


def test_id_checksum_known_value() -> None:
    # digits x weights 13..2: 13+12+0+10+63+0+0+12+15+0+21+0 = 146; (11 - 146 % 11) % 10 = 8
    assert tt.id_checksum("110170023070") == 8


def test_id_number_format_and_checksum() -> None:
    rng = random.Random(0)
    for _ in range(200):
        d = tt.id_digits(rng)
        assert len(d) == 13 and d[0] != "0"
        assert int(d[12]) == tt.id_checksum(d[:12])
        assert re.fullmatch(r"\d \d{4} \d{5} \d{2} \d", tt.format_id(d))


def test_codes_formats() -> None:
    rng = random.Random(1)
    for _ in range(100):
        assert re.fullmatch(r"\d{4}-\d{2}-\d{8}", tt.serial_number(rng))
        assert re.fullmatch(r"[A-Z]{2}\d-\d{7}-\d{2}", tt.laser_code(rng))


def test_dates() -> None:
    import datetime as dt

    assert tt.thai_date(dt.date(1950, 2, 5)) == "5 ก.พ. 2493"
    assert tt.english_date(dt.date(1950, 2, 5)) == "5 Feb. 1950"
    assert tt.english_date(dt.date(1999, 5, 31)) == "31 May 1999"


def test_lines_are_nfc_in_charset_and_deterministic() -> None:
    table = char_to_index()
    a = [tt.sample_line(random.Random(7)) for _ in range(3)]
    b = [tt.sample_line(random.Random(7)) for _ in range(3)]
    assert a == b
    rng = random.Random(3)
    for kind in tt.KINDS:
        for _ in range(50):
            _, s = tt.sample_line(rng, kind)
            assert s == unicodedata.normalize("NFC", s) and s.strip() == s and s
            assert all(c in table for c in s), (kind, s)
    assert "\u0e33" in "".join(tt.sample_line(rng, "th_words")[1] for _ in range(300))  # sara am kept


def test_addresses_forms() -> None:
    rng = random.Random(5)
    bkk = tt.address_bangkok(rng)
    assert "แขวง" in bkk and "เขต" in bkk and bkk.endswith("กรุงเทพมหานคร")
    prov = tt.address_provincial(rng)
    assert ("ต." in prov and "อ." in prov and "จ." in prov) or "ตำบล" in prov


def test_card_person_consistent() -> None:
    rng = random.Random(11)
    for _ in range(100):
        p = tt.sample_card_person(rng)
        assert p.birth_date_th == tt.thai_date(p.birth_date)
        assert p.birth_date_en == tt.english_date(p.birth_date)
        assert p.birth_date < p.issue_date < p.expiry_date
        if p.expiry_date.year < 9999:  # the day before a birthday, 8-9 years after issue
            assert (p.expiry_date + dt.timedelta(days=1)).strftime("%m%d") == p.birth_date.strftime("%m%d")
            assert 8 * 365 <= (p.expiry_date - p.issue_date).days <= 9 * 366
        else:
            assert p.expiry_date_en == "LIFELONG" and p.expiry_date_th == "ตลอดชีพ"
        assert p.name_th.startswith(p.prefix_th)
        assert tt.id_checksum(p.id_number[:12]) == int(p.id_number[12])
        assert " ".join(p.address_lines) == p.address
        if p.prefix_th in ("ด.ช.", "ด.ญ."):
            assert (p.issue_date - p.birth_date).days < 15 * 366
