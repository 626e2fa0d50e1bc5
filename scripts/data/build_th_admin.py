"""Build ``engine/thaiid/data/th_admin.json.gz``: Thailand's provinces, districts and subdistricts.

The Thai ID card prints the holder's registered address with the official names of its
subdistrict (ตำบล/แขวง), district (อำเภอ/เขต) and province; the reader snaps its reading of those
three names to this list (:mod:`engine.thaiid.address`).

Source: ``geothai==3.2.1`` (PyPI; data CC-BY-4.0, GeoThai/data, DOPA codes), as vendored in
``scripts/synthesis/thai/data/gazetteer.json`` by ``scripts/synthesis/thai/build_data.py``.

    python -m scripts.data.build_th_admin
"""

from __future__ import annotations

import gzip
import json

from scripts.paths import ROOT

SRC = ROOT / "scripts" / "synthesis" / "thai" / "data" / "gazetteer.json"
OUT = ROOT / "engine" / "thaiid" / "data" / "th_admin.json.gz"


def main() -> None:
    g = json.loads(SRC.read_text("utf-8"))
    data = {
        "source": g["source"],
        "provinces": {code: name for code, name, *_ in g["provinces"]},
        # Bangkok's districts carry their "เขต" prefix in the source; it is printed as a prefix
        "districts": {code: name.removeprefix("เขต") for code, name, *_ in g["districts"]},
        "subdistricts": {code: name for code, name, *_ in g["subdistricts"]},
    }
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(gzip.compress(raw, mtime=0))
    print(f"{OUT}: {len(data['provinces'])} provinces, {len(data['districts'])} districts, "
          f"{len(data['subdistricts'])} subdistricts, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
