"""detect_font top-1 on browser-rendered and Pillow-rendered lines, Latin and CJK lines apart.

Sets (all classified through :class:`engine.fonts.FontClassifier` from raw BGR crops, as the
service does):

* ``browser tuned`` / ``browser held-out``: lines drawn by headless Chromium
  (``scripts/synthesis/font_browser.py --raw DIR``; held-out = held-out text, CSS sizes and DPRs);
* ``pillow held-out``: ``scripts/synthesis/font_data.py`` lines from the held-out vocabulary
  (seed 12345, the shipped model's evaluation seed).

A *Latin line* is a Latin-only text in a Latin family, a *CJK line* a text with Chinese characters
in a CJK family (Pillow's Latin-only lines in CJK families are left out: a Latin line is only ever
classified among Latin families). Each is scored with the script restriction (``texts`` given, as
the service does now) and without it (the model alone, as before).

    python -m scripts.synthesis.font_browser --out data/webextra/font_eval_browser_tuned.npz --seed 4242 \
        --per-class 50 --split tuned --raw data/webextra/font_eval_browser_tuned
    python -m scripts.synthesis.font_browser --out data/webextra/font_eval_browser_heldout.npz --seed 4243 \
        --per-class 50 --split held-out --raw data/webextra/font_eval_browser_heldout
    python -m scripts.benchmarks.eval_font_browser [--model-dir models] [--json OUT.json]
    python -m scripts.benchmarks.eval_font_browser --pipeline [--per-class 10]   # + end to end

``--pipeline`` adds the end-to-end sets: Chromium pages (10 lines each, tuned and held-out specs of
``font_browser.py``, seeds 5151 / 5152) go through ``WebImagePipeline`` (detector crops, recognised
text); every block whose centre lies in a line's box is scored against that line's family, the
script taken from the *recognised* text, exactly as the service does. ``--save-crops DIR`` keeps
those detector crops (``<k>_<class>.png`` + ``texts.json``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import cv2
import numpy as np

from airocr.engine.fonts import CJK, FontClassifier, text_script
from scripts.paths import ROOT
from scripts.synthesis.font_data import FAMILIES, samples

BROWSER_SETS = {"browser tuned": "data/webextra/font_eval_browser_tuned",
                "browser held-out": "data/webextra/font_eval_browser_heldout"}


def browser_set(folder: Path) -> tuple[list[np.ndarray], list[int], list[str]]:
    meta = np.load(folder.with_suffix(".npz"))
    files = sorted(folder.glob("*.png"))
    crops = [cv2.imread(str(f), cv2.IMREAD_COLOR) for f in files]
    return crops, [int(f.stem.split("_")[1]) for f in files], [str(t) for t in meta["texts"]]


def pipeline_set(split_name: str, seed: int, per_class: int, save: Path | None = None
                 ) -> tuple[list[np.ndarray], list[int], list[str]]:
    """Detector crops of Chromium pages, each labelled with the family of the line it lies in."""
    from airocr.engine.pipeline import PipelineOptions, WebImagePipeline
    from scripts.synthesis.font_browser import SPLITS, render_pages, specs

    pipe = WebImagePipeline.from_model_dir()
    crops, labels, texts = [], [], []
    for shot, placed in render_pages(specs(seed, per_class, SPLITS[split_name]), per_page=10):
        result = pipe.run(shot, PipelineOptions(keep_crops=True))
        for block, crop in zip(result.blocks, result.crops, strict=True):
            cx, cy = block.quad[:, 0].mean(), block.quad[:, 1].mean()
            for spec, r in placed:
                d = spec.dpr
                if r["x"] * d <= cx <= (r["x"] + r["w"]) * d and r["y"] * d <= cy <= (r["y"] + r["h"]) * d:
                    crops.append(crop)
                    labels.append(spec.family)
                    texts.append(block.text)
                    break
    if save is not None:
        save.mkdir(parents=True, exist_ok=True)
        for k, (crop, ci) in enumerate(zip(crops, labels, strict=True)):
            cv2.imwrite(str(save / f"{k:06d}_{ci:02d}.png"), crop)
        (save / "texts.json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    return crops, labels, texts


def pillow_set(seed: int, per_class: int) -> tuple[list[np.ndarray], list[int], list[str]]:
    crops, labels, texts = [], [], []
    for ci, text, crop in samples(seed, per_class, held_out=True):
        crops.append(crop)
        labels.append(ci)
        texts.append(text)
    return crops, labels, texts


def score(fonts: FontClassifier, crops: list[np.ndarray], labels: list[int], texts: list[str]) -> dict:
    """Top-1 per script group, with and without the script restriction."""
    groups = {"latin": [], "cjk": []}
    for i, (ci, text) in enumerate(zip(labels, texts, strict=True)):
        script = text_script(text)
        if FAMILIES[ci].cjk and script == CJK:
            groups["cjk"].append(i)
        elif not FAMILIES[ci].cjk and script is not None and script != CJK:
            groups["latin"].append(i)
    out = {}
    for name, idx in groups.items():
        sub = [crops[i] for i in idx]
        want = [FAMILIES[labels[i]].name for i in idx]
        restricted = fonts.top_fonts(sub, 5, [texts[i] for i in idx])
        plain = fonts.top_fonts(sub, 5)
        out[name] = {"lines": len(idx),
                     "top1": round(float(np.mean([t[0][0] == w for t, w in zip(restricted, want, strict=True)])), 4),
                     "top5": round(float(np.mean([w in [n for n, _ in t] for t, w in zip(restricted, want,
                                                                                         strict=True)])), 4),
                     "top1_unrestricted": round(float(np.mean([t[0][0] == w for t, w in zip(plain, want,
                                                                                             strict=True)])), 4),
                     "wrong_script_top1_unrestricted": round(float(np.mean(
                         [FONT_CJK[t[0][0]] != (name == "cjk") for t in plain])), 4)}
    return out


FONT_CJK = {f.name: f.cjk for f in FAMILIES}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model-dir", type=Path, help="models folder (default: the installed models)")
    ap.add_argument("--pillow-per-class", type=int, default=40)
    ap.add_argument("--json", type=Path, help="write the table as JSON")
    ap.add_argument("--pipeline", action="store_true", help="also score detector crops of Chromium pages")
    ap.add_argument("--per-class", type=int, default=10, help="--pipeline: lines per family and split")
    ap.add_argument("--save-crops", type=Path, help="--pipeline: keep the detector crops here")
    args = ap.parse_args()
    fonts = FontClassifier.from_model_dir(args.model_dir)
    results = {}
    if args.pipeline:
        for split_name, seed in (("tuned", 5151), ("held-out", 5152)):
            save = args.save_crops / split_name if args.save_crops else None
            results[f"e2e {split_name}"] = score(fonts, *pipeline_set(split_name, seed, args.per_class, save))
    for name, folder in BROWSER_SETS.items():
        results[name] = score(fonts, *browser_set(ROOT / folder))
    results["pillow held-out"] = score(fonts, *pillow_set(12345, args.pillow_per_class))
    print(f"{'set':18s} {'lines':>6s} {'script':>7s} {'top-1':>7s} {'top-5':>7s} {'top-1 no restr.':>16s} "
          f"{'wrong script':>13s}")
    for set_name, res in results.items():
        for script, m in res.items():
            print(f"{set_name:18s} {m['lines']:6d} {script:>7s} {100 * m['top1']:6.1f}% {100 * m['top5']:6.1f}% "
                  f"{100 * m['top1_unrestricted']:15.1f}% {100 * m['wrong_script_top1_unrestricted']:12.1f}%")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
