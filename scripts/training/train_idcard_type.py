"""Fit the ``idcard_type`` classifier (``models/idcard_type.json``) on simulated captures.

Training rows: the ``train`` set of :mod:`scripts.benchmarks.bench_idcard_type` (physically
simulated normal cards, photocopies and photos of screens, *tuned* parameter ranges only; the
captures and the service finder's cards are cached under ``data/idtype/``), and the older
``scripts.synthesis.thaiid.scene`` scenes (clean and hard, every fifth a copy and every fifth a
screen, as the thaiid bench draws them; cached under ``data/idtype/scenes-*.json``); with ``--real``,
the ``trainreal`` and ``tunedreal`` sets (the cards printed as real cards are: the real back, the
real fronts' tuned variants), a source of their own. Each row is
:func:`engine.thaiid.idcard_type.idcard_type_features` of the found card (cards not found teach
nothing). A multinomial logistic regression (numpy, full-batch gradient descent, L2, the
standardised cues and, with ``--pairwise``, their pairwise products) is fitted on the bench's
``train`` and ``tuned`` sets together (both tuned ranges), deterministic from the seeds; its score is
the out-of-fold one (5-fold cross-validation over those captures, folds by seed). The held-out set
is only ever measured by the bench, never here. ``--ablate`` refits without each cue group in turn
and prints what the out-of-fold score loses (each cue's worth).

    python -m scripts.training.train_idcard_type --n-train 30 --n-tuned 40
    python -m scripts.training.train_idcard_type --n-train 30 --n-tuned 40 --no-write --ablate
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from airocr.engine.models import RuntimeOptions, sha256_of
from airocr.engine.thaiid.idcard_type import (
    IDCARD_TYPE_MODEL,
    IDCARD_TYPES,
    IdcardTypeModel,
    expand,
    idcard_type_features,
    raw_cues,
)
from scripts.paths import DATA, MODELS

# The first model's cues (the rectified card and the photo's centre) and the photo-at-the-card cues.
CARD_FEATURES = ("sat", "chroma", "white", "peak", "peak_rb", "cast", "a_hi", "b_hi", "l_lo", "l_hi", "sat_hi",
                 "unevenness", "contrast", "beat")
CAPTURE_FEATURES = ("fine", "fine_chroma", "fine_peak", "border_de", "outer_seen")
FEATURES = CARD_FEATURES + CAPTURE_FEATURES
LOG_FEATURES = frozenset({"sat", "chroma", "sat_hi", "unevenness", "fine", "fine_chroma", "border_de"})
# Cue groups for the ablation: what each measures.
GROUPS = {
    "colour": ("sat", "chroma", "cast", "a_hi", "b_hi", "sat_hi"),
    "tone": ("white", "l_lo", "l_hi", "contrast"),
    "grid_centre": ("peak", "peak_rb"),
    "beat_glow": ("unevenness", "beat"),
    "fine_texture": ("fine", "fine_chroma", "fine_peak"),
    "border": ("border_de", "outer_seen"),
}
Row = tuple[str, dict[str, float]]  # (true type, cues)


def scene_rows(seeds: list[int]) -> list[Row]:
    """(true type, cues) of the older scene generator's scenes whose card is found (clean and hard)."""
    from airocr.engine.errors import NoTextFound
    from airocr.engine.pipeline import WebImagePipeline
    from airocr.engine.thaiid.card import CardFinder
    from scripts.synthesis.thaiid.scene import make_scene

    finder = CardFinder.from_pipeline(WebImagePipeline.from_model_dir(None, RuntimeOptions(intra_op_threads=1)))
    rows = []
    for hard in (False, True):
        for k in seeds:
            typ = ("normal", "normal", "normal", "copy", "screen")[k % 5]
            s = make_scene(k, idcard_type=typ, hard=hard, card_px=(360, 640) if k % 3 == 0 else (640, 1000))
            try:
                res = finder.find(s.image)
            except NoTextFound:
                continue
            rows.append((typ, idcard_type_features(res.card, s.image, res.quad, hues=True)))
    return rows


def cached_scene_rows(spec: str, jobs: int) -> list[Row]:
    path = DATA / "idtype" / f"scenes-{spec.replace(':', '-')}.json"
    if path.exists():
        return [(t, f) for t, f in json.loads(path.read_text())]
    seeds = list(range(*map(int, spec.split(":"))))
    with ProcessPoolExecutor(jobs) as pool:
        rows = [r for part in pool.map(scene_rows, [seeds[i::jobs] for i in range(jobs)]) for r in part]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(rows))
    return rows


def capture_rows(name: str, n: int, jobs: int) -> list[Row]:
    """(true type, cues) of the bench's ``name`` set's found cards."""
    from scripts.benchmarks.bench_idcard_type import collect, features

    return [(r["kind"], f) for r in collect([name], n, jobs) if (f := features(r)) is not None]


def fit(rows: list[Row], features: tuple[str, ...] = FEATURES, l2: float = 1e-3, steps: int = 4000, lr: float = 0.5,
        pairwise: bool = False, groups: list[str] | None = None, linear_only: int = 0) -> IdcardTypeModel:
    """Multinomial logistic regression on standardised cues (and their pairwise products, the last
    ``linear_only`` cues left out of them); the classes weighted equally whatever their counts, and
    with ``groups`` (each row's source) each source's class equally too."""
    logs = LOG_FEATURES & set(features)
    raw = np.array([raw_cues(f, features, logs) for _, f in rows])
    mean, std = raw.mean(0), raw.std(0) + 1e-9
    x = expand((raw - mean) / std, pairwise, linear_only)
    x = np.c_[x, np.ones(len(x))]
    y = np.eye(len(IDCARD_TYPES))[[IDCARD_TYPES.index(t) for t, _ in rows]]
    keys = [(g, t) for g, (t, _) in zip(groups or [""] * len(rows), rows, strict=True)]
    counts = Counter(keys)
    sw = np.array([1.0 / counts[k] for k in keys])
    sw = sw / sw.sum()
    w = np.zeros((x.shape[1], len(IDCARD_TYPES)))
    for _ in range(steps):
        z = x @ w
        p = np.exp(z - z.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        w -= lr * (x.T @ ((p - y) * sw[:, None]) + l2 * w)
    return IdcardTypeModel(IDCARD_TYPES, features, frozenset(logs), mean, std, w, pairwise, linear_only)


def wide_rows(n: int, jobs: int, names: tuple[str, str] = ("trainwide", "tunedwide")) -> list[Row]:
    """(true type, cues) of the found copies of the bench's wider tuned variants (``trainwide``,
    ``tunedwide``; or the cards printed as real ones, ``trainrealwide``, ``tunedrealwide``)."""
    from scripts.benchmarks.bench_idcard_type import collect, features

    return [(r["kind"], f) for r in collect(list(names), n, jobs, kinds=("copy",))
            if (f := features(r)) is not None]


def per_kind(model: IdcardTypeModel, rows: list[Row]) -> dict[str, float]:
    """Each kind's accuracy, and the share of normal cards called copy or screen."""
    return scores(rows, [model.classify(f) for _, f in rows])


def scores(rows: list[Row], preds: list[str]) -> dict[str, float]:
    out = {k: float(np.mean([p == t for (t, _), p in zip(rows, preds, strict=True) if t == k])) for k in IDCARD_TYPES}
    out["normal_flagged"] = 1 - out["normal"]
    return out


def out_of_fold(rows: list[Row], features: tuple[str, ...], l2: float, pairwise: bool, folds: int = 5,
                groups: list[str] | None = None, linear_only: int = 0) -> list[str]:
    """Each row's type as predicted by a model fitted on the other folds (rows dealt round-robin)."""
    preds = [""] * len(rows)
    for k in range(folds):
        keep = [i for i in range(len(rows)) if i % folds != k]
        model = fit([rows[i] for i in keep], features, l2, pairwise=pairwise,
                    groups=[groups[i] for i in keep] if groups else None, linear_only=linear_only)
        for i in range(k, len(rows), folds):
            preds[i] = model.classify(rows[i][1])
    return preds


def fmt(d: dict[str, float]) -> str:
    return "  ".join(f"{k}={v:.3f}" for k, v in d.items())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n-train", type=int, default=30, help="bench train-set captures per kind")
    ap.add_argument("--n-tuned", type=int, default=40, help="bench tuned-set captures per kind")
    ap.add_argument("--scene-seeds", default="", help="older scene.py scenes start:stop[,start:stop] (default none)")
    ap.add_argument("--l2", type=float, default=1e-3)
    ap.add_argument("--pairwise", action="store_true", help="add the cues' pairwise products")
    ap.add_argument("--card-cues-only", action="store_true", help="the first model's cues only")
    ap.add_argument("--ablate", action="store_true", help="refit without each cue group; print the tuned score")
    ap.add_argument("--linear-cues", default="", help="more cues, linear only (comma list: bg_a,bg_b)")
    ap.add_argument("--more-cues", default="", help="more cues, in the pairwise products too (comma list: chip_b)")
    ap.add_argument("--wide", type=int, default=0, help="wider tuned copy variants per set (trainwide, tunedwide)")
    ap.add_argument("--real", type=int, default=0,
                    help="cards printed as real ones per kind per set (trainreal, tunedreal)")
    ap.add_argument("--real-wide", type=int, default=0,
                    help="wider copy variants of cards printed as real ones per set (trainrealwide, tunedrealwide)")
    ap.add_argument("--photo", type=int, default=0,
                    help="photo-quality printout copies of cards printed as real ones per set (trainphoto, tunedphoto)")
    ap.add_argument("--out", default="", help="write the model here instead of models/ (no manifest entry)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()

    rows = capture_rows("train", args.n_train, args.jobs) + capture_rows("tuned", args.n_tuned, args.jobs)
    if args.wide:
        rows += wide_rows(args.wide, args.jobs)
    src = ["captures"] * len(rows)
    if args.real:
        more = capture_rows("trainreal", args.real, args.jobs) + capture_rows("tunedreal", args.real, args.jobs)
        rows += more
        src += ["real prints"] * len(more)
    if args.real_wide:
        more = wide_rows(args.real_wide, args.jobs, ("trainrealwide", "tunedrealwide"))
        rows += more
        src += ["real prints"] * len(more)
    if args.photo:
        more = wide_rows(args.photo, args.jobs, ("trainphoto", "tunedphoto"))
        rows += more
        src += ["real prints"] * len(more)
    for spec in filter(None, args.scene_seeds.split(",")):
        more = cached_scene_rows(spec, args.jobs)
        rows += more
        src += ["scenes"] * len(more)
    lin = tuple(filter(None, args.linear_cues.split(",")))
    more_cues = tuple(filter(None, args.more_cues.split(",")))
    feats = (CARD_FEATURES if args.card_cues_only else FEATURES) + more_cues + lin
    model = fit(rows, feats, args.l2, pairwise=args.pairwise, groups=src, linear_only=len(lin))
    print(f"fit n={len(rows)} ({dict(Counter(t for t, _ in rows))}): in-sample {fmt(per_kind(model, rows))}")

    def report(sub: tuple[str, ...], label: str) -> None:
        preds = out_of_fold(rows, sub, args.l2, args.pairwise, groups=src,
                            linear_only=len([f for f in lin if f in sub]))
        for s in sorted(set(src)):
            idx = [i for i, g in enumerate(src) if g == s]
            print(f"  {label} out-of-fold, {s}: {fmt(scores([rows[i] for i in idx], [preds[i] for i in idx]))}")

    report(feats, "all cues")
    if args.ablate:
        for g, cues in GROUPS.items():
            report(tuple(f for f in feats if f not in cues), f"without {g}")
    if args.no_write:
        return
    if args.out:
        Path(args.out).write_text(model.to_json() + "\n", "utf-8")
        print(f"wrote {args.out}")
        return
    path = MODELS / f"{IDCARD_TYPE_MODEL}.json"
    path.write_text(model.to_json() + "\n", "utf-8")
    command = "python -m scripts.training.train_idcard_type " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    entry = {"name": IDCARD_TYPE_MODEL, "file": path.name, "sha256": sha256_of(path),
             "source": "trained in-house on simulated captures (scripts/synthesis/thaiid/captures.py, tuned ranges "
                       f"only: bench_idcard_type sets train, {args.n_train} per kind, and tuned, {args.n_tuned} per "
                       f"kind; cards found by the service's finder)"
                       + (f", wider copy variants (trainwide, tunedwide: {args.wide} each)" if args.wide else "")
                       + (f", cards printed as real ones (trainreal, tunedreal: {args.real} per kind each)"
                          if args.real else "")
                       + (f", their wider copy variants (trainrealwide, tunedrealwide: {args.real_wide} each)"
                          if args.real_wide else "")
                       + (f", photo-quality printout copies (trainphoto, tunedphoto: {args.photo} each)"
                          if args.photo else "")
                       + (f" and scene.py scenes {args.scene_seeds} (clean + hard)" if args.scene_seeds else ""),
             "licence": "same as this project", "script": "scripts/training/train_idcard_type.py", "command": command,
             "model": "multinomial logistic regression (classes weighted equally) over "
                      "engine.thaiid.idcard_type.idcard_type_features" + (" and their pairwise products" if
                                                                           args.pairwise else "")
                      + (f" with {', '.join(more_cues)}" if more_cues else "")
                      + (f" ({', '.join(lin)} linear only)" if lin else "") + f", L2 {args.l2:g}"}
    (MODELS / "MANIFEST.d" / f"{IDCARD_TYPE_MODEL}.json").write_text(json.dumps(entry, indent=2) + "\n", "utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
