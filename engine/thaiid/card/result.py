"""A found card: its rectified raster, its placement in the photo and how it was judged."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from airocr.engine.geometry import apply_homography
from airocr.engine.thaiid import layout as L

NO_CARD_MESSAGE = "No Thailand ID card was found in the image."
CANONICAL_CORNERS = L.region_px((0, 0, 1, 1)).astype(np.float32)  # the upright card's tl, tr, br, bl


@dataclass
class CardResult:
    """A found, rectified card.

    ``homography`` maps canonical card pixels (``CARD_W × CARD_H``, upright) to original-image
    pixels; ``quad`` is the canonical corners tl, tr, br, bl in the original image.
    ``text_quads`` are the detector's text boxes in canonical coordinates: detected on ``card``
    itself when ``text_from_card`` (the field reader reuses them), else mapped from the photo.
    ``rotation`` is the card's quarter-turn in the image (0/90/180/270, clockwise) and
    ``angle_deg`` the exact in-plane angle of its top edge.
    """

    card: np.ndarray
    homography: np.ndarray
    quad: np.ndarray
    side: str
    side_confidence: float
    rotation: int
    angle_deg: float
    score: float
    text_quads: np.ndarray = field(default_factory=lambda: np.zeros((0, 4, 2)))
    text_from_card: bool = False  # text_quads were detected on ``card`` itself (the field reader reuses them)
    layout: float = 0.0  # layout match of the chosen side and turn (see layout_scores())
    layout_scores: dict[str, float] = field(default_factory=dict)
    layout_name: str = ""  # the printed layout matched (engine.thaiid.layout.LAYOUTS); "" = the side's first
    by_artwork: bool = False  # shown by artwork alone (a real back's flag, a blurred barcode, a front's chip and photo)

    @property
    def printed_layout(self) -> str:
        """The printed layout the card was read as (:data:`engine.thaiid.layout.LAYOUTS`)."""
        return self.layout_name or self.side

    def to_image(self, points: np.ndarray) -> np.ndarray:
        """Map canonical card points ``(..., 2)`` to original-image points."""
        return apply_homography(self.homography, points)

    def beats(self, other: CardResult | None) -> bool:
        """Whether this find is better than ``other``: one shown by its text or barcode beats one shown by
        its artwork alone (so that no card found by its text changes), then the higher score wins."""
        return other is None or (not self.by_artwork, self.score) > (not other.by_artwork, other.score)

    def turned(self) -> CardResult:
        """The same card read the other way up (turned by 180°): corners, raster, text boxes, angle.

        ``side``, ``side_confidence``, ``score`` and the layout scores keep the finder's values: they
        record how the card was found, and the side does not change with the turn."""
        tq = self.text_quads
        tq = np.array([L.CARD_W, L.CARD_H]) - tq[:, [2, 3, 0, 1]] if len(tq) else tq
        return replace(self, card=np.ascontiguousarray(self.card[::-1, ::-1]), text_quads=tq,
                       **placement(np.roll(self.quad, 2, axis=0)))


def placement(quad: np.ndarray) -> dict:
    """A card's placement in the image from its corners tl, tr, br, bl: ``quad``, ``homography``
    (canonical → image), ``angle_deg`` of its top edge and ``rotation`` (the nearest quarter turn)."""
    hmat = cv2.getPerspectiveTransform(CANONICAL_CORNERS, quad.astype(np.float32)).astype(np.float64)
    top = quad[1] - quad[0]
    angle = float(np.degrees(np.arctan2(top[1], top[0])) % 360)
    return {"quad": quad, "homography": hmat, "angle_deg": angle, "rotation": int(round(angle / 90)) % 4 * 90}
