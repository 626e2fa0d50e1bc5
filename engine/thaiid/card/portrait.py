"""The card's portrait: its box (the layout prior snapped to the photo's own frame) and its crop."""

from __future__ import annotations

import base64
from dataclasses import dataclass

import cv2
import numpy as np

from airocr.engine.geometry import quad_iou, transform_points
from airocr.engine.thaiid import layout as L
from airocr.engine.thaiid.card.config import DEFAULT_PORTRAIT, PortraitConfig
from airocr.engine.thaiid.card.refine import Gradients, refine_quad
from airocr.engine.thaiid.card.result import CardResult


@dataclass
class Portrait:
    quad_canonical: np.ndarray  # (4, 2) in canonical card pixels
    quad_image: np.ndarray  # (4, 2) in original image pixels (tl, tr, br, bl of the upright photo)
    image: np.ndarray  # upright BGR crop

    def location(self) -> list[list[int]]:
        """``portrait_location`` as the API returns it."""
        return [[int(round(x)), int(round(y))] for x, y in self.quad_image]

    def jpeg_base64(self, quality: int = DEFAULT_PORTRAIT.jpeg_quality) -> str:
        ok, buf = cv2.imencode(".jpg", self.image, [cv2.IMWRITE_JPEG_QUALITY, quality])
        return base64.b64encode(buf.tobytes()).decode("ascii") if ok else ""


def find_portrait(result: CardResult, image: np.ndarray, fit: np.ndarray | None = None,
                  cfg: PortraitConfig = DEFAULT_PORTRAIT) -> Portrait:
    """Portrait box: a layout prior (the first layout's, or where real cards print the photo)
    refined to the photo's own edges in the canonical card.

    ``fit`` (2×3 affine, layout prior → this rectified card, from the field reader's registration)
    moves the prior first: a card rectified from an outline a few percent off (a faint edge on a
    screen, say) has its photo where the printed text says, not where the outline says.
    """
    layouts = [L.region_px(L.FRONT_PORTRAIT), L.region_px(L.FRONT_PORTRAIT_REAL)]
    priors = list(layouts)
    if fit is not None:  # the registered priors first: the first is kept when no photo frame is clear
        priors = [transform_points(q, fit) for q in layouts] + priors
    grad = Gradients(result.card)
    q, best = priors[0], (0, -1.0)
    for prior in priors:
        cand, sc = refine_quad(grad, prior, cfg.search, steps=cfg.steps)
        # a clear photo frame near this prior: framed on every side, else on all but one (a copy
        # loses the photo's edge against a pale background); of two, the more sides, then the
        # stronger edges
        sides = int(np.sum(np.asarray(sc) >= cfg.min_edge))
        rank = (sides, float(np.mean(sc)))
        if sides >= cfg.min_sides and quad_iou(cand, prior) >= cfg.min_iou and rank > best:
            q, best = cand, rank
    q_img = result.to_image(q)
    crop_w, crop_h = cfg.crop_size
    to_crop = cv2.getPerspectiveTransform(q_img.astype(np.float32),
                                          L.region_px((0, 0, 1, 1), crop_w, crop_h).astype(np.float32))
    crop = cv2.warpPerspective(image, to_crop, (crop_w, crop_h), flags=cv2.INTER_AREA, borderMode=cv2.BORDER_REPLICATE)
    return Portrait(quad_canonical=q, quad_image=q_img, image=crop)
