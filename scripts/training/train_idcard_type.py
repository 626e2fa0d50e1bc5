"""Fit the ``idcard_type`` classifier (``models/idcard_type.json``) on generated scenes.

Each scene (``scripts.synthesis.thaiid.scene.make_scene``, clean and hard, every fifth a copy and every
fifth a screen, as the bench draws them; a third of the training cards smaller) is put through the
card finder; the cues of :func:`engine.thaiid.idcard_type.idcard_type_features` of the rectified
card and their pairwise products feed a multinomial logistic regression (numpy, full-batch
gradient descent, L2), deterministic from the seeds. The fit is then scored on other seeds (default:
the bench's 7000 and 9000) beside the hand-set thresholds it replaced.

    python -m scripts.training.train_idcard_type --jobs 2            # fit, score, write
    python -m scripts.training.train_idcard_type --no-write          # score only
"""

from __future__ import annotations

import argparse
import json
from concurrent.futures import ProcessPoolExecutor

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
from scripts.paths import MODELS

FEATURES = ("sat", "chroma", "white", "peak", "peak_rb", "cast", "a_hi", "b_hi", "l_lo", "l_hi", "sat_hi",
            "unevenness", "contrast", "beat")
LOG_FEATURES = frozenset({"sat", "chroma", "sat_hi", "unevenness"})


def scene_features(seeds: list[int], small: bool = False) -> list[tuple[int, bool, str, dict[str, float]]]:
    """(seed, hard, true type, features) of every scene whose card is found; ``small``: every third
    card 360-640 px wide instead of 640-1000."""
    from airocr.engine.pipeline import WebImagePipeline
    from airocr.engine.thaiid.card import CardFinder
    from scripts.synthesis.thaiid.scene import make_scene

    finder = CardFinder.from_pipeline(WebImagePipeline.from_model_dir(None, RuntimeOptions(intra_op_threads=1)))
    rows = []
    for hard in (False, True):
        for k in seeds:
            typ = ("normal", "normal", "normal", "copy", "screen")[k % 5]
            # the bench's card sizes, and a third of the training scenes smaller (360-640 px wide)
            s = make_scene(k, idcard_type=typ, hard=hard, card_px=(360, 640) if small and k % 3 == 0 else (640, 1000))
            try:
                res = finder.find(s.image)
            except Exception:  # noqa: BLE001 - a scene whose card is not found teaches nothing here
                continue
            rows.append((k, hard, typ, idcard_type_features(res.card, s.image)))
    return rows


def collect(seeds: list[int], jobs: int, small: bool = False) -> list[tuple[int, bool, str, dict[str, float]]]:
    chunks = [seeds[i::jobs] for i in range(jobs)]
    with ProcessPoolExecutor(jobs) as pool:
        return [row for part in pool.map(scene_features, chunks, [small] * jobs) for row in part]


def fit(rows: list, l2: float = 1e-3, steps: int = 4000, lr: float = 0.5, pairwise: bool = True) -> IdcardTypeModel:
    """Multinomial logistic regression on standardised features (and their pairwise products)."""
    raw = np.array([raw_cues(f, FEATURES, LOG_FEATURES) for _, _, _, f in rows])
    mean, std = raw.mean(0), raw.std(0) + 1e-9
    x = expand((raw - mean) / std, pairwise)
    x = np.c_[x, np.ones(len(x))]
    y = np.eye(len(IDCARD_TYPES))[[IDCARD_TYPES.index(t) for _, _, t, _ in rows]]
    w = np.zeros((x.shape[1], len(IDCARD_TYPES)))
    for _ in range(steps):
        z = x @ w
        p = np.exp(z - z.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        w -= lr * (x.T @ (p - y) / len(x) + l2 * w)
    return IdcardTypeModel(IDCARD_TYPES, FEATURES, LOG_FEATURES, mean, std, w, pairwise)


def thresholds_rule(f: dict[str, float]) -> str:
    """The hand-set rule the regression replaced (kept here to score it beside the fit)."""
    if f["sat"] < 18.0 and f["chroma"] < 3.5:
        return "copy"
    if f["peak_rb"] > 2.0 or f["peak"] > 2.3 or f["cast"] > 0.2:
        return "screen"
    return "normal"


def score(model: IdcardTypeModel, rows: list) -> str:
    out = []
    for hard in (False, True):
        part = [r for r in rows if r[1] == hard]
        fit_acc = np.mean([model.classify(f) == t for _, _, t, f in part])
        rule_acc = np.mean([thresholds_rule(f) == t for _, _, t, f in part])
        out.append(f"{'hard' if hard else 'clean'} n={len(part)}: regression {fit_acc:.3f}, thresholds {rule_acc:.3f}")
    return "; ".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train-seeds", default="20000:21200", help="start:stop")
    ap.add_argument("--l2", type=float, default=1e-3)
    ap.add_argument("--linear", action="store_true", help="no pairwise products (the first shipped model's form)")
    ap.add_argument("--eval-seeds", default="7000:7060,9000:9060", help="start:stop[,start:stop]")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()

    def seeds(spec: str) -> list[int]:
        return [k for part in spec.split(",") for k in range(*map(int, part.split(":")))]

    train = collect(seeds(args.train_seeds), args.jobs, small=True)
    model = fit(train, l2=args.l2, pairwise=not args.linear)
    print(f"train ({args.train_seeds}): {score(model, train)}")
    test = collect(seeds(args.eval_seeds), args.jobs)
    print(f"eval ({args.eval_seeds}): {score(model, test)}")
    if args.no_write:
        return
    path = MODELS / f"{IDCARD_TYPE_MODEL}.json"
    path.write_text(model.to_json() + "\n", "utf-8")
    entry = {"name": IDCARD_TYPE_MODEL, "file": path.name, "sha256": sha256_of(path),
             "source": f"trained in-house on generated scenes, seeds {args.train_seeds} clean + hard",
             "licence": "same as this project", "script": "scripts/training/train_idcard_type.py",
             "model": "multinomial logistic regression over engine.thaiid.idcard_type.idcard_type_features"
                      + ("" if args.linear else " and their pairwise products") + f", L2 {args.l2:g}"}
    (MODELS / "MANIFEST.d" / f"{IDCARD_TYPE_MODEL}.json").write_text(json.dumps(entry, indent=2) + "\n", "utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
