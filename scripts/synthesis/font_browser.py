"""Font-classifier lines rendered by a real browser (headless Debian Chromium through Playwright).

Pillow draws glyphs without hinting and with its own spacing; browsers hint, anti-alias (grayscale,
sub-pixel positioning) and space text differently, and web pages come at device pixel ratios 1-3.
This renders the lines of :mod:`scripts.synthesis.font_data` (same families, same text generator and
train / held-out vocabulary) as HTML: every style file of a family is its own ``@font-face`` (the
local font file, so no fallback font can stand in), one line per block with its own background,
several CSS sizes and DPRs. Each line is cut from the screenshot around its ink box with a
detector-like margin (0.1-0.4 x the font size), sometimes re-encoded as JPEG or WebP.

Splits (``Split``): the *tuned* split uses the training vocabulary, CSS sizes 11-40 px except
19-23 px, DPR 1 and 2; the *held-out* split uses the held-out vocabulary, CSS sizes 19-23 px and
41-48 px, DPR 1.5 and 3. CJK families get Chinese lines only (mixed with Latin words and digits) and
Latin families Latin lines only: the classifier only ever chooses among the families of the line's
script (``engine.fonts``).

    python -m scripts.synthesis.font_browser --out data/webextra/font_browser_train.npz --seed 0 --per-class 500
    python -m scripts.synthesis.font_browser --out data/webextra/font_browser_val.npz --seed 777 --per-class 40 \
        --split held-out

The ``.npz`` has the layout of ``font_data.py`` (normalised crops) plus ``texts``, ``dpr`` and ``css_px``;
``--raw DIR`` also writes the BGR crops as PNG for evaluation through :class:`engine.fonts.FontClassifier`;
``--detector`` cuts the lines with the Web Image detector's own boxes (12 lines a page) instead of
around the ink: its padding is relatively larger on small text, which is where the classifier was weak.
"""

from __future__ import annotations

import argparse
import html
import io
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from airocr.engine.fonts import normalize_crop
from scripts.synthesis.font_data import FAMILIES, Family, chinese_line, latin_line, vocab

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--allow-file-access-from-files"]
LINES_PER_PAGE = 36
VIEWPORT_W = 1400  # CSS px


@dataclass(frozen=True)
class Split:
    """Text vocabulary, CSS font sizes and device pixel ratios of one data split."""

    name: str
    held_out_text: bool
    sizes: tuple[int, ...]
    dprs: tuple[float, ...]


TUNED = Split("tuned", False, tuple(s for s in range(11, 41) if not 19 <= s <= 23), (1.0, 2.0))
HELD_OUT = Split("held-out", True, (19, 20, 21, 22, 23, 41, 44, 48), (1.5, 3.0))
SPLITS = {s.name: s for s in (TUNED, HELD_OUT)}


@dataclass(frozen=True)
class LineSpec:
    family: int
    style: int
    text: str
    css_px: int
    dpr: float
    fg: tuple[int, int, int]
    bg: tuple[int, int, int]
    bg2: tuple[int, int, int] | None  # gradient end colour
    margin: tuple[float, float]  # horizontal, vertical margin in font sizes
    encode: str  # "png", "jpeg" or "webp"
    quality: int


def browser_text(rng: random.Random, family: Family, held_out: bool) -> str:
    chars, words = vocab(held_out)
    return chinese_line(rng, chars, words) if family.cjk else latin_line(rng, words)


def _colours(rng: random.Random) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    if rng.random() < 0.85:
        return tuple(rng.randint(0, 110) for _ in range(3)), tuple(rng.randint(200, 255) for _ in range(3))  # type: ignore[return-value]
    return tuple(rng.randint(190, 255) for _ in range(3)), tuple(rng.randint(0, 80) for _ in range(3))  # type: ignore[return-value]


def specs(seed: int, per_class: int, split: Split) -> list[LineSpec]:
    """``per_class`` line specs per family; one RNG per family so classes are independent."""
    out: list[LineSpec] = []
    for ci, fam in enumerate(FAMILIES):
        rng = random.Random(f"browser:{seed}:{split.name}:{fam.name}")
        for _ in range(per_class):
            fg, bg = _colours(rng)
            bg2 = tuple(int(np.clip(c + rng.uniform(-40, 40), 0, 255)) for c in bg) if rng.random() < 0.3 else None
            enc = rng.choices(["png", "jpeg", "webp"], [0.4, 0.4, 0.2])[0]
            out.append(LineSpec(ci, rng.randrange(len(fam.styles)), browser_text(rng, fam, split.held_out_text),
                                rng.choice(split.sizes), rng.choice(split.dprs), fg, bg, bg2,  # type: ignore[arg-type]
                                (rng.uniform(0.1, 0.4), rng.uniform(0.1, 0.4)), enc, rng.randint(40, 95)))
    return out


def _ps_name(path: str, index: int) -> str:
    from fontTools.ttLib import TTFont

    font = TTFont(path, fontNumber=index, lazy=True)
    return str(font["name"].getDebugName(6))


def font_faces() -> str:
    """One ``@font-face`` per style file: ``f<family>s<style>``. Collections (.ttc) by PostScript name."""
    rules = []
    for ci, fam in enumerate(FAMILIES):
        for si, (path, index) in enumerate(fam.styles):
            src = f'local("{_ps_name(path, index)}")' if path.endswith(".ttc") else f'url("file://{path}")'
            rules.append(f"@font-face {{ font-family: 'f{ci}s{si}'; src: {src}; }}")
    return "\n".join(rules)


def page_html(lines: list[LineSpec], faces: str) -> str:
    rows = []
    for k, s in enumerate(lines):
        bg = f"rgb{s.bg}" if s.bg2 is None else f"linear-gradient(90deg, rgb{s.bg}, rgb{s.bg2})"
        rows.append(
            f'<div class="row" style="background:{bg};padding:{s.css_px}px {s.css_px}px">'
            f"<span id=\"l{k}\" style=\"font-family:'f{s.family}s{s.style}';font-size:{s.css_px}px;"
            f'color:rgb{s.fg}">{html.escape(s.text)}</span></div>'
        )
    return (f"<!doctype html><html><head><meta charset='utf-8'><style>{faces}\n"
            "body{margin:0;background:#fff} .row{display:block;width:max-content;min-width:200px;"
            "white-space:pre;line-height:1.3}</style></head><body>" + "".join(rows) + "</body></html>")


def _ink_box(region: np.ndarray, bg: np.ndarray) -> tuple[int, int, int, int] | None:
    diff = np.abs(region.astype(np.int16) - bg.astype(np.int16)).max(axis=2)
    ys, xs = np.nonzero(diff > 40)
    if len(xs) == 0:
        return None
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def _encode(img: np.ndarray, spec: LineSpec) -> np.ndarray:
    if spec.encode == "png":
        return img
    buf = io.BytesIO()
    Image.fromarray(img[:, :, ::-1]).save(buf, format=spec.encode.upper(), quality=spec.quality)
    return np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))[:, :, ::-1].copy()


def cut_line(shot: np.ndarray, rect: dict, spec: LineSpec) -> np.ndarray | None:
    """The detector-like BGR crop of one line: its ink box plus the spec's margins."""
    d = spec.dpr
    pad = spec.css_px * d
    x0, y0 = int(rect["x"] * d - pad * 0.9), int(rect["y"] * d - pad * 0.9)
    x1, y1 = int((rect["x"] + rect["w"]) * d + pad * 0.9), int((rect["y"] + rect["h"]) * d + pad * 0.9)
    x0, y0 = max(x0, 0), max(y0, 0)
    region = shot[y0:y1, x0:x1]
    if region.size == 0:
        return None
    bg = np.median(np.concatenate([region[0], region[-1]]), axis=0)
    box = _ink_box(region, bg)
    if box is None:
        return None
    size = spec.css_px * d
    mx, my = int(size * spec.margin[0]), int(size * spec.margin[1])
    bx0, by0 = max(box[0] - mx, 0), max(box[1] - my, 0)
    crop = region[by0 : box[3] + my, bx0 : box[2] + mx]
    return _encode(np.ascontiguousarray(crop), spec)


def render_pages(lines: list[LineSpec], per_page: int = LINES_PER_PAGE
                 ) -> Iterator[tuple[np.ndarray, list[tuple[LineSpec, dict]]]]:
    """(BGR screenshot, [(spec, rect in CSS px)]) per page; pages grouped by DPR."""
    from playwright.sync_api import sync_playwright

    faces = font_faces()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for dpr in sorted({s.dpr for s in lines}):
                group = [s for s in lines if s.dpr == dpr]
                ctx = browser.new_context(viewport={"width": VIEWPORT_W, "height": 800}, device_scale_factor=dpr)
                page = ctx.new_page()
                for i in range(0, len(group), per_page):
                    chunk = group[i : i + per_page]
                    shot, rects = _render_page(page, chunk, faces)
                    yield shot, list(zip(chunk, rects, strict=True))
                ctx.close()
        finally:
            browser.close()


def render(lines: list[LineSpec]) -> Iterator[tuple[LineSpec, np.ndarray]]:
    """(spec, BGR crop) for every line that rendered with ink."""
    for shot, placed in render_pages(lines):
        for spec, rect in placed:
            crop = cut_line(shot, rect, spec)
            if crop is not None and crop.shape[0] >= 6 and crop.shape[1] >= 6:
                yield spec, crop


def _render_page(page, chunk: list[LineSpec], faces: str) -> tuple[np.ndarray, list[dict]]:
    tmp = Path("/tmp") / f"font_browser_{id(page)}.html"
    tmp.write_text(page_html(chunk, faces), encoding="utf-8")
    page.goto(f"file://{tmp}")
    page.evaluate("document.fonts.ready")
    failed = page.evaluate("[...document.fonts].filter(f => f.status === 'error').map(f => f.family)")
    if failed:
        raise RuntimeError(f"fonts failed to load in Chromium: {failed}")
    rects = page.evaluate(
        f"[...Array({len(chunk)}).keys()].map(k => {{const r = document.getElementById('l' + k)"
        ".getBoundingClientRect(); return {x: r.x, y: r.y + window.scrollY, w: r.width, h: r.height}; })")
    png = page.screenshot(full_page=True, type="png")
    return cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR), rects


def render_detected(lines: list[LineSpec]) -> Iterator[tuple[LineSpec, np.ndarray]]:
    """(spec, BGR crop) for every box the Web Image detector finds inside a line (its own crops)."""
    from airocr.engine.geometry import crop_quad
    from airocr.engine.pipeline import WebImagePipeline

    detector = WebImagePipeline.from_model_dir().detector
    for shot, placed in render_pages(lines, per_page=12):
        for quad in detector(shot).quads:
            cx, cy = quad[:, 0].mean(), quad[:, 1].mean()
            for spec, r in placed:
                d = spec.dpr
                if r["x"] * d <= cx <= (r["x"] + r["w"]) * d and r["y"] * d <= cy <= (r["y"] + r["h"]) * d:
                    yield spec, _encode(crop_quad(shot, quad), spec)
                    break


def build(seed: int, per_class: int, split: Split, out: Path, raw: Path | None = None,
          detector: bool = False) -> None:
    """Render, normalise and store the lines (``font_data.py`` layout plus text, DPR and size).

    ``detector``: cut the lines with the Web Image detector's boxes (its padding, its splits of a
    line into pieces) instead of around the ink.
    """
    images, labels, texts, dprs, sizes = [], [], [], [], []
    if raw is not None:
        raw.mkdir(parents=True, exist_ok=True)
    lines = specs(seed, per_class, split)
    for k, (spec, crop) in enumerate(render_detected(lines) if detector else render(lines)):
        images.append(normalize_crop(crop))
        labels.append(spec.family)
        texts.append(spec.text)
        dprs.append(spec.dpr)
        sizes.append(spec.css_px)
        if raw is not None:
            cv2.imwrite(str(raw / f"{k:06d}_{spec.family:02d}.png"), crop)
    widths = np.array([im.shape[1] for im in images], dtype=np.int32)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(out, pixels=np.concatenate(images, axis=1), widths=widths, labels=np.array(labels, dtype=np.int16),
             classes=np.array([f.name for f in FAMILIES]), texts=np.array(texts), dpr=np.array(dprs),
             css_px=np.array(sizes, dtype=np.int16))
    print(f"{out}: {len(images)} browser lines ({split.name}), mean width {widths.mean():.0f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--per-class", type=int, default=500)
    ap.add_argument("--split", choices=sorted(SPLITS), default="tuned")
    ap.add_argument("--raw", type=Path, help="also write the BGR crops as PNG here")
    ap.add_argument("--detector", action="store_true", help="crops from the Web Image detector's boxes")
    args = ap.parse_args()
    build(args.seed, args.per_class, SPLITS[args.split], args.out, args.raw, args.detector)


if __name__ == "__main__":
    main()
