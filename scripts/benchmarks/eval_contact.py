#!/usr/bin/env python3
"""Exact-match accuracy per contact field on the synthetic label/card set.

Modes:

* ``--text``: feed each sample's ground-truth text lines to ``extract_contact``
  (tests the extraction rules alone).
* ``--ocr``: render each sample (or read ``--images DIR/<id>.png``), run the
  web-image OCR pipeline and feed its blocks, in order, to ``extract_contact``
  (tests OCR + extraction end to end).  Expects ``engine.pipeline.WebImagePipeline``
  with a ``from_default_models()`` or ``from_model_dir()`` constructor and
  ``run(image_bgr) -> result`` whose ``result.blocks`` items carry ``words``
  (or ``text``) and ``location`` (or ``quad``).  Blocks sharing a printed row
  are joined first (``engine.contact.layout.blocks_to_lines``; ``--raw-blocks``
  turns that off).

Usage::

    python -m scripts.benchmarks.eval_contact --text [--n 240 --seed 5] [--errors errors.jsonl]
    python -m scripts.benchmarks.eval_contact --ocr  [--n 240 --seed 5] [--images DIR] [--errors errors.jsonl]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from airocr.engine.contact.extract import extract_contact
from airocr.engine.contact.layout import blocks_to_lines
from scripts.synthesis.contact_labels import generate, render

FIELDS = ("name", "phone", "province", "city", "district", "detail_address")


def evaluate(
    samples: Iterable[dict], lines_of: Callable[[dict], Sequence[str]]
) -> tuple[dict[str, float], list[dict], int]:
    """Per-field exact-match accuracy, the mismatching samples and the sample count."""
    hits = dict.fromkeys(FIELDS, 0)
    errors: list[dict] = []
    total = 0
    for sample in samples:
        total += 1
        lines = list(lines_of(sample))
        got = extract_contact(lines).to_dict()
        wrong = {f: {"want": sample["truth"][f], "got": got[f]} for f in FIELDS if got[f] != sample["truth"][f]}
        for f in FIELDS:
            hits[f] += f not in wrong
        if wrong:
            errors.append({"id": sample["id"], "tags": sample.get("tags", []), "lines": lines, "wrong": wrong})
    return {f: hits[f] / max(total, 1) for f in FIELDS}, errors, total


def ocr_lines_factory(images: Path | None, seed: int, group_rows: bool = True) -> Callable[[dict], list[str]]:
    """Lines from the OCR pipeline for a sample (rendered on the fly unless --images).

    ``group_rows``: join blocks that share a printed row (engine.contact.layout) first.
    """
    import cv2

    from airocr.engine import pipeline as pipeline_mod

    cls = pipeline_mod.WebImagePipeline
    ctor = getattr(cls, "from_default_models", None) or cls.from_model_dir
    pipe = ctor()
    tmp = Path(tempfile.mkdtemp(prefix="contact_ocr_"))

    def lines_of(sample: dict) -> list[str]:
        path = images / f"{sample['id']}.png" if images else tmp / f"{sample['id']}.png"
        if not path.exists():
            render(sample, path, seed)
        result = pipe.run(cv2.imread(str(path), cv2.IMREAD_COLOR))
        texts = [getattr(b, "words", None) or getattr(b, "text", "") for b in result.blocks]
        quads = [getattr(b, "location", None) if getattr(b, "location", None) is not None else b.quad
                 for b in result.blocks]
        return blocks_to_lines(zip(texts, quads, strict=True)) if group_rows else texts

    return lines_of


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--text", action="store_true", help="ground-truth text lines")
    mode.add_argument("--ocr", action="store_true", help="OCR output of rendered images")
    ap.add_argument("--n", type=int, default=240)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--images", type=Path, help="pre-rendered images (DIR/<id>.png)")
    ap.add_argument("--errors", type=Path, help="write mismatches as JSONL")
    ap.add_argument("--raw-blocks", action="store_true", help="--ocr: feed blocks as they come, no row grouping")
    ap.add_argument("--min", type=float, default=0.0, help="exit 1 if any field is below this accuracy")
    args = ap.parse_args()

    samples = generate(args.n, args.seed)
    lines_of = (lambda s: s["lines"]) if args.text else ocr_lines_factory(args.images, args.seed, not args.raw_blocks)
    acc, errors, total = evaluate(samples, lines_of)
    print(f"mode={'text' if args.text else 'ocr'} samples={total} seed={args.seed}")
    for f in FIELDS:
        print(f"  {f:15s} {acc[f] * 100:6.2f} %")
    print(f"  {'all fields':15s} {(total - len(errors)) / max(total, 1) * 100:6.2f} % of samples fully correct")
    if args.errors:
        with args.errors.open("w", encoding="utf-8") as fh:
            for e in errors:
                fh.write(json.dumps(e, ensure_ascii=False) + "\n")
    if any(v < args.min for v in acc.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
