"""Evaluate the exported Thai recognizer on held-out-font lines, per text kind, against Tesseract.

    python -m scripts.synthesis.thai.dataset --split test --count 1 --balanced   # 2000 lines, held-out fonts
    python -m scripts.training.eval_recognizer --model-dir models --out data/runs/thai_rec/eval.json

The test split uses only ``HELDOUT_FAMILIES`` (never seen in training) and a different sample
stream from the validation split the trainer selects checkpoints on.  The model runs through
the engine stage (``engine.thai_recognizer``), batched, on ``--threads`` cores; Tesseract
``tha+eng`` (``--psm 7``, one line) reads the same images.  Speed is lines/s of batched ONNX
inference over the whole set (decoding included, image loading excluded): the median of three
timed passes after an untimed one (the float32 peer: one timed pass).  ``--precision auto``
(the default) runs what the engine runs on CPU, the int8 variant where the manifest lists one; the
float32 model then reads the same lines in the same process as its peer (``float32_peer``: line
accuracy, CER and lines/s), so the report carries the speed ratio and the accuracy cost.
``--baseline-dir`` (e.g. the shipped ``models`` while ``--model-dir`` holds a candidate export)
reads the same lines with that directory's model, same precision, same process (``baseline``:
per-kind line accuracy, CER and lines/s), so a candidate is judged side by side.
``--stretch`` reads the lines widened by that factor (``RecognizerConfig.stretch``; the engine reads
at 1.0), ``--baseline-stretch`` the baseline's: e.g. the same model both ways, side by side.

``--hard`` degrades every test line first, at a 32-px height (a 48-px model then reads it
upscaled, so it gets no more detail than a 32-px one), with the training loader's
``hard_photometric`` (blur sigma 1.0-1.8, dark or washed-out exposure; fixed seed): the robustness
the ID-card bench's ``hard`` photos ask for. Tesseract is then skipped unless
``--tesseract`` is given (its cache holds the undegraded lines only).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np

from airocr.engine.models import ModelStore, RuntimeOptions, read_manifest
from airocr.engine.thai_recognizer import THAI_REC_MODEL, build_thai_recognizer, thai_rec_entry
from scripts.training.rec_data import hard_photometric, load_shard, resize_to_height
from scripts.training.rec_metrics import score, score_by_kind_and_family


def tesseract_lines(images: list[np.ndarray], workers: int) -> list[str]:
    """Run ``tesseract -l tha+eng --psm 7`` on each line image."""
    tmp = Path(tempfile.mkdtemp(prefix="tess_"))

    def one(i: int) -> str:
        p = tmp / f"{i}.png"
        cv2.imwrite(str(p), images[i])
        r = subprocess.run(["tesseract", str(p), "stdout", "-l", "tha+eng", "--psm", "7"],
                           capture_output=True, text=True, env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"})
        return r.stdout.strip()

    try:
        with ThreadPoolExecutor(workers) as ex:
            return list(ex.map(one, range(len(images))))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def cached_tesseract(data: Path, images: list[np.ndarray], workers: int) -> list[str]:
    """Tesseract output does not depend on our model: cache it next to the shard."""
    cache = data.with_suffix(".tesseract.json")
    key = hashlib.sha256(data.read_bytes()).hexdigest()
    if cache.exists():
        c = json.loads(cache.read_text("utf-8"))
        if c["shard_sha256"] == key and len(c["lines"]) >= len(images):
            return c["lines"][: len(images)]
    lines = tesseract_lines(images, workers)
    version = subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    cache.write_text(json.dumps({"shard_sha256": key, "tesseract": version, "lines": lines}, ensure_ascii=False))
    return lines


def timed_read(rec, images: list[np.ndarray], passes: int = 3) -> tuple[list[str], float]:
    """Texts and the median seconds of ``passes`` batched passes over ``images``, after an untimed
    one: onnxruntime sizes its buffers for each new batch shape on first sight, which made a single
    pass after a short warm-up read 10-20 % slower than the passes after it."""
    preds = [r.text for r in rec.recognize(images)]
    secs = []
    for _ in range(passes):
        t = time.perf_counter()
        rec.recognize(images)
        secs.append(time.perf_counter() - t)
    return preds, float(np.median(secs))


def with_stretch(rec, stretch: float | None):
    """``rec`` reading its lines widened by ``stretch`` (None: as built, 1.0)."""
    if stretch is not None:
        rec.config = replace(rec.config, stretch=stretch)
    return rec


def no_space(m: list[str]) -> list[str]:
    return ["".join(s.split()) for s in m]


def table(ours: dict, tess: dict | None) -> str:
    head = "| kind | n | line acc | CER |" + (" Tesseract line acc | Tesseract CER |" if tess else "")
    rows = [head, "|" + "---|" * (head.count("|") - 1)]
    for k in ours:
        r = f"| {k} | {ours[k]['n']} | {ours[k]['line_acc']:.2%} | {ours[k]['cer']:.2%} |"
        if tess:
            r += f" {tess[k]['line_acc']:.2%} | {tess[k]['cer']:.2%} |"
        rows.append(r)
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="data/thai_rec/test_00000.pkl")
    ap.add_argument("--model-dir", default="models")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--tesseract", type=int, default=-1, help="lines for Tesseract (-1 all, 0 skip)")
    ap.add_argument("--out", default="data/runs/thai_rec/eval.json")
    ap.add_argument("--errors", type=int, default=20, help="print this many misread lines")
    ap.add_argument("--hard", action="store_true", help="degrade every line with hard_photometric first")
    ap.add_argument("--baseline-dir", default="", help="also run this model directory's recognizer as a peer")
    ap.add_argument("--stretch", type=float, default=None,
                    help="read the lines widened by this factor (the engine reads at 1.0)")
    ap.add_argument("--baseline-stretch", type=float, default=None, help="the same for --baseline-dir")
    ap.add_argument("--precision", choices=("auto", "int8", "fp32"), default="auto",
                    help="auto = as the engine on CPU (int8 where shipped)")
    args = ap.parse_args()
    if args.hard and args.tesseract == -1:
        args.tesseract = 0

    shard = load_shard(args.data)
    images = [cv2.imdecode(np.frombuffer(b, np.uint8), cv2.IMREAD_COLOR) for b in shard["images"]]
    texts, kinds = shard["texts"], shard["kinds"]
    if args.hard:
        rng = random.Random(20261121)
        images = [hard_photometric(resize_to_height(i), rng) for i in images]
    int8 = {"auto": None, "int8": True, "fp32": False}[args.precision]
    runtime = RuntimeOptions(intra_op_threads=args.threads, use_gpu=False, int8=int8)
    entries = read_manifest(Path(args.model_dir))
    rec = with_stretch(build_thai_recognizer(ModelStore(Path(args.model_dir), runtime)), args.stretch)
    preds, secs = timed_read(rec, images)
    ours = score(preds, texts, kinds)
    result: dict = {
        "data": args.data, "hard_photometric": args.hard, "lines": len(images), "threads": args.threads,
        "model_file": thai_rec_entry(entries, runtime).file, "stretch": rec.config.stretch,
        "lines_per_s": len(images) / secs,
        "mean_width_px_at_h32": float(np.mean([i.shape[1] * 32 / i.shape[0] for i in images])),
        "ours": ours, "ours_space_insensitive": score(no_space(preds), no_space(texts), kinds),
    }
    if result["model_file"] != entries[THAI_REC_MODEL].file:
        peer = with_stretch(build_thai_recognizer(ModelStore(Path(args.model_dir), RuntimeOptions(
            intra_op_threads=args.threads, use_gpu=False, int8=False))), args.stretch)
        peer_preds, peer_secs = timed_read(peer, images, passes=1)
        result["float32_peer"] = {"lines_per_s": len(images) / peer_secs,
                                  "all": score(peer_preds, texts, kinds)["all"]}
        print(f"float32 peer: {len(images) / peer_secs:.0f} lines/s, line acc "
              f"{result['float32_peer']['all']['line_acc']:.4f}")
    if args.baseline_dir:
        base_runtime = RuntimeOptions(intra_op_threads=args.threads, use_gpu=False, int8=int8)
        base_store = ModelStore(Path(args.baseline_dir), base_runtime)
        base = with_stretch(build_thai_recognizer(base_store), args.baseline_stretch)
        base_preds, base_secs = timed_read(base, images)
        _, secs = timed_read(rec, images)  # timed again right after the baseline: the speed ratio's peer
        result["lines_per_s"] = len(images) / secs
        result["baseline"] = {"model_dir": args.baseline_dir, "stretch": base.config.stretch,
                              "lines_per_s": len(images) / base_secs,
                              "model_file": thai_rec_entry(read_manifest(Path(args.baseline_dir)), base_runtime).file,
                              "ours": score(base_preds, texts, kinds)}
        print(f"baseline {args.baseline_dir}: {len(images) / base_secs:.0f} lines/s, line acc "
              f"{result['baseline']['ours']['all']['line_acc']:.4f}; candidate {len(images) / secs:.0f} lines/s")
    fams = shard.get("fonts", ["?"] * len(texts))
    result["ours_by_font_file"] = {k: v for k, v in score(preds, texts, fams).items() if k != "all"}
    result["ours_by_kind_and_family"] = score_by_kind_and_family(preds, texts, kinds, fams)
    slant = ["slanted" if ("Italic" in f or "Oblique" in f) else "upright" for f in fams]
    result["ours_by_slant"] = score(preds, texts, slant)
    upright = [i for i, s in enumerate(slant) if s == "upright"]
    result["ours_upright_only"] = score([preds[i] for i in upright], [texts[i] for i in upright],
                                        [kinds[i] for i in upright])
    print(f"ours: {len(images) / secs:.0f} lines/s on {args.threads} threads")
    tess = None
    if args.tesseract:
        n = len(images) if args.tesseract < 0 else min(args.tesseract, len(images))
        tp = (tesseract_lines(images[:n], args.threads) if args.hard
              else cached_tesseract(Path(args.data), images[:n], args.threads))
        tess = score(tp, texts[:n], kinds[:n])
        result["tesseract"] = tess
        result["tesseract_space_insensitive"] = score(no_space(tp), no_space(texts[:n]), kinds[:n])
        tu = [i for i in upright if i < n]
        result["tesseract_upright_only"] = score([tp[i] for i in tu], [texts[i] for i in tu], [kinds[i] for i in tu])
        if n < len(images):
            result["ours_on_tesseract_subset"] = score(preds[:n], texts[:n], kinds[:n])
            ours = result["ours_on_tesseract_subset"]
    print(table(ours, tess))
    print("upright faces only (the card font is upright):")
    print(table(result["ours_upright_only"], result.get("tesseract_upright_only")))
    print({k: round(v["line_acc"], 4) for k, v in result["ours_by_slant"].items()})
    weakest = sorted((k for k in ours if k != "all"), key=lambda k: ours[k]["line_acc"])[:2]
    for kind in weakest:
        print(kind, "by family:", {key.split("/", 1)[1]: f"{v['line_acc']:.3f} (n {v['n']})"
                                   for key, v in result["ours_by_kind_and_family"].items()
                                   if key.split("/", 1)[0] == kind})
    bad = [(k, g, p) for p, g, k in zip(preds, texts, kinds, strict=True) if " ".join(p.split()) != g]
    for k, g, p in bad[: args.errors]:
        print(f"{k:10s} {g!r} -> {p!r}")
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
