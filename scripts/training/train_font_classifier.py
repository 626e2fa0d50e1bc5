"""Train the font-family classifier and export ``models/font_cls.onnx`` + manifest entries.

Data: ``scripts/synthesis/font_data.py`` renders (training text, seed 0) and, to watch training,
(held-out text, seed 777); the final evaluation uses seed 12345 (eval_font_classifier.py).
The model is a small CNN over 32 × 128 grayscale windows cut at random from the
normalised line crops; at inference :mod:`engine.fonts` averages the softmax over up
to 6 windows per line. CPU only, one thread (the machine is shared):

    python -m scripts.synthesis.font_data --out data/font_cls/train.npz --seed 0 --per-class 2000
    python -m scripts.synthesis.font_data --out data/font_cls/val.npz --seed 777 --per-class 40 --held-out
    python -m scripts.training.train_font_classifier --steps 5000   # resumes from data/runs/font_cls/ckpt.pt
    cp data/runs/font_cls/ckpt.pt data/font_cls/ckpt_phase1.pt     # phase 2: lower-LR fine-tuning
    python -m scripts.training.train_font_classifier --init-from data/font_cls/ckpt_phase1.pt \
        --steps 3000 --lr 1e-3 --seed 1
    python -m scripts.training.eval_font_classifier --write-metrics docs/experiments/font_cls/metrics.json
    python -m scripts.training.train_font_classifier --export-only  # ONNX + classes + manifest entries

Checkpoints (``data/runs/font_cls/ckpt.pt``, ~1 MB) are written every ``--ckpt-every``
steps; the loss/accuracy curve goes to ``data/runs/font_cls/train_log.csv``. The shipped
model's record is ``docs/experiments/font_cls.md``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

from airocr.engine.fonts import HEIGHT, WINDOW, windows
from scripts.paths import ROOT, RUNS
from scripts.synthesis.font_data import FAMILIES

RUN_DIR = RUNS / "font_cls"
METRICS = ROOT / "docs" / "experiments" / "font_cls" / "metrics.json"  # kept: the manifest names it
# How the shipped model was made (train_log.csv holds phase 1, then phase 2 with steps counted from 0).
RECIPE = " && ".join([
    "python -m scripts.synthesis.font_data --out data/font_cls/train.npz --seed 0 --per-class 2000",
    "python -m scripts.synthesis.font_data --out data/font_cls/val.npz --seed 777 --per-class 40 --held-out",
    "python -m scripts.training.train_font_classifier --steps 5000 --lr 3e-3 --seed 0",
    "cp data/runs/font_cls/ckpt.pt data/font_cls/ckpt_phase1.pt",
    "python -m scripts.training.train_font_classifier --init-from data/font_cls/ckpt_phase1.pt --steps 3000 --lr 1e-3 "
    "--seed 1",
    "python -m scripts.training.eval_font_classifier --write-metrics docs/experiments/font_cls/metrics.json",
    "python -m scripts.training.train_font_classifier --export-only",
])
MODEL_DIR = ROOT / "models"


def _block(cin: int, cout: int) -> list[nn.Module]:
    return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True)]


class FontNet(nn.Module):
    """~0.2 M parameters, ~16 M multiply-adds per 32 × 128 window; global average pooling.

    Small on purpose: it is trained on a shared 2-core CPU and must add little to a request.
    """

    def __init__(self, n_classes: int) -> None:
        super().__init__()
        self.features = nn.Sequential(
            *_block(1, 16), nn.MaxPool2d(2),  # 16 × 64
            *_block(16, 32), nn.MaxPool2d(2),  # 8 × 32
            *_block(32, 64), nn.MaxPool2d(2),  # 4 × 16
            *_block(64, 160),
        )
        self.drop = nn.Dropout(0.2)
        self.fc = nn.Linear(160, n_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # x: [N,1,32,W] in [0, 1], white background
        f = self.features(x - 0.5).mean(dim=(2, 3))
        return self.fc(self.drop(f))


class Softmaxed(nn.Module):
    def __init__(self, net: FontNet) -> None:
        super().__init__()
        self.net = net

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.softmax(self.net(x), dim=1)


class Lines:
    """Normalised line crops from a ``font_data.py`` ``.npz`` (concatenated along the width)."""

    def __init__(self, *paths: Path) -> None:
        parts = [np.load(path) for path in paths]
        for path, d in zip(paths, parts, strict=True):
            if [str(c) for c in d["classes"]] != [f.name for f in FAMILIES]:
                raise SystemExit(f"{path} was rendered for other classes; re-run font_data.py")
        self.pixels: np.ndarray = np.concatenate([d["pixels"] for d in parts], axis=1)
        self.widths: np.ndarray = np.concatenate([d["widths"] for d in parts]).astype(np.int64)
        self.labels: np.ndarray = np.concatenate([d["labels"] for d in parts]).astype(np.int64)
        self.offsets = np.concatenate([[0], np.cumsum(self.widths)[:-1]])

    def __len__(self) -> int:
        return len(self.labels)

    def line(self, i: int) -> np.ndarray:
        return self.pixels[:, self.offsets[i] : self.offsets[i] + self.widths[i]]

    def random_windows(self, rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
        """``n`` random 32 × 128 windows (short lines at a random offset on white) and labels."""
        pick = rng.integers(0, len(self), n)
        w = self.widths[pick]
        long_ = w > WINDOW
        out = np.full((n, HEIGHT, WINDOW), 255, dtype=np.uint8)
        starts = self.offsets[pick] + (rng.random(n) * np.maximum(w - WINDOW + 1, 1)).astype(np.int64)
        idx = starts[long_, None] + np.arange(WINDOW)[None, :]
        out[long_] = self.pixels[:, idx].transpose(1, 0, 2)
        for row in np.flatnonzero(~long_):  # one slice per short line, not per pixel
            x = int(rng.integers(0, WINDOW - w[row] + 1))
            out[row, :, x : x + w[row]] = self.line(int(pick[row]))
        return out, self.labels[pick]


CJK_CLASS = torch.tensor([f.cjk for f in FAMILIES])  # the script of every class


def script_masked(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Logits with the classes of the other script pushed out: a CJK line only ever competes among
    CJK families and a Latin line among Latin families (as ``engine.fonts`` restricts at inference)."""
    other = CJK_CLASS[None, :] != CJK_CLASS[y][:, None]
    return logits.masked_fill(other, -1e4)


def masked_loss(logits: torch.Tensor, y: torch.Tensor, smoothing: float = 0.05) -> torch.Tensor:
    """Cross-entropy over the classes of the line's script, label smoothing spread over those classes only."""
    allowed = (CJK_CLASS[None, :] == CJK_CLASS[y][:, None]).float()
    logp = torch.log_softmax(script_masked(logits, y), dim=1)
    nll = -logp.gather(1, y[:, None])[:, 0]
    smooth = -(logp * allowed).sum(1) / allowed.sum(1)
    return ((1 - smoothing) * nll + smoothing * smooth).mean()


def init_from_onnx(model: FontNet, path: Path, calibration: torch.Tensor) -> None:
    """Start from a shipped ONNX model: its convolutions carry the folded batch norm (weight and bias).

    Each batch norm is set so that, in training mode on ``calibration`` windows, it gives back what
    the folded convolution gave (scale = the batch's std, shift = its mean + the folded bias).
    """
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(path)).graph
    init = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in graph.initializer}
    convs = [n for n in graph.node if n.op_type == "Conv"]
    layers = [m for m in model.features if isinstance(m, nn.Conv2d)]
    norms = [m for m in model.features if isinstance(m, nn.BatchNorm2d)]
    with torch.no_grad():
        for node, conv in zip(convs, layers, strict=True):
            conv.weight.copy_(init[node.input[1]])
        model.fc.weight.copy_(init["net.fc.weight"])
        model.fc.bias.copy_(init["net.fc.bias"])
        x = calibration - 0.5
        for layer in model.features:
            if isinstance(layer, nn.BatchNorm2d):
                bias = init[convs[norms.index(layer)].input[2]]
                mean, var = x.mean(dim=(0, 2, 3)), x.var(dim=(0, 2, 3))
                layer.weight.copy_(var.add(layer.eps).sqrt())
                layer.bias.copy_(mean + bias)
                layer.running_mean.copy_(mean)
                layer.running_var.copy_(var)
                x = x + bias[None, :, None, None]
            else:
                x = layer(x)


def to_tensor(batch: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(batch.astype(np.float32) / 255.0)[:, None]


@torch.no_grad()
def evaluate(model: nn.Module, lines: Lines, limit_per_class: int | None = None) -> tuple[float, float]:
    """Line-level top-1 / top-5 with the inference windowing of :mod:`engine.fonts`."""
    model.eval()
    keep = np.arange(len(lines))
    if limit_per_class:
        keep = np.concatenate([np.flatnonzero(lines.labels == c)[:limit_per_class]
                               for c in np.unique(lines.labels)])
    wins = [windows(lines.line(int(i))) for i in keep]
    owner = np.repeat(np.arange(len(keep)), [len(w) for w in wins])
    x = to_tensor(np.concatenate(wins))
    y_win = torch.from_numpy(lines.labels[keep][owner])
    probs = torch.cat([torch.softmax(script_masked(model(x[i : i + 256]), y_win[i : i + 256]), 1)
                       for i in range(0, len(x), 256)]).numpy()
    sums = np.zeros((len(keep), probs.shape[1]))
    np.add.at(sums, owner, probs)
    top5 = np.argsort(-sums, axis=1)[:, :5]
    y = lines.labels[keep]
    model.train()
    return float((top5[:, 0] == y).mean()), float((top5 == y[:, None]).any(axis=1).mean())


def train(args: argparse.Namespace) -> None:
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    args.run_dir.mkdir(parents=True, exist_ok=True)
    data = Lines(args.train)
    extra = Lines(*args.extra_train) if args.extra_train else None
    val = Lines(args.val) if args.val.exists() else None
    model = FontNet(len(FAMILIES))
    if args.init_onnx is not None and not ((args.run_dir / "ckpt.pt").exists() and not args.fresh):
        init_from_onnx(model, args.init_onnx, to_tensor(data.random_windows(np.random.default_rng(99), 512)[0]))
        print(f"initialised from {args.init_onnx}")
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=args.steps, pct_start=0.1)
    step, elapsed = 0, 0.0
    rng = np.random.default_rng(args.seed)
    ckpt_path = args.run_dir / "ckpt.pt"
    if args.init_from is not None:  # second phase: weights only, new optimizer and schedule
        model.load_state_dict(torch.load(args.init_from, weights_only=False)["model"])
        print(f"initialised from {args.init_from}")
    elif ckpt_path.exists() and not args.fresh:
        ck = torch.load(ckpt_path, weights_only=False)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        sched.load_state_dict(ck["sched"])
        step, elapsed = ck["step"], ck["elapsed"]
        rng.bit_generator.state = ck["rng"]
        torch.set_rng_state(ck["torch_rng"])
        print(f"resumed at step {step}")
    log_path = args.run_dir / "train_log.csv"
    new_log = not log_path.exists() or (args.fresh and args.init_from is None)
    log = log_path.open("w" if new_log else "a", newline="")
    writer = csv.writer(log)
    if new_log:
        writer.writerow(["step", "lr", "train_loss", "train_acc", "val_top1", "val_top5", "elapsed_s"])
    model.train()
    run_loss, run_acc, n_run = 0.0, 0.0, 0
    t0 = time.time() - elapsed
    while step < args.steps:
        n_extra = int(round(args.batch * args.extra_frac)) if extra is not None else 0
        xb, yb = data.random_windows(rng, args.batch - n_extra)
        if n_extra:
            xe, ye = extra.random_windows(rng, n_extra)
            xb, yb = np.concatenate([xb, xe]), np.concatenate([yb, ye])
        x, y = to_tensor(xb), torch.from_numpy(yb)
        logits = script_masked(model(x), y)
        loss = masked_loss(logits, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        sched.step()
        step += 1
        run_loss += loss.item()
        run_acc += float((logits.argmax(1) == y).float().mean())
        n_run += 1
        last = step == args.steps
        if step % args.log_every == 0 or last:
            v1 = v5 = float("nan")
            if val is not None and (step % args.val_every == 0 or last):
                v1, v5 = evaluate(model, val, limit_per_class=40)
            writer.writerow([step, f"{sched.get_last_lr()[0]:.6f}", f"{run_loss / n_run:.4f}",
                             f"{run_acc / n_run:.4f}", f"{v1:.4f}", f"{v5:.4f}", f"{time.time() - t0:.0f}"])
            log.flush()
            print(f"step {step} loss {run_loss / n_run:.3f} acc {run_acc / n_run:.3f} val {v1:.3f}/{v5:.3f} "
                  f"{time.time() - t0:.0f}s", flush=True)
            run_loss, run_acc, n_run = 0.0, 0.0, 0
        if step % args.ckpt_every == 0 or last:
            torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(),
                        "step": step, "elapsed": time.time() - t0, "rng": rng.bit_generator.state,
                        "torch_rng": torch.get_rng_state()}, ckpt_path)
    log.close()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def export(args: argparse.Namespace) -> None:
    """ONNX (softmax output), classes file and the two ``MANIFEST.d`` entries."""
    ck = torch.load(args.run_dir / "ckpt.pt", weights_only=False)
    model = FontNet(len(FAMILIES))
    model.load_state_dict(ck["model"])
    wrapped = Softmaxed(model).eval()
    onnx_path = MODEL_DIR / "font_cls.onnx"
    dummy = torch.zeros(2, 1, HEIGHT, WINDOW)
    torch.onnx.export(wrapped, dummy, str(onnx_path), input_names=["image"], output_names=["probs"],
                      dynamic_axes={"image": {0: "n"}, "probs": {0: "n"}}, opset_version=17, dynamo=False)
    classes_path = MODEL_DIR / "font_cls_classes.txt"
    classes_path.write_text("".join(f.name + "\n" for f in FAMILIES), encoding="utf-8")
    metrics = json.loads(args.metrics.read_text()) if args.metrics and args.metrics.exists() else {}
    fonts = [{"family": f.name, "script": "cjk" if f.cjk else "latin", "debian_package": f.package,
              "licence": f.licence, "files": sorted({Path(p).name for p, _ in f.styles})} for f in FAMILIES]
    entry = {
        "name": "font_cls",
        "file": onnx_path.name,
        "sha256": _sha256(onnx_path),
        "source": "trained in-house",
        "licence": "same as this project; trained only on renders of the fonts listed",
        "model": f"font-family classifier, {len(FAMILIES)} classes (FontNet CNN, 5000 + 3000 fine-tuning steps)",
        "script": "scripts/training/train_font_classifier.py (data: scripts/synthesis/font_data.py)",
        "seed": {"data_train": 0, "data_val": 777, "train_phase1": 0, "train_phase2": 1, "eval": 12345},
        "data": {"train": "font_data.py --seed 0 --per-class 2000 (training text)",
                 "val": "font_data.py --seed 777 --per-class 40 --held-out (training-time monitoring only)",
                 "eval": "eval_font_classifier.py: seed 12345, 100 lines per family, held-out text"},
        "command": RECIPE,
        "input": "image: float32 [N,1,32,128] grayscale in [0,1], dark text on white "
                 "(engine.fonts.normalize_crop + windows)",
        "output": f"probs: float32 [N,{len(FAMILIES)}] softmax; engine.fonts averages it over a line's windows",
        "classes_file": classes_path.name,
        "metrics": metrics,
        "fonts": fonts,
    }
    d = MODEL_DIR / "MANIFEST.d"
    d.mkdir(exist_ok=True)
    (d / "font_cls.json").write_text(json.dumps(entry, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    classes_entry = {"name": "font_cls_classes", "file": classes_path.name, "sha256": _sha256(classes_path),
                     "source": "trained in-house (class order of font_cls.onnx)",
                     "licence": "same as this project", "script": "scripts/training/train_font_classifier.py"}
    (d / "font_cls_classes.json").write_text(json.dumps(classes_entry, indent=2) + "\n", encoding="utf-8")
    print(f"exported {onnx_path} ({onnx_path.stat().st_size / 1e6:.2f} MB) and manifest entries")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--train", type=Path, default=ROOT / "data/font_cls/train.npz")
    ap.add_argument("--val", type=Path, default=ROOT / "data/font_cls/val.npz")
    ap.add_argument("--steps", type=int, default=6000)
    ap.add_argument("--batch", type=int, default=96)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--log-every", type=int, default=100)
    ap.add_argument("--val-every", type=int, default=1000)
    ap.add_argument("--ckpt-every", type=int, default=250)
    ap.add_argument("--fresh", action="store_true", help="ignore an existing checkpoint")
    ap.add_argument("--init-from", type=Path, help="start from these weights (a fine-tuning phase; implies --fresh)")
    ap.add_argument("--extra-train", type=Path, nargs="+", help="second training set(s) (font_browser.py lines)")
    ap.add_argument("--extra-frac", type=float, default=0.6, help="share of each batch drawn from --extra-train")
    ap.add_argument("--init-onnx", type=Path, help="start from the weights of a shipped font_cls.onnx")
    ap.add_argument("--run-dir", type=Path, default=RUN_DIR, help="checkpoint and training-log folder")
    ap.add_argument("--export-only", action="store_true")
    ap.add_argument("--metrics", type=Path, default=METRICS)
    args = ap.parse_args()
    if not args.export_only:
        train(args)
    export(args)


if __name__ == "__main__":
    main()
