"""Build ``engine/thaiid/data/th_streets.json.gz``: names of real Thai roads (ถนน) and lanes (ซอย).

The reader snaps a road's or lane's name read with one slip (``ถนนรามค่าแหง``, ``ซอยตีวานนท์``) to
a listed name (:mod:`engine.thaiid.streets`). The list is the Thai Wikipedia's article titles that
start with ถนน or ซอย, as shipped in the ``pythainlp==5.4.0`` wheel
(``pythainlp/corpus/wikipedia_titles_th.txt``: a dump of 21 November 2023 prepared by
konbraphat51, CC-BY-SA-4.0; digits and punctuation are already stripped from the titles there).
Its source is independent of this repository's card generator (``scripts/synthesis/thai/thai_text.py``).

Kept: the name after the prefix, Thai letters only, at least four characters, starting with a
letter (titles cut mid-word start with a mark), and not in :data:`NOT_THAI_STREETS` (titles that
name a song, a film or a street abroad, and generic words). Every snap target is a chance to
"correct" a well-read name that is not on the list, so junk is dropped rather than kept.

    pip download --no-deps pythainlp==5.4.0 -d /tmp/w
    python -m scripts.data.build_th_streets /tmp/w/pythainlp-5.4.0-py3-none-any.whl

It then reports how often the snap would change a name that is not on the list (Thai family
names and dictionary words; :func:`false_snaps`).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import zipfile

from airocr.engine.thaiid.grammar import STREET_WORDS
from airocr.engine.thaiid.streets import MIN_LEN, StreetNames
from scripts.paths import ROOT

OUT = ROOT / "engine" / "thaiid" / "data" / "th_streets.json.gz"
TITLES = "pythainlp/corpus/wikipedia_titles_th.txt"
KEEP_MIN_LEN = 4  # shorter titles are kept out of the list (the snap itself reads names from MIN_LEN)
_THAI_NAME = re.compile(r"[\u0E01-\u0E2E\u0E40-\u0E44][\u0E01-\u0E4E]*")

# Titles that are not the name of a road or lane in Thailand (read through the whole list once):
# songs, films and books (ถนนสายนี้เปรี้ยว, ซอยข้าใครอย่าแตะ, ...), streets abroad (Chang'an, Wall
# Street, Orchard, ...) and generic words (ลาดยาง "paved", รถไฟ "railway", หลวง "highway").
NOT_THAI_STREETS = frozenset("""
    สายนี้ สายนี้ข้าจอง สายนี้หัวใจไม่เคยลืม สายนี้เปรี้ยว สายหัวใจ สายใยรัก สายชีวิต นี้หัวใจข้าจอง
    นักสู้ นักสู้สู่ทีมเบสบอล หนังสือสายคาบูล คอเสื้อ เดียวกัน ข้าใครอย่าแตะ คนเดิน คนเดินพัทยา คาวบอย
    ที่เก็บค่าผ่านทาง ราดยาง ลาดยาง รถไฟ หลวง เหนือ ธานี
    ฉางอาน ฉางอานตะวันตก ฉางอานตะวันออก วอลล์สตรีท บรอดเวย์ ดาวนิง ออชาร์ด ออร์ชาร์ด เอปีฟานีโอ
    เอปีฟานีโอเดลอสซันโตส มอสฟิลมอฟสกายา พอร์ทโทเบลโล พอร์โทเบลโล เฟนเชิร์ช เท็กซัส เปตาลิง
    เปอตาลิง ยุงกัส ยุนกัส บูร์บง อังรีดูนังต์ อาลิส์คองส์ ชองป์ ฝั่มหงูหลาว ฟามงูเหลา
    วงแหวนรอบกรุงปักกิ่ง โดเวอร์ ด้านตะวันตกของจัตุรัส ด้านตะวันออกของจัตุรัส ฝั่งตะวันตกของจัตุรัส
    ฝั่งตะวันตกของจัตุรัสเทียนอันเหมิน
""".split())


def street_names(titles: list[str]) -> list[str]:
    """The kept names (see the module docstring), sorted, without duplicates."""
    names = set()
    for title in titles:
        title = title.strip()
        for prefix in STREET_WORDS:
            name = title.removeprefix(prefix)
            if name != title and len(name) >= KEEP_MIN_LEN and _THAI_NAME.fullmatch(name) \
                    and name not in NOT_THAI_STREETS:
                names.add(name)
    return sorted(names)


# Names that are not on the list but could be a road's: roads are often named after people
FALSE_SNAP_CORPORA = ("pythainlp/corpus/family_names_th.txt", "pythainlp/corpus/words_th.txt")


def false_snaps(names: list[str], words: list[str], n: int = 3000, seed: int = 0) -> tuple[list[tuple[str, str]], int]:
    """How often a well-read name that is not on the list would be changed by the snap: ``n``
    words of ``MIN_LEN`` or more letters drawn from ``words``, less the listed ones."""
    streets = StreetNames(names)
    pool = sorted({w.strip() for w in words if len(w.strip()) >= MIN_LEN} - set(names))
    sample = random.Random(seed).sample(pool, min(n, len(pool)))
    snapped = [(w, streets.closest(w)) for w in sample]
    return [(w, c) for w, c in snapped if c != w], len(sample)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pythainlp_wheel")
    args = ap.parse_args()
    with zipfile.ZipFile(args.pythainlp_wheel) as z:
        titles = z.read(TITLES).decode("utf-8").split("\n")
        checks = {corpus: z.read(corpus).decode("utf-8").split("\n") for corpus in FALSE_SNAP_CORPORA}
    names = street_names(titles)
    data = {
        "source": f"Thai Wikipedia article titles starting with {' or '.join(STREET_WORDS)}, from "
                  f"{TITLES} in pythainlp 5.4.0 (PyPI; the titles CC-BY-SA-4.0, Wikipedia contributors, "
                  "prepared by konbraphat51 from the thwiki dump of 2023-11-21); built by "
                  "scripts/data/build_th_streets.py",
        "license": "CC-BY-SA-4.0",
        "names": names,
    }
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(gzip.compress(raw, mtime=0))
    print(f"{OUT}: {len(names)} names from {len(titles)} titles, {OUT.stat().st_size} bytes")
    for corpus, words in checks.items():
        changed, n = false_snaps(names, words)
        print(f"false snaps, {n} unlisted names from {corpus}: {len(changed)} ({len(changed) / n:.2%}), "
              f"e.g. {changed[:5]}")


if __name__ == "__main__":
    main()
