"""Font-family classification of text-line crops (``detect_font``).

The model (``models/font_cls.onnx``, trained by ``scripts/training/train_font_classifier.py``) sees
fixed windows of 32 × 128 grayscale pixels. A line crop is normalised to height 32 (dark
text on white, contrast stretched), cut into at most :data:`MAX_WINDOWS` (6) evenly spaced
windows (short lines are centred on white), and the windows' softmax probabilities are
averaged per line. All windows of all crops of a request go through the session in a few
fixed-shape batches. Class names are font family names as fontconfig reports them
(``fc-list : family``), e.g. ``"Noto Sans CJK SC"`` or ``"Liberation Serif"``.

A line never gets a family of the wrong script: given the recognised text, a line with Chinese
(or other CJK) characters is classified among the CJK families only and any other line with
letters or digits among the Latin families only (the manifest's ``fonts[].script``); the window
probabilities are renormalised over those classes before averaging.
"""

from __future__ import annotations

import re
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
CJK_TEXT = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]")
LATIN_TEXT = re.compile(r"[0-9A-Za-z\u00c0-\u024f]")
CJK, LATIN = "cjk", "latin"


def text_script(text: str) -> str | None:
    """``"cjk"`` when the text has a CJK character, ``"latin"`` when it has Latin letters or digits, else None."""
    if CJK_TEXT.search(text):
        return CJK
    return LATIN if LATIN_TEXT.search(text) else None


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

    def __init__(self, session, classes: Sequence[str], batch_size: int = 64,
                 scripts: Sequence[str] | None = None) -> None:
        self.session = session
        self.classes = list(classes)
        self.batch_size = batch_size
        # scripts[i]: "cjk" or "latin" for class i (None: no restriction by script is possible).
        self.scripts = list(scripts) if scripts is not None else None
        self._input = session.get_inputs()[0].name
        out_classes = session.get_outputs()[0].shape[-1]
        if isinstance(out_classes, int) and out_classes != len(self.classes):
            raise ValueError(f"font model has {out_classes} classes, classes file gives {len(self.classes)}")

    @classmethod
    def from_store(cls, store: ModelStore) -> FontClassifier:
        classes = store.lines(FONT_CLASSES)
        by_family = {f.get("family"): f.get("script") for f in store.entry(FONT_MODEL).meta.get("fonts", [])}
        scripts = [by_family.get(c) for c in classes]
        return cls(store.session(FONT_MODEL), classes,
                   scripts=scripts if all(s in (CJK, LATIN) for s in scripts) else None)

    @classmethod
    def from_model_dir(cls, model_dir: Path | None = None, runtime: RuntimeOptions | None = None) -> FontClassifier:
        """Build from a models folder (default: the installed models) with its own store."""
        return cls.from_store(ModelStore(model_dir, runtime))

    def allowed(self, texts: Sequence[str] | None, n: int) -> np.ndarray:
        """``(n, n_classes)`` bool: the classes of each line's script (all classes when unknown)."""
        mask = np.ones((n, len(self.classes)), dtype=bool)
        if texts is None or self.scripts is None:
            return mask
        for i, text in enumerate(texts):
            script = text_script(text or "")
            if script is not None:
                mask[i] = [s == script for s in self.scripts]
        return mask

    def probabilities(self, crops: Sequence[np.ndarray], texts: Sequence[str] | None = None) -> np.ndarray:
        """``(len(crops), n_classes)`` mean window softmax per crop (rows sum to 1).

        With ``texts`` (the recognised text of each crop) every window's probabilities are
        restricted to the classes of the line's script and renormalised.
        """
        if not crops:
            return np.zeros((0, len(self.classes)), dtype=np.float32)
        wins = [windows(normalize_crop(c)) for c in crops]
        owner = np.repeat(np.arange(len(crops)), [len(w) for w in wins])
        batch = np.concatenate(wins).astype(np.float32)[:, None] / 255.0
        probs = np.concatenate([self.session.run(None, {self._input: batch[i : i + self.batch_size]})[0]
                                for i in range(0, len(batch), self.batch_size)])
        probs = probs * self.allowed(texts, len(crops))[owner]
        probs = probs / np.maximum(probs.sum(axis=1, keepdims=True), 1e-12)
        sums = np.zeros((len(crops), probs.shape[1]), dtype=np.float64)
        np.add.at(sums, owner, probs)
        return (sums / np.bincount(owner, minlength=len(crops))[:, None]).astype(np.float32)

    def top_fonts(self, crops: Sequence[np.ndarray], k: int = 5,
                  texts: Sequence[str] | None = None) -> list[list[tuple[str, float]]]:
        """Per crop, the ``k`` most likely (family name, probability) pairs, sorted descending.

        With ``texts`` only families of the line's script are listed (fewer than ``k`` when the
        script has fewer families).
        """
        probs = self.probabilities(crops, texts)
        allowed = self.allowed(texts, len(crops))
        order = np.argsort(-probs, axis=1, kind="stable")
        return [[(self.classes[j], float(probs[i, j])) for j in order[i] if allowed[i, j]][:k]
                for i in range(len(crops))]
