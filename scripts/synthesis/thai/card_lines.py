"""Recognizer training lines cut from synthetic ID-card *photos*, in training fonts only.

The line shards (``scripts/synthesis/thai/dataset.py``) render each line straight to its stored height. A
card line reaches the recognizer by another road: printed small on a guilloche card, photographed
(perspective, 640-1000 px card width, and in ``hard`` scenes blur, dark or bright exposure, glare,
noise, heavy JPEG), rectified to the canonical card raster and cut by a detector's box, i.e.
resampled twice, with a loose margin. The ID-card bench showed the recognizer misreading exactly
such crops (look-alike consonants, hard scenes), so this module makes them for training:

* the card is printed by ``scripts.synthesis.thaiid`` in a **training** family (never a held-out one,
  so the bench's cards, printed in the held-out families, stay unseen);
* the scene is ``make_scene`` (clean or hard, ``--hard-frac``), its seeds far from the bench's;
* the card is rectified with the true homography plus corner noise (a card finder's error), and
  every printed line is cut with a jittered margin like a detector box; some lines are cut straight
  from the photo instead (the reader's second reading does that).

A shard has the line-shard format (``{"images": [JPEG bytes], "texts", "kinds", "fonts"}``, kinds
``card_*``), crops at their native height; the trainer mixes them in with ``--extra-data``::

    python -m scripts.synthesis.thai.card_lines --start 0 --count 24   # data/thai_rec_card/train_card_00000.pkl ..
    python -m scripts.synthesis.thai.card_lines --heldout --scenes 150 --hard-frac 0.5  # heldout_card_00000.pkl

The held-out shard (the bench's fonts, other scenes) measures card-crop reading line by line:
``python -m scripts.training.eval_recognizer --data data/thai_rec_card/heldout_card_00000.pkl --tesseract 0``.
"""

from __future__ import annotations

import argparse
import pickle
import random
from collections.abc import Sequence
from pathlib import Path

import cv2
import numpy as np

from airocr.engine.geometry import crop_quad
from airocr.engine.thaiid import layout as L
from scripts.synthesis.thai.fonts import heldout_families, train_families
from scripts.synthesis.thaiid.scene import apply_homography, make_scene

SEED_BASE = 5_000_000  # scene seeds of this data; the bench and the tests use seeds below 100000
# Crops under this height are the smallest printed captions; blurred, nobody can read them, and a label
# the pixels do not show teaches the model to invent text. The fields' values are 20-40 px tall.
MIN_HEIGHT = 16


def _jitter_box(quad: np.ndarray, rng: random.Random, limit: tuple[int, int]) -> np.ndarray:
    """Axis-aligned box around an ink quad with a detector-like margin (DB unclip: a margin of
    ~0.1-0.5 of the line height, uneven), clipped to ``limit`` (w, h)."""
    x0, y0 = quad.min(0)
    x1, y1 = quad.max(0)
    h = y1 - y0
    box = np.array([x0 - h * rng.uniform(0.0, 0.6), y0 - h * rng.uniform(-0.05, 0.35),
                    x1 + h * rng.uniform(0.0, 0.6), y1 + h * rng.uniform(-0.05, 0.35)])
    box[[0, 2]] = box[[0, 2]].clip(0, limit[0])
    box[[1, 3]] = box[[1, 3]].clip(0, limit[1])
    return box


def scene_lines(seed: int, hard: bool, rng: random.Random,
                families: Sequence[str] | None = None) -> list[tuple[np.ndarray, str, str]]:
    """(crop BGR, text, family) for every printed line of one synthetic card photo, printed in one of
    ``families`` (default: the recognizer's training families)."""
    s = make_scene(seed, hard=hard, card_px=(640, 1000), families=families or train_families())
    truth = s.card.truth
    fam = s.card.family
    W, H = L.CARD_W, L.CARD_H
    # The finder's quad is off by up to ~1 % of the card: shift the corners before rectifying.
    corners = L.region_px((0, 0, 1, 1)).astype(np.float32)
    noisy = (corners + np.array([[rng.uniform(-0.008, 0.008) * W, rng.uniform(-0.008, 0.008) * H]
                                 for _ in range(4)], np.float32))
    to_img = s.homography @ cv2.getPerspectiveTransform(corners, noisy).astype(np.float64)
    card = cv2.warpPerspective(s.image, np.linalg.inv(to_img), (W, H), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)
    out: list[tuple[np.ndarray, str, str]] = []
    for text, quad in truth.line_quads:
        if not text.strip():
            continue
        box = _jitter_box(quad, rng, (W, H))
        if box[2] - box[0] < 4 or box[3] - box[1] < 4:
            continue
        if rng.random() < 0.25:  # straight from the photo, as the reader's second reading
            q = np.array([[box[0], box[1]], [box[2], box[1]], [box[2], box[3]], [box[0], box[3]]], np.float64)
            crop = crop_quad(s.image, apply_homography(s.homography, q))
        else:
            crop = card[int(box[1]):int(np.ceil(box[3])), int(box[0]):int(np.ceil(box[2]))]
        if crop.shape[0] >= MIN_HEIGHT and crop.shape[1] >= MIN_HEIGHT:
            out.append((np.ascontiguousarray(crop), text, fam))
    return out


def write_shard(out_dir: Path, index: int, scenes: int, hard_frac: float, heldout: bool = False) -> Path:
    """One shard from ``scenes`` card photos (seeds ``SEED_BASE + index * scenes + i``); ``heldout``:
    an evaluation shard printed in the held-out families, on seeds of its own."""
    base = SEED_BASE * 2 if heldout else SEED_BASE
    families = heldout_families() if heldout else None
    rng = random.Random(base + index)
    data: dict[str, list] = {"images": [], "texts": [], "kinds": [], "fonts": []}
    for i in range(scenes):
        seed = base + index * scenes + i
        hard = rng.random() < hard_frac
        for crop, text, fam in scene_lines(seed, hard, rng, families):
            ok, buf = cv2.imencode(".jpg", crop, [cv2.IMWRITE_JPEG_QUALITY, 92])
            if not ok:
                continue
            data["images"].append(buf.tobytes())
            data["texts"].append(text)
            data["kinds"].append("card_hard" if hard else "card_clean")
            data["fonts"].append(fam)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{'heldout' if heldout else 'train'}_card_{index:05d}.pkl"
    path.write_bytes(pickle.dumps(data))
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="data/thai_rec_card")
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--step", type=int, default=1)
    ap.add_argument("--scenes", type=int, default=100, help="card photos per shard (~15-20 lines each)")
    ap.add_argument("--hard-frac", type=float, default=0.6, help="share of hard scenes")
    ap.add_argument("--heldout", action="store_true", help="an evaluation shard in the held-out families")
    args = ap.parse_args()
    for k in range(args.count):
        idx = args.start + k * args.step
        p = write_shard(Path(args.out), idx, args.scenes, args.hard_frac, args.heldout)
        print(p, len(pickle.loads(p.read_bytes())["texts"]), flush=True)


if __name__ == "__main__":
    main()
