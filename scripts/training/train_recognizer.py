"""Train the Thai + Latin CTC line recognizer on pre-rendered shards; resumable.

    python -m scripts.training.train_recognizer                      # start, or resume from --out's latest.pt
    python -m scripts.training.train_recognizer --total-steps 120000 # resume with a longer schedule

Data: ``data/thai_rec/train_*.pkl`` (rendered in the background by ``scripts/synthesis/thai/dataset.py``;
new shards are picked up as they appear) and ``val_00000.pkl`` (held-out fonts only).
Writes ``latest.pt`` (weights + step), ``best.pt`` (best held-out line accuracy) and appends to
``train_log.csv`` in ``--out`` (under the git-ignored ``data/``; a finished cycle's record is a page in
``docs/experiments/``); the optimizer state goes to ``data/`` (when it is missing, training resumes
with a fresh optimizer after a short warm-up).
Runs unchanged on CPU or CUDA.
"""

from __future__ import annotations

import argparse
import csv
import glob
import math
import random
import time
from pathlib import Path

import numpy as np
import torch

from scripts.synthesis.thai.charset import classes
from scripts.training.rec_data import ctc_greedy, load_shard, scaled_width, shard_batches
from scripts.training.rec_metrics import score
from scripts.training.rec_model import build

LOG_FIELDS = ["time", "step", "samples", "loss", "lr", "samples_per_s", "val_line_acc", "val_cer", "note"]


def lr_at(step: int, args: argparse.Namespace, warm_from: int) -> float:
    """Cosine schedule over ``total_steps``; a (re)start ramps up to the scheduled value, not to the peak."""
    p = min(1.0, step / args.total_steps)
    lr = args.lr * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * p)))
    if step - warm_from < args.warmup:
        lr *= (step - warm_from + 1) / args.warmup
    return lr


@torch.no_grad()
def evaluate(model: torch.nn.Module, val: dict, device: torch.device, chars: list[str], bf16: bool) -> dict:
    model.eval()
    preds, gts, kinds = [], [], []
    height = model.height
    for x, _, texts, ks in shard_batches(val, 64, random.Random(0), train=False, max_width=scaled_width(1200, height),
                                         height=height):
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=bf16):
            logits = model(torch.from_numpy(x).to(device))
        probs = torch.softmax(logits.float(), -1).cpu().numpy()
        preds += [t for t, _ in ctc_greedy(probs, chars)]
        gts += texts
        kinds += ks
    model.train()
    return score(preds, gts, kinds)


def save(path: Path, model: torch.nn.Module, step: int, samples: int, args: argparse.Namespace, extra: dict) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save({"model": model.state_dict(), "step": step, "samples": samples, "arch": args.arch,
                "seed": args.seed, **extra}, tmp)
    tmp.replace(path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="data/thai_rec")
    ap.add_argument("--out", default="data/runs/thai_rec")
    ap.add_argument("--opt-state", default="data/thai_rec_opt.pt")
    ap.add_argument("--arch", default="crnn_xs")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1.5e-3)
    ap.add_argument("--warmup", type=int, default=300)
    ap.add_argument("--total-steps", type=int, default=60000)
    ap.add_argument("--val-every", type=int, default=1000)
    ap.add_argument("--val-lines", type=int, default=1000, help="first N lines of the (kind-balanced) val shard")
    ap.add_argument("--ckpt-minutes", type=float, default=5.0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=20250601)
    ap.add_argument("--max-width", type=int, default=800, help="at a 32-px height (scaled for crnn_m48)")
    ap.add_argument("--fp32", action="store_true", help="no bfloat16 autocast (it is ~5x faster on AVX512-BF16 CPUs)")
    ap.add_argument("--hard-aug", type=float, default=0.0,
                    help="share of training lines given extra blur / dark / washed-out degradation at load time")
    ap.add_argument("--shear-aug", type=float, default=0.0,
                    help="share of training lines given a random synthetic slant (shear up to 0.3) at load time")
    ap.add_argument("--glare-aug", type=float, default=0.0,
                    help="share of training lines given a random specular highlight at load time")
    ap.add_argument("--lowres-aug", type=float, default=0.0,
                    help="share of training lines shrunk to 0.45-0.85 of the height and upscaled back at load time")
    ap.add_argument("--warp-aug", type=float, default=0.0,
                    help="share of training lines whose glyphs are bent by a smooth random field at load time")
    ap.add_argument("--extra-data", default="", help="glob of more training shards (e.g. card-photo lines)")
    ap.add_argument("--extra-frac", type=float, default=0.0, help="share of chunks drawn from --extra-data")
    ap.add_argument("--init", default="", help="start from these weights (fresh step count)")
    ap.add_argument("--max-minutes", type=float, default=0.0,
                    help="stop (checkpointed) after this much wall-clock time; 0 = run to --total-steps "
                         "(a lent GPU's run must end inside its call: scripts/device/train.sh)")
    ap.add_argument("--wait-for-data", type=float, default=0.0,
                    help="seconds to wait for the first training shard (renderers started beside the trainer)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    chars = classes()
    model = build(len(chars), args.arch).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    ctc = torch.nn.CTCLoss(blank=0, zero_infinity=True)
    step, samples, best, warm_from, note = 0, 0, -1.0, 0, "start"
    latest = out / "latest.pt"
    if latest.exists():
        ck = torch.load(latest, map_location=device)
        model.load_state_dict(ck["model"])
        step, samples, best = ck["step"], ck["samples"], ck.get("best", -1.0)
        opt_path = Path(args.opt_state)
        if opt_path.exists() and torch.load(opt_path, map_location=device).get("step") == step:
            opt.load_state_dict(torch.load(opt_path, map_location=device)["opt"])
            note = f"resumed step {step}"
        else:
            warm_from, note = step, f"resumed step {step} (fresh optimizer)"
    elif args.init:
        model.load_state_dict(torch.load(args.init, map_location=device)["model"])
        note = f"init from {args.init}"
    print(note, flush=True)
    log_path = out / "train_log.csv"
    new_log = not log_path.exists()
    logf = open(log_path, "a", newline="")  # noqa: SIM115 (kept open for the whole run)
    log = csv.DictWriter(logf, LOG_FIELDS)
    if new_log:
        log.writeheader()
    log.writerow({"time": time.strftime("%Y-%m-%d %H:%M:%S"), "step": step, "samples": samples, "note": note})
    logf.flush()

    wait_until = time.time() + args.wait_for_data
    while not sorted(Path(args.data).glob("train_*.pkl")) and time.time() < wait_until:
        time.sleep(1.0)
    val = {k: v[: args.val_lines] for k, v in load_shard(Path(args.data) / "val_00000.pkl").items()}
    model.train()
    t_ckpt = t_log = t_start = time.time()
    out_of_time = False
    loss_sum, loss_n, samples_at_log = 0.0, 0, samples
    chunk = step  # shard order is a function of (seed, chunk), so a resume continues the sequence
    while step < args.total_steps and not out_of_time:
        shards = sorted(Path(args.data).glob("train_*.pkl"))
        rng = random.Random(args.seed * 1_000_003 + chunk)
        chunk += 1
        extra = []
        if args.extra_frac > 0 and rng.random() < args.extra_frac:
            extra = sorted(glob.glob(args.extra_data))
        # Extra shards (card photos) carry their scenes' own blur, exposure and glare: no more on top.
        hard, glare, lowres = (0.0, 0.0, 0.0) if extra else (args.hard_aug, args.glare_aug, args.lowres_aug)
        batches = shard_batches(load_shard(rng.choice(extra or shards)), args.batch, rng, True,
                                scaled_width(args.max_width, model.height), hard, args.shear_aug,
                                glare, model.height, lowres, args.warp_aug)
        for x, labels, _, _ in batches:
            for g in opt.param_groups:
                g["lr"] = lr_at(step, args, warm_from)
            xt = torch.from_numpy(x).to(device)
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=not args.fp32):
                logits = model(xt)
            logp = logits.float().log_softmax(-1).permute(1, 0, 2)  # T, N, C
            tgt = torch.tensor([i for lab in labels for i in lab], dtype=torch.long)
            in_len = torch.full((len(labels),), logp.shape[0], dtype=torch.long)
            tgt_len = torch.tensor([len(lab) for lab in labels], dtype=torch.long)
            loss = ctc(logp.float().cpu(), tgt, in_len, tgt_len) if device.type == "cpu" else \
                ctc(logp, tgt.to(device), in_len, tgt_len)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            step += 1
            samples += len(labels)
            if math.isfinite(loss.item()):
                loss_sum += loss.item()
                loss_n += 1
            do_val = step % args.val_every == 0
            if step % 50 == 0 or do_val:
                now = time.time()
                row = {"time": time.strftime("%Y-%m-%d %H:%M:%S"), "step": step, "samples": samples,
                       "loss": f"{loss_sum / max(1, loss_n):.4f}", "lr": f"{opt.param_groups[0]['lr']:.2e}",
                       "samples_per_s": f"{(samples - samples_at_log) / (now - t_log):.1f}"}
                if do_val:
                    m = evaluate(model, val, device, chars, not args.fp32)
                    row["val_line_acc"] = f"{m['all']['line_acc']:.4f}"
                    row["val_cer"] = f"{m['all']['cer']:.4f}"
                    worst = min((k for k in m if k != "all"), key=lambda k: m[k]["line_acc"])
                    row["note"] = f"worst {worst} {m[worst]['line_acc']:.3f}"
                    if m["all"]["line_acc"] > best:
                        best = m["all"]["line_acc"]
                        save(out / "best.pt", model, step, samples, args, {"best": best, "val": m})
                log.writerow(row)
                logf.flush()
                print(row, flush=True)
                loss_sum, loss_n, samples_at_log, t_log = 0.0, 0, samples, time.time()
            out_of_time = args.max_minutes > 0 and time.time() - t_start > args.max_minutes * 60
            if time.time() - t_ckpt > args.ckpt_minutes * 60 or step >= args.total_steps or out_of_time:
                save(latest, model, step, samples, args, {"best": best})
                torch.save({"opt": opt.state_dict(), "step": step}, args.opt_state)
                t_ckpt = time.time()
            if step >= args.total_steps or out_of_time:
                break
    if out_of_time and step % args.val_every:  # the run's end, scored (a timed stop falls between checks)
        m = evaluate(model, val, device, chars, not args.fp32)
        log.writerow({"time": time.strftime("%Y-%m-%d %H:%M:%S"), "step": step, "samples": samples,
                      "val_line_acc": f"{m['all']['line_acc']:.4f}", "val_cer": f"{m['all']['cer']:.4f}",
                      "note": f"stopped after {args.max_minutes:g} min"})
        if m["all"]["line_acc"] > best:
            save(out / "best.pt", model, step, samples, args, {"best": m["all"]["line_acc"], "val": m})
    logf.close()


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
