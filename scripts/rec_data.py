"""Loading pre-rendered line shards and turning them into padded model batches.

Shards come from ``scripts/synth/dataset.py``.  Preprocessing here is the one the engine uses at
inference: BGR, resize to height 32 keeping aspect, (px / 255 - 0.5) / 0.5, right-pad with 0.
"""

from __future__ import annotations

import pickle
import random
from pathlib import Path

import cv2
import numpy as np

from scripts.rec_model import HEIGHT, WIDTH_STRIDE
from scripts.synth.charset import char_to_index


def load_shard(path: str | Path) -> dict[str, list]:
    return pickle.loads(Path(path).read_bytes())


def decode_resize(jpeg: bytes, stretch: float = 1.0, max_width: int = 1200) -> np.ndarray:
    """JPEG bytes -> float32 CHW normalised image of height ``HEIGHT``."""
    img = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
    return preprocess(img, stretch, max_width)


def preprocess(img: np.ndarray, stretch: float = 1.0, max_width: int = 1200) -> np.ndarray:
    h, w = img.shape[:2]
    nw = int(min(max_width, max(WIDTH_STRIDE, round(w * HEIGHT / h * stretch))))
    img = cv2.resize(img, (nw, HEIGHT), interpolation=cv2.INTER_AREA if h > HEIGHT else cv2.INTER_LINEAR)
    return ((img.astype(np.float32) / 255.0 - 0.5) / 0.5).transpose(2, 0, 1)


def pad_batch(images: list[np.ndarray]) -> np.ndarray:
    w = max(i.shape[2] for i in images)
    w = -(-w // WIDTH_STRIDE) * WIDTH_STRIDE
    out = np.zeros((len(images), 3, HEIGHT, w), np.float32)
    for k, im in enumerate(images):
        out[k, :, :, : im.shape[2]] = im
    return out


def encode(text: str, table: dict[str, int] | None = None) -> list[int] | None:
    table = table or char_to_index()
    try:
        return [table[c] for c in text]
    except KeyError:
        return None


def ctc_fits(label: list[int], t: int) -> bool:
    """CTC needs one step per label plus one blank between each repeated pair."""
    repeats = sum(1 for a, b in zip(label, label[1:], strict=False) if a == b)
    return len(label) + repeats <= t


def shard_batches(shard: dict[str, list], batch: int, rng: random.Random, train: bool,
                  max_width: int = 1200) -> list[tuple[np.ndarray, list[list[int]], list[str], list[str]]]:
    """All batches of one shard, grouped by similar width (less padding), in shuffled order."""
    table = char_to_index()
    items = []
    for jpeg, text, kind in zip(shard["images"], shard["texts"], shard["kinds"], strict=True):
        label = encode(text, table)
        if label is None:
            continue
        img = decode_resize(jpeg, rng.uniform(0.9, 1.1) if train else 1.0, max_width)
        if train and not ctc_fits(label, img.shape[2] // WIDTH_STRIDE):
            continue
        items.append((img, label, text, kind))
    if train:
        rng.shuffle(items)
        # sort within windows of 8 batches so batches hold similar widths but stay random
        win = batch * 8
        items = [x for s in range(0, len(items), win)
                 for x in sorted(items[s: s + win], key=lambda it: it[0].shape[2])]
    else:
        items.sort(key=lambda it: it[0].shape[2])
    out = []
    for s in range(0, len(items), batch):
        chunk = items[s: s + batch]
        out.append((pad_batch([c[0] for c in chunk]), [c[1] for c in chunk], [c[2] for c in chunk],
                    [c[3] for c in chunk]))
    if train:
        rng.shuffle(out)
    return out


def ctc_greedy(probs: np.ndarray, classes: list[str]) -> list[tuple[str, float]]:
    """Best-path CTC decoding of [N, T, C] probabilities -> (text, mean max-prob of kept steps)."""
    idx = probs.argmax(-1)
    conf = probs.max(-1)
    out = []
    for row, crow in zip(idx, conf, strict=True):
        keep = np.ones(len(row), bool)
        keep[1:] = row[1:] != row[:-1]
        keep &= row != 0
        text = "".join(classes[i] for i in row[keep])
        out.append((text, float(crow[keep].mean()) if keep.any() else 0.0))
    return out
