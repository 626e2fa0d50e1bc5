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

``--templates`` scores the carrier / card / invoice / no-contact templates of
``scripts/synthesis/contact_templates.py`` instead: strict field accuracy (every field of every
sample with a contact, exact match) per split, tuned beside held-out, per template kind, and the
share of pages without a contact block that come back with every field empty. In ``--ocr`` mode
the template pages are drawn with Pillow and turned by the template's ``rotate``.

Usage::

    python -m scripts.benchmarks.eval_contact --text [--n 240 --seed 5] [--errors errors.jsonl]
    python -m scripts.benchmarks.eval_contact --ocr  [--n 240 --seed 5] [--images DIR] [--errors errors.jsonl]
    python -m scripts.benchmarks.eval_contact --text --templates [--per-template 12 --seed 3]
    python -m scripts.benchmarks.eval_contact --ocr --templates [--per-template 4 --seed 3]
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
from scripts.synthesis import contact_templates
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


def template_report(samples: list[dict], lines_of: Callable[[dict], Sequence[str]]) -> tuple[list[str], list[dict]]:
    """Table rows (split x kind: samples, strict field accuracy, all-empty share) and the errors."""
    rows: dict[tuple[str, str], list[float]] = {}
    errors: list[dict] = []
    for sample in samples:
        lines = list(lines_of(sample))
        got = extract_contact(lines).to_dict()
        wrong = {f: {"want": sample["truth"][f], "got": got[f]} for f in FIELDS if got[f] != sample["truth"][f]}
        if wrong:
            errors.append({"id": sample["id"], "split": sample["split"], "lines": lines, "wrong": wrong})
        keys = [(sample["split"], sample["kind"]),
                (sample["split"], "ALL labels" if sample["kind"] != "none" else "ALL none")]
        if sample["kind"] not in ("none", "th_label"):  # Web Image's recognizer reads no Thai (yet)
            keys.append((sample["split"], "ALL non-th"))
        for key in keys:
            acc = rows.setdefault(key, [0, 0, 0])
            acc[0] += 1
            acc[1] += len(FIELDS) - len(wrong)
            acc[2] += all(not v for v in got.values())
    out = [f"{'split':9s} {'kind':11s} {'n':>4s} {'strict field acc':>17s} {'all empty':>10s}"]
    for (split, kind), (n, ok, empty) in sorted(rows.items()):
        out.append(f"{split:9s} {kind:11s} {n:4d} {100 * ok / (n * len(FIELDS)):16.1f}% {100 * empty / n:9.1f}%")
    return out, errors


def render_template_sample(sample: dict, path: Path, seed: int) -> None:
    """A template page drawn by ``contact_labels.render`` (a Thai font for Thai pages), then turned."""
    import cv2
    import numpy as np

    from scripts.synthesis import contact_labels

    fonts = contact_labels.FONTS
    if sample["kind"] == "th_label":
        contact_labels.FONTS = [("/usr/share/fonts/truetype/tlwg/Loma.ttf", 0)]
    try:
        render({**sample, "layout": "shipping_label"}, path, seed)
    finally:
        contact_labels.FONTS = fonts
    turns = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    if sample.get("rotate") in turns:
        img = cv2.imread(str(path))
        cv2.imwrite(str(path), np.ascontiguousarray(cv2.rotate(img, turns[sample["rotate"]])))


def ocr_lines_factory(images: Path | None, seed: int, group_rows: bool = True,
                      draw: Callable[[dict, Path, int], None] = render,
                      detect_direction: bool = False) -> Callable[[dict], list[str]]:
    """Lines from the OCR pipeline for a sample (rendered on the fly unless --images).

    ``group_rows``: join blocks that share a printed row (engine.contact.layout) first.
    """
    import cv2

    from airocr.engine import pipeline as pipeline_mod
    from airocr.engine.pipeline import PipelineOptions

    cls = pipeline_mod.WebImagePipeline
    ctor = getattr(cls, "from_default_models", None) or cls.from_model_dir
    pipe = ctor()
    tmp = Path(tempfile.mkdtemp(prefix="contact_ocr_"))

    def lines_of(sample: dict) -> list[str]:
        path = images / f"{sample['id']}.png" if images else tmp / f"{sample['id']}.png"
        if not path.exists():
            draw(sample, path, seed)
        result = pipe.run(cv2.imread(str(path), cv2.IMREAD_COLOR), PipelineOptions(detect_direction=detect_direction))
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
    ap.add_argument("--templates", action="store_true", help="score contact_templates.py pages (tuned / held-out)")
    ap.add_argument("--per-template", type=int, default=12)
    args = ap.parse_args()
    if args.templates:
        samples = contact_templates.generate(args.per_template, args.seed)
        lines_of = (lambda s: s["lines"]) if args.text else ocr_lines_factory(
            args.images, args.seed, not args.raw_blocks, render_template_sample, True)
        table, errors = template_report(samples, lines_of)
        print(f"templates mode={'text' if args.text else 'ocr'} samples={len(samples)} seed={args.seed}")
        print("\n".join(table))
        if args.errors:
            with args.errors.open("w", encoding="utf-8") as fh:
                fh.writelines(json.dumps(e, ensure_ascii=False) + "\n" for e in errors)
        return

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
