#!/usr/bin/env python3
"""Web pages rendered by a real browser (headless Chromium via playwright), with each text line's ink box.

    python -m scripts.synthesis.browser_pages --out data/webbox/browser --per-template 4 --seed 11

Templates are HTML/CSS data in ``browser_templates/`` (``index.json`` lists each with its split:
``tuned`` templates may be looked at while tuning; ``heldout`` ones only for the final report).
A template fills ``{{kind}}`` slots (``browser_text.FILLERS``), repeats ``<!--repeat a-b-->...<!--/repeat-->``
blocks a random number of times, and takes its fonts and base size from CSS variables the generator
sets per sample (``--sans --serif --cjk --thai --mono --base``).

Ground truth, per visual line of text: the line's text (characters grouped by their client rects,
``Range.getClientRects``), and its ink box: the pixels that change when all text is made transparent
(two screenshots), inside the line's client rect (times the device pixel ratio) and a small margin,
at >= 1/3 of the strongest change. Pages are then saved as PNG, JPEG or WebP at device pixel ratios 1-3.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from scripts.synthesis.browser_text import FILLERS

TEMPLATES = Path(__file__).resolve().parent / "browser_templates"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FONTS = {
    "sans": ("Liberation Sans", "DejaVu Sans", "Noto Sans", "Lato", "Roboto", "FreeSans", "Nimbus Sans", "Carlito"),
    "serif": ("Liberation Serif", "DejaVu Serif", "Noto Serif", "Caladea", "Nimbus Roman", "C059"),
    "cjk": ("Noto Sans CJK SC", "WenQuanYi Zen Hei", "Noto Serif CJK SC", "AR PL UMing CN"),
    "thai": ("Noto Sans Thai", "Garuda", "Loma", "Kinnari", "Waree", "Umpush", "Sawasdee", "Norasi",
             "Noto Serif Thai", "Tlwg Typo"),
    "mono": ("Liberation Mono", "DejaVu Sans Mono", "Noto Mono", "Nimbus Mono PS"),
}
HIDE_TEXT = ("*, *::before, *::after { color: transparent !important; -webkit-text-fill-color: transparent !important;"
             " text-shadow: none !important; caret-color: transparent !important; }")
# Per text node: split into visual lines by character rects (CSS px). Whitespace has no ink box.
LINES_JS = r"""() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const tag = node.parentElement ? node.parentElement.tagName : '';
    if (tag === 'SCRIPT' || tag === 'STYLE' || !node.data.trim()) continue;
    let cur = null;
    const r = document.createRange();
    for (let i = 0; i < node.length; i++) {
      const ch = node.data[i];
      r.setStart(node, i); r.setEnd(node, i + 1);
      const rects = r.getClientRects();
      if (!rects.length) continue;
      const b = rects[rects.length - 1];
      if (/\s/.test(ch)) { if (cur) cur.text += ' '; continue; }
      if (b.width === 0 && b.height === 0) continue;
      const lh = cur ? Math.min(b.height, cur.bottom - cur.top) : 0;  // a wrapped line starts below (or above)
      if (!cur || b.top >= cur.bottom - 0.25 * lh || b.bottom <= cur.top + 0.25 * lh) {
        if (cur) out.push(cur);
        cur = {text: '', left: b.left, top: b.top, right: b.right, bottom: b.bottom};
      }
      cur.text += ch;
      cur.left = Math.min(cur.left, b.left); cur.top = Math.min(cur.top, b.top);
      cur.right = Math.max(cur.right, b.right); cur.bottom = Math.max(cur.bottom, b.bottom);
    }
    if (cur) out.push(cur);
  }
  return out.map(f => ({...f, left: f.left + window.scrollX, right: f.right + window.scrollX,
                        top: f.top + window.scrollY, bottom: f.bottom + window.scrollY}));
}"""


@dataclass(frozen=True)
class BrowserSample:
    image: np.ndarray  # BGR uint8, decoded from the encoded file
    lines: list[str]
    quads: np.ndarray  # (N, 4, 2) ink boxes, tl tr br bl, pixel edges
    kind: str  # template kind (ui, table, label, article, banner, thai)
    template: str
    split: str  # tuned | heldout
    dpr: float
    fmt: str


def load_index() -> dict[str, dict]:
    return json.loads((TEMPLATES / "index.json").read_text("utf-8"))["templates"]


def fill_template(html: str, rng: random.Random) -> str:
    """Expand repeat blocks, then fill every ``{{kind}}`` slot with fresh text."""
    def repeat(m: re.Match) -> str:
        lo, hi = int(m.group(1)), int(m.group(2))
        return "".join(m.group(3) for _ in range(rng.randint(lo, hi)))

    prev = None
    while prev != html:  # innermost blocks first, so blocks may nest
        prev = html
        html = re.sub(r"<!--repeat (\d+)-(\d+)-->((?:(?!<!--repeat).)*?)<!--/repeat-->", repeat, html, flags=re.S)
    return re.sub(r"\{\{(\w+)\}\}", lambda m: _escape(FILLERS[m.group(1)](rng)), html)


def _escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def style_vars(rng: random.Random, base: tuple[int, int]) -> str:
    fonts = {k: rng.choice(v) for k, v in FONTS.items()}
    hue = rng.randrange(360)
    return (":root{" + "".join(f"--{k}:'{v}';" for k, v in fonts.items())
            + f"--base:{rng.randint(*base)}px;--hue:{hue};}}")


def merge_fragments(frags: list[dict]) -> list[dict]:
    """Join fragments of one visual line split over text nodes (``<b>Total:</b> $5``): same row,
    horizontal gap under 0.35 of the line height. Table cells and columns stay apart."""
    frags = sorted(frags, key=lambda f: (round(f["top"]), f["left"]))
    out: list[dict] = []
    for f in frags:
        f = dict(f, text=" ".join(f["text"].split()))
        h = f["bottom"] - f["top"]
        for g in out:
            gh = g["bottom"] - g["top"]
            overlap = min(g["bottom"], f["bottom"]) - max(g["top"], f["top"])
            gap = f["left"] - g["right"]
            if overlap >= 0.6 * min(h, gh) and -1 <= gap <= 0.35 * min(h, gh):
                g["text"] += (" " if gap >= 0.2 * min(h, gh) else "") + f["text"]
                g["right"], g["top"], g["bottom"] = f["right"], min(g["top"], f["top"]), max(g["bottom"], f["bottom"])
                break
        else:
            out.append(f)
    return out


def ink_boxes(shown: np.ndarray, hidden: np.ndarray, frags: list[dict], dpr: float) -> list[tuple[str, list[float]]]:
    """Each line's ink box in device pixels (see the module doc); lines without ink are dropped."""
    diff = np.abs(shown.astype(np.int16) - hidden.astype(np.int16)).max(axis=2)
    h, w = diff.shape
    rects = [np.array([f["left"], f["top"], f["right"], f["bottom"]]) * dpr for f in frags]
    owner = np.full((h, w), -1, np.int32)  # pixels inside a line's own rect belong to it alone
    for i, r in enumerate(rects):
        x0, y0, x1, y1 = (int(np.floor(r[0])), int(np.floor(r[1])), int(np.ceil(r[2])), int(np.ceil(r[3])))
        owner[max(y0, 0):max(y1, 0), max(x0, 0):max(x1, 0)] = i
    out = []
    for i, (f, r) in enumerate(zip(frags, rects, strict=True)):
        mh = 0.2 * (r[3] - r[1])
        x0, y0 = max(int(r[0] - mh), 0), max(int(r[1] - mh), 0)
        x1, y1 = min(int(np.ceil(r[2] + mh)), w), min(int(np.ceil(r[3] + mh)), h)
        if x1 <= x0 or y1 <= y0 or not f["text"]:
            continue
        d = diff[y0:y1, x0:x1].astype(np.float32)
        own = owner[y0:y1, x0:x1]
        d[(own != i) & (own != -1)] = 0
        if d.max() < 40:
            continue
        ys, xs = np.nonzero(d >= max(30.0, d.max() / 3))
        bx0, by0, bx1, by1 = x0 + xs.min(), y0 + ys.min(), x0 + xs.max() + 1, y0 + ys.max() + 1
        out.append((f["text"], [float(bx0), float(by0), float(bx1), float(by1)]))
    return out


def encode(rgb: np.ndarray, rng: random.Random) -> tuple[bytes, str]:
    fmt = rng.choice(("png", "jpeg", "jpeg", "webp", "webp"))
    buf = io.BytesIO()
    img = Image.fromarray(rgb)
    if fmt == "png":
        img.save(buf, "PNG")
    else:
        img.save(buf, fmt.upper(), quality=rng.randint(60, 95))
    return buf.getvalue(), fmt


def render_template(browser, name: str, spec: dict, rng: random.Random) -> tuple[bytes, dict]:
    html = fill_template((TEMPLATES / spec["file"]).read_text("utf-8"), rng)
    css = style_vars(rng, tuple(spec.get("base", (13, 16))))
    html = html.replace("</head>", f"<style>{css}</style></head>", 1)
    width = rng.randint(*spec["widths"])
    dpr = rng.choice(spec.get("dprs", (1, 1.5, 2, 2.5, 3)))
    frags, shown, hidden = render_html(browser, html, width, dpr)
    lines = ink_boxes(shown, hidden, merge_fragments(frags), dpr)
    blob, fmt = encode(shown, rng)
    meta = {"lines": [t for t, _ in lines], "boxes": [b for _, b in lines], "dpr": dpr, "format": fmt,
            "width": int(shown.shape[1]), "height": int(shown.shape[0])}
    return blob, meta


def render_html(browser, html: str, width: int, dpr: float) -> tuple[list[dict], np.ndarray, np.ndarray]:
    """A page's text fragments (``LINES_JS``, CSS px) and its full-page screenshots (RGB, device
    pixels) with its text shown and hidden."""
    ctx = browser.new_context(viewport={"width": width, "height": 200}, device_scale_factor=dpr)
    try:
        page = ctx.new_page()
        page.set_content(html, wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        frags = page.evaluate(LINES_JS)
        shown = _shot(page)
        page.add_style_tag(content=HIDE_TEXT)
        hidden = _shot(page)
    finally:
        ctx.close()
    return frags, shown, hidden


def _shot(page) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(page.screenshot(full_page=True, type="png"))).convert("RGB"))


def generate(out: Path, per_template: int, seed: int, only: list[str] | None = None) -> Path:
    """Render ``per_template`` pages of every template into ``out`` (images + manifest.json)."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    index = load_index()
    manifest = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name, spec in index.items():
                if only and name not in only:
                    continue
                for k in range(per_template):
                    rng = random.Random(f"{seed}:{name}:{k}")
                    blob, meta = render_template(browser, name, spec, rng)
                    fname = f"{name}_{k:02d}.{ 'jpg' if meta['format'] == 'jpeg' else meta['format']}"
                    (out / fname).write_bytes(blob)
                    manifest.append({"file": fname, "template": name, "kind": spec["kind"], "split": spec["split"],
                                     **meta})
                    print(f"{fname}: {meta['width']}x{meta['height']} dpr {meta['dpr']} {len(meta['lines'])} lines",
                          flush=True)
        finally:
            browser.close()
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
    return out / "manifest.json"


def load_set(folder: Path, split: str | None = None) -> list[BrowserSample]:
    """Samples saved by :func:`generate` (``split``: tuned, heldout or None for all)."""
    import cv2

    out = []
    for m in json.loads((folder / "manifest.json").read_text("utf-8")):
        if split and m["split"] != split:
            continue
        img = cv2.imdecode(np.frombuffer((folder / m["file"]).read_bytes(), np.uint8), cv2.IMREAD_COLOR)
        b = np.asarray(m["boxes"], np.float64).reshape(-1, 4)
        quads = np.stack([b[:, [0, 1]], b[:, [2, 1]], b[:, [2, 3]], b[:, [0, 3]]], axis=1)
        out.append(BrowserSample(img, list(m["lines"]), quads, m["kind"], m["template"], m["split"], m["dpr"],
                                 m["format"]))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("data/webbox/browser"))
    ap.add_argument("--per-template", type=int, default=4)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--only", default="", help="comma-separated template names")
    args = ap.parse_args()
    generate(args.out, args.per_template, args.seed, [s for s in args.only.split(",") if s] or None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
