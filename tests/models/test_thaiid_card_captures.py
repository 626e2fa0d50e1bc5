"""The card finder on the physically simulated captures of issue 42 (``scripts/synthesis/thaiid/captures.py``):
a webcam's blurred back shown only by its barcode, a noisy screen photo found denoised, a faint-edged
copy's back placed by its codes (docs/experiments/issue42_finding_part2.md), a copy's front on its page
found by its printed border in the shrunk photo (issue42_part5.md); tuned-range seeds only.
"""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np
import pytest

from airocr.engine.errors import NoTextFound
from airocr.engine.thaiid.card import CardFinder, CardResult, barcode_strength, quad_iou
from tests.rendering import needs_fetched_fonts


def _old(finder: CardFinder) -> CardFinder:
    """The finder as it was before: the barcode pixel to pixel only, with the card's edges; no denoised retries,
    no card shown by its artwork (a barcode over 5 px, a front's chip and frame: part 7)."""
    art = replace(finder.config.art, min_wide_barcode=float("inf"), min_art_edge=float("inf"))
    cfg = replace(finder.config, min_blur_barcode=float("inf"), denoise_strength=0.0, retry_denoise_strength=0.0,
                  card_retry_strengths=(), art=art)
    return CardFinder(finder.detector, cfg, finder.line_reader)


def test_a_blurred_barcode_still_jumps_over_a_few_pixels() -> None:
    """Blur (a webcam's defocus, the card magnified onto the canonical raster) takes a barcode's
    pixel-to-pixel jumps below ``min_barcode``; over 3 pixels it still jumps, while a front's text
    rows do not jump more over 3 pixels than over one."""
    from airocr.engine.thaiid.card.config import CardFinderConfig
    from scripts.synthesis.thaiid.card import render_card

    cfg = CardFinderConfig()
    rng = np.random.default_rng(0)
    families = ("Loma", "Norasi", "NotoSerifThai")
    for seed in (1, 2, 3):
        back = render_card(seed, "back", families=families).image
        blurred = cv2.GaussianBlur(back, (0, 0), 3.5).astype(np.float32) + rng.normal(0, 6, back.shape)
        blurred = np.clip(blurred, 0, 255).astype(np.uint8)
        assert barcode_strength(blurred) < cfg.min_barcode
        assert barcode_strength(blurred, step=cfg.blur_barcode_step) >= cfg.min_blur_barcode
        front = render_card(seed, "front", families=families).image
        for card in (front, np.ascontiguousarray(front[::-1, ::-1])):
            assert barcode_strength(card, step=cfg.blur_barcode_step) < 0.5 * cfg.min_blur_barcode


@needs_fetched_fonts
@pytest.mark.parametrize("kind,seed", [("normal", 50003), ("screen", 50029)])
def test_a_webcam_back_whose_lines_are_lost_is_found_by_its_blurred_barcode(finder: CardFinder, kind: str,
                                                                             seed: int) -> None:
    """Webcam captures of a back (tuned ranges): the outline is clear, but the back's small lines
    are blur and noise to the detector (one or no box); the barcode, blurred, shows it is a back."""
    from scripts.synthesis.thaiid.captures import make_capture

    c = make_capture(seed, kind, "tuned")
    with pytest.raises(NoTextFound):
        _old(finder).find(c.image)
    res = finder.find(c.image)
    assert res.side == c.side == "back" and quad_iou(res.quad, c.card_quads[0]) >= 0.95


@needs_fetched_fonts
def test_a_faint_edged_copy_back_is_found_by_its_barcode_and_codes(finder: CardFinder) -> None:
    """A photographed photocopy of a back (tuned seed 50019): the copy has no card edges to speak of,
    and only the two codes are detected; they lie where a back prints them, and the barcode shows."""
    from scripts.synthesis.thaiid.captures import make_capture

    c = make_capture(50019, "copy", "tuned")
    res = finder.find(c.image)
    assert res.side == "back" and max(quad_iou(res.quad, q) for q in c.card_quads) >= 0.95
    assert len(res.text_quads) < finder.config.min_lines  # the barcode and the codes' places, not the text


@needs_fetched_fonts
def test_a_noisy_screen_photo_is_found_denoised(finder: CardFinder) -> None:
    """A webcam's photo of a front on a screen (tuned seed 50022): noise on the moiré leaves the
    detector no text, on the photo or on the rectified card; smoothed, the card is found, and its
    raster is taken from the photo as it came (what is typed is what was captured)."""
    from scripts.synthesis.thaiid.captures import make_capture

    c = make_capture(50022, "screen", "tuned")
    with pytest.raises(NoTextFound):
        _old(finder).find(c.image)
    res = finder.find(c.image)
    assert res.side == c.side == "front" and quad_iou(res.quad, c.card_quads[0]) >= 0.95
    raw = cv2.warpPerspective(c.image, res.homography, res.card.shape[1::-1],
                              flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP, borderMode=cv2.BORDER_REPLICATE)
    assert np.abs(raw.astype(int) - res.card.astype(int)).mean() < 1.0


def _found_only_with(finder: CardFinder, image: np.ndarray, **off: object) -> CardResult:
    """The card ``finder`` finds in ``image``, after checking that the finder with ``off`` (a retry
    switched off) finds none."""
    without = CardFinder(finder.detector, replace(finder.config, **off), finder.line_reader)
    with pytest.raises(NoTextFound):
        without.find(image)
    return finder.find(image)


@needs_fetched_fonts
@pytest.mark.parametrize("seed", [50034, 50036])
def test_a_noisy_screen_photo_is_found_by_the_text_on_its_cleaned_card(finder: CardFinder, seed: int) -> None:
    """Photos of a front on a screen (tuned seeds; 50034 a webcam's, 50036 a mid-range phone's with
    banding and glare): the outline is clear, but moiré and sensor noise leave no text for the
    detector on the photo, smoothed or not, nor on the rectified card; on the rectified card smoothed
    (50034: the strokes are several pixels wide there) or descreened (50036: the moiré is one periodic
    pattern there), the print shows and matches a front (docs/experiments/issue42_part4.md)."""
    from scripts.synthesis.thaiid.captures import make_capture

    c = make_capture(seed, "screen", "tuned")
    # (its chip and portrait frame show it too, part 7: that look is switched off as well)
    no_art = replace(finder.config.art, min_art_edge=float("inf"))
    res = _found_only_with(finder, c.image, card_retry_strengths=(), art=no_art)
    assert res.side == c.side == "front" and quad_iou(res.quad, c.card_quads[0]) >= 0.95
    assert not res.by_artwork  # found by its text, which beats the artwork
    # what is typed and read is the photo as it came (rectified at the quad found, perhaps turned
    # after: the turn flips the raster), not the card the text was seen on
    from airocr.engine.thaiid import layout as L
    from airocr.engine.thaiid.card.result import CANONICAL_CORNERS

    def rectified(quad: np.ndarray) -> np.ndarray:
        h = cv2.getPerspectiveTransform(CANONICAL_CORNERS, quad.astype(np.float32))
        return cv2.warpPerspective(c.image, h, (L.CARD_W, L.CARD_H), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                                   borderMode=cv2.BORDER_REPLICATE)

    as_found, turned = rectified(res.quad), rectified(np.roll(res.quad, 2, axis=0))[::-1, ::-1]
    assert np.array_equal(res.card, as_found) or np.array_equal(res.card, turned)


@needs_fetched_fonts
@pytest.mark.parametrize("seed", [50007, 50022])
def test_a_copy_photographed_on_its_page_is_found_by_its_border_once_shrunk(finder: CardFinder, seed: int) -> None:
    """Webcam photos of a photocopied front lying on its page (tuned seeds): the copy has no card edge,
    only the thin border the copier printed around the card, which the sensor's noise hides at the
    working size, and the detector sees too few boxes in the photo for the text candidate; shrunk to
    ``coarse_sides`` the noise averages out and the border is an outline, whose rectified card's
    text matches a front (docs/experiments/issue42_part5.md)."""
    from scripts.synthesis.thaiid.captures import make_capture

    c = make_capture(seed, "copy", "tuned")
    res = _found_only_with(finder, c.image, coarse_sides=())
    assert res.side == c.side == "front" and quad_iou(res.quad, c.card_quads[0]) >= 0.85
