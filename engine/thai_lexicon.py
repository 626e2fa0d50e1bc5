"""Thai words for Web Image's Thai lines: among the Thai recognizer's own runner-up letters, the
reading that makes common Thai words.

In small web text the Thai recognizer confuses look-alike letters (``ด``/``ต``, ``ค``/``ต``/``ท``,
``ข``/``ช``) and loses or adds small marks: ``ลดราคา`` comes back ``ลตราดา``, ``รีวิว`` ``รวิว``, with the
right letters as close runners-up (a lost mark as the likeliest letter in the gap). A line's greedy
reading is one path through those alternatives; :class:`ThaiLexicon` picks the path whose
letters score best under the recognizer (each runner-up costs its log-probability ratio to the
winner) plus ``lm_weight`` times a word unigram model (the Thai National Corpus's word
frequencies, ``models/th_words.tsv.gz``, built by ``scripts/data/build_th_words.py``; a letter in no
listed word costs ``unknown_logp``). Only letters the recognizer itself offers are ever changed, only
Thai for Thai, and only where the runner-up has ``min_ratio`` of the winner's probability: a
confident reading is never turned into a listed word. Names and other open words (ID card fields)
do not go through it. Evidence for the numbers: docs/tuning/thai_lines.md.
"""

from __future__ import annotations

import copy
import gzip
import math
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from airocr.engine.recognize import CTCRecognizer, LineText

THAI_WORDS_MODEL = "th_words"  # manifest name of the word frequency list


@dataclass(frozen=True)
class LexiconConfig:
    min_ratio: float = 0.05  # a runner-up letter is an alternative with this share of the winner's probability
    rivals: int = 2  # runners-up looked at per letter
    lm_weight: float = 0.5  # weight of the word model's log-probability against the recognizer's
    unknown_logp: float = -12.0  # word-model log-probability of a letter in no listed word
    min_mark_ratio: float = 0.3  # a small mark dropped, or put into a gap: this share of the winner or blank
    max_word: int = 24  # longest listed word looked for (letters and marks)
    min_gain: float = 1.0  # a run's letters change only when this much better


# Marks above and below a letter: what small text loses, or gains from a speck.
SMALL_MARKS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c")


@dataclass(frozen=True)
class _Alt:
    """One alternative of a slot: its character ("" for none), log-ratio to the slot's winner, class,
    time step and probability."""

    char: str
    logr: float
    cls: int
    step: int
    p: float


def _is_thai(ch: str) -> bool:
    return len(ch) == 1 and "\u0e01" <= ch <= "\u0e4e"


class ThaiLexicon:
    """Listed Thai words with their log-probabilities; create once (:meth:`from_file`)."""

    def __init__(self, counts: dict[str, int], config: LexiconConfig | None = None) -> None:
        self.config = config or LexiconConfig()
        total = float(sum(counts.values())) or 1.0
        self.logp = {w: math.log(n / total) for w, n in counts.items()}
        self.words = sorted(counts)
        self._marks: tuple[np.ndarray, np.ndarray] | None = None  # a recognizer's labels and their mark classes

    def with_config(self, config: LexiconConfig) -> ThaiLexicon:
        """The same words with other settings (for sweeps)."""
        other = copy.copy(self)
        other.config = config
        return other

    @classmethod
    def from_file(cls, path: Path, config: LexiconConfig | None = None) -> ThaiLexicon:
        """``word<TAB>count`` lines, gzipped."""
        counts: dict[str, int] = {}
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                word, _, n = line.rstrip("\n").partition("\t")
                if word and n.isdigit():
                    counts[word] = int(n)
        return cls(counts, config)

    def _is_prefix(self, s: str) -> bool:
        k = bisect_left(self.words, s)
        return k < len(self.words) and self.words[k].startswith(s)

    def choose(self, slots: Sequence[Sequence[tuple[str, float]]]) -> list[int]:
        """For each slot (a letter's alternatives: (character, recognizer log-ratio to the winner), the
        winner first with 0.0; ``""`` for no letter: a mark the recognizer may have added, or one it
        may have lost in a gap, whose slot's winner is ``""``), the index of the alternative on the
        best path (see the module docstring). Slots whose winner is not Thai separate words and keep it."""
        choice = [0] * len(slots)
        start = 0
        for i in range(len(slots) + 1):
            if i == len(slots) or (slots[i][0][0] and not _is_thai(slots[i][0][0])):
                if i > start:
                    choice[start:i] = self._run_choice(slots[start:i])
                start = i + 1
        return choice

    def _run_choice(self, run: Sequence[Sequence[tuple[str, float]]]) -> list[int]:
        """The best path through a run of Thai slots, kept only when it scores ``min_gain`` above the
        winners' own best path: a slightly more frequent word is no reason to change a letter."""
        picks, score = self._choose_run(run)
        if any(picks) and score < self._choose_run([alts[:1] for alts in run])[1] + self.config.min_gain:
            return [0] * len(run)
        return picks

    def _choose_run(self, slots: Sequence[Sequence[tuple[str, float]]]) -> tuple[list[int], float]:
        """The best path through one run of Thai slots and its score: a dynamic programme over the
        slot positions, each step a listed word (its letters among the slots' alternatives) or one
        winner letter (free when the winner is no letter)."""
        cfg, n = self.config, len(slots)
        best = [-math.inf] * (n + 1)
        back: list[tuple[int, tuple[int, ...]]] = [(0, ())] * (n + 1)
        best[0] = 0.0
        for i in range(n):
            if best[i] == -math.inf:
                continue
            step = best[i] + (cfg.lm_weight * cfg.unknown_logp if slots[i][0][0] else 0.0)
            if step > best[i + 1]:
                best[i + 1], back[i + 1] = step, (i, (0,))
            stack: list[tuple[int, str, float, tuple[int, ...]]] = [(i, "", 0.0, ())]
            while stack:
                j, prefix, cost, picks = stack.pop()
                if j >= n or j - i >= cfg.max_word:
                    continue
                for k, (ch, logr) in enumerate(slots[j]):
                    word = prefix + ch
                    if not self._is_prefix(word):
                        continue
                    c, p = cost + logr, (*picks, k)
                    lp = self.logp.get(word)
                    if lp is not None:
                        score = best[i] + c + cfg.lm_weight * lp
                        if score > best[j + 1]:
                            best[j + 1], back[j + 1] = score, (i, p)
                    stack.append((j + 1, word, c, p))
        out: list[int] = []
        at = n
        while at > 0:
            prev, picks = back[at]
            out[:0] = picks
            at = prev
        return out, best[n]

    def decode(self, recognizer: CTCRecognizer, probs: np.ndarray) -> LineText:
        """One line's reading from its (T, classes) probabilities: the greedy reading with letters
        swapped for their runners-up, small marks dropped or put into gaps, where the words say so."""
        best = probs.argmax(axis=1)
        best_p = probs[np.arange(probs.shape[0]), best]
        starts = np.flatnonzero((best != 0) & np.r_[True, best[1:] != best[:-1]])
        if starts.size == 0:
            return recognizer.decode(probs)
        alts = self._alternatives(recognizer.labels, probs, best, best_p, starts)
        picks = self.choose([[(a.char, a.logr) for a in slot] for slot in alts])
        if not any(picks):
            return recognizer.decode(probs)
        chosen = [slot[k] for slot, k in zip(alts, picks, strict=True) if slot[k].cls != 0]
        line = recognizer.assemble(np.array([a.cls for a in chosen], dtype=np.int64),
                                   np.array([a.step for a in chosen], dtype=np.int64),
                                   np.array([a.p for a in chosen]))
        # the line's confidence stays the recognizer's own (what the Thai step's gates were set on)
        return LineText(line.text, recognizer.decode(probs).confidence, char_probs=line.char_probs)

    def _alternatives(self, labels: np.ndarray, probs: np.ndarray, best: np.ndarray, best_p: np.ndarray,
                      starts: np.ndarray) -> list[list[_Alt]]:
        """The slots of one line: each emitted character with its runners-up (a small mark also with
        no letter, the blank as its rival), and between two Thai letters a gap of blank steps with
        the small mark likeliest there (no letter first)."""
        cfg = self.config
        ends = np.r_[starts[1:], best.size]
        slots: list[list[_Alt]] = []
        for s, e in zip(starts, ends, strict=True):
            win = int(best[s])
            run = best[s:e] == win
            t = s + int(np.argmax(np.where(run, best_p[s:e], -1.0)))
            char = str(labels[win])
            slot = [_Alt(char, 0.0, win, int(s), float(best_p[s]))]
            if _is_thai(char):
                row = probs[t].copy()
                row[win] = 0.0
                if char not in SMALL_MARKS:
                    row[0] = 0.0
                for r in np.argsort(row)[::-1][: cfg.rivals]:
                    ratio = float(row[r] / max(float(best_p[t]), 1e-9))
                    alt = str(labels[r]) if r else ""
                    if ratio >= (cfg.min_mark_ratio if r == 0 else cfg.min_ratio) and (r == 0 or _is_thai(alt)):
                        slot.append(_Alt(alt, math.log(ratio), int(r), int(s), float(best_p[s]) * ratio))
            slots.append(slot)
            blank = np.flatnonzero(best[s:e] == 0) + s
            mark_classes = self._mark_classes(labels)
            if blank.size and mark_classes.size and _is_thai(char) and e < best.size and _is_thai(str(labels[best[e]])):
                marks = probs[blank][:, mark_classes]
                at, m = np.unravel_index(int(np.argmax(marks)), marks.shape)
                cls = int(mark_classes[m])
                ratio = float(marks[at, m] / max(float(probs[blank[at], 0]), 1e-9))
                if ratio >= cfg.min_mark_ratio:
                    slots.append([_Alt("", 0.0, 0, int(blank[at]), 0.0),
                                  _Alt(str(labels[cls]), math.log(ratio), cls, int(blank[at]), float(marks[at, m]))])
        return slots

    def _mark_classes(self, labels: np.ndarray) -> np.ndarray:
        if self._marks is None or self._marks[0] is not labels:
            self._marks = (labels, np.array([i for i, c in enumerate(labels) if c in SMALL_MARKS], dtype=np.int64))
        return self._marks[1]

    def recognize(self, recognizer: CTCRecognizer, crops: Sequence[np.ndarray]) -> list[LineText]:
        """:meth:`decode` of each crop, batched as ``recognizer`` batches."""
        return recognizer.recognize_with(crops, lambda probs: self.decode(recognizer, probs))
