"""Issue 42 experiment: a tiny CNN on native-resolution patches of the photo at the card's quad
(halftone dots, screen sub-pixels, paper grain), scored beside the ``idcard_type`` regression.

Captures and the service finder's quads are read from the bench's cache (``data/idtype/<set>/``,
:mod:`scripts.benchmarks.bench_idcard_type`; read only: nothing is rendered or found again).
Training rows are the *tuned* sets only (train, tuned, trainreal, tunedreal, trainwide, tunedwide,
trainrealwide, tunedrealwide, trainphoto, tunedphoto); each capture gives ``--patches`` random
``--size`` px patches whose centres lie inside the card's quad; a capture's score is the mean of its
patches' logits. Cross-validation is grouped by capture (all patches of one capture in one fold),
folds dealt round-robin over the captures in the trainer's order.

    python -m scripts.training.train_idcard_cnn cv             # out-of-fold CNN, per kind and source
    python -m scripts.training.train_idcard_cnn stack          # the regression with/without CNN cues, OOF
    python -m scripts.training.train_idcard_cnn heldout        # final candidate: held-out sets, real-dev

Not used by the engine (nothing here is shipped); torch on CPU, one thread.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from airocr.engine.thaiid.idcard_type import IDCARD_TYPES
from scripts.paths import DATA

CACHE = DATA / "idtype"
OUT = Path("/tmp/idcnn")
# (set, source label as in issue42_part6.md), in the trainer's row order.
TUNED_SETS = (("train", "captures"), ("tuned", "captures"), ("trainwide", "wide"), ("tunedwide", "wide"),
              ("trainreal", "real"), ("tunedreal", "real"), ("trainrealwide", "realwide"),
              ("tunedrealwide", "realwide"), ("trainphoto", "photo"), ("tunedphoto", "photo"))
HELDOUT_SETS = (("heldout", "heldout"), ("heldoutreal", "heldoutreal"))


@dataclass
class CnnConfig:
    size: int = 64  # patch side, px of the photo (native resolution)
    patches: int = 48  # patches drawn per capture
    margin: float = 0.18  # patch centres kept this share of the card's side away from its edges
    epochs: int = 6  # passes over the training patches
    batch: int = 128  # patches per step
    lr: float = 3e-3  # Adam learning rate
    folds: int = 5  # grouped cross-validation folds
    highpass: float = 0.0  # > 0: each patch less its Gaussian blur of this sigma (px), the texture only

    @property
    def key(self) -> str:
        return f"{self.size}-{self.patches}-{self.epochs}" + (f"-hp{self.highpass:g}" if self.highpass else "")


@dataclass
class Capture:
    name: str
    source: str
    kind: str
    seed: int
    quad: np.ndarray

    @property
    def stem(self) -> Path:
        return CACHE / self.name / f"{self.kind}_{self.seed}"


def load_captures(sets: tuple[tuple[str, str], ...]) -> list[Capture]:
    """The found captures of ``sets`` (cache only), seeds ascending per kind as the bench deals them."""
    out = []
    for name, source in sets:
        finds = {}
        for p in (CACHE / name).glob("*.find.json"):
            kind, seed = p.name.split(".")[0].rsplit("_", 1)
            finds[(int(seed), kind)] = json.loads(p.read_text())
        for (seed, kind), f in sorted(finds.items(), key=lambda kv: (kv[0][0], IDCARD_TYPES.index(kv[0][1]))):
            if f["found"]:
                out.append(Capture(name, source, kind, seed, np.array(f["quad"], dtype=np.float64)))
    return out


def sample_patches(img: np.ndarray, quad: np.ndarray, cfg: CnnConfig, rng: np.random.Generator) -> np.ndarray:
    """``cfg.patches`` axis-aligned ``cfg.size`` px crops (uint8 BGR) centred at random points of the
    quad (bilinear in its corners, ``cfg.margin`` from its edges), clipped into the image."""
    h, w = img.shape[:2]
    s = cfg.size
    uv = rng.uniform(cfg.margin, 1 - cfg.margin, (cfg.patches, 2))
    tl, tr, br, bl = quad
    pts = ((1 - uv[:, :1]) * (1 - uv[:, 1:]) * tl + uv[:, :1] * (1 - uv[:, 1:]) * tr
           + uv[:, :1] * uv[:, 1:] * br + (1 - uv[:, :1]) * uv[:, 1:] * bl)
    out = np.zeros((cfg.patches, s, s, 3), np.uint8)
    for i, (x, y) in enumerate(pts):
        x0 = int(np.clip(round(x) - s // 2, 0, max(w - s, 0)))
        y0 = int(np.clip(round(y) - s // 2, 0, max(h - s, 0)))
        crop = img[y0:y0 + s, x0:x0 + s]
        out[i, :crop.shape[0], :crop.shape[1]] = crop
    return out


def patch_pool(caps: list[Capture], cfg: CnnConfig, seed: int = 0) -> np.ndarray:
    """Every capture's patches, (n_captures, patches, size, size, 3) uint8; cached under /tmp."""
    key = OUT / f"pool-{caps[0].name}-{len(caps)}-{cfg.size}-{cfg.patches}-{seed}.npy"
    if key.exists():
        return np.load(key)
    rng = np.random.default_rng(seed)
    pool = np.stack([sample_patches(cv2.imread(str(c.stem.with_suffix(".png"))), c.quad, cfg, rng) for c in caps])
    OUT.mkdir(exist_ok=True)
    np.save(key, pool)
    return pool


def to_tensor(x: np.ndarray, highpass: float = 0.0):  # noqa: ANN201 - torch is imported lazily
    """uint8 (..., s, s, 3) -> float (N, 3, s, s): each patch less its channel means (or, with
    ``highpass``, less its Gaussian blur), /64."""
    import torch

    f = x.reshape(-1, *x.shape[-3:]).astype(np.float32)
    if highpass:
        f -= np.stack([cv2.GaussianBlur(p, (0, 0), highpass) for p in f])
    else:
        f -= f.mean((1, 2), keepdims=True)
    return torch.from_numpy(np.ascontiguousarray(f.transpose(0, 3, 1, 2) / 64.0))


def make_net():  # noqa: ANN201
    import torch.nn as nn

    def block(i: int, o: int, k: int, s: int) -> list:
        return [nn.Conv2d(i, o, k, s, k // 2), nn.BatchNorm2d(o), nn.ReLU()]

    return nn.Sequential(*block(3, 16, 5, 2), *block(16, 32, 3, 2), *block(32, 48, 3, 2), *block(48, 64, 3, 1),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, len(IDCARD_TYPES)))


def train(pool: np.ndarray, caps: list[Capture], idx: list[int], cfg: CnnConfig, seed: int):  # noqa: ANN201
    """A net fitted on the patches of captures ``idx``; kinds weighted equally per source."""
    import torch

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    net = make_net()
    opt = torch.optim.Adam(net.parameters(), lr=cfg.lr, weight_decay=1e-4)
    keys = [(caps[i].source, caps[i].kind) for i in idx]
    cw = {k: 1.0 / keys.count(k) for k in set(keys)}
    wcap = np.array([cw[k] for k in keys])
    wcap = wcap / wcap.mean()
    y_cap = np.array([IDCARD_TYPES.index(caps[i].kind) for i in idx])
    n_p = pool.shape[1]
    total = len(idx) * n_p
    steps = cfg.epochs * total // cfg.batch
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, cfg.lr, total_steps=steps)
    net.train()
    for _ in range(steps):
        ci = rng.integers(0, len(idx), cfg.batch)
        pi = rng.integers(0, n_p, cfg.batch)
        x = pool[np.array(idx)[ci], pi]
        if rng.random() < 0.5:
            x = x[:, :, ::-1]
        if rng.random() < 0.5:
            x = x[:, ::-1]
        out = net(to_tensor(x, cfg.highpass))
        loss = torch.nn.functional.cross_entropy(out, torch.from_numpy(y_cap[ci]), reduction="none")
        loss = (loss * torch.from_numpy(wcap[ci]).float()).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
    net.eval()
    return net


def capture_logits(net, pool: np.ndarray, highpass: float = 0.0) -> np.ndarray:  # noqa: ANN001
    """Each capture's mean patch logits, (n, classes)."""
    import torch

    with torch.no_grad():
        return np.stack([net(to_tensor(p, highpass)).numpy().mean(0) for p in pool])


def out_of_fold(pool: np.ndarray, caps: list[Capture], cfg: CnnConfig) -> np.ndarray:
    """Each capture's logits from a net fitted on the other folds (folds round-robin over captures)."""
    import time

    logits = np.zeros((len(caps), len(IDCARD_TYPES)))
    for k in range(cfg.folds):
        t = time.time()
        tr = [i for i in range(len(caps)) if i % cfg.folds != k]
        te = [i for i in range(len(caps)) if i % cfg.folds == k]
        net = train(pool, caps, tr, cfg, seed=k)
        logits[te] = capture_logits(net, pool[te], cfg.highpass)
        print(f"  fold {k}: {time.time() - t:.0f}s", flush=True)
    return logits


def confusion(caps: list[Capture], preds: list[str], sources: tuple[str, ...]) -> str:
    """Per source: rows truth, columns predicted (normal / copy / screen); each kind's accuracy."""
    lines = []
    for s in sources:
        idx = [i for i, c in enumerate(caps) if c.source == s]
        rows, acc = [], []
        for t in IDCARD_TYPES:
            ti = [i for i in idx if caps[i].kind == t]
            if ti:
                rows.append(f"{t} " + "/".join(str(sum(preds[i] == p for i in ti)) for p in IDCARD_TYPES))
                acc.append(f"{t} {np.mean([preds[i] == t for i in ti]):.3f}")
        errs = sum(preds[i] != caps[i].kind for i in idx)
        lines.append(f"  {s:12s} n={len(idx):3d} errors={errs:3d}  " + ", ".join(acc) + "   [" + "; ".join(rows) + "]")
    return "\n".join(lines)


def sources_of(sets: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for _, s in sets))


def cmd_cv(cfg: CnnConfig) -> None:
    caps = load_captures(TUNED_SETS)
    pool = patch_pool(caps, cfg)
    print(f"captures {len(caps)}, pool {pool.shape}, params {sum(p.numel() for p in make_net().parameters())}")
    logits = out_of_fold(pool, caps, cfg)
    np.save(OUT / f"oof-{cfg.key}.npy", logits)
    preds = [IDCARD_TYPES[int(j)] for j in logits.argmax(1)]
    print("CNN out of fold (captures grouped; found cards):")
    print(confusion(caps, preds, sources_of(TUNED_SETS)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=("cv", "stack", "heldout"))
    ap.add_argument("--epochs", type=int, default=CnnConfig.epochs)
    ap.add_argument("--patches", type=int, default=CnnConfig.patches)
    ap.add_argument("--size", type=int, default=CnnConfig.size)
    ap.add_argument("--highpass", type=float, default=CnnConfig.highpass)
    args = ap.parse_args()
    import torch

    torch.set_num_threads(1)
    cfg = CnnConfig(size=args.size, patches=args.patches, epochs=args.epochs, highpass=args.highpass)
    OUT.mkdir(exist_ok=True)
    if args.command == "cv":
        cmd_cv(cfg)
    else:
        from scripts.training import idcard_cnn_stack

        getattr(idcard_cnn_stack, f"cmd_{args.command}")(cfg)


if __name__ == "__main__":
    main()
