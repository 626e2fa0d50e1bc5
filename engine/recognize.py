"""Batched CTC text-line recognition (PP-OCR rec models and our own Thai model).

Lines are sorted by aspect ratio and batched so that each batch pads to a similar
width (width buckets); the model's softmax output is greedily CTC-decoded.
"""

from __future__ import annotations

import copy
import itertools
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

import cv2
import numpy as np

_Decoded = TypeVar("_Decoded")


@dataclass(frozen=True)
class RecognizerConfig:
    height: int = 48
    batch_size: int = 16
    max_width: int = 3200  # longer lines are squeezed to this width
    min_width: int = 16
    bgr_input: bool = True  # PP-OCR models were trained on BGR
    bucket_ratio: float = 1.2  # widest/narrowest line allowed in one batch (less padding: docs/performance.md)
    insert_spaces: bool = True  # add spaces at wide CTC gaps between Latin words
    # Horizontal scale of every line on top of the height resize: > 1 gives each glyph more CTC time
    # steps. 1.0 in the engine; scripts/training/eval_recognizer.py --stretch measures other values
    # (docs/experiments/thai_rec_m5.md: better on held-out lines, not on the ID cards).
    stretch: float = 1.0


@dataclass(frozen=True)
class LineText:
    """A recognised line: text and its mean character confidence in [0, 1]."""

    text: str
    confidence: float
    relative_logp: float = 0.0  # an n-best variant's log-probability relative to the greedy reading (<= 0)
    # each non-space character's probability, in order (greedy readings only; empty otherwise)
    char_probs: tuple[float, ...] = field(default=(), compare=False, repr=False)

    def char_prob(self, at: int) -> float | None:
        """The probability of the character at index ``at`` of :attr:`text` (None for a space or when
        the per-character probabilities are not known)."""
        if not self.char_probs or not 0 <= at < len(self.text) or self.text[at].isspace():
            return None
        k = sum(not c.isspace() for c in self.text[:at])
        return self.char_probs[k] if k < len(self.char_probs) else None


class CTCRecognizer:
    """Runs a CTC recognizer session on line crops (upright, BGR ``uint8``)."""

    def __init__(self, session, charset: Sequence[str], config: RecognizerConfig | None = None,
                 space_class: bool = True) -> None:
        self.session = session
        self.config = config or RecognizerConfig()
        self._input = session.get_inputs()[0].name
        # Class 0 is the CTC blank; PP-OCR appends a space class after the dictionary.
        self.labels = np.array(["", *charset, *([" "] if space_class else [])], dtype=object)
        out_classes = session.get_outputs()[0].shape[-1]
        if isinstance(out_classes, int) and out_classes != len(self.labels):
            raise ValueError(f"model has {out_classes} classes, dictionary gives {len(self.labels)}")
        self._is_latin = np.array([_latin_word_char(c) for c in self.labels], dtype=bool)
        self._all_labels, self._all_is_latin = self.labels, self._is_latin  # the model's classes
        self._class_keep: np.ndarray | None = None  # the model's classes that may be output, see restricted()

    def with_config(self, **changes) -> CTCRecognizer:
        """The same session and dictionary with some settings changed."""
        r = copy.copy(self)
        r.config = replace(self.config, **changes)
        return r

    def restricted(self, allow: Callable[[str], bool]) -> CTCRecognizer:
        """The same session decoding only the characters ``allow`` accepts (plus blank and space).

        For fields with a known alphabet (Latin names, digits and codes on an ID card): a crop that a
        large-charset model half-reads as CJK then decodes to the nearest Latin reading instead.
        """
        r = copy.copy(self)
        # The other classes are dropped from each line's probabilities (a gather of the ~100 kept
        # columns of PP-OCR's 18,710) rather than zeroed: the same readings and confidences, decoded
        # over the kept classes only.
        keep = np.flatnonzero([i == 0 or c == " " or allow(c) for i, c in enumerate(self._all_labels)])
        r._class_keep, r.labels, r._is_latin = keep, self._all_labels[keep], self._all_is_latin[keep]
        return r

    def __call__(self, crops: Sequence[np.ndarray]) -> list[LineText]:
        return self.recognize(crops)

    def recognize(self, crops: Sequence[np.ndarray]) -> list[LineText]:
        return self._decode_each(crops, self._decode)

    def recognize_with(self, crops: Sequence[np.ndarray], decode: Callable[[np.ndarray], LineText]) -> list[LineText]:
        """Each crop's (T, classes) probabilities decoded by ``decode`` (a decoder of another stage's,
        e.g. :meth:`engine.thai_lexicon.ThaiLexicon.decode`), batched as :meth:`recognize` batches."""
        return self._decode_each(crops, decode)

    def recognize_nbest(self, crops: Sequence[np.ndarray], n: int = 8, min_ratio: float = 0.02,
                        max_uncertain: int = 4, rivals: int = 1,
                        max_changes: int | None = None, indels: bool = False) -> list[list[LineText]]:
        """Up to ``n`` readings per line, the greedy one first, then the likeliest variants.

        A variant swaps characters for a rival class at the character's peak time step: one of the
        ``rivals`` runners-up that has at least ``min_ratio`` of the winner's probability. The
        ``max_uncertain`` likeliest such swaps are combined, at most ``max_changes`` of them (default:
        any number) and one per character, and ranked by their summed log-probability ratio. With
        ``indels`` a character may also be dropped (the blank as its rival) or inserted into a gap
        (see :meth:`_insertions`). For fields another reading can check (a Thai name against its
        Latin spelling on the same card).
        """
        return self._decode_each(
            crops, lambda p: self.decode_nbest(p, n, min_ratio, max_uncertain, rivals, max_changes, indels))

    def _decode_each(self, crops: Sequence[np.ndarray], decode: Callable[[np.ndarray], _Decoded]) -> list[_Decoded]:
        """``decode`` applied to each line's probabilities as soon as its batch is run: only one batch's
        (lines x time steps x classes) array is alive at a time, however many lines the page has."""
        out: list[_Decoded | None] = [None] * len(crops)
        for batch, probs in self._batch_probs(crops):
            for row, idx in enumerate(batch):
                out[idx] = decode(self._masked(probs[row]))
        return out  # type: ignore[return-value]  # every index is in exactly one batch

    def line_probs(self, crops: Sequence[np.ndarray]) -> list[np.ndarray]:
        """The model's per-time-step class probabilities (T, classes) for each crop, batched by width."""
        results: list[np.ndarray] = [np.zeros((0, len(self.labels)), np.float32)] * len(crops)
        for batch, probs in self._batch_probs(crops):
            for row, idx in enumerate(batch):
                results[idx] = self._masked(probs[row])
        return results

    def _batch_probs(self, crops: Sequence[np.ndarray]) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Each width batch's line indices and the model's (lines, T, classes) output, one at a time."""
        if not crops:
            return
        h, stretch = self.config.height, self.config.stretch
        ratios = np.array([c.shape[1] / max(c.shape[0], 1) for c in crops], dtype=np.float64) * stretch
        order = np.argsort(ratios, kind="stable")
        for batch in _width_buckets(ratios[order], order, self.config):
            max_ratio = max(float(ratios[batch].max()), self.config.min_width / h)
            width = int(min(self.config.max_width, math.ceil(h * max_ratio / 8) * 8))
            tensor = np.zeros((len(batch), 3, h, width), dtype=np.float32)
            for row, idx in enumerate(batch):
                line = _resize_line(crops[idx], h, width, self.config.bgr_input, stretch)
                tensor[row, :, :, : line.shape[2]] = line
            probs = self.session.run(None, {self._input: tensor})[0]
            del tensor
            yield batch, probs

    def _masked(self, probs: np.ndarray) -> np.ndarray:
        return probs[:, self._class_keep] if self._class_keep is not None else probs

    def decode(self, probs: np.ndarray) -> LineText:
        """The greedy reading of one line's :meth:`line_probs` (what :meth:`recognize` gives)."""
        return self._decode(probs)

    def _decode(self, probs: np.ndarray) -> LineText:
        best = probs.argmax(axis=1)
        best_p = probs[np.arange(probs.shape[0]), best]
        keep = best != 0
        keep[1:] &= best[1:] != best[:-1]
        idx = np.flatnonzero(keep)
        if idx.size == 0:
            return LineText("", 0.0)
        return self._assemble(best[idx], idx, best_p[idx])

    def assemble(self, cls: np.ndarray, pos: np.ndarray, p: np.ndarray) -> LineText:
        """The line of emitted classes ``cls`` at time steps ``pos`` with probabilities ``p``, as the
        greedy decoding writes it (spaces, confidence, per-character probabilities)."""
        return self._assemble(cls, pos, p)

    def _assemble(self, cls: np.ndarray, pos: np.ndarray, p: np.ndarray) -> LineText:
        chars = list(self.labels[cls])
        conf = float(np.clip(p.mean(), 0.0, 1.0))
        probs = tuple(float(x) for c, x in zip(chars, p, strict=True) if not c.isspace())
        if self.config.insert_spaces and pos.size > 2:
            chars = self._spaces_at_gaps(chars, pos, cls)
        text = "".join(chars).strip()
        text = " ".join(text.split()) if "  " in text else text
        return LineText(text, conf, char_probs=probs)

    def decode_nbest(self, probs: np.ndarray, n: int = 8, min_ratio: float = 0.02, max_uncertain: int = 4,
                     rivals: int = 1, max_changes: int | None = None, indels: bool = False) -> list[LineText]:
        """The n-best readings of one line's :meth:`line_probs` (see :meth:`recognize_nbest`)."""
        best = probs.argmax(axis=1)
        best_p = probs[np.arange(probs.shape[0]), best]
        starts = np.flatnonzero((best != 0) & np.r_[True, best[1:] != best[:-1]])
        if starts.size == 0:
            return [LineText("", 0.0)]
        # each emitted character's run of time steps, and its peak step
        ends = np.r_[starts[1:], best.size]
        run_end = np.array([s + int(np.argmax(best[s:e] != best[s])) if (best[s:e] != best[s]).any() else e
                            for s, e in zip(starts, ends, strict=True)])
        peak = np.array([s + int(np.argmax(best_p[s:e])) for s, e in zip(starts, run_end, strict=True)])
        cls, p = best[peak], best_p[peak]
        rival = probs[peak].copy()
        rival[np.arange(peak.size), cls] = 0.0
        if not indels:
            rival[:, 0] = 0.0  # the blank as a rival drops the character
        # candidate edits (slot, time step, class, log-probability ratio to the winner); a slot is an
        # emitted character's index, or -1 - k for an insertion into the k-th run of blank steps
        alt = _top_k(rival, rivals)
        ratio = np.take_along_axis(rival, alt, axis=1) / np.maximum(p, 1e-9)[:, None]
        edits = [(int(i), int(starts[i]), int(alt[i, k]), float(np.log(ratio[i, k] + 1e-12)))
                 for i, k in zip(*np.nonzero(ratio >= min_ratio), strict=True)]
        if indels:
            edits += self._insertions(probs, best == 0, min_ratio, rivals)
        edits.sort(key=lambda e: -e[3])
        edits = edits[:max_uncertain]
        combos: list[tuple[float, tuple[int, ...]]] = []
        for size in range(1, min(len(edits), max_changes or len(edits)) + 1):
            for c in itertools.combinations(range(len(edits)), size):
                if len({edits[i][0] for i in c}) == size:  # one edit per character or gap
                    combos.append((sum(edits[i][3] for i in c), c))
        combos.sort(key=lambda x: -x[0])
        out = [self._decode(probs)]  # the greedy reading, exactly as recognize() gives it
        for score, c in combos[: max(n - 1, 0)]:
            chars, pos, q = cls.copy(), starts.copy(), best_p[starts]
            added = []
            for i in c:
                slot, at, to, logr = edits[i]
                if slot >= 0:
                    chars[slot], q[slot] = to, q[slot] * math.exp(logr)
                else:
                    added.append((at, to, float(probs[at, to])))
            if added:
                at, to, pa = (np.array(x) for x in zip(*added, strict=True))
                pos, chars, q = np.r_[pos, at], np.r_[chars, to], np.r_[q, pa]
                order = np.argsort(pos, kind="stable")
                pos, chars, q = pos[order], chars[order], q[order]
            keep = chars != 0
            if not keep.any():
                continue
            t = self._assemble(chars[keep], pos[keep], q[keep])
            out.append(LineText(t.text, t.confidence, score))
        return out

    @staticmethod
    def _insertions(probs: np.ndarray, blank: np.ndarray, min_ratio: float,
                    rivals: int) -> list[tuple[int, int, int, float]]:
        """Insertion edits: in each run of blank time steps, the step where a character is likeliest,
        and its ``rivals`` likeliest characters with at least ``min_ratio`` of the blank's
        probability (a thin letter such as ``i`` that blur has washed below the blank)."""
        edges = np.flatnonzero(np.diff(np.r_[0, blank.astype(np.int8), 0]))
        out: list[tuple[int, int, int, float]] = []
        for k, (a, b) in enumerate(zip(edges[::2], edges[1::2], strict=True)):
            chars = probs[a:b, 1:]
            at = a + int(chars.max(axis=1).argmax())
            row = probs[at, 1:]
            for c in _top_k(row[None], rivals)[0]:
                r = float(row[c] / max(float(probs[at, 0]), 1e-9))
                if r >= min_ratio:
                    out.append((-1 - k, at, int(c) + 1, float(np.log(r + 1e-12))))
        return out

    def _spaces_at_gaps(self, chars: list[str], pos: np.ndarray, cls: np.ndarray) -> list[str]:
        """Insert a space where two Latin word characters sit unusually far apart.

        PP-OCR models often drop the space class between English words
        (``FROM:BluebirdBooks``); the CTC time steps still show the gap.
        """
        latin = self._is_latin[cls]
        gaps = np.diff(pos).astype(np.float64)
        pair = latin[:-1] & latin[1:]
        if pair.sum() < 2:
            return chars
        typical = float(np.median(gaps[pair]))
        wide = pair & (gaps >= max(2.0 * typical, typical + 2.5))
        # A colon or comma followed by a letter also starts a word.
        punct = np.array([c in ":;,)" for c in chars[:-1]]) & latin[1:] & (gaps >= typical + 1.5)
        insert = np.flatnonzero(wide | punct)
        if insert.size == 0:
            return chars
        out = list(chars)
        for i in insert[::-1]:
            if out[i] != " " and out[i + 1] != " ":
                out.insert(i + 1, " ")
        return out


def _top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """The indices of each row's ``k`` largest scores, largest first: ``k`` argmax passes, faster
    than a sort or partition of a PP-OCR row's ~18,000 classes for the few rivals wanted."""
    rows = np.arange(scores.shape[0])
    work, top = scores.copy(), []
    for _ in range(min(k, scores.shape[1])):
        top.append(work.argmax(axis=1))
        work[rows, top[-1]] = -np.inf
    return np.stack(top, axis=1)


def _latin_word_char(c: str) -> bool:
    return len(c) == 1 and (c.isascii() and c.isalnum())


def _width_buckets(sorted_ratios: np.ndarray, order: np.ndarray, cfg: RecognizerConfig):
    """Split lines (already sorted by ratio) into batches of similar width."""
    start = 0
    n = len(order)
    while start < n:
        end = start + 1
        while (end < n and end - start < cfg.batch_size
               and sorted_ratios[end] <= max(sorted_ratios[start], 1.0) * cfg.bucket_ratio):
            end += 1
        yield order[start:end]
        start = end


def _resize_line(crop: np.ndarray, height: int, max_width: int, bgr: bool, stretch: float = 1.0) -> np.ndarray:
    h, w = crop.shape[:2]
    new_w = int(min(max_width, max(1, math.ceil(height * w * stretch / max(h, 1)))))
    interp = cv2.INTER_AREA if h > height else cv2.INTER_CUBIC
    img = cv2.resize(crop, (new_w, height), interpolation=interp)
    if img.ndim == 2:
        img = cv2.cvtColor(img, cv2.COLOR_GRAY2BGR)
    if not bgr:
        img = img[:, :, ::-1]
    return ((img.astype(np.float32) / 255.0 - 0.5) / 0.5).transpose(2, 0, 1)


class LineOrientation:
    """PP-OCR text-line 0°/180° classifier."""

    def __init__(self, session, height: int = 48, width: int = 192, batch_size: int = 32) -> None:
        self.session = session
        self.height, self.width, self.batch_size = height, width, batch_size
        self._input = session.get_inputs()[0].name

    def prob_upside_down(self, crops: Sequence[np.ndarray]) -> np.ndarray:
        """Probability that each crop is rotated by 180°."""
        out = np.zeros(len(crops), dtype=np.float64)
        for start in range(0, len(crops), self.batch_size):
            chunk = crops[start : start + self.batch_size]
            tensor = np.zeros((len(chunk), 3, self.height, self.width), dtype=np.float32)
            for row, crop in enumerate(chunk):
                line = _resize_line(crop, self.height, self.width, True)
                tensor[row, :, :, : line.shape[2]] = line
            probs = self.session.run(None, {self._input: tensor})[0]
            out[start : start + len(chunk)] = probs[:, 1]
        return out
