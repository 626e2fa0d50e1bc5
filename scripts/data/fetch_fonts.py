"""Extract the registry-packaged Thai fonts into ``data/fonts/`` (git-ignored).

Uses pip (the registry's ordinary client) to fetch three wheels, then copies their font files:
``fontpkg-kanit==2.0`` -> kanit/, ``fontpkg-sarabun==1.0`` -> sarabun/ (both OFL-1.1) and
``odoo-addon-l10n-th-fonts==18.0.1.0.0.2`` -> sipa/ (the SIPA national TH fonts only; the
proprietary AngsanaNew and Webdings in that wheel are skipped).

With ``--npm``, also ``npm pack`` (pinned versions) seven more families, all OFL-1.1: Fontsource's
Prompt, Itim, Taviraj, Sriracha and Anuphan (WOFF files of the ``thai`` and ``latin`` subsets,
regular weights) and IBM Plex Sans Thai and Plex Sans Thai Looped (complete WOFF files) ->
npm/<family>/. Pillow's FreeType reads WOFF with raqm shaping like TTF. ``--npm-more`` adds
``NPM_MORE`` (see there).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

from scripts.synthesis.thai.fonts import PYPI_DIR

WHEELS = {
    "fontpkg-kanit==2.0": ("kanit", "fontpkg_kanit/files/"),
    "fontpkg-sarabun==1.0": ("sarabun", "fontpkg_sarabun/files/"),
    "odoo-addon-l10n-th-fonts==18.0.1.0.0.2": ("sipa", "odoo/addons/l10n_th_fonts/static/fonts/TH"),
}


# npm package -> (directory under npm/, the font files to keep: name suffixes)
NPM = {
    "@fontsource/prompt@5.3.0": ("prompt", ("-300-normal.woff", "-400-normal.woff", "-500-normal.woff",
                                            "-700-normal.woff")),
    "@fontsource/itim@5.3.0": ("itim", ("-400-normal.woff",)),
    "@fontsource/taviraj@5.3.0": ("taviraj", ("-400-normal.woff", "-500-normal.woff", "-700-normal.woff")),
    "@fontsource/sriracha@5.3.0": ("sriracha", ("-400-normal.woff",)),
    "@fontsource/anuphan@5.3.0": ("anuphan", ("-300-normal.woff", "-400-normal.woff", "-500-normal.woff",
                                              "-700-normal.woff")),
    "@ibm/plex-sans-thai@1.1.0": ("plexthai", ("Thai-Regular.woff", "Thai-Medium.woff", "Thai-SemiBold.woff",
                                               "Thai-Bold.woff")),
    "@ibm/plex-sans-thai-looped@1.1.0": ("plexthailooped", ("Looped-Regular.woff", "Looped-Medium.woff",
                                                            "Looped-SemiBold.woff", "Looped-Bold.woff")),
}

# ``--npm-more`` (third training cycle): nine more designs, and the Google Fonts builds of six SIPA
# designs already in training (TH Baijam, TH K2D, TH Krub, TH KoHo, TH Kodchasal, TH Mali), whose
# point is their weights and italics: the SIPA files are one upright weight each. Niramit (the
# held-out TH Niramit AS design) and Noto Serif Thai's looped relatives are not fetched.
_WEIGHTS = ("-300-normal.woff", "-400-normal.woff", "-500-normal.woff", "-700-normal.woff",
            "-300-italic.woff", "-400-italic.woff", "-700-italic.woff")
NPM_MORE = {
    f"@fontsource/{name}@{version}": (name.replace("-", ""), _WEIGHTS)
    for name, version in (("trirong", "5.3.0"), ("pridi", "5.3.0"), ("maitree", "5.3.0"), ("athiti", "5.2.8"),
                          ("mitr", "5.3.0"), ("chonburi", "5.3.0"), ("pattaya", "5.3.0"),
                          ("noto-sans-thai-looped", "5.3.0"), ("playpen-sans-thai", "5.3.0"),
                          ("bai-jamjuree", "5.3.0"), ("k2d", "5.2.8"), ("krub", "5.2.7"), ("koho", "5.3.0"),
                          ("kodchasan", "5.2.8"), ("mali", "5.3.0"))
}


def fetch_npm(packages: dict[str, tuple[str, tuple[str, ...]]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", "--silent", *packages], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
        for spec, (sub, keep) in packages.items():
            name = spec.rsplit("@", 1)[0].lstrip("@").replace("/", "-")
            tgz = next(Path(tmp).glob(f"{name}-[0-9]*.tgz"))
            out = PYPI_DIR / "npm" / sub
            out.mkdir(parents=True, exist_ok=True)
            with tarfile.open(tgz) as t:
                for m in t.getmembers():
                    base = Path(m.name).name
                    stem = name.split("-", 1)[1]  # fontsource-trirong -> trirong
                    subset = base.startswith((f"{stem}-thai-", f"{stem}-latin-")) and "-latin-ext-" not in base
                    wanted = ("/files/" in m.name and subset) or "/fonts/complete/woff/" in m.name
                    if m.isfile() and wanted and base.endswith(keep):
                        (out / base).write_bytes(t.extractfile(m).read())  # type: ignore[union-attr]
                    elif m.isfile() and base in ("LICENSE", "LICENSE.txt"):
                        (out / "LICENSE.txt").write_bytes(t.extractfile(m).read())  # type: ignore[union-attr]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--npm", action="store_true", help="also fetch the npm-packaged families")
    ap.add_argument("--npm-more", action="store_true", help="and the families added for the third cycle")
    args = ap.parse_args()
    if args.npm or args.npm_more:
        fetch_npm(NPM)
    if args.npm_more:
        fetch_npm(NPM_MORE)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-d", tmp, *WHEELS], check=True)
        for whl in Path(tmp).glob("*.whl"):
            for spec, (sub, prefix) in WHEELS.items():
                if whl.name.startswith(spec.split("==")[0].replace("-", "_")):
                    out = PYPI_DIR / sub
                    out.mkdir(parents=True, exist_ok=True)
                    with zipfile.ZipFile(whl) as z:
                        for name in z.namelist():
                            if name.startswith(prefix) and name.lower().endswith((".ttf", ".otf")):
                                (out / Path(name).name).write_bytes(z.read(name))
    print(sorted(str(p.relative_to(PYPI_DIR)) for p in PYPI_DIR.rglob("*") if p.suffix in (".ttf", ".woff")))


if __name__ == "__main__":
    main()
