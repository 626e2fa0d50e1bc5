"""Narrow a trained CRNN into a smaller architecture by structured channel pruning.

The 48-px recognizer (``crnn_m48``) reads held-out fonts better than the shipped 32-px one but runs
at about half its speed; most of its cost is in the convolutions. This keeps, in every
convolution, the output channels whose batch-norm scale ``|gamma|`` is largest (a channel with a
small scale contributes little after the norm), cuts the next layer's input channels to match, and
maps the projection's input features (channel-major, ``c * rows + row``) the same way. The LSTM and
head are copied as they are. The result is a warm start for ``scripts.training.train_recognizer --init``;
it needs fine-tuning before it reads well.

    python -m scripts.training.prune_recognizer --src data/runs/thai_rec_m7/step5000.pt --arch crnn_m48s \\
        --out data/m48s_init.pt
"""

from __future__ import annotations

import argparse

import torch

from scripts.synthesis.thai.charset import classes
from scripts.training.rec_model import build


def conv_blocks(model: torch.nn.Module) -> list[tuple[str, torch.nn.Conv2d, torch.nn.BatchNorm2d]]:
    """(state-dict prefix, conv, batch norm) of each conv-BN-ReLU block of a CRNN, in order."""
    out = []
    for i, block in enumerate(model.cnn):
        if isinstance(block, torch.nn.Sequential):
            out.append((f"cnn.{i}", block[0], block[1]))
    return out


def prune_state(src: dict[str, torch.Tensor], src_model: torch.nn.Module,
                dst_model: torch.nn.Module) -> dict[str, torch.Tensor]:
    """``dst_model``'s state dict filled from ``src`` (the state of ``src_model``) by keeping, per
    convolution, the channels with the largest ``|gamma|``."""
    out = {k: v.clone() for k, v in dst_model.state_dict().items()}
    keep_in = torch.arange(3)
    keep = keep_in
    for (prefix, _, _), (_, dconv, _) in zip(conv_blocks(src_model), conv_blocks(dst_model), strict=True):
        gamma = src[f"{prefix}.1.weight"].abs()
        n_out = dconv.out_channels
        keep = torch.sort(torch.argsort(gamma, descending=True)[:n_out]).values
        out[f"{prefix}.0.weight"] = src[f"{prefix}.0.weight"][keep][:, keep_in].clone()
        for name in ("weight", "bias", "running_mean", "running_var"):
            out[f"{prefix}.1.{name}"] = src[f"{prefix}.1.{name}"][keep].clone()
        out[f"{prefix}.1.num_batches_tracked"] = src[f"{prefix}.1.num_batches_tracked"].clone()
        keep_in = keep
    rows = src["proj.weight"].shape[1] // len(gamma)  # feature rows per channel after the last pool
    feats = (keep[:, None] * rows + torch.arange(rows)[None, :]).reshape(-1)
    out["proj.weight"] = src["proj.weight"][:, feats].clone()
    for k in out:
        if not k.startswith(("cnn.", "proj.weight")):
            if src[k].shape != out[k].shape:
                raise ValueError(f"{k}: {tuple(src[k].shape)} does not fit {tuple(out[k].shape)}")
            out[k] = src[k].clone()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", required=True, help="checkpoint of the wider network")
    ap.add_argument("--arch", required=True, help="the narrower architecture (scripts/training/rec_model.py)")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    ck = torch.load(args.src, map_location="cpu")
    n = len(classes())
    src_model, dst_model = build(n, ck["arch"]), build(n, args.arch)
    src_model.load_state_dict(ck["model"])
    state = prune_state(ck["model"], src_model, dst_model)
    dst_model.load_state_dict(state)
    kept = sum(p.numel() for p in dst_model.parameters()) / sum(p.numel() for p in src_model.parameters())
    torch.save({"model": state, "step": 0, "samples": 0, "arch": args.arch, "seed": ck.get("seed"),
                "pruned_from": f"{args.src} ({ck['arch']}, step {ck.get('step')})"}, args.out)
    print(f"{args.src} ({ck['arch']}) -> {args.out} ({args.arch}): {kept:.0%} of the parameters kept")


if __name__ == "__main__":
    main()
