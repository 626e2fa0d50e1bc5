"""The Web Image OCR pipeline: detect → (straighten) → crop → orient → recognise → order."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from engine.detect import DetectorConfig, Detections, TextDetector
from engine.geometry import (
    crop_quad,
    invert_affine,
    quad_sizes,
    reading_order,
    rotate_image,
    transform_points,
)
from engine.models import RuntimeOptions, create_session, default_model_dir, read_dictionary, verify_models
from engine.recognize import CTCRecognizer, LineOrientation, LineText, RecognizerConfig

# Model names as listed in models/MANIFEST.
DET_MODEL = "det"
CLS_MODEL = "cls"
REC_MODEL = "rec"
REC_DICT = "rec_dict"


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
class PipelineOptions:
    detect_direction: bool = False  # straighten pages rotated by any angle
    detect_text_direction: bool = True  # per-line 180° check
    min_confidence: float = 0.3
    keep_crops: bool = False


class WebImagePipeline:
    """Holds the ONNX sessions (created once) and runs OCR on BGR images."""

    def __init__(self, detector: TextDetector, orientation: LineOrientation, recognizer: CTCRecognizer) -> None:
        self.detector = detector
        self.orientation = orientation
        self.recognizer = recognizer

    @classmethod
    def from_model_dir(cls, model_dir: Path | None = None, runtime: RuntimeOptions | None = None,
                       detector_config: DetectorConfig | None = None,
                       recognizer_config: RecognizerConfig | None = None) -> WebImagePipeline:
        model_dir = model_dir or default_model_dir()
        entries = verify_models(model_dir, required=[DET_MODEL, CLS_MODEL, REC_MODEL, REC_DICT])
        det = TextDetector(create_session(model_dir / entries[DET_MODEL].file, runtime), detector_config)
        ori = LineOrientation(create_session(model_dir / entries[CLS_MODEL].file, runtime))
        charset = read_dictionary(model_dir / entries[REC_DICT].file)
        rec = CTCRecognizer(create_session(model_dir / entries[REC_MODEL].file, runtime), charset,
                            recognizer_config)
        return cls(det, ori, rec)

    from_default_models = from_model_dir

    # -- public -------------------------------------------------------------------------
    def run(self, image: np.ndarray, options: PipelineOptions | None = None) -> OcrResult:
        options = options or PipelineOptions()
        height, width = image.shape[:2]
        dets = self.detector(image)
        work, to_work, rotation = image, None, 0.0
        if options.detect_direction and len(dets):
            rotation = self.page_rotation(image, dets)
            if rotation:
                work, to_work = rotate_image(image, rotation)
                dets = self.detector(work)
        if len(dets) == 0:
            return OcrResult([], width, height, rotation)

        crops = [crop_quad(work, q) for q in dets.quads]
        quads = dets.quads
        flipped = np.zeros(len(crops), dtype=bool)
        if options.detect_text_direction:
            crops, flipped = self._fix_upside_down(crops, trust_page=options.detect_direction)
        texts = self.recognizer(crops)
        quads = np.where(flipped[:, None, None], np.roll(quads, 2, axis=1), quads)

        order = reading_order(self._upright(quads, flipped))
        back = invert_affine(to_work) if to_work is not None else None
        blocks: list[TextBlock] = []
        kept_crops: list[np.ndarray] = []
        for i in order:
            line = texts[i]
            if not line.text or line.confidence < options.min_confidence:
                continue
            quad = transform_points(quads[i], back) if back is not None else quads[i]
            quad[:, 0] = np.clip(quad[:, 0], 0, width - 1)
            quad[:, 1] = np.clip(quad[:, 1], 0, height - 1)
            blocks.append(TextBlock(line.text, line.confidence, quad))
            if options.keep_crops:
                kept_crops.append(crops[i])
        return OcrResult(blocks, width, height, rotation, kept_crops)

    # -- page orientation -------------------------------------------------------------
    def page_rotation(self, image: np.ndarray, dets: Detections) -> float:
        """Counter-clockwise angle (degrees) that makes the page's text upright.

        The dominant long-axis angle of elongated boxes gives the tilt modulo 180°;
        the line classifier, cross-checked by recognition confidence, settles 0 vs 180.
        """
        long_lines = dets.elongation >= 2.5
        if long_lines.sum() == 0:
            long_lines = np.ones(len(dets), dtype=bool)
        ang = np.radians(dets.angles[long_lines])
        w, _ = quad_sizes(dets.quads[long_lines])
        z = np.sum(w * np.exp(2j * ang))
        tilt = float(np.degrees(np.angle(z) / 2.0)) if abs(z) > 0 else 0.0  # (-90, 90]
        # Rotating by +tilt (counter-clockwise) brings the lines to horizontal.
        candidate = tilt if abs(tilt) > 0.5 else 0.0
        if abs(abs(tilt) - 90.0) < 0.5:
            candidate = 90.0
        upright, _ = rotate_image(image, candidate) if candidate else (image, None)
        sample = self.detector(upright) if candidate else dets
        if len(sample) == 0:
            return candidate % 360
        widths, _ = quad_sizes(sample.quads)
        pick = np.argsort(-widths)[:12]
        crops = [crop_quad(upright, q) for q in sample.quads[pick]]
        if self._page_is_upside_down(crops):
            candidate += 180.0
        candidate %= 360.0
        return 0.0 if min(candidate, 360 - candidate) < 1e-6 else candidate

    def _page_is_upside_down(self, crops: list[np.ndarray]) -> bool:
        p180 = self.orientation.prob_upside_down(crops)
        vote = float(np.mean(p180 > 0.5))
        if vote >= 0.8 or vote <= 0.2:
            return vote >= 0.8
        # Unsure: compare recognition confidence both ways.
        up = self.recognizer([c for c in crops])
        down = self.recognizer([np.ascontiguousarray(c[::-1, ::-1]) for c in crops])
        return _mean_conf(down) > _mean_conf(up)

    # -- per line -------------------------------------------------------------------------
    def _fix_upside_down(self, crops: list[np.ndarray], trust_page: bool) -> tuple[list[np.ndarray], np.ndarray]:
        """Flip lines the classifier calls upside down, but only when recognition agrees.

        The classifier alone misreads symmetric strings (``09:00`` → ``00:60``), so a
        flagged line is recognised both ways and the more confident reading wins.
        """
        p180 = self.orientation.prob_upside_down(crops)
        flagged = np.flatnonzero(p180 > (0.9 if not trust_page else 0.97))
        flipped = np.zeros(len(crops), dtype=bool)
        if flagged.size == 0:
            return crops, flipped
        rotated = [np.ascontiguousarray(crops[i][::-1, ::-1]) for i in flagged]
        as_is = self.recognizer([crops[i] for i in flagged])
        turned = self.recognizer(rotated)
        out = list(crops)
        for k, i in enumerate(flagged):
            if turned[k].confidence > as_is[k].confidence + 0.05:
                out[i] = rotated[k]
                flipped[i] = True
        return out, flipped

    @staticmethod
    def _upright(quads: np.ndarray, flipped: np.ndarray) -> np.ndarray:
        """Quads as seen in the working frame, for ordering (flip-independent)."""
        return np.where(flipped[:, None, None], np.roll(quads, 2, axis=1), quads)


def _mean_conf(lines: list[LineText]) -> float:
    vals = [ln.confidence for ln in lines if ln.text]
    return float(np.mean(vals)) if vals else 0.0
