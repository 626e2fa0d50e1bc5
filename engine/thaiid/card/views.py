"""How the finder looks at a photo or a card: through the detector without its small-text second
pass, and smoothed by non-local means."""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

from airocr.engine.detect import TextDetector


def card_text_detector(detector: TextDetector) -> TextDetector:
    """The web-image detector without its small-text second pass at a larger scale.

    On a card the second pass costs more than the first (the input grows 1.4-2x per side) and adds
    nothing: the finder detects again on the rectified card when the photo's text is too small, and
    on the canonical card the text always has its printed size (20-30 px).
    """
    return detector.with_config(small_box_px=0.0)


def smoothed(strength: float) -> Callable[[np.ndarray], np.ndarray]:
    """An image (a photo, a card) smoothed by non-local means of ``strength`` (grey levels)."""
    return lambda card: cv2.fastNlMeansDenoisingColored(card, None, strength, strength, 7, 21)
