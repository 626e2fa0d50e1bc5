"""RapidOCR's own test images (``../shared/real-dev/web_rapidocr_*``) yield the strings in truth.json.

Decoded as the API decodes them (engine/imageio.py: EXIF, 1-bit and transparent PNGs) and read with
the API's default options, and with ``detect_direction`` on (as the real-dev scorer sends it). A truth
string is found when it occurs in the concatenation of all returned lines after the scorer's
normalisation (/work/shared/tools/real_dev_eval.py: NFKC, no whitespace, dash variants folded).
Skipped when the folder is absent.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

REAL_DEV = Path(__file__).resolve().parents[2].parent / "shared" / "real-dev"
# Truth strings read by eye (not the peer's assertions) that we do not read yet: strict xfail, so a fix shows.
KNOWN_MISSES: dict[str, str] = {}
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d"})


def _entries() -> list[dict]:
    if not (REAL_DEV / "truth.json").is_file():
        return []
    entries = [e for e in json.loads((REAL_DEV / "truth.json").read_text("utf-8"))
               if e["file"].startswith("web_rapidocr_")]
    return [pytest.param(e, id=e["file"], marks=pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[e["file"]]))
            if e["file"] in KNOWN_MISSES else pytest.param(e, id=e["file"]) for e in entries]


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).translate(_DASHES).replace("\u0e4d\u0e32", "\u0e33")
    return re.sub(r"\s+", "", s)


@pytest.mark.skipif(not _entries(), reason=f"{REAL_DEV} not present")
@pytest.mark.parametrize("detect_direction", [False, True], ids=["default", "detect_direction"])
@pytest.mark.parametrize("entry", _entries())
def test_rapidocr_test_image_yields_its_strings(entry, detect_direction, pipeline):
    from airocr.engine.imageio import decode_image
    from airocr.engine.limits import ImageLimits
    from airocr.engine.pipeline import PipelineOptions

    image = decode_image((REAL_DEV / entry["file"]).read_bytes(), ImageLimits())
    result = pipeline.run(image.bgr, PipelineOptions(detect_direction=detect_direction, detect_text_direction=True))
    joined = _norm("".join(b.text for b in result.blocks))
    truth = entry["truth"]
    items = truth.get("lines") or truth.get("contains")
    missing = [alts for alts in ([t] if isinstance(t, str) else t for t in items)
               if not any(_norm(a) in joined for a in alts)]
    assert not missing, f"missing {missing} in {[b.text for b in result.blocks]}"
