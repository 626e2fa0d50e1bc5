"""Font-family classification of text-line crops (``detect_font``).

The model (``models/font_cls.onnx``, trained by ``scripts/training/train_font_classifier.py``) sees
fixed windows of 32 × 128 grayscale pixels. A line crop is normalised to height 32 (dark
text on white, contrast stretched), cut into at most :data:`MAX_WINDOWS` (6) evenly spaced
windows (short lines are centred on white), and the windows' softmax probabilities are
averaged per line. All windows of all crops of a request go through the session in a few
fixed-shape batches. Class names are font family names as fontconfig reports them
(``fc-list : family``), e.g. ``"Noto Sans CJK SC"`` or ``"Liberation Serif"``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import cv2
import numpy as np

from airocr.engine.models import ModelStore, RuntimeOptions

FONT_MODEL = "font_cls"
FONT_CLASSES = "font_cls_classes"
HEIGHT = 32
WINDOW = 128
MAX_WINDOWS = 6
MAX_WIDTH = 1024  # normalised crops wider than this are squeezed


def normalize_crop(crop: np.ndarray) -> np.ndarray:
    """BGR/gray crop → ``uint8`` gray of height :data:`HEIGHT`, dark text on a white background.

    Polarity comes from the crop's border (mostly background in detector crops): light
    text on a dark background is inverted. Contrast is stretched between the 2nd and
    98th percentiles so that text colour and background colour do not matter.
    """
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    h, w = gray.shape[:2]
    new_w = int(min(MAX_WIDTH, max(8, round(HEIGHT * w / max(h, 1)))))
    interp = cv2.INTER_AREA if h > HEIGHT else cv2.INTER_LINEAR
    g = cv2.resize(gray, (new_w, HEIGHT), interpolation=interp).astype(np.float32)
    border = np.concatenate([g[0], g[-1], g[:, 0], g[:, -1]])
    if np.median(border) < g.mean():
        g = 255.0 - g
    lo, hi = np.percentile(g, (2.0, 98.0))
    g = (g - lo) * (255.0 / max(hi - lo, 16.0))
    return np.clip(g, 0, 255).astype(np.uint8)


def window_starts(width: int, max_windows: int = MAX_WINDOWS) -> np.ndarray:
    """Left edges of the evenly spaced windows over a normalised line of ``width`` pixels."""
    if width <= WINDOW:
        return np.zeros(1, dtype=np.int64)
    n = min(max_windows, int(np.ceil(width / WINDOW)))
    return np.round(np.linspace(0, width - WINDOW, n)).astype(np.int64)


def windows(norm: np.ndarray, max_windows: int = MAX_WINDOWS) -> np.ndarray:
    """``(n, HEIGHT, WINDOW)`` uint8 windows of a normalised line (short lines centred on white)."""
    w = norm.shape[1]
    if w <= WINDOW:
        out = np.full((1, HEIGHT, WINDOW), 255, dtype=np.uint8)
        x = (WINDOW - w) // 2
        out[0, :, x : x + w] = norm
        return out
    starts = window_starts(w, max_windows)
    idx = starts[:, None] + np.arange(WINDOW)[None, :]
    return np.ascontiguousarray(norm[:, idx].transpose(1, 0, 2))


class FontClassifier:
    """Top-k font families per line crop; one ONNX session created at load time."""

    def __init__(self, session, classes: Sequence[str], batch_size: int = 64) -> None:
        self.session = session
        self.classes = list(classes)
        self.batch_size = batch_size
        self._input = session.get_inputs()[0].name
        out_classes = session.get_outputs()[0].shape[-1]
        if isinstance(out_classes, int) and out_classes != len(self.classes):
            raise ValueError(f"font model has {out_classes} classes, classes file gives {len(self.classes)}")

    @classmethod
    def from_store(cls, store: ModelStore) -> FontClassifier:
        return cls(store.session(FONT_MODEL), store.lines(FONT_CLASSES))

    @classmethod
    def from_model_dir(cls, model_dir: Path | None = None, runtime: RuntimeOptions | None = None) -> FontClassifier:
        """Build from a models folder (default: the installed models) with its own store."""
        return cls.from_store(ModelStore(model_dir, runtime))

    def probabilities(self, crops: Sequence[np.ndarray]) -> np.ndarray:
        """``(len(crops), n_classes)`` mean window softmax per crop (rows sum to 1)."""
        if not crops:
            return np.zeros((0, len(self.classes)), dtype=np.float32)
        wins = [windows(normalize_crop(c)) for c in crops]
        owner = np.repeat(np.arange(len(crops)), [len(w) for w in wins])
        batch = np.concatenate(wins).astype(np.float32)[:, None] / 255.0
        probs = np.concatenate([self.session.run(None, {self._input: batch[i : i + self.batch_size]})[0]
                                for i in range(0, len(batch), self.batch_size)])
        sums = np.zeros((len(crops), probs.shape[1]), dtype=np.float64)
        np.add.at(sums, owner, probs)
        return (sums / np.bincount(owner, minlength=len(crops))[:, None]).astype(np.float32)

    def top_fonts(self, crops: Sequence[np.ndarray], k: int = 5) -> list[list[tuple[str, float]]]:
        """Per crop, the ``k`` most likely (family name, probability) pairs, sorted descending."""
        probs = self.probabilities(crops)
        k = min(k, len(self.classes))
        order = np.argsort(-probs, axis=1, kind="stable")[:, :k]
        return [[(self.classes[j], float(probs[i, j])) for j in order[i]] for i in range(len(crops))]
