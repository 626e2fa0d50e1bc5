"""Loading pre-rendered line shards and turning them into padded model batches.

Shards come from ``scripts/synthesis/thai/dataset.py``.  Preprocessing here is the one the engine uses at
inference: BGR, resize to the model's height (32, or 48 for ``crnn_m48``) keeping aspect,
(px / 255 - 0.5) / 0.5, right-pad with 0.
"""

from __future__ import annotations

import math
import pickle
import random
from pathlib import Path

import cv2
import numpy as np

from scripts.synthesis.thai.charset import char_to_index

HEIGHT = 32  # the default recognizer input height (per arch: scripts/training/rec_model.py arch_height)
WIDTH_STRIDE = 4  # input columns per output time step


def scaled_width(width: int, height: int) -> int:
    """A width limit given for the default ``HEIGHT``, for lines resized to ``height`` instead."""
    return width * height // HEIGHT


def load_shard(path: str | Path) -> dict[str, list]:
    return pickle.loads(Path(path).read_bytes())


def decode_resize(jpeg: bytes, stretch: float = 1.0, max_width: int = 1200,
                  rng: random.Random | None = None, hard_p: float = 0.0, shear_p: float = 0.0,
                  glare_p: float = 0.0, height: int = HEIGHT, lowres_p: float = 0.0, warp_p: float = 0.0
                  ) -> np.ndarray:
    """JPEG bytes -> float32 CHW normalised image of height ``height``.

    With ``rng`` and ``hard_p`` > 0, that share of lines also gets :func:`hard_photometric` at the
    model's height (training only; the shards keep the milder degradations they were rendered with);
    ``shear_p``: that share gets a random :func:`shear` (a synthetic slant, both ways); ``glare_p``: a
    random :func:`glare`; ``lowres_p``: :func:`low_resolution` (a crop smaller than the model's height,
    read upscaled); ``warp_p``: :func:`local_warp` (glyph shapes bent a little).
    """
    img = resize_to_height(cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR), stretch, max_width, height)
    if warp_p > 0 and rng is not None and rng.random() < warp_p:
        img = local_warp(img, rng)
    if shear_p > 0 and rng is not None and rng.random() < shear_p:
        img = shear(img, rng.uniform(-0.3, 0.3))
    if lowres_p > 0 and rng is not None and rng.random() < lowres_p:
        img = low_resolution(img, rng.uniform(0.45, 0.85))
    if glare_p > 0 and rng is not None and rng.random() < glare_p:
        img = glare(img, rng)
    if hard_p > 0 and rng is not None and rng.random() < hard_p:
        img = hard_photometric(img, rng)
    return normalise(img)


def low_resolution(img: np.ndarray, scale: float) -> np.ndarray:
    """The line as a crop ``scale`` times as tall would look once resized up to the model's height.

    The ID card's Thai crops are 25-42 px tall (median 32): a 48-px model reads them upscaled, so it
    must train on lines that lost that detail, not only on crisp 48-px renders."""
    h, w = img.shape[:2]
    small = cv2.resize(img, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


def shear(img: np.ndarray, s: float) -> np.ndarray:
    """Slant the line by ``s`` (x shift per row, relative to the middle row; 0.2 ~ an italic's 11 deg).

    The canvas widens by ``|s| * h`` so that no ink is cut; the new corners repeat the border, as a
    detector crop of slanted print shows background there."""
    h, w = img.shape[:2]
    extra = int(math.ceil(abs(s) * h))
    m = np.float32([[1, s, extra / 2 - s * h / 2], [0, 1, 0]])
    return cv2.warpAffine(img, m, (w + extra, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def local_warp(img: np.ndarray, rng: random.Random) -> np.ndarray:
    """Bend the glyphs a little, as a face the model never saw draws the same letters differently.

    A smooth random displacement field (control points every ~half line height along the line, three
    rows across it, cubic-interpolated; sigma 2-5 % of the height each way) moves the strokes by
    about 1-2 px at a 32-px height: a loop's size, a head's tilt, a tail's length change within a
    letter while the letter stays what it is.  Look-alikes in unseen faces (ด/ต, ซ/ช, ท/ห) are the
    held-out test's commonest misreadings.  One cycle with it (``docs/experiments/thai_rec_m11.md``, 40 % of
    the lines) tied with the shipped model on the held-out test.  uint8 BGR in and out, same size."""
    h, w = img.shape[:2]
    nrng = np.random.default_rng(rng.getrandbits(32))
    gx, gy = max(2, round(w / (0.5 * h)) + 1), 3
    sigma = rng.uniform(0.02, 0.05) * h
    dx, dy = (cv2.resize(nrng.normal(0.0, sigma, (gy, gx)).astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
              for _ in range(2))
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    return cv2.remap(img, xx + dx, yy + dy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def resize_to_height(img: np.ndarray, stretch: float = 1.0, max_width: int = 1200, height: int = HEIGHT) -> np.ndarray:
    h, w = img.shape[:2]
    nw = int(min(max_width, max(WIDTH_STRIDE, round(w * height / h * stretch))))
    return cv2.resize(img, (nw, height), interpolation=cv2.INTER_AREA if h > height else cv2.INTER_LINEAR)


def normalise(img: np.ndarray) -> np.ndarray:
    """uint8 HWC BGR -> float32 CHW in [-1, 1]."""
    return ((img.astype(np.float32) / 255.0 - 0.5) / 0.5).transpose(2, 0, 1)


def preprocess(img: np.ndarray, stretch: float = 1.0, max_width: int = 1200, height: int = HEIGHT) -> np.ndarray:
    return normalise(resize_to_height(img, stretch, max_width, height))


def hard_photometric(img: np.ndarray, rng: random.Random) -> np.ndarray:
    """One of the degradations the ID-card bench's ``hard`` photos show and the shards lack:
    blur of sigma 1.0-1.8 px at a 32-px line height (scaled with the line's height), a dark
    (gamma 1.6-2.8) noisy exposure, or a washed-out bright one.  uint8 BGR in and out."""
    f = img.astype(np.float32)
    r = rng.random()
    if r < 0.4:
        f = cv2.GaussianBlur(f, (0, 0), rng.uniform(1.0, 1.8) * img.shape[0] / HEIGHT)
    elif r < 0.7:
        f = 255.0 * (f / 255.0) ** rng.uniform(1.6, 2.8)
        f += np.random.default_rng(rng.getrandbits(32)).normal(0, rng.uniform(2, 8), f.shape)
    else:
        f = 255.0 * (f / 255.0) ** (1.0 / rng.uniform(1.3, 2.2))
        c = rng.uniform(0.6, 0.85)
        f = f * c + 255.0 * (1 - c)
    return np.clip(f, 0, 255).astype(np.uint8)


def glare(img: np.ndarray, rng: random.Random) -> np.ndarray:
    """A specular highlight over part of the line, as the ID-card bench's ``glare`` photos show: a
    Gaussian blob (0.5-3 line heights wide) that pulls the line towards white, by 50-85 % at its
    centre, so the ink there keeps a faint contrast (ink the glare erased entirely would teach the
    model to guess).  uint8 BGR in and out."""
    h, w = img.shape[:2]
    cx, cy = rng.uniform(0, w), rng.uniform(-0.3 * h, 1.3 * h)
    sx, sy = rng.uniform(0.5, 3.0) * h, rng.uniform(0.5, 2.0) * h
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    blob = np.exp(-(((xx - cx) / sx) ** 2 + ((yy - cy) / sy) ** 2)) * rng.uniform(0.5, 0.85)
    f = img.astype(np.float32)
    return np.clip(f + (255.0 - f) * blob[..., None], 0, 255).astype(np.uint8)


def pad_batch(images: list[np.ndarray]) -> np.ndarray:
    """Right-pad CHW images (all of one height) with 0 to a common width, a multiple of the stride."""
    w = max(i.shape[2] for i in images)
    w = -(-w // WIDTH_STRIDE) * WIDTH_STRIDE
    out = np.zeros((len(images), 3, images[0].shape[1], w), np.float32)
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
                  max_width: int = 1200, hard_p: float = 0.0, shear_p: float = 0.0, glare_p: float = 0.0,
                  height: int = HEIGHT, lowres_p: float = 0.0, warp_p: float = 0.0
                  ) -> list[tuple[np.ndarray, list[list[int]], list[str], list[str]]]:
    """All batches of one shard, grouped by similar width (less padding), in shuffled order.

    ``hard_p`` / ``shear_p`` / ``glare_p`` / ``lowres_p`` / ``warp_p``: share of training lines given
    :func:`hard_photometric` / :func:`shear` / :func:`glare` / :func:`low_resolution` /
    :func:`local_warp`; ``height``: the model's input height (``rec_model.arch_height``)."""
    table = char_to_index()
    items = []
    for jpeg, text, kind in zip(shard["images"], shard["texts"], shard["kinds"], strict=True):
        label = encode(text, table)
        if label is None:
            continue
        if train:
            img = decode_resize(jpeg, rng.uniform(0.9, 1.1), max_width, rng, hard_p, shear_p, glare_p, height,
                                lowres_p, warp_p)
        else:
            img = decode_resize(jpeg, 1.0, max_width, height=height)
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
