#!/usr/bin/env python3
"""Thai + Latin text lines rendered by a real browser (headless Chromium), cropped as Web Image crops them,
as recognizer training shards (the ``dataset.py`` shard format).

    python -m scripts.synthesis.thai.web_lines --out data/thai_web --start 0 --count 10

Each page is a column of single-line ``div``s, each in its own web font (the registry-packaged Thai web
fonts in ``data/fonts``: Kanit, Sarabun, the SIPA faces, Fontsource's Google Fonts builds, IBM Plex Sans
Thai; the recognizer's held-out families are left out), weight, size (11-30 CSS px), colours (dark on light,
light on a coloured button or banner) and letter spacing, at a device pixel ratio of 1-3, then saved as
PNG/JPEG/WebP. A line's truth box is its ink (``browser_pages.ink_boxes``); its crop is that box grown as
the pipeline grows it (mostly by ~0-12 % of its height, sometimes by a detector-like 20-50 %), resized to
the shards' height.

**No font of the Web Image browser benchmark** (``browser_pages.FONTS["thai"]``: the Debian system faces)
is used here, so the benchmark's Thai lines stay held out from this data by font as well as by template.
"""

from __future__ import annotations

import argparse
import html
import os
import pickle
import random
import re
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

from scripts.synthesis.browser_pages import CHROMIUM, CHROMIUM_ARGS, encode, ink_boxes, render_html
from scripts.synthesis.browser_text import FILLERS
from scripts.synthesis.thai import fonts, thai_text
from scripts.synthesis.thai.dataset import STORE_H

LINES_PER_PAGE = 28
PAGES_PER_SHARD = 40
_WEIGHT = re.compile(r"(?:-(\d00)-(normal|italic)\.woff$)")
_NAMED = {"Thin": 100, "ExtraLight": 200, "Light": 300, "Regular": 400, "Medium": 500, "SemiBold": 600,
          "Bold": 700, "ExtraBold": 800, "Black": 900}


def web_faces() -> list[tuple[str, str, int, str, str]]:
    """``(family, file, weight, style, Latin fallback file or "")`` of every training face under ``data/fonts``."""
    out = []
    for family in fonts.train_families():
        for face in fonts.faces(family):
            if not face.path.startswith(str(fonts.PYPI_DIR)):
                continue  # a Debian system face: the browser benchmark's
            base = os.path.basename(face.path)
            m = _WEIGHT.search(base)
            if m:
                weight, style = int(m.group(1)), m.group(2)
            else:
                stem = os.path.splitext(base)[0].split("-")[-1]
                style = "italic" if "Italic" in stem else "normal"
                weight = _NAMED.get(stem.replace("Italic", "") or "Regular", 400)
            out.append((family, face.path, weight, style, face.fallback))
    return out


def _text(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.55:
        return thai_text.sample_line(rng)[1]
    if r < 0.8:
        return FILLERS["th"](rng)
    if r < 0.9:
        return f"{FILLERS['th'](rng)} {rng.choice(('฿', '', '฿ '))}{rng.randrange(1, 99999):,}.{rng.randrange(100):02d}"
    return FILLERS["th_sentence"](rng)[:60]


def _colours(rng: random.Random) -> tuple[str, str]:
    hue = rng.randrange(360)
    r = rng.random()
    if r < 0.55:
        return f"hsl(0,0%,{rng.randint(0, 35)}%)", f"hsl({hue},{rng.randint(0, 20)}%,{rng.randint(92, 100)}%)"
    if r < 0.8:
        return "#fff", f"hsl({hue},{rng.randint(45, 85)}%,{rng.randint(28, 50)}%)"
    return f"hsl({hue},{rng.randint(50, 90)}%,{rng.randint(25, 45)}%)", "#fff"


def page_html(rng: random.Random, faces: list[tuple[str, str, int, str, str]],
              text_source: Callable[[random.Random], str] | None = None) -> tuple[str, dict[str, str]]:
    """A page of ``LINES_PER_PAGE`` lines, each its own face, size and colours; and each text's font file.
    ``text_source`` draws each line's text (default: the training mix of :func:`_text`)."""
    css, rows, used = [], [], {}
    for k in range(LINES_PER_PAGE):
        family, path, weight, style, latin = rng.choice(faces)
        css.append(f"@font-face{{font-family:'f{k}';src:url('file://{path}');font-weight:{weight};"
                   f"font-style:{style};}}")
        if latin:  # a Fontsource Thai subset: its own design's Latin subset for the Latin letters
            css.append(f"@font-face{{font-family:'l{k}';src:url('file://{latin}');font-weight:{weight};"
                       f"font-style:{style};}}")
        text = (text_source or _text)(rng)
        fg, bg = _colours(rng)
        size = rng.choice((rng.uniform(11, 17), rng.uniform(11, 30)))
        spacing = rng.choice((0, 0, 0, rng.uniform(-0.02, 0.08)))
        pad = rng.uniform(0.2, 0.8)
        rows.append(f"<div style=\"font-family:'f{k}','l{k}',sans-serif;font-weight:{weight};font-style:{style};"
                    f"font-size:{size:.1f}px;letter-spacing:{spacing:.3f}em;color:{fg};background:{bg};"
                    f"padding:{pad:.2f}em {pad * 1.5:.2f}em;margin:{rng.uniform(2, 10):.0f}px 0;"
                    f"white-space:nowrap;width:max-content\">{html.escape(text)}</div>")
        used.setdefault(" ".join(text.split()), os.path.basename(path))
    return ("<!doctype html><html><head><meta charset='utf-8'><style>" + "".join(css)
            + "body{margin:8px;background:#fff}</style></head><body>" + "".join(rows) + "</body></html>"), used


def crop_line(image: np.ndarray, box: list[float], rng: random.Random) -> np.ndarray:
    """The line's ink box grown as Web Image's crops are, resized to ``STORE_H`` px high."""
    x0, y0, x1, y1 = box
    h = y1 - y0
    if rng.random() < 0.7:  # the Thai step's re-read crop: the ink box and a small margin
        top, bottom, side = (rng.uniform(0.0, 0.12) for _ in range(3))
    else:  # a detector box: unclipped by a good share of the height
        top, bottom, side = rng.uniform(0.15, 0.5), rng.uniform(0.15, 0.5), rng.uniform(0.1, 0.5)
    ih, iw = image.shape[:2]
    a, b = int(max(0, np.floor(y0 - top * h))), int(min(ih, np.ceil(y1 + bottom * h)))
    c, d = int(max(0, np.floor(x0 - side * h))), int(min(iw, np.ceil(x1 + side * h)))
    crop = image[a:b, c:d]
    scale = STORE_H / max(crop.shape[0], 1)
    return cv2.resize(crop, (max(1, int(round(crop.shape[1] * scale))), STORE_H),
                      interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)


def render_page(browser, rng: random.Random, faces,
                text_source: Callable[[random.Random], str] | None = None) -> list[tuple[np.ndarray, str, str]]:
    """One page's line crops: ``(BGR crop, text, font file)`` (``text_source``: see :func:`page_html`)."""
    dpr = rng.choice((1, 1, 1.25, 1.5, 2, 2, 2.5, 3))
    doc, used = page_html(rng, faces, text_source)
    frags, shown, hidden = render_html(browser, doc, 1400, dpr)
    blob, _ = encode(shown, rng)  # the page as a user would send it: PNG, JPEG or WebP
    saved = cv2.imdecode(np.frombuffer(blob, np.uint8), cv2.IMREAD_COLOR)
    out = []
    for text, box in ink_boxes(shown, hidden, frags, dpr):
        text = " ".join(text.split())
        if box[3] - box[1] >= 4 and box[2] - box[0] >= 4:
            out.append((crop_line(saved, box, rng), text, used.get(text, "")))
    return out


def write_shards(out: Path, start: int, count: int, seed: int) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    faces = web_faces()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for shard in range(start, start + count):
                path = out / f"web_{shard:05d}.pkl"
                if path.exists():
                    continue
                data: dict[str, list] = {"images": [], "texts": [], "kinds": [], "fonts": []}
                for k in range(PAGES_PER_SHARD):
                    rng = random.Random(f"{seed}:{shard}:{k}")
                    for crop, text, font in render_page(browser, rng, faces):
                        data["images"].append(cv2.imencode(".jpg", crop, [cv2.IMWRITE_JPEG_QUALITY, 95])[1].tobytes())
                        data["texts"].append(thai_text.nfc(text))
                        data["kinds"].append("web")
                        data["fonts"].append(font)
                tmp = path.with_suffix(".tmp")
                tmp.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
                tmp.rename(path)
                print(f"{path}: {len(data['texts'])} lines", flush=True)
        finally:
            browser.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("data/thai_web"))
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--seed", type=int, default=41)
    args = ap.parse_args()
    write_shards(args.out, args.start, args.count, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
