#!/usr/bin/env python3
"""Tune the Web Image tight-box step (engine/tight_boxes.py) on the TUNED browser templates and the Pillow renders.

    python -m scripts.benchmarks.tune_tight_boxes --browser-dir data/webbox/browser

The pipeline runs once per image without the step (lines, crops and detector quads kept); each
setting of :class:`TightBoxConfig` then re-runs only the step (and the re-reading of split pieces)
and is scored with scripts/benchmarks/box_scoring.py. Held-out templates are never loaded here.
"""

from __future__ import annotations

import argparse
import itertools
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np

from airocr.engine.pipeline import PipelineOptions, WebImagePipeline
from airocr.engine.recognize import LineText
from airocr.engine.tight_boxes import TightBoxConfig
from scripts.benchmarks.box_scoring import Tally, score_image
from scripts.synthesis.web_pages import benchmark_set


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--browser-dir", type=Path, default=Path("data/webbox/browser"))
    ap.add_argument("--pillow", type=int, default=12, help="Pillow pages (plus a third as many tables and tilted)")
    ap.add_argument("--split-gap", default="0.8,1.0,1.2,1.5,99")
    ap.add_argument("--margin", default="0,1")
    ap.add_argument("--ink-share", default="0.25,0.333,0.5")
    ap.add_argument("--min-piece", default="0,1.0")
    args = ap.parse_args()

    from scripts.synthesis.browser_pages import load_set

    samples = load_set(args.browser_dir, "tuned") + benchmark_set(7, args.pillow, args.pillow // 3, args.pillow // 3)
    pipe = WebImagePipeline.from_model_dir()
    opts = PipelineOptions(detect_direction=True, tight_boxes=False, keep_crops=True, min_confidence=0.0)
    cached = []
    for s in samples:
        r = pipe.run(s.image, opts)
        cached.append([(LineText(b.text, b.confidence), c, np.asarray(b.quad)) for b, c in zip(r.blocks, r.crops,
                                                                                                strict=True)])
    print(f"{len(samples)} images, {sum(len(s.lines) for s in samples)} lines (tuned browser templates + Pillow)")
    base = TightBoxConfig()
    grid = itertools.product(*(map(float, v.split(",")) for v in (args.split_gap, args.margin, args.ink_share,
                                                                   args.min_piece)))
    print(f"{'split_gap':>9s} {'margin':>6s} {'share':>6s} {'piece':>5s}  group      hmean  medIoU  char")
    for gap, margin, share, piece in grid:
        pipe.tight_config = replace(base, split_gap=gap, margin_px=margin, ink_share=share, min_piece=piece)
        tallies: dict[str, Tally] = defaultdict(Tally)
        for s, lines in zip(samples, cached, strict=True):
            out = pipe._tighten([(t, c, q.copy()) for t, c, q in lines])
            pred = [(t.text, q) for t, _, q in out if t.text and t.confidence >= 0.3]
            t = score_image(s.lines, s.quads, pred)["all"]
            tallies[getattr(s, "split", "pillow")].add(t)
            tallies[s.kind.rstrip("+-0123456789")].add(t)
        for g in ("tuned", "pillow", "table", "article", "ui"):
            r = tallies[g].summary()
            print(f"{gap:9.2f} {margin:6.1f} {share:6.3f} {piece:5.1f}  {g:9s} {r['hmean']:6.3f} "
                  f"{r['median_iou']:7.3f} {r['char_acc']:6.3f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
