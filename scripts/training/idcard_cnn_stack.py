"""Issue 42 experiment, second half: the tiny CNN's per-capture class probabilities as three more
cues of the ``idcard_type`` regression (out-of-fold CNN scores for the training rows), and the final
candidate's held-out and real-dev check. Run through :mod:`scripts.training.train_idcard_cnn`."""

from __future__ import annotations

import json

import cv2
import numpy as np

from airocr.engine.thaiid.idcard_type import IDCARD_TYPES, IdcardTypeModel, idcard_type_features
from scripts.training.train_idcard_cnn import (
    HELDOUT_SETS,
    OUT,
    TUNED_SETS,
    Capture,
    CnnConfig,
    capture_logits,
    confusion,
    load_captures,
    patch_pool,
    sample_patches,
    sources_of,
    train,
)
from scripts.training.train_idcard_type import FEATURES, GROUPS, fit

CNN_CUES = tuple(f"cnn_{t}" for t in IDCARD_TYPES)
L2 = 0.01  # the shipped recipe's (and W's) L2
GROUP = {"captures": "captures", "wide": "captures", "real": "real prints", "realwide": "real prints",
         "photo": "real prints", "heldout": "captures", "heldoutreal": "real prints"}


def cues(caps: list[Capture]) -> list[dict[str, float]]:
    """The regression's cues (hues included) of each capture's found card; cached under /tmp."""
    path = OUT / f"cues-{caps[0].name}-{len(caps)}.json"
    if path.exists():
        return json.loads(path.read_text())
    out = []
    for c in caps:
        img = cv2.imread(str(c.stem.with_suffix(".png")))
        card = cv2.imread(str(c.stem.with_suffix(".card.png")))
        out.append({k: float(v) for k, v in idcard_type_features(card, img, c.quad, hues=True).items()})
    path.write_text(json.dumps(out))
    return out


def softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def with_cnn(feats: list[dict[str, float]], logits: np.ndarray) -> list[dict[str, float]]:
    return [{**f, **dict(zip(CNN_CUES, map(float, p), strict=True))} for f, p in zip(feats, softmax(logits),
                                                                                    strict=True)]


def regression_oof(caps: list[Capture], feats: list[dict], fit_idx: list[int], names: tuple[str, ...],
                   lin: int, folds: int = 5) -> list[str]:
    """Each capture's type by a regression fitted on the other folds' rows of ``fit_idx`` (folds as the
    CNN's: capture index mod ``folds``); captures outside ``fit_idx`` typed by the fit on all of it."""
    preds = [""] * len(caps)

    def fitted(idx: list[int]) -> IdcardTypeModel:
        return fit([(caps[i].kind, feats[i]) for i in idx], names, L2, pairwise=True,
                   groups=[GROUP[caps[i].source] for i in idx], linear_only=lin)

    for k in range(folds):
        m = fitted([i for i in fit_idx if i % folds != k])
        for i in fit_idx:
            if i % folds == k:
                preds[i] = m.classify(feats[i])
    full = fitted(fit_idx)
    for i in set(range(len(caps))) - set(fit_idx):
        preds[i] = full.classify(feats[i])
    return preds


def cmd_stack(cfg: CnnConfig) -> None:
    caps = load_captures(TUNED_SETS)
    logits = np.load(OUT / f"oof-{cfg.key}.npy")
    feats = with_cnn(cues(caps), logits)
    srcs = sources_of(TUNED_SETS)
    fits = {"B (all tuned captures)": list(range(len(caps))),
            "W (photo not in the fit, typed by the full fit)": [i for i, c in enumerate(caps) if c.source != "photo"]}
    for label, fit_idx in fits.items():
        for name, names, lin in (("regression", FEATURES, 0), ("regression + CNN (linear)", FEATURES + CNN_CUES, 3),
                                 ("regression + CNN (pairwise)", FEATURES + CNN_CUES, 0)):
            preds = regression_oof(caps, feats, fit_idx, names, lin)
            print(f"{label}: {name}, out of fold\n{confusion(caps, preds, srcs)}", flush=True)
    print("each cue group's worth, B + CNN linear (left out: total errors)")
    for g, group in {"nothing": (), **GROUPS, "cnn": CNN_CUES}.items():
        names = tuple(f for f in FEATURES + CNN_CUES if f not in group)
        preds = regression_oof(caps, feats, fits["B (all tuned captures)"], names, sum(f in CNN_CUES for f in names))
        print(f"  {g:14s} {sum(p != c.kind for p, c in zip(preds, caps, strict=True))}", flush=True)


def real_dev(net, model: IdcardTypeModel, cfg: CnnConfig) -> None:  # noqa: ANN001
    """The real-dev Thai ID captures typed by the CNN and the stacked regression."""
    from airocr.engine.errors import NoTextFound
    from scripts.benchmarks.bench_idcard_type import REAL_DEV, REAL_TYPES, _finder

    truth = {**REAL_TYPES, "thaiid_hinata_clean.jpg": "normal"}
    for e in json.loads((REAL_DEV / "truth.json").read_text()):
        if e["kind"] != "thaiid" or "side" not in e["truth"]:
            continue
        img = cv2.imread(str(REAL_DEV / e["file"]))
        try:
            res = _finder().find(img)
        except NoTextFound:
            print(f"  {e['file']:40s} no card")
            continue
        pool = sample_patches(img, np.asarray(res.quad, float), cfg, np.random.default_rng(0))[None]
        lg = capture_logits(net, pool, cfg.highpass)
        f = with_cnn([idcard_type_features(res.card, img, res.quad, hues=True)], lg)[0]
        p_cnn, p_reg = softmax(lg[0]), model.probabilities(f)
        print(f"  {e['file']:40s} CNN {IDCARD_TYPES[int(p_cnn.argmax())]} {np.round(p_cnn, 2)}  stacked "
              f"{IDCARD_TYPES[int(p_reg.argmax())]} {np.round(p_reg, 2)}  truth {truth.get(e['file'], '-')}")


def cmd_heldout(cfg: CnnConfig) -> None:
    """The final candidate (CNN on every tuned capture; regression + CNN linear on B's rows with
    out-of-fold CNN cues) scored once on the held-out sets, beside the shipped regression."""
    from airocr.engine.thaiid.idcard_type import load_idcard_type_model

    caps = load_captures(TUNED_SETS)
    pool = patch_pool(caps, cfg)
    oof = np.load(OUT / f"oof-{cfg.key}.npy")
    feats = with_cnn(cues(caps), oof)
    model = fit([(c.kind, f) for c, f in zip(caps, feats, strict=True)], FEATURES + CNN_CUES, L2, pairwise=True,
                groups=[GROUP[c.source] for c in caps], linear_only=3)
    base = fit([(c.kind, f) for c, f in zip(caps, feats, strict=True)], FEATURES, L2, pairwise=True,
               groups=[GROUP[c.source] for c in caps])
    net = train(pool, caps, list(range(len(caps))), cfg, seed=99)
    shipped = load_idcard_type_model()
    for name, source in HELDOUT_SETS:
        hc = load_captures(((name, source),))
        lg = capture_logits(net, patch_pool(hc, cfg, seed=1), cfg.highpass)
        hf = with_cnn(cues(hc), lg)
        for label, preds in (("shipped", [shipped.classify(f) for f in hf]),
                             ("CNN alone", [IDCARD_TYPES[int(j)] for j in lg.argmax(1)]),
                             ("regression, same rows, no CNN", [base.classify(f) for f in hf]),
                             ("regression + CNN", [model.classify(f) for f in hf])):
            print(f"[{name}] {label}\n{confusion(hc, preds, (source,))}", flush=True)
    real_dev(net, model, cfg)
