"""The Web Image OCR pipeline: detect → (straighten) → crop → orient → recognise → order → ink boxes →
broken lines joined → impossible dates → Thai lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from airocr.engine import reading_dates, shared_ink, tight_boxes
from airocr.engine.detect import Detections, DetectorConfig, TextDetector
from airocr.engine.geometry import (
    compose_affine,
    crop_quad,
    invert_affine,
    quad_sizes,
    reading_order,
    rotate_image,
    transform_points,
)
from airocr.engine.models import ModelStore, RuntimeOptions
from airocr.engine.reading_dates import DateConfig
from airocr.engine.recognize import CTCRecognizer, LineOrientation, LineText, RecognizerConfig
from airocr.engine.shared_ink import SharedInkConfig
from airocr.engine.thai_lexicon import THAI_WORDS_MODEL, ThaiLexicon
from airocr.engine.thai_lines import ThaiLines
from airocr.engine.thai_recognizer import THAI_REC_MODEL, build_thai_recognizer
from airocr.engine.tight_boxes import TightBoxConfig

# Model names as listed in models/MANIFEST.
DET_MODEL = "det"
CLS_MODEL = "cls"
REC_MODEL = "rec"
REC_DICT = "rec_dict"
VERTICAL_RATIO = 1.5  # a crop this many times taller than wide is a vertical column (RapidOCR's rule too)


@dataclass(frozen=True)
class TextBlock:
    """One recognised text line; ``quad`` is (4, 2) in the original image's pixels."""

    text: str
    confidence: float
    quad: np.ndarray


@dataclass(frozen=True)
class OcrResult:
    blocks: list[TextBlock]
    width: int
    height: int
    rotation_deg: float = 0.0  # the page rotation that was undone (counter-clockwise)
    crops: list[np.ndarray] = field(default_factory=list, repr=False)


@dataclass(frozen=True)
class PageConfig:
    """Page-level choices of the pipeline (evidence: docs/performance.md)."""

    # A page tilted by at most this is read from its tilted boxes (rotated crops), reading order taken
    # in the levelled frame; only steeper pages are straightened and detected again.
    redetect_tilt_deg: float = 45.0


# Web pages' recognizer: batches of 8 lines of like width (on a quiet 2-core machine 8 % more pages/s than one
# line per run, which had won on a machine loaded by other jobs; docs/performance.md, part 5).
WEB_RECOGNIZER = RecognizerConfig(batch_size=8)


@dataclass(frozen=True)
class PipelineOptions:
    detect_direction: bool = False  # straighten pages rotated by any angle
    detect_text_direction: bool = True  # per-line 180° check
    min_confidence: float = 0.3
    keep_crops: bool = False
    tight_boxes: bool = True  # return each line's ink box (recognition keeps the padded crop)
    thai_lines: bool = True  # read lines that may be Thai with the Thai recognizer (when the models have it)


class WebImagePipeline:
    """Holds the ONNX sessions (created once) and runs OCR on BGR images."""

    def __init__(self, detector: TextDetector, orientation: LineOrientation, recognizer: CTCRecognizer,
                 tight_config: TightBoxConfig | None = None, thai: ThaiLines | None = None,
                 page: PageConfig | None = None, shared_ink_config: SharedInkConfig | None = None,
                 date_config: DateConfig | None = None) -> None:
        self.detector = detector
        self.orientation = orientation
        self.recognizer = recognizer
        self.tight_config = tight_config or TightBoxConfig()
        self.thai = thai
        self.page = page or PageConfig()
        self.shared_ink_config = shared_ink_config or SharedInkConfig()
        self.date_config = date_config or DateConfig()

    @classmethod
    def from_store(cls, store: ModelStore, detector_config: DetectorConfig | None = None,
                   recognizer_config: RecognizerConfig | None = None) -> WebImagePipeline:
        """Build on the store's sessions (shared with every other component built from it)."""
        det = TextDetector(store.session(DET_MODEL), detector_config)
        ori = LineOrientation(store.session(CLS_MODEL))
        rec = CTCRecognizer(store.session(REC_MODEL), store.lines(REC_DICT), recognizer_config or WEB_RECOGNIZER)
        thai = None
        if store.has(THAI_REC_MODEL):  # build_thai_recognizer picks th_rec or its int8 variant
            lexicon = ThaiLexicon.from_file(store.path(THAI_WORDS_MODEL)) if store.has(THAI_WORDS_MODEL) else None
            thai = ThaiLines(build_thai_recognizer(store), lexicon=lexicon)
        return cls(det, ori, rec, thai=thai)

    @classmethod
    def from_model_dir(cls, model_dir: Path | None = None, runtime: RuntimeOptions | None = None,
                       detector_config: DetectorConfig | None = None,
                       recognizer_config: RecognizerConfig | None = None) -> WebImagePipeline:
        """Build from a models folder (default: the installed models) with its own store."""
        return cls.from_store(ModelStore(model_dir, runtime), detector_config, recognizer_config)

    # -- public -------------------------------------------------------------------------
    def run(self, image: np.ndarray, options: PipelineOptions | None = None) -> OcrResult:
        options = options or PipelineOptions()
        height, width = image.shape[:2]
        dets = self.detector(image)
        work, to_work, rotation, level = image, None, 0.0, None
        if options.detect_direction and len(dets):
            tilt = self.page_tilt(dets)
            if abs(tilt) > self.page.redetect_tilt_deg:
                # Straighten and detect again: the detector is best on horizontal lines.
                work, to_work = rotate_image(image, tilt)
                dets = self.detector(work)
                rotation = tilt
            elif tilt:
                # the page's rotation for the reading order (a half turn added below keeps the line angles)
                level, rotation = cv2.getRotationMatrix2D((width / 2.0, height / 2.0), tilt, 1.0), tilt
        if len(dets) == 0:
            return OcrResult([], width, height, rotation)

        crops, quads = line_crops(work, dets.quads)
        p180 = self.orientation.prob_upside_down(crops) if (
            options.detect_direction or options.detect_text_direction) else np.zeros(len(crops))
        page_flipped = bool(options.detect_direction
                            and self._page_is_upside_down(crops, p180, dets, options.thai_lines))
        if page_flipped:
            # Turn the page round exactly and detect again (word splits differ upside down).
            work, half_turn = rotate_image(work, 180.0)
            to_work = compose_affine(half_turn, to_work) if to_work is not None else half_turn
            rotation = (rotation + 180.0) % 360.0
            dets = self.detector(work)
            if len(dets) == 0:
                return OcrResult([], width, height, rotation)
            crops, quads = line_crops(work, dets.quads)
            p180 = self.orientation.prob_upside_down(crops) if options.detect_text_direction else np.zeros(len(crops))
        texts = self.recognizer(crops)
        if options.detect_text_direction:
            self._fix_upside_down(crops, texts, p180, quads, strict=options.detect_direction)

        order = reading_order(transform_points(quads, level) if level is not None else quads)
        back = invert_affine(to_work) if to_work is not None else None
        lines = [(texts[i], crops[i], transform_points(quads[i], back) if back is not None else quads[i].copy())
                 for i in order]
        if options.tight_boxes:
            lines = self._join_shared_ink(image, self._tighten(lines))
        self._repair_dates(lines)
        if options.thai_lines and self.thai is not None and lines:
            lines = self._read_thai(image, lines)
        blocks: list[TextBlock] = []
        kept_crops: list[np.ndarray] = []
        for line, crop, quad in lines:
            if not line.text or line.confidence < options.min_confidence:
                continue
            quad[:, 0] = np.clip(quad[:, 0], 0, width - 1)
            quad[:, 1] = np.clip(quad[:, 1], 0, height - 1)
            blocks.append(TextBlock(line.text, line.confidence, quad))
            if options.keep_crops:
                kept_crops.append(crop)
        return OcrResult(blocks, width, height, rotation % 360.0, kept_crops)

    def _tighten(self, lines: list[tuple[LineText, np.ndarray, np.ndarray]]
                 ) -> list[tuple[LineText, np.ndarray, np.ndarray]]:
        """Each line's ink box for its quad; a line whose ink has a wide gap (neighbouring table cells
        or menu items the detector joined) becomes one line per piece, each piece read again."""
        out: list[tuple[LineText, np.ndarray, np.ndarray]] = []
        again: list[int] = []
        for text, crop, quad in lines:
            for piece in tight_boxes.line_pieces(quad, crop, self.tight_config):
                if piece.crop is not None:
                    again.append(len(out))
                out.append((text, piece.crop if piece.crop is not None else crop, piece.quad))
        if again:
            reread = self.recognizer([out[k][1] for k in again])
            for k, line in zip(again, reread, strict=True):
                out[k] = (line, out[k][1], out[k][2])
        return out

    def _join_shared_ink(self, image: np.ndarray, lines: list[tuple[LineText, np.ndarray, np.ndarray]]
                         ) -> list[tuple[LineText, np.ndarray, np.ndarray]]:
        """Lines whose ink boxes share ink (one line the detector broke in two, engine/shared_ink.py) read
        again as one line from a crop around their joined ink; it takes the first piece's place."""
        groups = shared_ink.shared_ink_groups(np.array([q for _, _, q in lines]), self.shared_ink_config)
        if not groups:
            return lines
        joined = [shared_ink.union_quad(np.array([lines[k][2] for k in g])) for g in groups]
        crops = [crop_quad(image, shared_ink.reading_crop_quad(q, self.shared_ink_config)) for q in joined]
        out: list[tuple[LineText, np.ndarray, np.ndarray] | None] = list(lines)
        for group, quad, crop, text in zip(groups, joined, crops, self.recognizer(crops), strict=True):
            out[group[0]] = (text, crop, quad)
            for k in group[1:]:
                out[k] = None
        return [line for line in out if line is not None]

    def _repair_dates(self, lines: list[tuple[LineText, np.ndarray, np.ndarray]]) -> None:
        """A line with a date no calendar has takes its likeliest n-best reading whose dates are possible
        (engine/reading_dates.py), if there is one. Updates ``lines`` in place."""
        cfg = self.date_config
        bad = [k for k, (text, _, _) in enumerate(lines) if reading_dates.has_impossible_date(text.text, cfg)]
        if not bad:
            return
        nbest = self.recognizer.recognize_nbest([lines[k][1] for k in bad], n=cfg.nbest, min_ratio=cfg.min_ratio,
                                                max_uncertain=cfg.max_uncertain)
        for k, readings in zip(bad, nbest, strict=True):
            if (better := reading_dates.choose_possible(readings, cfg)) is not None:
                lines[k] = (better, lines[k][1], lines[k][2])

    def _read_thai(self, image: np.ndarray, lines: list[tuple[LineText, np.ndarray, np.ndarray]]
                   ) -> list[tuple[LineText, np.ndarray, np.ndarray]]:
        """Lines that may be Thai read by the Thai recognizer (engine/thai_lines.py): a line read the
        other way up is turned round, and a taken Thai line gets its marks' room and its ink box again."""
        assert self.thai is not None
        readings = self.thai([t for t, _, _ in lines], [c for _, c, _ in lines])
        out = [(r.text, np.ascontiguousarray(c[::-1, ::-1]), np.roll(q, 2, axis=0)) if r.turned else (r.text, c, q)
               for r, (_, c, q) in zip(readings, lines, strict=True)]
        taken = [i for i, r in enumerate(readings) if r.thai]
        if not taken:
            return out
        again = self.thai.with_room(image, [out[i][2] for i in taken], [out[i][0] for i in taken], self.tight_config)
        pieces: dict[int, list[tuple[LineText, np.ndarray, np.ndarray]]] = {}
        for i, parts in zip(taken, again, strict=True):
            if len(parts) > 1:  # menu items the detector joined: PP-OCR's reading is of the whole line
                pieces[i] = [(text, crop_quad(image, quad), quad) for text, quad in parts]
                continue
            text, quad = parts[0]
            if not readings[i].turned:  # PP-OCR's reading is of the same way up
                text = self.thai.with_symbols(text, lines[i][0])
            out[i] = (text, out[i][1], quad)
        return [line for i, whole in enumerate(out) for line in pieces.get(i, [whole])]

    # -- page orientation -------------------------------------------------------------
    @staticmethod
    def page_tilt(dets: Detections) -> float:
        """Counter-clockwise angle (degrees, (−90, 90]) that makes the text lines horizontal.

        The length-weighted circular mean of elongated boxes' long-axis angles; 0 when the
        page is already level (within 0.5°).
        """
        long_lines = dets.elongation >= 2.5
        if long_lines.sum() == 0:
            long_lines = np.ones(len(dets), dtype=bool)
        ang = np.radians(dets.angles[long_lines])
        w, _ = quad_sizes(dets.quads[long_lines])
        z = np.sum(w * np.exp(2j * ang))
        tilt = float(np.degrees(np.angle(z) / 2.0)) if abs(z) > 0 else 0.0
        if abs(tilt) <= 0.5:
            return 0.0
        return 90.0 if abs(abs(tilt) - 90.0) <= 0.5 else tilt

    def _page_is_upside_down(self, crops: list[np.ndarray], p180: np.ndarray, dets: Detections,
                             thai: bool = False) -> bool:
        """Majority of the longest lines by the classifier; recognition decides close calls. With
        ``thai``, a page whose longest lines are mostly Thai is decided by the Thai recognizer instead
        (PP-OCR's classifier and recognizer know no Thai: docs/tuning/thai_lines.md)."""
        widths, _ = quad_sizes(dets.quads)
        pick = np.argsort(-widths)[:12]
        vote = float(np.mean(p180[pick] > 0.5))
        if vote <= 0.2:
            return False
        sample = [crops[i] for i in pick]
        turned = [np.ascontiguousarray(c[::-1, ::-1]) for c in sample]
        if thai and self.thai is not None and (by_thai := self.thai.page_upside_down(sample, turned)) is not None:
            return by_thai
        if vote >= 0.8:
            return True
        return _mean_conf(self.recognizer(turned)) > _mean_conf(self.recognizer(sample))

    # -- per line -------------------------------------------------------------------------
    def _fix_upside_down(self, crops: list[np.ndarray], texts: list[LineText], p180: np.ndarray,
                         quads: np.ndarray, strict: bool) -> None:
        """Flip lines the classifier calls upside down, but only when recognition agrees.

        The classifier alone misreads symmetric strings (``09:00`` → ``00:60``), so a
        flagged line is recognised turned round too and the more confident reading wins.
        Updates ``crops``, ``texts`` and ``quads`` in place.
        """
        flagged = np.flatnonzero(p180 > (0.97 if strict else 0.9))
        if flagged.size == 0:
            return
        rotated = [np.ascontiguousarray(crops[i][::-1, ::-1]) for i in flagged]
        turned = self.recognizer(rotated)
        for k, i in enumerate(flagged):
            if turned[k].confidence > texts[i].confidence + 0.05:
                crops[i], texts[i] = rotated[k], turned[k]
                quads[i] = np.roll(quads[i], 2, axis=0)


def line_crops(work: np.ndarray, quads: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Each box's upright crop. A tall box (a vertical column of text) is turned a quarter counter-clockwise
    so that it reads left to right, as PP-OCR's recognizer was trained; its corners turn with it."""
    quads = np.asarray(quads, np.float64).copy()
    crops = []
    for i, q in enumerate(quads):
        crop = crop_quad(work, q)
        if crop.shape[0] >= VERTICAL_RATIO * crop.shape[1]:
            crop, quads[i] = np.ascontiguousarray(np.rot90(crop)), np.roll(q, -1, axis=0)
        crops.append(crop)
    return crops, quads


def _mean_conf(lines: list[LineText]) -> float:
    vals = [ln.confidence for ln in lines if ln.text]
    return float(np.mean(vals)) if vals else 0.0
