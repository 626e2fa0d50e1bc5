"""Benchmark of ``idcard_type`` and card finding on physically simulated captures (normal cards,
photocopies, photos of screens: :mod:`scripts.synthesis.thaiid.captures`), tuned vs held-out ranges.

    python -m scripts.benchmarks.bench_idcard_type --sets train,tuned,heldout --jobs 2
    python -m scripts.benchmarks.bench_idcard_type --sets tuned,heldout --model models/idcard_type.json

Sets (seeds never overlap): ``train`` (tuned ranges, what the classifier is fitted on), ``tuned``
(tuned ranges, other seeds: the tuned score) and ``heldout`` (held-out halftone frequencies, display
pitches, scanner resolutions and camera models: never trained or tuned on); ``trainwide`` and
``tunedwide`` (tuned ranges with the wider copy variants of ``make_capture(..., wide=True)``; render
them with ``--kinds copy``); ``trainreal``, ``tunedreal`` and ``heldoutreal`` (cards printed as real
cards are, ``make_capture(..., real_prints=True)``: the real back and the real fronts' tuned
variants, or the held-out ones with the held-out ranges); ``trainrealwide`` and ``tunedrealwide``
(both: the wider copy variants of cards printed as real ones; ``--kinds copy``); ``trainphoto`` and
``tunedphoto`` (as those, every copy a photo-quality printout; ``--kinds copy``); ``traincast`` and
``tunedcast`` (as those, every printout scanned with a colour error, half cut to the card; ``--kinds
copy``). Each capture, the
service's card finder's result on it (found, quad, the rectified card) are cached under
``data/idtype/<set>/`` (``--refind`` finds again, after a finder change). For each set it prints
the card-found rate per kind (a card returned, and one overlapping a true card by IoU >= 0.5),
the confusion matrix of ``idcard_type`` over the found cards, each kind's accuracy, the share of
normal cards called copy or screen, and the misses by capture parameter; then the real captures of
``../shared/real-dev`` typed (scans of the printed specimen are copies).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import cv2
import numpy as np

from airocr.engine.thaiid.idcard_type import IDCARD_TYPES, IdcardTypeModel, idcard_type_features
from scripts.paths import DATA, ROOT
from scripts.synthesis.thaiid.captures import KINDS

CACHE = DATA / "idtype"
SETS: dict[str, tuple[str, int]] = {"train": ("tuned", 0), "tuned": ("tuned", 50_000), "heldout": ("heldout", 90_000),
                                    "trainwide": ("tuned", 70_000), "tunedwide": ("tuned", 60_000),
                                    "trainreal": ("tuned", 110_000), "tunedreal": ("tuned", 120_000),
                                    "heldoutreal": ("heldout", 130_000),
                                    "trainrealwide": ("tuned", 140_000), "tunedrealwide": ("tuned", 150_000),
                                    "trainphoto": ("tuned", 160_000), "tunedphoto": ("tuned", 170_000),
                                    "traincast": ("tuned", 180_000), "tunedcast": ("tuned", 190_000)}
# Tuned ranges with the wider copy variants (make_capture's ``wide``).
WIDE = frozenset({"trainwide", "tunedwide", "trainrealwide", "tunedrealwide", "trainphoto", "tunedphoto", "traincast",
                  "tunedcast"})
# Cards printed as real ones (``real_prints``).
REAL_PRINTS = frozenset({"trainreal", "tunedreal", "heldoutreal", "trainrealwide", "tunedrealwide", "trainphoto",
                         "tunedphoto", "traincast", "tunedcast"})
# Every copy a photo-quality printout (make_capture's ``photo_prints``).
PHOTO_PRINTS = frozenset({"trainphoto", "tunedphoto", "traincast", "tunedcast"})
# Every copy a photo-quality printout scanned with a colour error, half of them cut to the card.
CAST_SCANS = frozenset({"traincast", "tunedcast"})
REAL_DEV = ROOT.parent / "shared" / "real-dev"
REAL_TYPES = {"thaiid_hinata_scan_grey.jpg": "copy", "thaiid_hinata_scan_tinted.jpg": "copy"}

_FINDER = None


def _finder():  # noqa: ANN202 - the service's finder, built once per worker
    global _FINDER
    if _FINDER is None:
        from airocr.engine.models import RuntimeOptions
        from airocr.engine.thaiid.reader import ThaiIdReader

        _FINDER = ThaiIdReader.from_model_dir(None, RuntimeOptions(intra_op_threads=1)).finder
    return _FINDER


def capture_paths(name: str, kind: str, seed: int) -> tuple[Path, Path, Path, Path]:
    stem = CACHE / name / f"{kind}_{seed}"
    return (stem.with_suffix(".png"), stem.with_suffix(".json"), stem.with_suffix(".card.png"),
            stem.with_suffix(".find.json"))


def prepare(item: tuple[str, str, int, bool | str]) -> dict:
    """Render (or load) one capture and find its card (or load the cached find); its record."""
    from airocr.engine.errors import NoTextFound
    from airocr.engine.geometry import quad_iou
    from scripts.synthesis.thaiid.captures import make_capture

    name, kind, seed, refind = item
    img_p, meta_p, card_p, find_p = capture_paths(name, kind, seed)
    if refind == "missing" and find_p.exists():
        refind = not json.loads(find_p.read_text())["found"]
    img_p.parent.mkdir(parents=True, exist_ok=True)
    if not (img_p.exists() and meta_p.exists()):
        c = make_capture(seed, kind, SETS[name][0], wide=name in WIDE, real_prints=name in REAL_PRINTS,
                         photo_prints=name in PHOTO_PRINTS, cast_scans=name in CAST_SCANS)
        cv2.imwrite(str(img_p), c.image)
        meta_p.write_text(json.dumps({"kind": kind, "split": c.split, "side": c.side, "params": c.params,
                                      "quads": [q.tolist() for q in c.card_quads]}))
    meta = json.loads(meta_p.read_text())
    if refind or not find_p.exists():
        image = cv2.imread(str(img_p))
        try:
            res = _finder().find(image)
            iou = max(quad_iou(res.quad, np.array(q)) for q in meta["quads"])
            cv2.imwrite(str(card_p), res.card)
            found = {"found": True, "iou": float(iou), "side": res.side, "quad": res.quad.tolist()}
        except NoTextFound:
            found = {"found": False, "iou": 0.0, "side": None, "quad": None}
        find_p.write_text(json.dumps(found))
    return {"name": name, "kind": kind, "seed": seed, **meta, **json.loads(find_p.read_text())}


def features(rec: dict) -> dict[str, float] | None:
    """The classifier's cues of a found card's record (None when not found)."""
    if not rec["found"]:
        return None
    img_p, _, card_p, _ = capture_paths(rec["name"], rec["kind"], rec["seed"])
    return idcard_type_features(cv2.imread(str(card_p)), cv2.imread(str(img_p)), np.array(rec["quad"]), hues=True)


def collect(names: list[str], n: int, jobs: int, refind: bool | str = False,
            kinds: tuple[str, ...] = KINDS) -> list[dict]:
    items = [(name, kind, SETS[name][1] + i, refind) for name in names for i in range(n) for kind in kinds]
    with ProcessPoolExecutor(jobs) as pool:
        return list(pool.map(prepare, items, chunksize=2))


def confusion(recs: list[dict], preds: list[str | None]) -> str:
    """Card-found and confusion table of one set."""
    lines = [f"{'truth':>8} {'n':>4} {'found':>6} {'iou>=.5':>7} | " + " ".join(f"{t:>7}" for t in IDCARD_TYPES)
             + f" | {'acc':>6}"]
    for kind in KINDS:
        rows = [(r, p) for r, p in zip(recs, preds, strict=True) if r["kind"] == kind]
        if not rows:
            continue
        found = [r for r, _ in rows if r["found"]]
        cnt = Counter(p for r, p in rows if r["found"])
        acc = cnt[kind] / max(len(found), 1)
        lines.append(f"{kind:>8} {len(rows):4d} {len(found) / len(rows):6.3f} "
                     f"{np.mean([r['iou'] >= 0.5 for r, _ in rows]):7.3f} | "
                     + " ".join(f"{cnt[t]:7d}" for t in IDCARD_TYPES) + f" | {acc:6.3f}")
    return "\n".join(lines)


def misses_by_param(recs: list[dict], preds: list[str | None]) -> str:
    """Wrong types and cards not found, counted by each capture parameter's value."""
    out = []
    for kind in KINDS:
        bad: dict[str, Counter] = defaultdict(Counter)
        tot: dict[str, Counter] = defaultdict(Counter)
        for r, p in zip(recs, preds, strict=True):
            if r["kind"] != kind:
                continue
            for k, v in r["params"].items():
                if k in ("coverage", "pitch", "lpi"):
                    v = {"coverage": lambda x: round(x, 1), "pitch": lambda x: round(x * 2) / 2,
                         "lpi": lambda x: int(x // 20 * 20)}[k](v)
                tot[k][v] += 1
                bad[k][v] += (not r["found"]) or p != kind
        parts = [f"{k}: " + ", ".join(f"{v}={bad[k][v]}/{tot[k][v]}" for v in sorted(tot[k], key=str))
                 for k in sorted(tot)]
        out.append(f"  {kind} misses (not found or mistyped) by parameter -- " + "; ".join(parts))
    return "\n".join(out)


def real_dev(model: IdcardTypeModel) -> str:
    """The real captures typed (those with a known type marked)."""
    if not (REAL_DEV / "truth.json").exists():
        return "real-dev: not found (../shared/real-dev)"
    from airocr.engine.errors import NoTextFound

    lines = []
    for e in json.loads((REAL_DEV / "truth.json").read_text()):
        if e["kind"] != "thaiid" or "side" not in e["truth"]:
            continue
        img = cv2.imread(str(REAL_DEV / e["file"]))
        if img is None:
            continue
        try:
            res = _finder().find(img)
            p = model.probabilities(idcard_type_features(res.card, img, res.quad, hues=True))
            got = f"{model.classes[int(np.argmax(p))]} (" + ", ".join(f"{c} {v:.2f}" for c, v in
                                                                     zip(model.classes, p, strict=True)) + ")"
        except NoTextFound:
            got = "no card"
        want = REAL_TYPES.get(e["file"])
        lines.append(f"  {e['file']:40s} {got}" + (f"   truth: {want}" if want else ""))
    return "real-dev:\n" + "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default="tuned,heldout", help=f"comma list of {sorted(SETS)}")
    ap.add_argument("--n", type=int, default=40, help="captures per kind per set")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--model", default=None, help="an idcard_type model JSON (default: the installed one)")
    ap.add_argument("--refind", action="store_true", help="run the finder again (cached captures are kept)")
    ap.add_argument("--refind-missing", action="store_true",
                    help="run the finder again where it found no card (a finder change that only adds a retry)")
    ap.add_argument("--no-real", action="store_true")
    ap.add_argument("--kinds", default=",".join(KINDS), help="comma list of the kinds to render and type")
    args = ap.parse_args()
    from airocr.engine.thaiid.idcard_type import load_idcard_type_model

    model = (IdcardTypeModel.from_json(Path(args.model).read_text()) if args.model else load_idcard_type_model())
    for name in args.sets.split(","):
        recs = collect([name], args.n, args.jobs, "missing" if args.refind_missing else args.refind,
                       tuple(args.kinds.split(",")))
        preds = [model.classify(f) if (f := features(r)) is not None else None for r in recs]
        print(f"[{name}] ({SETS[name][0]} ranges, {args.n} per kind)\n{confusion(recs, preds)}")
        normals = [p for r, p in zip(recs, preds, strict=True) if r["kind"] == "normal" and r["found"]]
        print(f"  normal called copy or screen: {np.mean([p != 'normal' for p in normals]):.3f}")
        print(misses_by_param(recs, preds))
    if not args.no_real:
        print(real_dev(model))


if __name__ == "__main__":
    main()
