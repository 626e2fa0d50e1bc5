"""Deterministic line samples and on-disk shards.

Sample ``i`` of a split is a pure function of ``(seed, split, i)``, so any shard can be
re-rendered anywhere.  A shard is a pickle of ``{"images": [JPEG bytes], "texts", "kinds",
"fonts"}``; images are BGR at ``STORE_H`` px high (the trainer resizes to its input height).

Run ``python -m scripts.synthesis.thai.dataset --out data/thai_rec --split train --start 0 --count 200``
(shards of ``SHARD`` samples; existing shards are skipped, so it resumes).

A sample also depends on the family list it draws from: ``--families`` restricts it (shards of
new families only, added to an existing set; ``docs/experiments/thai_rec_m2.md`` records which
shards were rendered with which list).
"""

from __future__ import annotations

import argparse
import os
import pickle
import random
import time
from pathlib import Path

import cv2
import numpy as np

from scripts.synthesis.thai import fonts, render, thai_text
from scripts.synthesis.thai.augment import compose

STORE_H = 48
SHARD = 2000
SPLIT_SALT = {"train": 0, "val": 1_000_003, "test": 2_000_003}


def make_sample(seed: int, split: str, i: int, kind: str | None = None,
                families: list[str] | None = None) -> tuple[np.ndarray, str, str, str]:
    """Return ``(bgr image, text, kind, font file name)`` for sample ``i`` of ``split``."""
    rng = random.Random(seed * 7_919 + SPLIT_SALT[split] + i * 104_729)
    nrng = np.random.default_rng([seed, SPLIT_SALT[split], i])
    fams = fonts.heldout_families() if split in ("val", "test") else fonts.train_families()
    if families:
        if split != "train" or not set(families) <= set(fams):
            raise ValueError(f"--families must be training families: {sorted(set(families) - set(fams))}")
        fams = list(families)
    weights = [fonts.family_weight(f) for f in fams]
    for _ in range(20):
        kind_i, text = thai_text.sample_line(rng, kind)
        face = rng.choice(fonts.faces(rng.choices(fams, weights)[0]))
        if render.supports(face, text):
            break
    size, tracking, word_gap = render.random_style(rng)
    mask = render.render_mask(text, face, size, tracking, word_gap)
    img = compose(mask, size, nrng, STORE_H, strength=1.0 if split == "train" else 0.7)
    return img, text, kind_i, os.path.basename(face.path)


def write_shard(out: Path, seed: int, split: str, shard: int, kinds: list[str] | None = None,
                families: list[str] | None = None) -> Path:
    path = out / f"{split}_{shard:05d}.pkl"
    if path.exists():
        return path
    data: dict[str, list] = {"images": [], "texts": [], "kinds": [], "fonts": []}
    for j in range(SHARD):
        i = shard * SHARD + j
        kind = kinds[i % len(kinds)] if kinds else None
        img, text, k, font = make_sample(seed, split, i, kind, families)
        data["images"].append(cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 95])[1].tobytes())
        data["texts"].append(text)
        data["kinds"].append(k)
        data["fonts"].append(font)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    tmp.rename(path)  # atomic: the trainer never sees a half-written shard
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default="data/thai_rec")
    ap.add_argument("--seed", type=int, default=20250601)
    ap.add_argument("--split", default="train", choices=list(SPLIT_SALT))
    ap.add_argument("--start", type=int, default=0, help="first shard index")
    ap.add_argument("--count", type=int, default=1, help="number of shards")
    ap.add_argument("--step", type=int, default=1, help="shard stride (to split work between workers)")
    ap.add_argument("--balanced", action="store_true", help="cycle through text kinds evenly (eval sets)")
    ap.add_argument("--families", default="", help="comma list: draw from these training families only")
    args = ap.parse_args()
    families = [f for f in args.families.split(",") if f] or None
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    kinds = list(thai_text.KINDS) if args.balanced else None
    for s in range(args.start, args.start + args.count * args.step, args.step):
        t = time.time()
        write_shard(out, args.seed, args.split, s, kinds, families)
        print(f"{args.split} shard {s} {time.time() - t:.1f}s", flush=True)


if __name__ == "__main__":
    main()
