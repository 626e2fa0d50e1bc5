"""Score an OCR engine's lines (text + quad) against ground-truth lines with ink boxes.

- Detection: one-to-one greedy matching by IoU (highest first) at IoU >= 0.5 → precision, recall,
  hmean; ``median_iou`` is the median over ground-truth lines of the best IoU any returned box has
  with it (0 when none touches it).
- Text, over all ground-truth lines: every returned line goes to the ground-truth line it overlaps
  most, if that overlap is at least half the smaller of the two boxes (so a loose box still
  reads its line; a box over two rows reads only one), the line's readings are joined along the line, and
  ``char_acc`` = sum(max(0, len(truth) - edits)) / sum(len(truth)) (NFKC, whitespace removed),
  so a missed line counts as missed text. ``line_acc`` = share of lines read exactly (same form).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from airocr.engine.geometry import quad_iou
from airocr.engine.thaiid.grammar import edit_distance

IOU_MATCH = 0.5
THAI = re.compile(r"[\u0e00-\u0e7f]")
CJK = re.compile(r"[\u3400-\u9fff]")


def norm(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def script_of(line: str) -> str:
    return "thai" if THAI.search(line) else "cjk" if CJK.search(line) else "latin"


def _area(q: np.ndarray) -> float:
    x, y = q[:, 0], q[:, 1]
    return float(abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1))) / 2)


def _inter(a: np.ndarray, b: np.ndarray) -> float:
    import cv2

    inter, _ = cv2.intersectConvexConvex(a.astype(np.float32), b.astype(np.float32))
    return float(inter)


@dataclass
class Tally:
    """Sums over images for one group of lines."""

    gt: int = 0
    pred: int = 0
    matched: int = 0
    best_iou: list[float] = field(default_factory=list)
    chars: int = 0
    chars_ok: float = 0.0
    lines_ok: int = 0

    def add(self, other: Tally) -> None:
        self.gt += other.gt
        self.pred += other.pred
        self.matched += other.matched
        self.best_iou += other.best_iou
        self.chars += other.chars
        self.chars_ok += other.chars_ok
        self.lines_ok += other.lines_ok

    def summary(self) -> dict[str, float]:
        r = self.matched / max(self.gt, 1)
        p = self.matched / self.pred if self.pred else float("nan")  # nan: returned lines not counted (per script)
        return {"lines": self.gt, "precision": p, "recall": r, "hmean": 2 * p * r / max(p + r, 1e-9),
                "median_iou": float(np.median(self.best_iou)) if self.best_iou else 0.0,
                "char_acc": self.chars_ok / max(self.chars, 1), "line_acc": self.lines_ok / max(self.gt, 1)}


def score_image(gt_lines: list[str], gt_quads: np.ndarray, pred: list[tuple[str, np.ndarray]],
                by_script: bool = False) -> dict[str, Tally]:
    """Tallies for one image: key ``all`` (and ``thai``/``cjk``/``latin`` per truth line's script)."""
    gq = np.asarray(gt_quads, np.float64).reshape(-1, 4, 2)
    pq = np.asarray([q for _, q in pred], np.float64).reshape(-1, 4, 2)
    n, m = len(gq), len(pq)
    iou = np.zeros((n, m))
    inter = np.zeros((n, m))
    share = np.zeros((n, m))  # intersection / the smaller area
    if n and m:
        gl, gr = gq[:, :, 0].min(1), gq[:, :, 0].max(1)
        gt_, gb = gq[:, :, 1].min(1), gq[:, :, 1].max(1)
        pl, pr = pq[:, :, 0].min(1), pq[:, :, 0].max(1)
        pt, pb = pq[:, :, 1].min(1), pq[:, :, 1].max(1)
        touch = ((np.minimum(gr[:, None], pr[None]) > np.maximum(gl[:, None], pl[None]))
                 & (np.minimum(gb[:, None], pb[None]) > np.maximum(gt_[:, None], pt[None])))
        parea = np.array([_area(q) for q in pq])
        garea = np.array([_area(q) for q in gq])
        for i, j in zip(*np.nonzero(touch), strict=True):
            iou[i, j] = quad_iou(gq[i], pq[j])
            inter[i, j] = _inter(gq[i], pq[j])
            share[i, j] = inter[i, j] / max(min(parea[j], garea[i]), 1e-9)
    # one-to-one detection matches
    matched_gt = np.zeros(n, bool)
    matched_pred = np.zeros(m, bool)
    for flat in np.argsort(-iou, axis=None):
        i, j = divmod(int(flat), m) if m else (0, 0)
        if not m or iou[i, j] < IOU_MATCH:
            break
        if not matched_gt[i] and not matched_pred[j]:
            matched_gt[i] = matched_pred[j] = True
    # text: each prediction to the truth line holding most of it
    owner = inter.argmax(0) if n else np.zeros(m, int)
    readings: dict[int, list[tuple[float, str]]] = defaultdict(list)
    for j in range(m):
        if n and share[owner[j], j] >= 0.5:
            i = int(owner[j])
            d = gq[i, 1] - gq[i, 0]
            readings[i].append((float(np.dot(pq[j].mean(0), d)), pred[j][0]))
    out: dict[str, Tally] = defaultdict(Tally)
    for i in range(n):
        truth = norm(gt_lines[i])
        got = norm("".join(t for _, t in sorted(readings.get(i, []))))
        ok = max(0, len(truth) - edit_distance(got, truth))
        keys = ["all"] + ([script_of(gt_lines[i])] if by_script else [])
        for k in keys:
            t = out[k]
            t.gt += 1
            t.matched += int(matched_gt[i])
            t.best_iou.append(float(iou[i].max()) if m else 0.0)
            t.chars += len(truth)
            t.chars_ok += ok
            t.lines_ok += int(got == truth)
    out["all"].pred += m
    return out
