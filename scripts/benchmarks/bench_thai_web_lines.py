#!/usr/bin/env python3
"""Web Image lines by script on browser renders: a truth line counts when a returned line overlaps it at
IoU >= 0.5 and has its exact text (docs/tuning/thai_lines.md).

    python -m scripts.benchmarks.bench_thai_web_lines --browser-dir data/webbox/browser --split tuned [--show-misses]

``--show-misses`` lists the Thai lines missed: use it on ``tuned`` renders only (held-out templates are
looked at in the final report's numbers, never line by line).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from airocr.engine.geometry import quad_iou
from scripts.benchmarks.box_scoring import IOU_MATCH, script_of


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--browser-dir", type=Path, default=Path("data/webbox/browser"))
    ap.add_argument("--split", choices=("tuned", "heldout"), required=True)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--model-dir", type=Path, default=None, help="a models folder (default: the installed models)")
    args = ap.parse_args()

    from airocr.engine.models import RuntimeOptions
    from airocr.engine.pipeline import PipelineOptions, WebImagePipeline
    from scripts.synthesis.browser_pages import load_set

    pipe = WebImagePipeline.from_model_dir(args.model_dir, RuntimeOptions(intra_op_threads=args.threads))
    opts = PipelineOptions(detect_direction=True, detect_text_direction=True)
    total: dict[str, int] = {}
    hit: dict[str, int] = {}
    for s in load_set(args.browser_dir, args.split):
        blocks = [(b.text, np.asarray(b.quad, np.float64)) for b in pipe.run(s.image, opts).blocks]
        for text, quad in zip(s.lines, s.quads, strict=True):
            kind = script_of(text)
            best = max(blocks, key=lambda b: quad_iou(b[1], quad), default=None)
            ok = best is not None and quad_iou(best[1], quad) >= IOU_MATCH and best[0] == text
            total[kind] = total.get(kind, 0) + 1
            hit[kind] = hit.get(kind, 0) + ok
            if args.show_misses and not ok and kind == "thai":
                print(f"  {s.template} dpr {s.dpr}: {text!r} -> {best[0] if best else None!r}")
    for kind in sorted(total):
        print(f"{args.split} {kind}: {hit[kind]}/{total[kind]} = {hit[kind] / total[kind]:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
