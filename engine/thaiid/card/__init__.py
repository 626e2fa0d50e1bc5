"""Find a Thai ID card in a photo, rectify it to the canonical upright card, and guess its side.

Pipeline (all geometry vectorised with numpy / OpenCV; no per-pixel Python loops):

1. *Candidates* (:mod:`.candidates`) at a work scale (long side ``work_side``): large contours of
   several edge maps reduced to min-area rectangles, outlines of long straight lines, the union of
   the text detector's parallel boxes grown by the layout's margins, and a back's two codes.
2. *Refinement* (:mod:`.refine`): each of the 4 sides is moved independently at both ends (a 2-D
   search over end offsets) to the line with the strongest *consistent-sign* colour gradient across
   it; corners are the intersections of adjacent sides, so rounded card corners and glare do not matter.
3. *Scoring* (:mod:`.scoring`): edge support of the weakest sides × aspect prior (ID-1 = 1.585).
4. *Verification, rotation and side* (:mod:`.finder`): the text boxes are mapped into canonical
   coordinates and matched against the layout prior of the front and back, upright and turned by
   180°; the portrait's texture and the back's barcode decide front-vs-back ties. A candidate whose
   content matches neither side is rejected; no surviving candidate → ``NoTextFound``.
5. *Descreened retry*: before giving up, a photo with a periodic pattern (a screen's pixel grid or
   moiré, :mod:`engine.thaiid.descreen`) has it notched out, and steps 1-4 run once more on that.

The portrait's box and crop are in :mod:`.portrait`; every tuned number in :mod:`.config`.
"""

from airocr.engine.geometry import apply_homography, quad_iou
from airocr.engine.thaiid.card.candidates import (
    back_code_candidates,
    edge_candidates,
    line_candidates,
    text_candidate,
)
from airocr.engine.thaiid.card.config import (
    CandidateConfig,
    CardFinderConfig,
    PortraitConfig,
    RefineConfig,
    ScoringConfig,
)
from airocr.engine.thaiid.card.finder import CardFinder
from airocr.engine.thaiid.card.portrait import Portrait, find_portrait
from airocr.engine.thaiid.card.refine import Gradients, refine_quad
from airocr.engine.thaiid.card.result import NO_CARD_MESSAGE, CardResult
from airocr.engine.thaiid.card.scoring import barcode_strength, layout_scores
from airocr.engine.thaiid.card.views import card_text_detector

__all__ = [
    "NO_CARD_MESSAGE",
    "CandidateConfig",
    "CardFinder",
    "CardFinderConfig",
    "CardResult",
    "Gradients",
    "Portrait",
    "PortraitConfig",
    "RefineConfig",
    "ScoringConfig",
    "apply_homography",
    "back_code_candidates",
    "barcode_strength",
    "card_text_detector",
    "edge_candidates",
    "find_portrait",
    "layout_scores",
    "line_candidates",
    "quad_iou",
    "refine_quad",
    "text_candidate",
]
