"""Thai-capable font families for rendering, with the train / held-out split.

Families (not single files) are the unit of the split: every weight and slant of a held-out
family is kept out of training, and designs that are copies of each other (Laksaman, TH Sarabun,
TH Sarabun New, Sarabun) are in the same group so none of them leaks into evaluation.

Sources (licences):
* Debian ``fonts-thai-tlwg`` (GPL-2 with font exception), ``fonts-arundina`` (Bitstream Vera-style
  licence), ``fonts-noto-core`` / ``fonts-noto-extra`` / ``fonts-noto-ui-core`` (OFL-1.1);
* PyPI ``fontpkg-kanit==2.0`` and ``fontpkg-sarabun==1.0`` (OFL-1.1);
* PyPI ``odoo-addon-l10n-th-fonts==18.0.1.0.0.2``: the SIPA/DIP national fonts (TH Sarabun New,
  TH Niramit AS, ... free for any use); its AngsanaNew and Webdings are proprietary and not used;
* npm ``@fontsource/{prompt,itim,taviraj,sriracha,anuphan}@5.3.0`` and
  ``@ibm/plex-sans-thai{,-looped}@1.1.0`` (OFL-1.1; WOFF; Fontsource splits a face into a ``thai``
  and a ``latin`` subset file, the latter is the face's fallback);
* npm ``@fontsource/*`` for the 15 ``MORE_NPM_FAMILIES`` (OFL-1.1; ``fetch_fonts --npm-more``).
``scripts/data/fetch_fonts.py`` extracts the PyPI fonts to ``data/fonts/`` (``--npm``: the npm ones too).
The training family list is what is on disk: 25 families without the npm fonts, 32 with ``--npm``,
47 with ``--npm-more`` (a training shard depends on it; the pages in ``docs/experiments/`` say which shards used
which list, and ``dataset.py --families`` re-renders an older one).
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from scripts.paths import DATA

SYS_DIRS = ("/usr/share/fonts/truetype", "/usr/share/fonts/opentype")
PYPI_DIR = Path(os.environ.get("AIROCR_FONT_DIR", DATA / "fonts"))

# Added for the third training cycle (``fetch_fonts --npm-more``): (family, npm/<dir>, Fontsource file
# stem, design group). The last six are the Google Fonts builds of SIPA designs already in training.
MORE_NPM_FAMILIES: tuple[tuple[str, str, str, str], ...] = (
    ("Trirong", "trirong", "trirong", "trirong"),
    ("Pridi", "pridi", "pridi", "pridi"),
    ("Maitree", "maitree", "maitree", "maitree"),
    ("Athiti", "athiti", "athiti", "athiti"),
    ("Mitr", "mitr", "mitr", "mitr"),
    ("Chonburi", "chonburi", "chonburi", "chonburi"),
    ("Pattaya", "pattaya", "pattaya", "pattaya"),
    ("NotoSansThaiLooped", "notosansthailooped", "noto-sans-thai-looped", "notosanslooped"),
    ("PlaypenSansThai", "playpensansthai", "playpen-sans-thai", "playpen"),
    ("BaiJamjuree", "baijamjuree", "bai-jamjuree", "baijam"),
    ("K2D", "k2d", "k2d", "k2d"),
    ("Krub", "krub", "krub", "krub"),
    ("KoHo", "koho", "koho", "koho"),
    ("Kodchasan", "kodchasan", "kodchasan", "kodchasal"),
    ("Mali", "mali", "mali", "mali"),
)

# family -> (glob patterns relative to a font dir, design group, Latin fallback pattern or "")
FAMILIES: dict[str, tuple[tuple[str, ...], str, str]] = {
    "Garuda": (("tlwg/Garuda*.ttf",), "garuda", ""),
    "Kinnari": (("tlwg/Kinnari*.ttf",), "kinnari", ""),
    "Laksaman": (("tlwg/Laksaman*.ttf",), "sarabun", ""),
    "Loma": (("tlwg/Loma*.ttf",), "loma", ""),
    "Norasi": (("tlwg/Norasi*.ttf",), "norasi", ""),
    "Purisa": (("tlwg/Purisa*.ttf",), "purisa", ""),
    "Sawasdee": (("tlwg/Sawasdee*.ttf",), "sawasdee", ""),
    "TlwgTypewriter": (("tlwg/TlwgTypewriter*.ttf",), "typewriter", ""),
    "TlwgTypist": (("tlwg/TlwgTypist*.ttf",), "typewriter", ""),
    "TlwgTypo": (("tlwg/TlwgTypo*.ttf",), "typewriter", ""),
    "Umpush": (("tlwg/Umpush*.ttf",), "umpush", ""),
    "Waree": (("tlwg/Waree*.ttf",), "waree", ""),
    "ArundinaSans": (("arundina/ArundinaSans.ttf", "arundina/ArundinaSans-*.ttf"), "arundina", ""),
    "ArundinaSansMono": (("arundina/ArundinaSansMono*.ttf",), "arundinamono", ""),
    "ArundinaSerif": (("arundina/ArundinaSerif*.ttf",), "arundinaserif", ""),
    "NotoSansThai": (("noto/NotoSansThai-*.ttf", "noto/NotoSansThaiUI-*.ttf"), "notosans", "noto/NotoSans-Regular.ttf"),
    "NotoSerifThai": (("noto/NotoSerifThai-*.ttf",), "notoserif", "noto/NotoSerif-Regular.ttf"),
    "Kanit": (("kanit/Kanit-*.ttf",), "kanit", ""),
    "Sarabun": (("sarabun/Sarabun-*.ttf",), "sarabun", ""),
    "THSarabunNew": (("sipa/THSarabunNew.ttf", "sipa/THSarabun.ttf"), "sarabun", ""),
    "THNiramitAS": (("sipa/THNiramitAS.ttf",), "niramit", ""),
    "THChakraPetch": (("sipa/THChakraPetch.ttf",), "chakrapetch", ""),
    "THFahkwang": (("sipa/THFahkwang.ttf",), "fahkwang", ""),
    "THBaijam": (("sipa/THBaijam.ttf",), "baijam", ""),
    "THCharmofAU": (("sipa/THCharmofAU.ttf",), "charmofau", ""),
    "THKrub": (("sipa/THKrub.ttf",), "krub", ""),
    "THKodchasal": (("sipa/THKodchasal.ttf",), "kodchasal", ""),
    "THCharmonman": (("sipa/THCharmonman.ttf",), "charmonman", ""),
    "THKoHo": (("sipa/THKoHo.ttf",), "koho", ""),
    "THK2DJuly8": (("sipa/THK2DJuly8.ttf",), "k2d", ""),
    "THMaliGrade6": (("sipa/THMaliGrade6.ttf",), "mali", ""),
    "THSrisakdi": (("sipa/THSrisakdi.ttf",), "srisakdi", ""),
    "Prompt": (("npm/prompt/prompt-thai-*.woff",), "prompt", "npm/prompt/prompt-latin-400-normal.woff"),
    "Itim": (("npm/itim/itim-thai-*.woff",), "itim", "npm/itim/itim-latin-400-normal.woff"),
    "Taviraj": (("npm/taviraj/taviraj-thai-*.woff",), "taviraj", "npm/taviraj/taviraj-latin-400-normal.woff"),
    "Sriracha": (("npm/sriracha/sriracha-thai-*.woff",), "sriracha", "npm/sriracha/sriracha-latin-400-normal.woff"),
    # Anuphan is Cadson Demak's redesign of IBM Plex Sans Thai: one design group
    "Anuphan": (("npm/anuphan/anuphan-thai-*.woff",), "plexthai", "npm/anuphan/anuphan-latin-400-normal.woff"),
    "IBMPlexSansThai": (("npm/plexthai/IBMPlexSansThai-*.woff",), "plexthai", ""),
    "IBMPlexSansThaiLooped": (("npm/plexthailooped/IBMPlexSansThaiLooped-*.woff",), "plexthailooped", ""),
    **{family: ((f"npm/{d}/{stem}-thai-*.woff",), group, f"npm/{d}/{stem}-latin-400-normal.woff")
       for family, d, stem, group in MORE_NPM_FAMILIES},
}
# Not used: TLWG Mono (raqm places its marks on their own cells) and Noto Looped Thai (Debian
# 20201225 build: drops the tone mark over upper vowels, ที่ -> ที), both found by rendering the
# shaping check strings ที่ ปี่ ญี่ปุ่น ฐ์ น้ำ in every family.
# Held out of training entirely; the validation set and the tests render only with these.
HELDOUT_FAMILIES = ("Loma", "Norasi", "THNiramitAS", "NotoSerifThai")
# Script-like display faces: kept in training, but drawn less often.
RARE_FAMILIES = ("THCharmonman", "THCharmofAU", "THSrisakdi", "THMaliGrade6", "Purisa", "THFahkwang", "Sriracha",
                 "Itim", "Chonburi", "Pattaya", "PlaypenSansThai", "Mali")


@dataclass(frozen=True)
class FontFace:
    family: str
    path: str
    fallback: str  # Latin fallback file for code points the face lacks ("" = DejaVu Sans)


def _find(pattern: str) -> list[str]:
    out: list[str] = []
    for d in (*SYS_DIRS, str(PYPI_DIR)):
        out += glob.glob(os.path.join(d, pattern))
    return sorted(set(out))


@cache
def faces(family: str) -> tuple[FontFace, ...]:
    patterns, _, fb = FAMILIES[family]
    fb_path = (_find(fb) or [""])[0] if fb else ""
    files = sorted({f for p in patterns for f in _find(p) if "Lao" not in f})
    return tuple(FontFace(family, f, _matching_fallback(f, fb_path)) for f in files)


def _matching_fallback(path: str, default: str) -> str:
    """Same-weight Latin face for a Thai-only face: Noto (NotoSerifThai-Bold -> NotoSerif-Bold) and
    Fontsource subsets (prompt-thai-700-normal -> prompt-latin-700-normal)."""
    if not default:
        return ""
    base = os.path.basename(path)
    if "-thai-" in base:  # the last one: the family name may hold "-thai-" too (noto-sans-thai-looped-thai-400-)
        head, tail = base.rsplit("-thai-", 1)
        cand = os.path.join(os.path.dirname(path), f"{head}-latin-{tail}")
        return cand if os.path.exists(cand) else default
    for thai, latin in (("NotoSansThaiUI-", "NotoSans-"), ("NotoSansThai-", "NotoSans-"),
                        ("NotoSerifThai-", "NotoSerif-"), ("NotoLoopedThaiUI-", "NotoSans-"),
                        ("NotoLoopedThai-", "NotoSans-")):
        if base.startswith(thai):
            cand = os.path.join(os.path.dirname(default), latin + base[len(thai):])
            if os.path.exists(cand):
                return cand
    return default


def train_families() -> list[str]:
    held_groups = {FAMILIES[f][1] for f in HELDOUT_FAMILIES}
    return [f for f in FAMILIES if FAMILIES[f][1] not in held_groups and faces(f)]


def heldout_families() -> list[str]:
    return [f for f in HELDOUT_FAMILIES if faces(f)]


def family_weight(family: str) -> float:
    return 0.3 if family in RARE_FAMILIES else 1.0
