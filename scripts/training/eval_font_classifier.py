"""Evaluate the shipped font classifier: accuracy on held-out renders and request overhead.

Accuracy: lines rendered by ``scripts/synthesis/font_data.py`` from the *held-out* text vocabulary
with a seed never used in training (12345), classified through
:class:`engine.fonts.FontClassifier` exactly as the service does (raw BGR crops in).
Overhead: ``WebImagePipeline`` on 20 synthetic web pages (``scripts/synthesis/web_pages.py``), with
and without the font classifier run over every crop of the page (one batched call).

    python -m scripts.training.eval_font_classifier                      # prints the numbers
    python -m scripts.training.eval_font_classifier --write-metrics docs/experiments/font_cls/metrics.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import numpy as np

from airocr.engine.fonts import CJK, FontClassifier, text_script
from airocr.engine.models import RuntimeOptions
from airocr.engine.pipeline import PipelineOptions, WebImagePipeline
from scripts.synthesis.font_data import FAMILIES, samples
from scripts.synthesis.web_pages import benchmark_set


def accuracy(fonts: FontClassifier, seed: int, per_class: int) -> dict:
    """Top-1/top-5 as the service classifies: restricted to the script of the line's text.

    Lines whose text is of the other script than their family (Latin-only lines drawn in a CJK
    family) are left out: such a line is only ever classified among the Latin families.
    """
    crops: list[np.ndarray] = []
    labels: list[str] = []
    texts: list[str] = []
    for ci, text, crop in samples(seed, per_class, held_out=True):
        if (text_script(text) == CJK) != FAMILIES[ci].cjk:
            continue
        crops.append(crop)
        labels.append(FAMILIES[ci].name)
        texts.append(text)
    t0 = time.perf_counter()
    tops = fonts.top_fonts(crops, 5, texts)
    dt = time.perf_counter() - t0
    hit1 = np.array([t[0][0] == y for t, y in zip(tops, labels, strict=True)])
    hit5 = np.array([any(n == y for n, _ in t) for t, y in zip(tops, labels, strict=True)])
    per_family = {}
    confusions: dict[str, dict[str, int]] = {}
    for fam in FAMILIES:
        m = np.array([y == fam.name for y in labels])
        per_family[fam.name] = {"top1": round(float(hit1[m].mean()), 4), "top5": round(float(hit5[m].mean()), 4)}
        wrong: dict[str, int] = {}
        for t, y in zip(tops, labels, strict=True):
            if y == fam.name and t[0][0] != y:
                wrong[t[0][0]] = wrong.get(t[0][0], 0) + 1
        confusions[fam.name] = dict(sorted(wrong.items(), key=lambda kv: -kv[1])[:3])
    return {"lines": len(crops), "families": len(FAMILIES), "seed": seed,
            "text": "held-out vocabulary, lines of the family's script, classified among that script's families",
            "top1": round(float(hit1.mean()), 4), "top5": round(float(hit5.mean()), 4),
            "ms_per_line": round(1000 * dt / len(crops), 3), "per_family": per_family, "confusions": confusions}


def overhead(fonts: FontClassifier, pipeline: WebImagePipeline, pages: int, repeats: int) -> dict:
    """Median OCR time vs median font time per page; the ratio of the sums is the added share."""
    images = [s.image for s in benchmark_set(seed=7, pages=pages, tables=0, tilted=0)]
    opts = PipelineOptions(keep_crops=True)
    pipeline.run(images[0], opts)  # warm-up
    fonts.top_fonts(pipeline.run(images[0], opts).crops)
    ocr_t, font_t, n_lines = [], [], 0
    for img in images:
        o, f = [], []
        for _ in range(repeats):
            t0 = time.perf_counter()
            res = pipeline.run(img, opts)
            t1 = time.perf_counter()
            fonts.top_fonts(res.crops, 5)
            t2 = time.perf_counter()
            o.append(t1 - t0)
            f.append(t2 - t1)
        ocr_t.append(statistics.median(o))
        font_t.append(statistics.median(f))
        n_lines += len(res.crops)
    return {"pages": len(images), "lines": n_lines, "ocr_ms_per_page": round(1000 * sum(ocr_t) / len(images), 1),
            "font_ms_per_page": round(1000 * sum(font_t) / len(images), 1),
            "added_percent": round(100 * sum(font_t) / sum(ocr_t), 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=12345)
    ap.add_argument("--per-class", type=int, default=100)
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, default=0, help="onnxruntime intra-op threads (0 = all cores)")
    ap.add_argument("--write-metrics", type=Path)
    args = ap.parse_args()
    runtime = RuntimeOptions(intra_op_threads=args.threads)
    fonts = FontClassifier.from_model_dir(runtime=runtime)
    acc = accuracy(fonts, args.seed, args.per_class)
    worst = sorted(acc["per_family"].items(), key=lambda kv: kv[1]["top1"])
    print(f"held-out renders: {acc['lines']} lines, {acc['families']} families, seed {acc['seed']}")
    print(f"top-1 {100 * acc['top1']:.2f} %  top-5 {100 * acc['top5']:.2f} %  ({acc['ms_per_line']} ms/line)")
    for name, m in worst:
        print(f"  {name:22s} top-1 {100 * m['top1']:6.1f}  top-5 {100 * m['top5']:6.1f}  "
              f"confused with {acc['confusions'][name]}")
    ovh = overhead(fonts, WebImagePipeline.from_model_dir(runtime=runtime), args.pages, args.repeats)
    print(f"overhead on {ovh['pages']} pages ({ovh['lines']} lines): OCR {ovh['ocr_ms_per_page']} ms/page, "
          f"fonts {ovh['font_ms_per_page']} ms/page → +{ovh['added_percent']} %")
    if args.write_metrics:
        args.write_metrics.parent.mkdir(parents=True, exist_ok=True)
        args.write_metrics.write_text(json.dumps({"accuracy": acc, "overhead": ovh}, indent=2,
                                                 ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
