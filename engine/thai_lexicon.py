"""Thai words for Web Image's Thai lines: among the Thai recognizer's own runner-up letters, the
reading that makes common Thai words.

In small web text the Thai recognizer confuses look-alike letters (``ด``/``ต``, ``ค``/``ต``/``ท``,
``ข``/``ช``): ``ลดราคา`` comes back ``ลตราดา``, with the right letters as close runners-up. A line's
greedy reading is one path through those alternatives; :class:`ThaiLexicon` picks the path whose
letters score best under the recognizer (each runner-up costs its log-probability ratio to the
winner) plus ``lm_weight`` times a word unigram model (the Thai National Corpus's word
frequencies, ``models/th_words.tsv.gz``, built by ``scripts/data/build_th_words.py``; a letter in no
listed word costs ``unknown_logp``). Only letters the recognizer itself offers are ever changed, only
Thai for Thai, and only where the runner-up has ``min_ratio`` of the winner's probability: a
confident reading is never turned into a listed word. Names and other open words (ID card fields)
do not go through it. Evidence for the numbers: docs/tuning/thai_lines.md.
"""

from __future__ import annotations

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
    max_word: int = 24  # longest listed word looked for (letters and marks)
    min_gain: float = 1.0  # a run's letters change only when this much better


def _is_thai(ch: str) -> bool:
    return len(ch) == 1 and "\u0e01" <= ch <= "\u0e4e"


class ThaiLexicon:
    """Listed Thai words with their log-probabilities; create once (:meth:`from_file`)."""

    def __init__(self, counts: dict[str, int], config: LexiconConfig | None = None) -> None:
        self.config = config or LexiconConfig()
        total = float(sum(counts.values())) or 1.0
        self.logp = {w: math.log(n / total) for w, n in counts.items()}
        self.words = sorted(counts)

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
        winner first with 0.0), the index of the alternative on the best path (see the module
        docstring). Slots that are not Thai letters separate words and keep their winner."""
        choice = [0] * len(slots)
        start = 0
        for i in range(len(slots) + 1):
            if i == len(slots) or not _is_thai(slots[i][0][0]):
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
        winner letter."""
        cfg, n = self.config, len(slots)
        best = [-math.inf] * (n + 1)
        back: list[tuple[int, tuple[int, ...]]] = [(0, ())] * (n + 1)
        best[0] = 0.0
        for i in range(n):
            if best[i] == -math.inf:
                continue
            unk = best[i] + cfg.lm_weight * cfg.unknown_logp
            if unk > best[i + 1]:
                best[i + 1], back[i + 1] = unk, (i, (0,))
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
        swapped for their runners-up where the words say so."""
        cfg = self.config
        best = probs.argmax(axis=1)
        best_p = probs[np.arange(probs.shape[0]), best]
        starts = np.flatnonzero((best != 0) & np.r_[True, best[1:] != best[:-1]])
        if starts.size == 0:
            return recognizer.decode(probs)
        ends = np.r_[starts[1:], best.size]
        peaks = [s + int(np.argmax(np.where(best[s:e] == best[s], best_p[s:e], -1.0))) for s, e in
                 zip(starts, ends, strict=True)]
        labels = recognizer.labels
        slots: list[list[tuple[str, float]]] = []
        classes: list[list[int]] = []
        for s, t in zip(starts, peaks, strict=True):
            win = int(best[s])
            alts, cls = [(str(labels[win]), 0.0)], [win]
            if _is_thai(str(labels[win])):
                row = probs[t].copy()
                row[[0, win]] = 0.0
                for r in np.argsort(row)[::-1][: cfg.rivals]:
                    ratio = float(row[r] / max(float(best_p[t]), 1e-9))
                    if ratio >= cfg.min_ratio and _is_thai(str(labels[r])):
                        alts.append((str(labels[r]), math.log(ratio)))
                        cls.append(int(r))
            slots.append(alts)
            classes.append(cls)
        picks = self.choose(slots)
        if not any(picks):
            return recognizer.decode(probs)
        chosen = np.array([c[k] for c, k in zip(classes, picks, strict=True)])
        p = np.array([best_p[s] * math.exp(alts[k][1]) for s, alts, k in zip(starts, slots, picks, strict=True)])
        line = recognizer.assemble(chosen, starts, p)
        # the line's confidence stays the recognizer's own (what the Thai step's gates were set on)
        return LineText(line.text, recognizer.decode(probs).confidence, char_probs=line.char_probs)

    def recognize(self, recognizer: CTCRecognizer, crops: Sequence[np.ndarray]) -> list[LineText]:
        """:meth:`decode` of each crop, batched as ``recognizer`` batches."""
        return recognizer.recognize_with(crops, lambda probs: self.decode(recognizer, probs))
