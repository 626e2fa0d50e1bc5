"""Thai lines in Web Image: the PP-OCR recognizer has no Thai, so Thai text comes back as Latin
gibberish (``เส้นทางลัด`` → ``lavnnian``) or, now and then, as a few unsure CJK characters. Decided per
line: a line PP-OCR read with a confidence under ``gate_confidence`` (``cjk_gate_confidence`` when its
reading has CJK characters) is read again by the in-house Thai + Latin recognizer
(engine/thai_recognizer.py), both ways up: PP-OCR's direction classifier often calls bold Thai upside
down, and PP-OCR's own reading cannot tell. The Thai reading (the more confident of the two
directions) replaces PP-OCR's when it has enough Thai letters and confidence; a line that was a CJK
reading needs more of both. Lines PP-OCR reads confidently keep PP-OCR's reading, with one exception
PP-OCR cannot read: a baht sign PP-OCR read as ``B``, or as a ``$`` it was unsure of, in front of an
amount becomes ``฿`` when the Thai reading has ``฿`` before the same digits. Whether a page whose
longest lines are mostly Thai is upside down is also the Thai recognizer's call. A taken Thai reading
gets the symbols the Thai recognizer has no class for (``·``, ``€``, ``¥``, ``$``) from PP-OCR's sure
reading of the same line (engine/thai_symbols.py). Evidence for the numbers: docs/tuning/thai_lines.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from airocr.engine import tight_boxes
from airocr.engine.geometry import crop_quad, grow_quad
from airocr.engine.recognize import CTCRecognizer, LineText
from airocr.engine.thai_lexicon import ThaiLexicon
from airocr.engine.thai_symbols import THAI_CHAR, SymbolConfig, keep_symbols

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_BAHT = "\u0e3f"
# an amount led by one character that may be a baht sign PP-OCR has no class for
_AMOUNT = re.compile(r"^(?P<lead>.*?)(?P<sign>\S)(?P<num>\d[\d,. ]*)(?P<tail>.*)$")


@dataclass(frozen=True)
class ThaiLineConfig:
    gate_confidence: float = 0.98  # PP-OCR readings without CJK under this confidence are read as Thai too
    cjk_gate_confidence: float = 0.9  # ... and readings with CJK under this one
    min_thai_share: float = 0.3  # the Thai reading needs this share of Thai letters among its non-space characters
    min_confidence: float = 0.5  # ... and at least this confidence
    cjk_min_thai_share: float = 0.8  # replacing a CJK reading: this share of Thai letters
    cjk_min_confidence: float = 0.9  # ... and this confidence
    room_above: float = 0.4  # a taken Thai line's box grown by this share of its height above (marks the box missed)
    room_below: float = 0.25  # ... and below (vowels and tails under the line)
    reread_pads: tuple[float, ...] = (0.05, 0.15)  # the ink box found there read grown by each share of its height
    split_body: float = 2.05  # ... split at an empty run this many body heights wide when every piece reads as Thai
    baht_signs: str = "B"  # PP-OCR has no ฿ class and reads the sign as this, or as a doubtful "$":
    dollar_doubt: float = 0.9  # ... a "$" PP-OCR reads with a lower probability (printed "$": 0.95-1.0)
    page_thai_share: float = 0.5  # a page is Thai when this share of its sampled lines read as sure Thai (below)
    symbol_min_prob: float = 0.8  # a symbol th_rec has no class for is taken from PP-OCR read this surely
    symbol_min_anchor: int = 2  # ... next to a run of this many letters or digits both readings agree on


@dataclass(frozen=True)
class ThaiReading:
    """A line after the Thai step: its text, and whether its crop is to be turned round (the Thai
    reading came from the crop read the other way up)."""

    text: LineText
    turned: bool = False
    thai: bool = False  # the Thai reading was taken


class ThaiLines:
    """Re-reads the lines that may be Thai with the Thai recognizer and keeps the Thai readings."""

    def __init__(self, recognizer: CTCRecognizer, config: ThaiLineConfig | None = None,
                 lexicon: ThaiLexicon | None = None) -> None:
        self.recognizer = recognizer
        self.config = config or ThaiLineConfig()
        self.lexicon = lexicon

    def read(self, crops: Sequence[np.ndarray]) -> list[LineText]:
        """The Thai recognizer's readings of ``crops``, its look-alike letters chosen by the words
        (engine/thai_lexicon.py) when the stage has a lexicon."""
        if self.lexicon is None:
            return self.recognizer(crops)
        return self.lexicon.recognize(self.recognizer, crops)

    def candidates(self, texts: Sequence[LineText]) -> list[int]:
        """Lines PP-OCR read without full confidence, and lines that may hold a baht amount."""
        return [i for i, t in enumerate(texts) if self._unsure(t) or _baht_candidate(t, self.config)]

    def _unsure(self, t: LineText) -> bool:
        cfg = self.config
        return t.confidence < (cfg.cjk_gate_confidence if _CJK.search(t.text) else cfg.gate_confidence)

    def accept(self, thai: LineText, was: LineText | None = None) -> bool:
        """Whether ``thai`` replaces PP-OCR's reading ``was`` (stricter when ``was`` has CJK)."""
        cfg = self.config
        cjk = was is not None and bool(_CJK.search(was.text))
        chars = thai.text.replace(" ", "")
        if not chars or thai.confidence < (cfg.cjk_min_confidence if cjk else cfg.min_confidence):
            return False
        return len(THAI_CHAR.findall(chars)) >= (cfg.cjk_min_thai_share if cjk else cfg.min_thai_share) * len(chars)

    def __call__(self, texts: list[LineText], crops: Sequence[np.ndarray]) -> list[ThaiReading]:
        """One reading per line: PP-OCR's, or the Thai one where it is taken."""
        out = [ThaiReading(t) for t in texts]
        pick = self.candidates(texts)
        if not pick:
            return out
        upright = dict(zip(pick, self.read([crops[i] for i in pick]), strict=True))
        unsure = [i for i in pick if self._unsure(texts[i])]  # only these may take a reading the other way up
        turned = dict(zip(unsure, self.read([np.ascontiguousarray(crops[i][::-1, ::-1]) for i in unsure]),
                          strict=True))
        for i in pick:
            up, down = upright[i], turned.get(i)
            flip = down is not None and down.confidence > up.confidence
            thai = down if flip else up
            if i in turned and self.accept(thai, texts[i]):
                out[i] = ThaiReading(thai, flip, thai=True)
            elif (baht := baht_amount(texts[i], up.text, self.config)) is not None:
                out[i] = ThaiReading(LineText(baht, texts[i].confidence))
        return out

    def with_symbols(self, thai: LineText, ppocr: LineText) -> LineText:
        """A taken Thai reading with the symbols PP-OCR read and the Thai recognizer has no class for
        (engine/thai_symbols.py)."""
        labels = getattr(self.recognizer, "labels", None)
        if labels is None:
            return thai
        cfg = SymbolConfig(self.config.symbol_min_prob, self.config.symbol_min_anchor)
        return keep_symbols(thai, ppocr, frozenset(str(c) for c in labels), cfg)

    def page_upside_down(self, upright: Sequence[np.ndarray], turned: Sequence[np.ndarray]) -> bool | None:
        """Whether a page is upside down, by the Thai recognizer's readings of a sample of its lines
        as they stand (``upright``) and turned round; None when the sample is not mostly Thai. A line is
        Thai when its more confident reading passes the bar for replacing a CJK reading (the Thai
        recognizer reads CJK lines as Thai-looking strings, less surely)."""
        up, down = self.recognizer(list(upright)), self.recognizer(list(turned))
        cjk = LineText("\u4e2d", 0.0)  # stands for a CJK reading: the stricter bar of accept()
        thai = sum(self.accept(max(u, d, key=lambda t: t.confidence), cjk) for u, d in zip(up, down, strict=True))
        if not up or thai < self.config.page_thai_share * len(up):
            return None
        return _mean_confidence(down) > _mean_confidence(up)

    def with_room(self, image: np.ndarray, quads: Sequence[np.ndarray], texts: Sequence[LineText],
                  tight: tight_boxes.TightBoxConfig) -> list[list[tuple[LineText, np.ndarray]]]:
        """Taken Thai lines (upright quads in ``image``) looked at again with room above and below: the
        detector's box often leaves out the marks over and under Thai letters, and a reading without
        them is wrong. The line's ink box in the grown crop is read again, with each of the margins
        ``reread_pads``; the most confident of those readings and the box are kept when the reading is at
        least as confident as the line's and still Thai. A line whose ink there has an empty run wider
        than ``split_body`` body heights (menu items the detector joined) becomes one line per piece when
        every piece reads as Thai. One list of (reading, quad) per line."""
        cfg = self.config
        split = replace(tight, split_body=cfg.split_body)
        out = [[(t, q)] for t, q in zip(texts, quads, strict=True)]
        boxes: list[tuple[int, list[np.ndarray]]] = []  # per line: its whole ink box, then its pieces
        for k, quad in enumerate(quads):
            grown = grow_quad(quad, cfg.room_above, cfg.room_below, 0.0)
            crop = crop_quad(image, grown)
            ink = tight_boxes.line_ink(crop, split)
            if ink is not None:
                parts = [ink.box()] + ([(x0, ink.y0, x1, ink.y1) for x0, x1 in ink.runs] if len(ink.runs) > 1 else [])
                boxes.append((k, [tight_boxes.box_to_quad(grown, crop.shape, b) for b in parts]))
        flat = [b for _, parts in boxes for b in parts]
        if not flat:
            return out
        reads = [self.read([crop_quad(image, grow_quad(b, p, p, p)) for b in flat]) for p in cfg.reread_pads]
        best = [max((r[j] for r in reads), key=lambda t: t.confidence) for j in range(len(flat))]  # first of equals
        j = 0
        for k, parts in boxes:
            got, j = best[j:j + len(parts)], j + len(parts)
            if len(parts) > 1 and all(self.accept(t) for t in got[1:]):
                out[k] = list(zip(got[1:], parts[1:], strict=True))
            elif got[0].confidence >= texts[k].confidence and self.accept(got[0]):
                out[k] = [(got[0], parts[0])]
        return out


def _mean_confidence(lines: Sequence[LineText]) -> float:
    vals = [t.confidence for t in lines if t.text]
    return float(np.mean(vals)) if vals else 0.0


def _doubtful_sign(reading: LineText, cfg: ThaiLineConfig) -> re.Match | None:
    """The amount in PP-OCR's ``reading`` whose sign may be a baht sign it has no class for: read as
    one of ``cfg.baht_signs``, or as a ``$`` it was unsure of (``cfg.dollar_doubt``); else None."""
    m = _AMOUNT.match(reading.text)
    if m is None or _CJK.search(reading.text):
        return None
    sign = m.group("sign")
    if sign in cfg.baht_signs:
        return m
    p = reading.char_prob(m.start("sign")) if sign == "$" else None
    return m if p is not None and p < cfg.dollar_doubt else None


def _baht_candidate(reading: LineText, cfg: ThaiLineConfig) -> bool:
    return _doubtful_sign(reading, cfg) is not None


def baht_amount(ppocr: LineText, thai: str, cfg: ThaiLineConfig) -> str | None:
    """PP-OCR's reading with its amount's sign made ``฿``, when that sign is doubtful
    (:func:`_doubtful_sign`) and the Thai reading has a ``฿`` right before the same digits; else None.
    PP-OCR keeps its own punctuation and the rest of the line."""
    m = _doubtful_sign(ppocr, cfg)
    if m is None:
        return None
    digits = re.sub(r"\D", "", m.group("num"))
    t = re.search(_BAHT + r"\s*(\d[\d,. ]*)", thai)
    if t is None or re.sub(r"\D", "", t.group(1)) != digits:
        return None
    return f"{m.group('lead')}{_BAHT}{m.group('num')}{m.group('tail')}"
