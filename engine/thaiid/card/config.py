"""The card finder's tuned numbers: one frozen dataclass per stage.

Why each value is what it is (bench seeds, scenes, measured counts) is recorded in
``docs/tuning/card.md``; the comments here only say what a field is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

_Margins = tuple[float, float, float, float]  # left, top, right, bottom


@dataclass(frozen=True)
class RefineConfig:
    """Colour gradients and the snap of a quad's sides to the strongest consistent-sign edge."""

    blur_sigma: float = 1.2  # Gaussian blur before the Sobel gradients (pixels)
    sobel_size: int = 3  # Sobel kernel size
    scale_percentile: float = 97.0  # gradient magnitude percentile taken as the image's unit of a strong edge
    sample_start: float = 0.12  # a side is sampled from this fraction of its length (rounded corners left out)
    sample_end: float = 0.88  # ... to this fraction
    samples: int = 40  # points sampled along a side
    steps: int = 17  # offsets tried at each end of a side in the first round
    later_steps: int = 13  # offsets tried in the later rounds
    rounds: int = 2  # search rounds, each over a narrower range
    narrowing: float = 0.3  # a round's search range relative to the round before
    tilt_penalty: float = 0.02  # score cost of turning a side by the whole search range (prefers parallel moves)


@dataclass(frozen=True)
class CandidateConfig:
    """The four candidate generators: edge-map contours, straight lines, text cluster, back codes."""

    edge_thresholds: tuple[float, ...] = (0.25, 0.45)  # gradient magnitudes (strong-edge units) made edge maps
    close_size: int = 3  # side of the closing kernel that joins broken edges
    close_iterations: int = 2  # closing iterations
    canny_blur: int = 5  # Gaussian kernel side before Canny on the lightness channel
    canny_low: int = 30  # Canny's lower hysteresis threshold
    canny_high: int = 90  # Canny's upper hysteresis threshold
    min_contour_points: int = 8  # contours with fewer points are skipped
    max_area: float = 1.02  # largest contour rectangle area / image area
    aspect_slack: float = 0.1  # extra aspect tolerance for contours (refined afterwards)
    min_fill: float = 0.8  # contour hull area / its min-area rectangle's area, at least
    line_min_gradient: float = 0.3  # line candidates: Canny edges weaker than this (strong-edge units) are dropped
    hough_votes: int = 40  # Hough accumulator threshold
    hough_min_length: float = 0.12  # shortest Hough segment, fraction of the image's short side
    hough_max_gap: float = 0.02  # largest gap inside a Hough segment, fraction of the long side
    merge_angle_deg: float = 3.0  # segments within this angle of a line's leader join it
    merge_offset_px: float = 6.0  # ... and within this offset (work pixels)
    min_line_span: float = 0.25  # shortest merged line, fraction of the image's short side
    max_lines: int = 16  # strongest lines paired into outlines
    parallel_deg: float = 8.0  # two lines this near in angle are a parallel pair
    perpendicular_tol_deg: float = 15.0  # two pairs this near a right angle make an outline
    outside_margin: float = 0.02  # an outline's corners may lie this far outside the image (fraction of its size)
    line_keep: int = 4  # line outlines kept, strongest edges first
    min_text_boxes: int = 3  # text-cluster candidate: fewest (parallel) boxes
    text_angle_tol_deg: float = 8.0  # a box this near the dominant angle counts as parallel
    min_group_radius_px: float = 3.0  # smallest dilation radius grouping the boxes (work pixels)
    group_radius: float = 2.5  # dilation radius grouping the boxes, in median box heights
    group_cells: float = 4  # the dilation radius in cells of the coarse grouping raster
    text_width_share: float = 0.92  # the text's share of the card's width
    text_height_share: float = 0.95  # the text's share of the card's height
    # A back's two codes (card fractions): laser start, card-number start, (laser, card number) box length
    # (card widths) and height (card heights); the first back drawing, and the real back's typical print.
    first_back_codes: tuple[tuple[float, float], ...] = ((0.597, 0.118), (0.036, 0.884), (0.241, 0.205),
                                                        (0.061, 0.051))
    real_back_codes: tuple[tuple[float, float], ...] = ((0.46, 0.90), (0.05, 0.08), (0.25, 0.18), (0.045, 0.035))
    code_parallel_deg: float = 8.0  # the two code boxes are within this angle of parallel
    code_angle_tol_deg: float = 10.0  # the placed card turns at most this far from the boxes' reading direction
    code_length_tol: float = 1.5  # largest ratio between a code box's length and the expected one
    code_height_tol: float = 2.0  # largest ratio between a code box's height and the expected one
    max_code_candidates: int = 2  # back-code placements kept, best first
    dedupe_iou: float = 0.9  # raw candidates overlapping a kept one this much are dropped


@dataclass(frozen=True)
class ScoringConfig:
    """Matching a rectified card's content to a side and turn: layout, portrait, barcode, text margins."""

    prior_raster: tuple[int, int] = (64, 101)  # (h, w) of the raster the layout priors are matched on
    f1_weight: float = 2.0  # weight of the F1 of text-in-prior and prior-covered-by-text
    art_weight: float = 2.0  # weight of the share of text lying on artwork that never holds text
    sparse_inside_power: float = 2.0  # a sparse layout's (real back) share of text inside its prior, to this power
    texture_std_unit: float = 64.0  # colour spread (BGR std) that counts as 1 in the portrait texture
    texture_mid: float = 0.6  # portrait texture at which the front/back cue is neutral
    texture_slope: float = 3.0  # steepness of the portrait cue (tanh)
    texture_bonus: float = 0.25  # largest front/back bonus from the portrait texture
    barcode_floor: float = 1.0  # barcode strength below which the barcode cue is neutral
    barcode_scale: float = 2.0  # barcode strength above the floor that gives tanh(1) of the bonus
    barcode_bonus: float = 0.3  # largest back/front bonus from the barcode
    hint_bonus: float = 0.15  # bonus for the side the caller hinted at
    confidence_slope: float = 6.0  # side confidence: logistic slope over the lead on the other side
    barcode_min_px: int = 8  # a barcode region narrower or lower than this has strength 0
    barcode_band: int = 5  # the barcode's column profile uses rows from 1/band to (band-1)/band of its height
    barcode_min_jump: float = 2.0  # mean column-to-column jump (grey levels) that noise gives at most
    barcode_row_floor: float = 1.0  # added to the row jumps before dividing (flat rows do not blow up)
    # The real back's Thai flag: five stripes (red, white, blue twice as high, white, red), in grey.
    flag_window: tuple[float, float, float, float] = (0.79, 0.30, 0.91, 0.60)  # where its middle columns lie
    flag_levels: tuple[float, ...] = (69.0, 245.0, 46.0, 46.0, 245.0, 69.0)  # the stripes' grey levels, top down
    flag_heights: tuple[float, float] = (0.075, 0.145)  # the flag's height range (card heights)
    flag_height_step: int = 3  # heights tried every this many card pixels
    min_flag_match: float = 0.7  # correlation of the window's row profile with the stripes, at least
    min_flag_contrast: float = 12.0  # the stripes' part of the profile's spread (grey levels), at least
    min_flag_even: float = 0.9  # correlation of the window's left and right halves' profiles, at least
    min_flag_edges: float = 0.15  # the weakest step between neighbouring stripes (share of their range), at least
    # Gap between the outermost text and the card's border (fractions of width and height), upright.
    front_margin_usual: _Margins = (0.033, 0.042, 0.081, 0.007)  # a front's usual margins
    front_margin_low: _Margins = (0.015, 0.0, 0.025, -0.03)  # a front's lowest margins
    front_margin_high: _Margins = (0.07, 0.07, 0.14, 0.07)  # a front's highest margins
    back_margin_usual: _Margins = (0.031, 0.078, 0.152, 0.088)  # a back's usual margins (its codes stop short)
    back_margin_low: _Margins = (0.015, 0.04, 0.09, 0.05)  # a back's lowest margins
    back_margin_high: _Margins = (0.07, 0.12, 0.26, 0.13)  # a back's highest margins

    front_real_margin_usual: _Margins = (0.085, 0.04, 0.03, 0.035)  # the real front's usual margins
    front_real_margin_low: _Margins = (0.05, 0.015, 0.005, 0.015)  # the real front's lowest margins
    front_real_margin_high: _Margins = (0.12, 0.08, 0.09, 0.08)  # the real front's highest margins

    def margins(self, layout: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """A printed layout's text margins (a side's, or the real front's): (usual, lowest, highest),
        each left, top, right, bottom."""
        key = layout if layout == "front_real" else ("back" if layout.startswith("back") else "front")
        ranges = [getattr(self, f"{key}_margin_{k}") for k in ("usual", "low", "high")]
        return np.array(ranges[0]), np.array(ranges[1]), np.array(ranges[2])


@dataclass(frozen=True)
class FlagConfig:
    """Finding the real back's flag in a photo (a copy with no card edge) and placing the card from it."""

    flag_box: tuple[float, float, float, float] = (795.0, 241.0, 920.0, 306.0)  # the flag on the canonical card (px)
    dark_size: int = 25  # black-hat kernel side: dark marks thinner than this (working pixels)
    dark_blur: float = 1.0  # Gaussian blur before the black-hat (pixels)
    dark_mads: float = 4.0  # dark marks stand this many noise units (scaled MADs) out ...
    dark_min: float = 12.0  # ... and at least this many grey levels
    min_stroke_px: int = 10  # dark marks of fewer pixels are not looked at
    min_elongation: float = 2.5  # a stripe is this many times longer than thick, at least
    length_slack: float = 0.8  # stripes from this share of the shortest card's flag width up are looked at
    patch_height: float = 6.0  # the patch across a stripe, in the stripe's thicknesses
    patch_min_px: int = 120  # a patch is enlarged to this length at least
    patch_side: float = 0.2  # the patch's profile leaves out this share of its length at each end
    thick_to_height: tuple[float, float] = (1.5, 4.5)  # the flag's height, in the middle stripe's thicknesses
    height_tries: int = 20  # flag heights tried per stripe, about
    max_flags: int = 3  # flags placed, clearest first (two readings each)


@dataclass(frozen=True)
class ArtConfig:
    """An outline whose print's lines are lost, shown by artwork alone: a back by its blurred barcode, a front by
    its chip and portrait frame (on an outline with strong edges)."""

    chip_core: tuple[float, float, float, float] = (0.11, 0.34, 0.19, 0.48)  # inside both layouts' chips
    chip_box: tuple[float, float, float, float] = (0.06, 0.29, 0.25, 0.54)  # around both layouts' chips
    chip_ring: tuple[float, float, float, float] = (0.02, 0.24, 0.30, 0.60)  # the card around the chip (less chip_box)
    min_chip_yellow: float = 6.0  # the chip's core is this much yellower (Lab b*) than the card around it, at least
    min_chip_contrast: float = 8.0  # ... and this far from it in colour (Lab distance), at least
    frame_search: float = 0.08  # the portrait box's snap range, fraction of its long side
    frame_steps: int = 13  # offsets tried at each end of a side in the snap's first round
    min_frame_edge: float = 0.28  # the portrait frame's weakest side's edge support, at least
    min_art_edge: float = 1.0  # the outline's edge support (weakest sides) needed to accept a front by its art
    veto_flag_match: float = 0.55  # a turn whose flag window correlates this well with the real back's flag ...
    veto_flag_contrast: float = 8.0  # ... with this much spread (grey levels) is no front's
    wide_barcode_step: int = 5  # a back shown by a barcode blurred further: its strength over this many pixels ...
    min_wide_barcode: float = 3.0  # ... at least this (on an outline with a card's edges, min_edge)


@dataclass(frozen=True)
class CardFinderConfig:
    """The finder: which candidates it judges, and what it takes for an outline to be a card."""

    work_side: int = 800  # long side of the working image for the geometry
    min_side_px: int = 15  # a photo with a shorter side holds no card
    min_area: float = 0.12  # smallest card area / image area considered (API: card >= 25 %)
    aspect_tol: float = 0.18  # allowed relative deviation of the long/short side ratio from 1.585
    search: float = 0.10  # refinement search range for the text-box candidate, fraction of the long side
    search_edge: float = 0.03  # the same for contour candidates (already on the card's edge)
    weakest_sides: int = 2  # an outline's edge support: the mean over its this many weakest sides
    min_edge: float = 0.12  # weakest-side edge support, relative to the image's strong gradients
    min_edge_text: float = 0.02  # the same for the candidate built from the text boxes
    min_layout: float = 0.30  # text-layout match needed to accept a candidate as a card
    min_lines: int = 3  # text boxes inside the card needed to accept it
    few_card_lines: int = 16  # fewer boxes on the plain rectified card: detect on a contrast-normalised one too
    plain_layouts: tuple[str, ...] = ("back", "back_real")  # ... unless they match one of these (fast_min_layout)
    fast_min_layout: float = 0.6  # layout match that accepts the best outline without photo-level detection
    min_barcode: float = 2.0  # barcode strength that accepts a back with strong edges but too little text
    blur_barcode_step: int = 3  # a blurred barcode's strength: jumps over this many pixels
    min_blur_barcode: float = 3.5  # that strength which accepts a back as min_barcode does
    redetect_below: int = 6  # fewer image-level text boxes on a candidate: detect on the rectified card
    fast_none_final: bool = True  # ... unless the fast path's detection on that card found no card
    few_photo_lines: int = 6  # fewer text boxes in the photo: detect on a contrast-normalised photo too
    max_candidates: int = 6  # refined outlines judged on the slow path
    dedupe_iou: float = 0.85  # a refined outline overlapping a better one this much is dropped
    retry_iou: float = 0.98  # a placement this near one already tried is not judged again
    max_line_height: float = 0.16  # printed text boxes are thinner than this share of the card's height
    clahe_clip: float = 2.5  # contrast normalisation: CLAHE clip limit on the lightness
    clahe_tiles: int = 8  # contrast normalisation: CLAHE tiles per side
    text_share_weight: float = 0.2  # slow path: score weight of the share of the photo's text boxes held
    edge_weight: float = 0.5  # score weight of the outline's edge support
    upright_lines: int = 6  # which way up, by reading: the largest boxes read both ways
    upright_aspect: int = 3  # ... their middle window at most this many heights wide
    upright_margin: float = 0.1  # the card is turned when the turned readings are this much more confident
    upright_min_height: int = 8  # boxes lower than this (card pixels) are not read for the turn
    upright_min_width: int = 16  # boxes narrower than this (card pixels) are not read for the turn
    margin_check: bool = True  # an outline whose text margins are out of range is placed again from the text
    margin_min_lines: int = 8  # text boxes needed to judge the margins
    margin_rounds: int = 2  # placements from the text, at most
    margin_gain: float = 0.2  # score gain a placement from the text needs to be kept
    margin_weight: float = 3.0  # score cost per unit of text running past the outline
    margin_same_px: float = 2.0  # a placement from the text this near the outline (canonical px) is the same card
    margin_screen: float = 0.1  # ... judged with its boxes mapped, detected if within this of margin_gain (<0: always)
    along_only: bool = True  # only text boxes running along the card count for its layout
    page_max_share: float = 0.35  # a card covering less of the photo may lie on a page with another card
    page_overlap: float = 0.1  # another card on the page overlaps the first found this little (IoU)
    descreen_retry: bool = True  # a photo without a card is searched again with its periodic pattern removed
    retry_side: int = 1600  # then again at this long side (small cards: a copy's on a photo of the page; 0 = never)
    denoise_strength: float = 7.0  # then again smoothed: non-local means filter strength (grey levels; 0 = never)
    retry_denoise_strength: float = 5.0  # then smoothed at retry_side with this strength (0 = never)
    card_retry_strengths: tuple[float, ...] = (0.0, 7.0)  # last, text read on rectified cards smoothed so (0 = plain)
    card_retry_edges: int = 2  # ... the strongest edge outlines judged so
    card_retry_descreen: bool = True  # ... and on the rectified card with its periodic pattern notched out
    coarse_sides: tuple[int, ...] = (300, 200)  # after it, outlines of the photo shrunk to these long sides
    coarse_keep: int = 2  # ... the strongest this many of each size, judged as the retry on the card does
    flag_retry: bool = True  # last, outlines placed from the real back's flag found in the photo, judged so
    flag_plain: bool = True  # ... on their plain rectified card only (not smoothed nor descreened)
    refine: RefineConfig = field(default_factory=RefineConfig)  # the snap to the card's edges
    candidates: CandidateConfig = field(default_factory=CandidateConfig)  # the candidate generators
    scoring: ScoringConfig = field(default_factory=ScoringConfig)  # the side and layout scoring
    flag: FlagConfig = field(default_factory=FlagConfig)  # placing a card from the real back's flag
    art: ArtConfig = field(default_factory=ArtConfig)  # a front shown by its chip and portrait frame alone


@dataclass(frozen=True)
class PortraitConfig:
    """The portrait box: the layout prior snapped to the photo's own frame."""

    search: float = 0.08  # refinement search range around the prior, fraction of its long side
    steps: int = 13  # offsets tried at each end of a side in the first round
    min_edge: float = 0.05  # a side of a clear photo frame has at least this edge support
    min_sides: int = 3  # a clear photo frame has this many such sides (4: every side)
    min_iou: float = 0.6  # a snapped frame overlapping its prior less is not the photo's
    crop_size: tuple[int, int] = (330, 420)  # (w, h) of the upright portrait crop
    jpeg_quality: int = 90  # JPEG quality of the returned portrait


DEFAULT_REFINE = RefineConfig()
DEFAULT_CANDIDATES = CandidateConfig()
DEFAULT_SCORING = ScoringConfig()
DEFAULT_PORTRAIT = PortraitConfig()
