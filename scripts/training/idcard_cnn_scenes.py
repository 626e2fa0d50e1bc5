"""Issue 42 experiment, part 2: the tiny CNN (``train_idcard_cnn``) checked on scenes, with the scenes'
images and found quads cached so that both the regression's cues and the CNN's patches can be computed.

- ``cache-bench``: the tuned ``bench_thaiid`` scenes (conditions back_tuned, back_hard_tuned,
  front_tuned, hard; seeds 5000-5019), drawn exactly as :func:`scripts.benchmarks.bench_thaiid.run`
  draws them (type by seed: normal, normal, normal, copy, screen), the card found and placed by the
  service reader's ``find_and_read`` (as the bench); cached as ``data/idtype/bench-<condition>/``.
- ``cache-scenes``: the older scene.py scenes of ``train_idcard_type.scene_rows`` (same draw, plain
  ``CardFinder``), cached as ``data/idtype/scenes-clean/`` and ``scenes-hard/``.
- ``check``: type the cached bench scenes with the shipped model, B (no CNN) and B + CNN (the
  candidate of issue42_cnn.md), and with ``--scene-fit`` also B + scenes (+ CNN), the scene rows with
  their out-of-fold CNN scores.

Cache layout as :mod:`scripts.benchmarks.bench_idcard_type` (``<kind>_<seed>.png``, ``.card.png``,
``.find.json``), so :func:`train_idcard_cnn.load_captures` reads them. Nothing here is shipped.
"""

from __future__ import annotations

import argparse
import json

import cv2
import numpy as np

from airocr.engine.errors import NoTextFound
from airocr.engine.models import RuntimeOptions
from scripts.paths import DATA

BENCH_CONDITIONS = ("back_tuned", "back_hard_tuned", "front_tuned", "hard")
TYPES_BY_SEED = ("normal", "normal", "normal", "copy", "screen")


def _write(folder: str, kind: str, seed: int, image: np.ndarray, res, quad_truth: np.ndarray) -> None:  # noqa: ANN001
    from airocr.engine.geometry import quad_iou

    d = DATA / "idtype" / folder
    d.mkdir(parents=True, exist_ok=True)
    stem = d / f"{kind}_{seed}"
    cv2.imwrite(str(stem.with_suffix(".png")), image)
    stem.with_suffix(".json").write_text(json.dumps({"kind": kind, "quads": [quad_truth.tolist()]}))
    if res is None:
        found = {"found": False, "iou": 0.0, "side": None, "quad": None}
    else:
        cv2.imwrite(str(stem.with_suffix(".card.png")), res.card)
        found = {"found": True, "iou": float(quad_iou(res.quad, quad_truth)), "side": res.side,
                 "quad": np.asarray(res.quad, float).tolist()}
    stem.with_suffix(".find.json").write_text(json.dumps(found))


def cmd_cache_bench(seeds: range, conditions: tuple[str, ...]) -> None:
    from airocr.engine.thaiid.reader import ThaiIdReader
    from scripts.benchmarks.bench_thaiid import CONDITIONS, SCENE_ARGS
    from scripts.synthesis.thaiid.scene import make_scene

    reader = ThaiIdReader.from_model_dir(None, RuntimeOptions(intra_op_threads=1))
    for cond in conditions:
        hard, card_px, blur_px = CONDITIONS[cond]
        for k in seeds:
            if (DATA / "idtype" / f"bench-{cond}" / f"{TYPES_BY_SEED[k % 5]}_{k}.find.json").exists():
                continue
            typ = TYPES_BY_SEED[k % 5]
            s = make_scene(k, idcard_type=typ, hard=hard, card_px=card_px, blur_px=blur_px,
                           **SCENE_ARGS.get(cond, {}))
            try:
                res, _ = reader.find_and_read(s.image, None)
            except NoTextFound:
                res = None
            _write(f"bench-{cond}", typ, k, s.image, res, s.card_quad)
            print(cond, k, typ, res is not None, flush=True)


def cmd_cache_scenes(seeds: range, which: tuple[bool, ...] = (False, True)) -> None:
    from airocr.engine.pipeline import WebImagePipeline
    from airocr.engine.thaiid.card import CardFinder
    from scripts.synthesis.thaiid.scene import make_scene

    finder = CardFinder.from_pipeline(WebImagePipeline.from_model_dir(None, RuntimeOptions(intra_op_threads=1)))
    for hard in which:
        folder = "scenes-hard" if hard else "scenes-clean"
        for k in seeds:
            typ = TYPES_BY_SEED[k % 5]
            if (DATA / "idtype" / folder / f"{typ}_{k}.find.json").exists():
                continue
            s = make_scene(k, idcard_type=typ, hard=hard, card_px=(360, 640) if k % 3 == 0 else (640, 1000))
            try:
                res = finder.find(s.image)
            except NoTextFound:
                res = None
            _write(folder, typ, k, s.image, res, s.card_quad)
            print(folder, k, typ, res is not None, flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=("cache-bench", "cache-scenes", "check"))
    ap.add_argument("--seeds", default="", help="start:stop (default: 5000:5020 bench, 20000:20400 scenes)")
    ap.add_argument("--conditions", default=",".join(BENCH_CONDITIONS))
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--scene-fit", action="store_true", help="also fit B + the cached scene rows (+ CNN)")
    ap.add_argument("--only", choices=("both", "clean", "hard"), default="both", help="cache-scenes: which scenes")
    ap.add_argument("--scene-stop", type=int, default=20400, help="scene rows of seeds below this only")
    args = ap.parse_args()
    if args.command == "cache-bench":
        cmd_cache_bench(range(*map(int, (args.seeds or "5000:5020").split(":"))), tuple(args.conditions.split(",")))
    elif args.command == "cache-scenes":
        which = {"both": (False, True), "clean": (False,), "hard": (True,)}[args.only]
        cmd_cache_scenes(range(*map(int, (args.seeds or "20000:20400").split(":"))), which)
    else:
        import torch

        from scripts.training import idcard_cnn_check

        torch.set_num_threads(1)
        idcard_cnn_check.cmd_check(args.epochs, args.scene_fit, args.scene_stop)


if __name__ == "__main__":
    main()
