"""Issue 42 experiment, part 2: the ``check`` of :mod:`scripts.training.idcard_cnn_scenes`.

Fits the candidates of issue42_cnn.md on the 493 tuned capture rows (B: every tuned capture; B + CNN:
the CNN's out-of-fold softmax as 3 more cues, linear) and types the cached tuned ``bench_thaiid``
scenes with them and with the shipped model. With ``scene_fit``, also B + the cached scene.py scene
rows, with and without the CNN (the scene rows' CNN cues from the net fitted on every tuned capture,
which never saw a scene), out of fold on the tuned rows (5 folds, row index mod 5) and on the bench.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from airocr.engine.thaiid.idcard_type import IDCARD_TYPES, IdcardTypeModel, load_idcard_type_model
from scripts.training import idcard_cnn_stack as stack
from scripts.training import train_idcard_cnn as tic
from scripts.training.idcard_cnn_scenes import BENCH_CONDITIONS
from scripts.training.train_idcard_type import FEATURES, fit

OUT = Path("/tmp/idcnn2")
tic.OUT = stack.OUT = OUT  # caches (patch pools, cues, out-of-fold logits) under this run's folder
SCENE_SETS = (("scenes-clean", "scenes"), ("scenes-hard", "scenes"))
GROUP = {**stack.GROUP, "scenes": "scenes"}


def final_net(pool: np.ndarray, caps: list[tic.Capture], cfg: tic.CnnConfig):  # noqa: ANN201
    """The CNN fitted on every tuned capture (seed 99, as ``cmd_heldout``); cached under OUT."""
    import torch

    path = OUT / f"net-{cfg.key}-99.pt"
    if path.exists():
        net = tic.make_net()
        net.load_state_dict(torch.load(path))
        return net.eval()
    net = tic.train(pool, caps, list(range(len(caps))), cfg, seed=99)
    torch.save(net.state_dict(), path)
    return net


def scored(sets: tuple[tuple[str, str], ...], net, cfg: tic.CnnConfig, seed: int) -> tuple[list, list]:  # noqa: ANN001
    caps = tic.load_captures(sets)
    if not caps:
        return [], []
    lg = tic.capture_logits(net, tic.patch_pool(caps, cfg, seed=seed), cfg.highpass)
    return caps, stack.with_cnn(stack.cues(caps), lg)


def fitted(caps: list, feats: list, idx: list[int], names: tuple[str, ...], lin: int) -> IdcardTypeModel:
    return fit([(caps[i].kind, feats[i]) for i in idx], names, stack.L2, pairwise=True,
               groups=[GROUP[caps[i].source] for i in idx], linear_only=lin)


def folds_of(caps: list, folds: int = 5) -> np.ndarray:
    """Capture rows: index mod ``folds`` (the CNN's folds); scene rows: round-robin over a fixed shuffle
    (their types repeat with the seed's period 5, so index mod 5 would put every scene screen in one fold)."""
    out = np.arange(len(caps)) % folds
    sc = np.array([i for i, c in enumerate(caps) if c.source == "scenes"], dtype=int)
    out[sc] = np.random.default_rng(0).permutation(len(sc)) % folds
    return out


def oof(caps: list, feats: list, fit_idx: list[int], names: tuple[str, ...], lin: int, folds: int = 5) -> list[str]:
    """Rows of ``fit_idx`` typed out of fold (:func:`folds_of`); the others by the fit on all of it."""
    preds = [""] * len(caps)
    fold = folds_of(caps, folds)
    for k in range(folds):
        m = fitted(caps, feats, [i for i in fit_idx if fold[i] != k], names, lin)
        for i in fit_idx:
            if fold[i] == k:
                preds[i] = m.classify(feats[i])
    full = fitted(caps, feats, fit_idx, names, lin)
    for i in set(range(len(caps))) - set(fit_idx):
        preds[i] = full.classify(feats[i])
    return preds


def bench_report(label: str, model: IdcardTypeModel, bench: dict[str, tuple[list, list]]) -> None:
    """Per condition: right of n found, rows truth / columns predicted, the normal cards flagged."""
    parts = []
    for cond, (caps, feats) in bench.items():
        preds = [model.classify(f) for f in feats]
        right = sum(p == c.kind for p, c in zip(preds, caps, strict=True))
        conf = "; ".join(t + " " + "/".join(str(sum(p == q for p, c in zip(preds, caps, strict=True) if c.kind == t))
                                               for q in IDCARD_TYPES) for t in IDCARD_TYPES)
        flagged = [c.seed for p, c in zip(preds, caps, strict=True) if c.kind == "normal" and p != "normal"]
        parts.append(f"  {cond:16s} {right}/{len(caps)} right  [{conf}]  normal flagged {flagged}")
    print(f"[bench] {label}\n" + "\n".join(parts), flush=True)


def cmd_check(epochs: int, scene_fit: bool, scene_stop: int = 20400) -> None:
    cfg = tic.CnnConfig(epochs=epochs)
    caps = tic.load_captures(tic.TUNED_SETS)
    print(f"tuned captures {len(caps)}", flush=True)
    pool = tic.patch_pool(caps, cfg)
    feats = stack.with_cnn(stack.cues(caps), np.load(OUT / f"oof-{cfg.key}.npy"))
    net = final_net(pool, caps, cfg)
    bench = {c: scored(((f"bench-{c}", "bench"),), net, cfg, seed=2) for c in BENCH_CONDITIONS}
    every = list(range(len(caps)))
    cnn = FEATURES + stack.CNN_CUES
    models = {"shipped": load_idcard_type_model(), "B (no CNN)": fitted(caps, feats, every, FEATURES, 0),
              "B + CNN (linear)": fitted(caps, feats, every, cnn, 3)}
    for label, m in models.items():
        bench_report(label, m, bench)
        for cond, (bc, bf) in bench.items():
            if label == "B + CNN (linear)":
                cnn_pred = [IDCARD_TYPES[int(np.argmax([f[k] for k in stack.CNN_CUES]))] for f in bf]
                print(f"  CNN alone {cond}: " + " ".join(f"{c.seed}:{c.kind[0]}{p[0]}" for c, p in
                                                       zip(bc, cnn_pred, strict=True)), flush=True)
    if not scene_fit:
        return
    sc, sf = [], []
    for sets in SCENE_SETS:
        c, f = scored((sets,), net, cfg, seed=3)
        keep = [i for i, x in enumerate(c) if x.seed < scene_stop]  # the scenes cached so far: a seed prefix
        sc, sf = sc + [c[i] for i in keep], sf + [f[i] for i in keep]
    print(f"scene rows {len(sc)}", flush=True)
    rows_c, rows_f = caps + sc, feats + sf
    srcs = tic.sources_of(tic.TUNED_SETS) + ("scenes",)
    every_row = list(range(len(rows_c)))
    no_photo = [i for i, c in enumerate(rows_c) if c.source != "photo"]
    for label, idx, names, lin in (("B + scenes (no CNN)", every_row, FEATURES, 0),
                                   ("B + scenes + CNN (linear)", every_row, cnn, 3),
                                   ("W + scenes (no CNN; photo not in the fit)", no_photo, FEATURES, 0),
                                   ("W + scenes + CNN (linear; photo not in the fit)", no_photo, cnn, 3),
                                   ("B + CNN (linear), scenes not in the fit", every, cnn, 3)):
        preds = oof(rows_c, rows_f, idx, names, lin)
        print(f"[tuned OOF] {label}\n{tic.confusion(rows_c, preds, srcs)}", flush=True)
        bench_report(label, fitted(rows_c, rows_f, idx, names, lin), bench)
