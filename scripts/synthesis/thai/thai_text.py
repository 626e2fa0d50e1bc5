"""Text generators for every kind of text printed on a Thai national ID card, plus filler text.

Every generator takes a ``random.Random`` and returns an NFC string, so output is deterministic
from a seed.  ``sample_card_person`` returns one consistent person (front and back of the card),
for the synthetic ID-card generator; ``sample_line`` draws one recognizer training line of a
given kind (see ``KINDS``).

Data: Thai names, words and the gazetteer are vendored in ``data/`` (see ``build_data.py`` for
the sources, versions and licences).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import string
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

THAI_MONTHS_ABBR = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
                    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
THAI_MONTHS_FULL = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
                    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
EN_MONTHS_ABBR = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.",
                  "Jul.", "Aug.", "Sep.", "Oct.", "Nov.", "Dec.")
BE_OFFSET = 543  # Buddhist era = Gregorian + 543

# (Thai prefix as printed, English title, sex, minimum age, maximum age)
PREFIXES = (
    ("นาย", "Mr.", "M", 15, 95),
    ("นาง", "Mrs.", "F", 20, 95),
    ("น.ส.", "Miss", "F", 15, 80),
    ("ด.ช.", "Master", "M", 7, 14),
    ("ด.ญ.", "Miss", "F", 7, 14),
)
RELIGIONS = ("พุทธ", "อิสลาม", "คริสต์", "ฮินดู", "ซิกข์", "ไม่มีศาสนา")
RELIGION_WEIGHTS = (85, 6, 4, 1, 1, 3)
LABELS_TH = ("บัตรประจำตัวประชาชน", "เลขประจำตัวประชาชน", "ชื่อตัวและชื่อสกุล", "เกิดวันที่", "ศาสนา",
             "ที่อยู่", "วันออกบัตร", "วันบัตรหมดอายุ", "เจ้าพนักงานออกบัตร", "ชื่อ", "นามสกุล",
             "ตลอดชีพ", "หมู่โลหิต", "ราชอาณาจักรไทย")
LABELS_EN = ("Thai National ID Card", "Identification Number", "Name", "Last name", "Date of Birth",
             "Date of Issue", "Date of Expiry", "LIFELONG", "Lifelong")
# Romanised syllables for English names (RTGS-like), so they look like real Thai names in Latin.
_EN_SYL = ("som", "chai", "sak", "sri", "wan", "pra", "kit", "nop", "porn", "thong", "chan", "suk",
           "rat", "pong", "a", "nan", "wit", "thi", "da", "nit", "ya", "rung", "run", "kul", "si", "ri",
           "ja", "roen", "boon", "mee", "sa", "wat", "tha", "wee", "pa", "ni", "phon", "phan", "chon",
           "kan", "ta", "wa", "na", "ti", "sup", "ha", "cha", "on", "rin", "tip", "suda", "yu", "phat",
           "krai", "kiat", "sin", "ton", "prasert", "wong", "in", "dee", "jai", "mon", "lak", "man",
           "yot", "sit", "thip", "ju", "tha", "pen", "kae", "ngam", "rak", "thai", "saeng", "duang")
_EN_SURNAME_TAIL = ("", "", "", "sri", "wong", "kul", "chai", "dee", "phan", "suk", "rat", "porn")
_LATIN_WORDS = ("road", "soi", "moo", "village", "card", "office", "bangkok", "thailand", "district",
                "date", "name", "number", "street", "tower", "building", "floor", "room", "apartment",
                "company", "limited", "school", "hospital", "market", "station", "temple", "park")
_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_SOI_NAMES = ("ลาดพร้าว", "สุขุมวิท", "รามคำแหง", "พหลโยธิน", "เพชรเกษม", "จรัญสนิทวงศ์", "งามวงศ์วาน",
              "แจ้งวัฒนะ", "ประชาอุทิศ", "พัฒนาการ", "อ่อนนุช", "เอกชัย", "บางนา-ตราด", "วิภาวดีรังสิต",
              "เจริญกรุง", "สาทร", "ศรีนครินทร์", "ติวานนท์", "รัชดาภิเษก", "ประชาราษฎร์บำเพ็ญ")
_ROAD_NAMES = _SOI_NAMES + ("มิตรภาพ", "สุเทพ", "นิมมานเหมินท์", "ราชดำเนิน", "เยาวราช", "ศรีอยุธยา")
# A second tuned list of real roads (lanes off them are named after them: ซ.ทองหล่อ 10), none in the
# lists above; the last six (provincial towns' roads) are not on the engine's street list.
_ROAD_NAMES_2 = ("มหิดล", "ห้วยแก้ว", "ราชพฤกษ์", "นวมินทร์", "ประชาชื่น", "กาญจนาภิเษก", "ราษฎร์บูรณะ", "สามเสน",
                 "เพชรบุรี", "ประดิษฐ์มนูธรรม", "หลังสวน", "สีลม", "เทพารักษ์", "นครอินทร์", "ลาดกระบัง",
                 "สิงหวัฒน์", "ทองหล่อ", "เอกมัย", "วงศ์สว่าง", "โชตนา", "ช้างเผือก", "อุดรดุษฎี", "ประจักษ์ศิลปาคม",
                 "บรมไตรโลกนาถ", "นิพัทธ์อุทิศ", "กลางเมือง")
# The tuned styles that print names from the second list
_NAMES_2_STYLES = frozenset(("abbr_names2", "abbr_spaced"))


def nfc(s: str) -> str:
    """Normalise to NFC (never NFKC: it splits sara am into nikhahit + sara aa)."""
    return unicodedata.normalize("NFC", s)


@cache
def _names() -> dict[str, list[str]]:
    return json.loads((DATA / "names_th.json").read_text("utf-8"))


@cache
def _words() -> list[str]:
    return [w for w in (DATA / "words_th.txt").read_text("utf-8").split("\n") if w and not w.startswith("#")]


@cache
def _gazetteer() -> dict:
    g = json.loads((DATA / "gazetteer.json").read_text("utf-8"))
    by_prov: dict[str, list[list[str]]] = {}
    for d in g["districts"]:
        by_prov.setdefault(d[0][:2], []).append(d)
    by_dist: dict[str, list[list[str]]] = {}
    for s in g["subdistricts"]:
        by_dist.setdefault(s[0][:4], []).append(s)
    g["districts_by_province"] = by_prov
    g["subdistricts_by_district"] = by_dist
    return g


# ---------------------------------------------------------------- names
def thai_given_name(rng: random.Random, sex: str) -> str:
    return rng.choice(_names()["male" if sex == "M" else "female"])


def thai_family_name(rng: random.Random) -> str:
    return rng.choice(_names()["family"])


@cache
def _names_en() -> dict[str, str]:
    return json.loads((DATA / "names_en.json").read_text("utf-8"))["royin"]


# Spellings that real cards use beside the Royal Institute system: an aspirate's "h" dropped
# (Kittipong, Pornthip), จ as "j" (Jaidee), a final "i" as "ee".
_SPELLING_HABITS = ((0.4, "ph", "p"), (0.15, "kh", "k"), (0.15, "th", "t"))


def romanized_name(rng: random.Random, thai: str) -> str | None:
    """The Latin spelling a card would print for the Thai name ``thai`` (capitalised), or None when
    the romanizer's table has no clean one. Royal Institute spelling with some common deviations."""
    latin = _names_en().get(thai, "")
    if not latin or not (latin.isascii() and latin.isalpha()):
        return None
    for p, old, new in _SPELLING_HABITS:
        if old in latin and rng.random() < p:
            latin = latin.replace(old, new)
    if latin.startswith("ch") and thai.startswith("จ") and rng.random() < 0.3:
        latin = "j" + latin[2:]
    if latin.endswith("i") and not latin.endswith("ai") and rng.random() < 0.2:
        latin = latin[:-1] + "ee"
    return latin.capitalize()


def english_word_name(rng: random.Random, n_min: int = 1, n_max: int = 3) -> str:
    n = rng.randint(n_min, n_max)
    return "".join(rng.choice(_EN_SYL) for _ in range(n)).capitalize()


def english_family_name(rng: random.Random) -> str:
    return (english_word_name(rng, 1, 3) + rng.choice(_EN_SURNAME_TAIL)).capitalize()


def thai_name_line(rng: random.Random) -> str:
    """``นาย สมชาย ใจดี`` style: printed prefix, given name and family name."""
    prefix, _, sex, _, _ = rng.choice(PREFIXES)
    sep = rng.choice((" ", " ", ""))
    return nfc(f"{prefix}{sep}{thai_given_name(rng, sex)} {thai_family_name(rng)}")


def english_name_line(rng: random.Random) -> str:
    """``Mr. Somchai`` / ``Jaidee`` / ``Mr. Somchai Jaidee``, as on the card's English rows."""
    _, title, _, _, _ = rng.choice(PREFIXES)
    r = rng.random()
    if r < 0.4:
        return f"{title} {english_word_name(rng)}"
    if r < 0.6:
        return english_family_name(rng)
    return f"{title} {english_word_name(rng)} {english_family_name(rng)}"


# ---------------------------------------------------------------- dates
def thai_date(d: dt.date) -> str:
    """``5 ก.พ. 2493``: day, abbreviated Thai month, Buddhist-era year."""
    return nfc(f"{d.day} {THAI_MONTHS_ABBR[d.month - 1]} {d.year + BE_OFFSET}")


def english_date(d: dt.date) -> str:
    """``5 Feb. 1950`` (``May`` takes no dot)."""
    return f"{d.day} {EN_MONTHS_ABBR[d.month - 1]} {d.year}"


def random_date(rng: random.Random, start_year: int = 1925, end_year: int = 2035) -> dt.date:
    start = dt.date(start_year, 1, 1).toordinal()
    end = dt.date(end_year, 12, 31).toordinal()
    return dt.date.fromordinal(rng.randint(start, end))


def thai_date_line(rng: random.Random) -> str:
    d = thai_date(random_date(rng))
    r = rng.random()
    if r < 0.15:
        return nfc(f"เกิดวันที่ {d}")
    if r < 0.22:
        return nfc(f"{d} วันออกบัตร")
    if r < 0.29:
        return nfc(f"{d} วันบัตรหมดอายุ")
    if r < 0.35:
        dd = random_date(rng)
        return nfc(f"{dd.day} {THAI_MONTHS_FULL[dd.month - 1]} {dd.year + BE_OFFSET}")
    return d


def english_date_line(rng: random.Random) -> str:
    d = english_date(random_date(rng))
    r = rng.random()
    if r < 0.15:
        return f"Date of Birth {d}"
    if r < 0.22:
        return f"{d} Date of Issue"
    if r < 0.29:
        return f"{d} Date of Expiry"
    return d


# ---------------------------------------------------------------- numbers and codes
def id_checksum(first12: str) -> int:
    """Mod-11 check digit of a Thai citizen ID: (11 - sum(d_i * (13 - i)) % 11) % 10."""
    return (11 - sum(int(c) * (13 - i) for i, c in enumerate(first12)) % 11) % 10


def id_digits(rng: random.Random) -> str:
    first12 = str(rng.randint(1, 8)) + "".join(str(rng.randint(0, 9)) for _ in range(11))
    return first12 + str(id_checksum(first12))


def format_id(digits: str) -> str:
    """1-4-5-2-1 grouping: ``1 2345 67890 12 3``."""
    return f"{digits[0]} {digits[1:5]} {digits[5:10]} {digits[10:12]} {digits[12]}"


def id_number_line(rng: random.Random) -> str:
    s = format_id(id_digits(rng))
    return f"เลขประจำตัวประชาชน {s}" if rng.random() < 0.1 else s


def serial_number(rng: random.Random) -> str:
    """Back-side serial ``DDDD-DD-DDDDDDDD``."""
    d = "".join(str(rng.randint(0, 9)) for _ in range(14))
    return f"{d[:4]}-{d[4:6]}-{d[6:]}"


def laser_code(rng: random.Random) -> str:
    """Back-side laser code ``AA0-0000000-00``."""
    letters = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(2))
    d = "".join(str(rng.randint(0, 9)) for _ in range(10))
    return f"{letters}{d[0]}-{d[1:8]}-{d[8:]}"


def religion(rng: random.Random) -> str:
    return rng.choices(RELIGIONS, RELIGION_WEIGHTS)[0]


def religion_line(rng: random.Random) -> str:
    r = religion(rng)
    return nfc(f"ศาสนา {r}" if rng.random() < 0.6 else r)


def label_line(rng: random.Random) -> str:
    return nfc(rng.choice(LABELS_TH + LABELS_EN))


# ---------------------------------------------------------------- addresses
def _house_number(rng: random.Random) -> str:
    n = str(rng.randint(1, 999))
    if rng.random() < 0.4:
        n += f"/{rng.randint(1, 300)}"
    return n


def address_bangkok(rng: random.Random) -> str:
    """``99/12 ซอยลาดพร้าว 15 แขวงจอมพล เขตจตุจักร กรุงเทพมหานคร``."""
    g = _gazetteer()
    dist = rng.choice(g["districts_by_province"]["10"])
    sub = rng.choice(g["subdistricts_by_district"][dist[0]])
    parts = [_house_number(rng)]
    if rng.random() < 0.3:
        parts.append(f"หมู่ที่ {rng.randint(1, 20)}")
    if rng.random() < 0.6:
        parts.append(f"ซอย{rng.choice(_SOI_NAMES)} {rng.randint(1, 120)}" if rng.random() < 0.6
                     else f"ซอย{rng.choice(_SOI_NAMES)}")
    if rng.random() < 0.4:
        parts.append(f"ถนน{rng.choice(_ROAD_NAMES)}")
    parts += [f"แขวง{sub[1]}", dist[1], "กรุงเทพมหานคร"]
    return nfc(" ".join(parts))


def address_provincial(rng: random.Random) -> str:
    """``123/4 หมู่ที่ 5 ต.บ้านใหม่ อ.เมืองนครราชสีมา จ.นครราชสีมา``."""
    g = _gazetteer()
    prov = rng.choice([p for p in g["provinces"] if p[0] != "10"])
    dist = rng.choice(g["districts_by_province"][prov[0]])
    sub = rng.choice(g["subdistricts_by_district"].get(dist[0], [[dist[0], dist[1], ""]]))
    parts = [_house_number(rng)]
    if rng.random() < 0.8:
        parts.append(f"หมู่ที่ {rng.randint(1, 20)}")
    if rng.random() < 0.2:
        parts.append(f"ถนน{rng.choice(_ROAD_NAMES)}")
    long_form = rng.random() < 0.1
    if long_form:
        parts += [f"ตำบล{sub[1]}", f"อำเภอ{dist[1]}", f"จังหวัด{prov[1]}"]
    else:
        parts += [f"ต.{sub[1]}", f"อ.{dist[1]}", f"จ.{prov[1]}"]
    return nfc(" ".join(parts))


# ---------------------------------------------------------------- lane and road printing variants
# Real cards usually print the lane and road words abbreviated, ``ซ.`` (ซอย) and ``ถ.`` (ถนน), glued to
# the name; the full words also occur (../shared/spec/thai-id-card-facts.md; a real render:
# ``1/11 หมู่ที่ 1 ตรอกปฐม ซ.สุขุมวิท 1 ถ.สุขุมวิท แขวงคลองเตยเหนือ ...``). A style names the lane word, the
# road word and whether an alley (ตรอก, never abbreviated) may come first. Provincial addresses of an
# abbreviating style print ต./อ./จ. (as both real samples do); ``หมู่ที่`` stays in full (both real
# cards print it so; ``ม.`` was seen on a mock card only).
ADDRESS_STYLES: dict[str, tuple[str, str, bool]] = {
    "full": ("ซอย", "ถนน", False),
    "abbr": ("ซ.", "ถ.", False),
    "abbr_lane": ("ซ.", "ถนน", False),
    "abbr_road": ("ซอย", "ถ.", False),
    "abbr_trok": ("ซ.", "ถ.", True),
    "trok": ("ซอย", "ถนน", True),
    "abbr_names2": ("ซ.", "ถ.", False),
    "abbr_spaced": ("ซ. ", "ถ. ", False),
}
# The variants the reader may be tuned on, and the ones kept aside to measure it (never looked at
# while tuning): other styles, and lane/road/alley names that are not in the tuned lists.
TUNED_ADDRESS_STYLES = ("abbr", "abbr_lane")
HELDOUT_ADDRESS_STYLES = ("abbr_road", "abbr_trok")
# A second tuned family (its own bench conditions, so the scenes above stay as they were): ซ. and ถ.
# glued as on real cards, and with a space after the dot (as addresses are often typed), both with
# the names of _ROAD_NAMES_2 (other real roads, Bangkok and provincial).
TUNED_ADDRESS_STYLES_2 = ("abbr_names2", "abbr_spaced")
# An alley (ตรอก) before the lane and road, all words in full: tuned (its own bench condition, so that
# the tuned abbreviation styles' scenes stay as they were).
TUNED_ALLEY_STYLES = ("trok",)
# Real Thai roads (Bangkok and provincial) that the tuned styles never print; some are on the
# engine's street list, some not (ช้างคลาน, ศรีจันทร์, หน้าเมือง, ธนะรัชต์, นางลิ้นจี่).
HELDOUT_STREET_NAMES = ("เจริญนคร", "สุขสวัสดิ์", "ประดิพัทธ์", "อรุณอมรินทร์", "บรมราชชนนี", "ลาดหญ้า",
                        "นวมินทร์", "รามอินทรา", "สีลม", "สุรวงศ์", "ราชวิถี", "พญาไท", "ห้วยแก้ว",
                        "ประชาชื่น", "ช้างคลาน", "ศรีจันทร์", "หน้าเมือง", "โพธิ์กลาง", "ธนะรัชต์",
                        "เจริญเมือง", "ท่าแพ", "ทองหล่อ", "อุดมสุข", "เทพารักษ์", "นางลิ้นจี่")
_TROK_NAMES = ("ปฐม", "จันทน์", "ข้าวสาร", "สาเก", "วัดท่าพระ", "โรงไม้", "สะพานถ่าน", "ไก่แจ้")


def styled_address(rng: random.Random, style: str, heldout_names: bool = False) -> str:
    """An address whose lane and road are printed in ``style`` (:data:`ADDRESS_STYLES`), Bangkok or
    provincial (even odds), with a lane, a road or both (an address of a styled card always has one);
    names from the tuned lists, or with ``heldout_names`` from :data:`HELDOUT_STREET_NAMES`."""
    lane_word, road_word, trok = ADDRESS_STYLES[style]
    lanes = HELDOUT_STREET_NAMES if heldout_names else _ROAD_NAMES_2 if style in _NAMES_2_STYLES else _SOI_NAMES
    roads = HELDOUT_STREET_NAMES if heldout_names else _ROAD_NAMES_2 if style in _NAMES_2_STYLES else _ROAD_NAMES
    g = _gazetteer()
    bangkok = rng.random() < 0.5
    parts = [_house_number(rng)]
    if rng.random() < (0.3 if bangkok else 0.8):
        parts.append(f"หมู่ที่ {rng.randint(1, 20)}")
    if trok and rng.random() < 0.7:
        parts.append(f"ตรอก{rng.choice(_TROK_NAMES)}")
    lane, road = rng.random() < 0.7, rng.random() < 0.7
    if lane or not road:
        name = rng.choice(lanes)
        parts.append(f"{lane_word}{name} {rng.randint(1, 120)}" if rng.random() < 0.6 else f"{lane_word}{name}")
    if road:
        parts.append(f"{road_word}{rng.choice(roads)}")
    if bangkok:
        dist = rng.choice(g["districts_by_province"]["10"])
        sub = rng.choice(g["subdistricts_by_district"][dist[0]])
        parts += [f"แขวง{sub[1]}", dist[1], "กรุงเทพมหานคร"]
    else:
        prov = rng.choice([p for p in g["provinces"] if p[0] != "10"])
        dist = rng.choice(g["districts_by_province"][prov[0]])
        sub = rng.choice(g["subdistricts_by_district"].get(dist[0], [[dist[0], dist[1], ""]]))
        parts += [f"ต.{sub[1]}", f"อ.{dist[1]}", f"จ.{prov[1]}"]
    return nfc(" ".join(parts))


def split_address(addr: str, rng: random.Random) -> list[str]:
    """Split an address into the one or two printed lines a card shows."""
    toks = addr.split(" ")
    if len(toks) < 4 or rng.random() < 0.3:
        return [addr]
    cut = rng.randint(2, len(toks) - 2)
    return [" ".join(toks[:cut]), " ".join(toks[cut:])]


def address_line(rng: random.Random, bangkok: bool) -> str:
    addr = address_bangkok(rng) if bangkok else address_provincial(rng)
    line = rng.choice(split_address(addr, rng))
    return nfc(f"ที่อยู่ {line}") if rng.random() < 0.1 else line


# ---------------------------------------------------------------- filler text
def thai_words_line(rng: random.Random) -> str:
    n = rng.randint(1, 5)
    words = [rng.choice(_words()) for _ in range(n)]
    joiner = rng.choice(("", " ", ""))
    return nfc(joiner.join(words))


def mixed_line(rng: random.Random) -> str:
    """Thai, Latin, digits and card punctuation mixed, so the model is not card-only."""
    parts: list[str] = []
    for _ in range(rng.randint(2, 5)):
        r = rng.random()
        if r < 0.4:
            parts.append(rng.choice(_words()))
        elif r < 0.52:
            w = rng.choice(_LATIN_WORDS)
            parts.append(rng.choice((w, w.capitalize(), w.upper())))
        elif r < 0.6:
            alphabet = rng.choice((string.ascii_letters, string.ascii_uppercase, string.ascii_lowercase))
            parts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))))
        elif r < 0.8:
            num = str(rng.randint(0, 99999))
            parts.append(num.translate(_THAI_DIGITS) if rng.random() < 0.15 else num)
        else:
            parts.append(rng.choice(("-", "/", ".", ",", ":", "(", ")", "'", '"', "#", "&", "+", "%", "฿", "ฯ", "ๆ")))
    out = parts[0]
    for p in parts[1:]:
        out += (" " if rng.random() < 0.7 else "") + p
    return nfc(out)


# ---------------------------------------------------------------- one consistent person
@dataclass(frozen=True)
class CardPerson:
    """All text fields of one Thai ID card, front and back, mutually consistent."""

    id_number: str  # 13 digits, valid checksum
    id_number_formatted: str  # "1 2345 67890 12 3"
    prefix_th: str
    given_name_th: str
    family_name_th: str
    name_th: str  # "นาย สมชาย ใจดี"
    title_en: str
    given_name_en: str
    family_name_en: str
    name_en: str  # "Mr. Somchai" (card row "Name")
    birth_date: dt.date
    birth_date_th: str
    birth_date_en: str
    religion: str
    address: str
    address_lines: tuple[str, ...]
    issue_date: dt.date
    issue_date_th: str
    issue_date_en: str
    expiry_date: dt.date
    expiry_date_th: str
    expiry_date_en: str
    serial_number: str
    laser_code: str


def _add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 Feb
        return d.replace(year=d.year + years, day=28)


def sample_card_person(rng: random.Random, today: dt.date = dt.date(2025, 1, 1),
                       address_styles: Sequence[str] = (), heldout_names: bool = False) -> CardPerson:
    """One person: prefix matches sex and age; issue <= today; expiry the day before the first birthday
    at least 8 years after issue (the 2011 rule, ../shared/spec/thai-id-card-facts.md), lifelong when
    the holder is 70 or older at issue. ``address_styles``: the address is a :func:`styled_address`
    in one of them (drawn by ``rng``; ``heldout_names`` passed on); empty: today's addresses (full
    lane and road words), so every seed keeps its person."""
    prefix, title, sex, amin, amax = rng.choice(PREFIXES)
    age = rng.randint(amin, amax)
    birth = dt.date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
    issue = dt.date.fromordinal(today.toordinal() - rng.randint(0, 8 * 365))
    if issue < _add_years(birth, 7):
        issue = _add_years(birth, 7)
    if age < 70:
        rng.choice((8, 9))  # drawn as before the real expiry rule, so every seed keeps its person
    expiry_year = None
    expiry = dt.date(9999, 12, 31)
    if _add_years(birth, 70) > issue:
        birthday = _add_years(birth, issue.year + 8 - birth.year)
        if birthday < _add_years(issue, 8):
            birthday = _add_years(birth, issue.year + 9 - birth.year)
        expiry = birthday - dt.timedelta(days=1)
        expiry_year = expiry.year
    digits = id_digits(rng)
    given_th, family_th = thai_given_name(rng, sex), thai_family_name(rng)
    # the English rows spell the Thai name in Latin letters, as on a real card
    given_en = romanized_name(rng, given_th) or english_word_name(rng)
    family_en = romanized_name(rng, family_th) or english_family_name(rng)
    if address_styles:
        addr = styled_address(rng, rng.choice(tuple(address_styles)), heldout_names)
    else:
        addr = address_bangkok(rng) if rng.random() < 0.25 else address_provincial(rng)
    return CardPerson(
        id_number=digits,
        id_number_formatted=format_id(digits),
        prefix_th=prefix,
        given_name_th=given_th,
        family_name_th=family_th,
        name_th=nfc(f"{prefix} {given_th} {family_th}"),
        title_en=title,
        given_name_en=given_en,
        family_name_en=family_en,
        name_en=f"{title} {given_en}",
        birth_date=birth,
        birth_date_th=thai_date(birth),
        birth_date_en=english_date(birth),
        religion=religion(rng),
        address=addr,
        address_lines=tuple(split_address(addr, rng)),
        issue_date=issue,
        issue_date_th=thai_date(issue),
        issue_date_en=english_date(issue),
        expiry_date=expiry,
        expiry_date_th=thai_date(expiry) if expiry_year else "ตลอดชีพ",
        expiry_date_en=english_date(expiry) if expiry_year else "LIFELONG",
        serial_number=serial_number(rng),
        laser_code=laser_code(rng),
    )


# ---------------------------------------------------------------- line sampling for the recognizer
KINDS: dict[str, Callable[[random.Random], str]] = {
    "th_name": thai_name_line,
    "en_name": english_name_line,
    "th_date": thai_date_line,
    "en_date": english_date_line,
    "id_number": id_number_line,
    "serial": serial_number,
    "laser": laser_code,
    "religion": religion_line,
    "label": label_line,
    "addr_bkk": lambda rng: address_line(rng, True),
    "addr_prov": lambda rng: address_line(rng, False),
    "th_words": thai_words_line,
    "mixed": mixed_line,
}
# Sampling weights for training: more of the long and varied kinds.
KIND_WEIGHTS: dict[str, float] = {
    "th_name": 3, "en_name": 1.5, "th_date": 1.5, "en_date": 1, "id_number": 1, "serial": 0.7,
    "laser": 0.7, "religion": 0.4, "label": 0.6, "addr_bkk": 2, "addr_prov": 3, "th_words": 3, "mixed": 2,
}


def sample_line(rng: random.Random, kind: str | None = None) -> tuple[str, str]:
    """Return ``(kind, text)``; kind is drawn with ``KIND_WEIGHTS`` when not given."""
    if kind is None:
        kind = rng.choices(list(KIND_WEIGHTS), list(KIND_WEIGHTS.values()))[0]
    return kind, nfc(KINDS[kind](rng))
