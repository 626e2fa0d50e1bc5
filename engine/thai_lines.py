"""Thai lines in Web Image: the PP-OCR recognizer has no Thai, so Thai text comes back as Latin
gibberish (``เส้นทางลัด`` → ``lavnnian``). Decided per line: a line PP-OCR read without any CJK
character and with a confidence under ``gate_confidence`` is read again by the in-house Thai + Latin
recognizer (engine/thai_recognizer.py); its reading replaces PP-OCR's when it has Thai letters and
enough confidence. Lines PP-OCR reads confidently, and every CJK line, keep PP-OCR's reading.
Evidence for the numbers: docs/tuning/thai_lines.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from airocr.engine.recognize import CTCRecognizer, LineText

_THAI = re.compile(r"[\u0e01-\u0e5b]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True)
class ThaiLineConfig:
    gate_confidence: float = 0.98  # PP-OCR readings under this confidence (and without CJK) are read as Thai too
    min_thai_share: float = 0.3  # the Thai reading needs this share of Thai letters among its non-space characters
    min_confidence: float = 0.5  # ... and at least this confidence


class ThaiLines:
    """Re-reads the lines that may be Thai with the Thai recognizer and keeps the Thai readings."""

    def __init__(self, recognizer: CTCRecognizer, config: ThaiLineConfig | None = None) -> None:
        self.recognizer = recognizer
        self.config = config or ThaiLineConfig()

    def candidates(self, texts: Sequence[LineText]) -> list[int]:
        """Lines PP-OCR read without CJK and without full confidence."""
        cfg = self.config
        return [i for i, t in enumerate(texts)
                if t.confidence < cfg.gate_confidence and not _CJK.search(t.text)]

    def accept(self, thai: LineText) -> bool:
        chars = thai.text.replace(" ", "")
        if not chars or thai.confidence < self.config.min_confidence:
            return False
        return len(_THAI.findall(chars)) >= self.config.min_thai_share * len(chars)

    def __call__(self, texts: list[LineText], crops: Sequence[np.ndarray]) -> list[LineText]:
        """``texts`` with the Thai lines replaced by their Thai readings (a new list)."""
        out = list(texts)
        pick = self.candidates(texts)
        if not pick:
            return out
        for i, thai in zip(pick, self.recognizer([crops[i] for i in pick]), strict=True):
            if self.accept(thai):
                out[i] = thai
        return out
