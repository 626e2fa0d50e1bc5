"""Thai ID card geometry: finding, rectification, rotation, side, portrait and idcard_type.

Scenes come from the synthetic generator (``scripts/synthesis/thaiid``) with the real text detector;
images are kept small so the file runs in well under a minute on two slow cores.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import cv2
import numpy as np
import pytest

from airocr.engine.errors import NoTextFound
from airocr.engine.thaiid.card import CardFinder, find_portrait, quad_iou
from airocr.engine.thaiid.descreen import descreen
from airocr.engine.thaiid.idcard_type import classify_idcard_type
from scripts.synthesis.thai.fonts import faces
from scripts.synthesis.thaiid.scene import make_scene, no_card_scene

SMALL = (300, 430)  # card width in scene pixels


@pytest.fixture(scope="module")
def finder(pipeline) -> CardFinder:
    return CardFinder.from_pipeline(pipeline)


def _corner_error(found: np.ndarray, truth: np.ndarray) -> float:
    """Largest corner distance in card widths (corners are compared in order: tl↔tl …)."""
    return float(np.linalg.norm(found - truth, axis=1).max() / np.linalg.norm(truth[1] - truth[0]))


CASES = [  # seed, side, card type, angle, hard conditions
    (11, "front", "normal", 0.0, False),
    (12, "front", "normal", 90.0, False),
    (13, "back", "normal", 180.0, False),
    (14, "front", "pink", 270.0, False),
    (15, "front", "normal", 33.0, True),
    (16, "back", "pink", 217.0, True),
    (17, "front", "normal", 131.0, True),
]


@pytest.mark.parametrize("seed,side,card_type,angle,hard", CASES)
def test_card_found_rectified_and_side(finder: CardFinder, seed: int, side: str, card_type: str, angle: float,
                                       hard: bool) -> None:
    s = make_scene(seed, side=side, card_type=card_type, angle=angle, hard=hard, card_px=SMALL)
    res = finder.find(s.image)
    assert quad_iou(res.quad, s.card_quad) >= 0.9
    assert _corner_error(res.quad, s.card_quad) < 0.08  # the card's top-left is found as top-left
    assert res.side == side
    assert res.card.shape[:2] == (638, 1012)
    if side == "front":
        portrait = find_portrait(res, s.image)
        assert quad_iou(portrait.quad_image, s.portrait_quad) >= 0.8
        assert portrait.jpeg_base64().startswith("/9j/")
        assert len(portrait.location()) == 4


@pytest.mark.parametrize("seed", [1, 2])
def test_no_card_raises(finder: CardFinder, seed: int) -> None:
    with pytest.raises(NoTextFound, match="No Thailand ID card"):
        finder.find(no_card_scene(seed, size=(420, 560)))


@pytest.mark.parametrize("idcard_type,seed", [("normal", 21), ("copy", 22), ("copy", 23), ("screen", 24),
                                              ("screen", 25)])
def test_idcard_type(finder: CardFinder, idcard_type: str, seed: int) -> None:
    s = make_scene(seed, side="front", idcard_type=idcard_type, card_px=(460, 560))
    res = finder.find(s.image)
    assert classify_idcard_type(res.card, s.image, quad=res.quad) == idcard_type


def test_barcode_strength_tells_backs_from_fronts_and_their_turn() -> None:
    """The back's barcode cue (used when a back's text is too faint to detect) is high on an upright
    back only: not on the same back turned 180°, and not on fronts. Fronts' text rows give it up to
    ~1.3 (12 seeds, the font families vary with the machine's fonts), worth a side bonus of
    0.3·tanh((s-1)/2) < 0.08; backs give ~40."""
    from airocr.engine.thaiid.card import barcode_strength
    from scripts.synthesis.thaiid.card import render_card

    for seed in (1, 2, 3):
        back = render_card(seed, "back").image
        front = render_card(seed, "front").image
        assert barcode_strength(back) > 10.0
        assert barcode_strength(np.ascontiguousarray(back[::-1, ::-1])) < 1.0
        assert barcode_strength(front) < 1.5


@pytest.mark.parametrize("seed,idcard_type", [(5026, "normal"), (5021, "normal"), pytest.param(
    5039, "screen", marks=pytest.mark.xfail(strict=True, reason=(
        "open: since the generator prints real-rule expiry dates (issue 39) this scene's photo-text outline, "
        "cut at the bezel (IoU 0.890), outscores the right edge outline (IoU 0.991) by layout, 1.854 to 1.641")))])
def test_dark_scenes_with_touching_clutter_or_a_strong_bezel(finder: CardFinder, seed: int,
                                                             idcard_type: str) -> None:
    """Dark photos where the card's contour merges with clutter that touches it (5026: a dark
    object along a side, 5021: a paper under a corner) or where the edge snap pulls the text's
    outline onto a screen's bezel (5039): the straight-line outlines and the unsnapped text
    outline find them. Each failed before those candidates existed."""
    s = make_scene(seed, idcard_type=idcard_type, hard=True, card_px=(640, 1000))
    assert s.degradation == "dark"
    res = finder.find(s.image)
    assert quad_iou(res.quad, s.card_quad) >= 0.9
    assert res.side == s.side


def testline_candidates_outline_a_card_on_clutter() -> None:
    """The straight-line candidate generator alone recovers the outline of a card on busy clutter."""
    import cv2

    from airocr.engine.thaiid.card import CardFinderConfig, Gradients, line_candidates

    s = make_scene(5026, hard=True, card_px=(640, 1000))
    k = 800 / max(s.image.shape[:2])
    work = cv2.resize(s.image, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)
    cands = line_candidates(work, Gradients(work), CardFinderConfig())
    assert cands and max(quad_iou(q / k, s.card_quad) for q in cands) >= 0.95


def _counting(detector: Callable) -> tuple[Callable, list[tuple[int, int]]]:
    """``detector`` wrapped to record the shape of every image it is called on, and that record."""
    calls: list[tuple[int, int]] = []

    def counting(img: np.ndarray):
        calls.append(img.shape[:2])
        return detector(img)

    return counting, calls


@pytest.mark.parametrize("seed,side", [(7002, "back"), (7017, "back"), (7001, "front")])
def test_a_clean_card_is_checked_with_one_text_detection(pipeline, seed: int, side: str) -> None:
    """The fast path detects text once, on the rectified card. A back prints fewer lines than the
    front's ``few_card_lines``; when its boxes already match the back's layout, no second pass on a
    contrast-normalised copy is run (it used to be, on every back)."""
    finder = CardFinder.from_pipeline(pipeline)
    finder.detector, calls = _counting(finder.detector)
    s = make_scene(seed, side=side, card_px=(640, 1000))
    res = finder.find(s.image)
    assert res.side == side and quad_iou(res.quad, s.card_quad) >= 0.9
    assert calls == [(638, 1012)]


@pytest.mark.parametrize("seed", [5000, 5001])
def test_a_clean_real_back_is_checked_with_one_text_detection(pipeline, seed: int) -> None:
    """The real back's boxes matching its layout on the plain card skip the contrast-normalised
    pass as the first back drawing's do (it found more lines on none of 40 bench real backs)."""
    finder = CardFinder.from_pipeline(pipeline)
    finder.detector, calls = _counting(finder.detector)
    s = make_scene(seed, side="back", back_style="real_plain", card_px=(640, 1000))
    res = finder.find(s.image, "back")  # asked for (a small back with no side asked is looked for a front beside)
    assert res.side == "back" and res.printed_layout == "back_real" and quad_iou(res.quad, s.card_quad) >= 0.9
    assert calls == [(638, 1012)]


def test_a_margin_placement_that_cannot_pay_is_not_detected(finder: CardFinder) -> None:
    """The text margins of an outline a little too big propose the card's own outline; judged with
    the first placement's boxes mapped onto it, a placement that would not gain ``margin_gain`` is
    dropped before a detection pass, and one that is the outline itself (``margin_same_px``) too."""
    from airocr.engine.thaiid.card import Gradients

    s = make_scene(11, side="front", card_px=(640, 1000))
    work, k = finder.working_image(s.image)
    grad = Gradients(work)
    own = finder.evaluate(s.image, s.card_quad, 0.8, None, k, None)
    assert own is not None
    counting, calls = _counting(finder.detector)
    strict = CardFinder(counting, replace(finder.config, margin_gain=10.0))  # no placement can gain that much
    tl, tr, br, bl = s.card_quad
    x = tr - tl
    grown = np.array([tl - 0.3 * x, tr, br, bl - 0.3 * x])
    res = strict.evaluate(s.image, grown, 0.3, None, k, None)
    assert res is not None and len(calls) == 1
    assert strict.by_margins(res, s.image, grad, k, None) is res and len(calls) == 1
    always = CardFinder(counting, replace(finder.config, margin_gain=10.0, margin_screen=-1.0))
    assert always.by_margins(res, s.image, grad, k, None) is res and len(calls) == 2


def _box(x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float64)


def testback_code_candidates_place_the_card_from_its_two_codes() -> None:
    """The laser code (top right) and the card number (bottom left) of a back, turned and scaled into
    a photo with a stray box beside them, give back the card's outline; the two side by side on one
    row, or one of them a word's size, give none."""
    from airocr.engine.detect import Detections
    from airocr.engine.thaiid import layout as L
    from airocr.engine.thaiid.card import apply_homography, back_code_candidates

    W, H = L.CARD_W, L.CARD_H
    laser = _box(0.597 * W, 0.088 * H, 0.84 * W, 0.149 * H)
    card_no = _box(0.036 * W, 0.858 * H, 0.24 * W, 0.909 * H)
    stray = _box(0.1 * W, 0.2 * H, 0.3 * W, 0.24 * H)
    corners = _box(0, 0, W, H)
    for angle, scale, shift in ((90.0, 0.45, (500, 60)), (-143.0, 0.7, (700, 650)), (7.0, 1.1, (40, 20))):
        t = np.deg2rad(angle)
        m = np.array([[scale * np.cos(t), -scale * np.sin(t), shift[0]],
                      [scale * np.sin(t), scale * np.cos(t), shift[1]], [0, 0, 1]])

        def dets(*boxes: np.ndarray, m=m) -> Detections:
            q = np.stack([apply_homography(m, b) for b in boxes])
            return Detections(q, np.ones(len(q)), np.zeros(len(q)), np.full(len(q), 5.0))

        truth = apply_homography(m, corners)
        found = back_code_candidates(dets(stray, laser, card_no))
        assert found and quad_iou(found[0], truth) >= 0.97
        assert not back_code_candidates(dets(laser, card_no - [0, card_no[0, 1] - laser[0, 1]]))
        word = _box(0.036 * W, 0.858 * H, 0.09 * W, 0.909 * H)
        assert not back_code_candidates(dets(laser, word))


def test_a_screen_back_lost_in_moire_is_found_by_its_codes(finder: CardFinder) -> None:
    """Bench seed 9059 (clean): a back photographed off a screen, turned 90°, whose fine print the
    moiré hides from the detector. No outline candidate exists and the text-cluster candidate is a
    third of the card; the two code boxes place it (it was not found before they did)."""
    s = make_scene(9059, idcard_type="screen", card_px=(640, 1000))
    assert s.side == "back"
    res = finder.find(s.image)
    assert res.side == "back" and quad_iou(res.quad, s.card_quad) >= 0.95


@pytest.mark.parametrize("seed", [11, 17])
def test_the_outline_holding_all_the_text_beats_a_strong_edge_cutting_the_card(finder: CardFinder,
                                                                              seed: int) -> None:
    """Slow-path scoring: the card's own outline with faint edges (0.3) against an outline that
    cuts the card at 0.8 of its size along a strong edge (0.6). Both match the front's layout;
    the score counts the share of the photo's text boxes held and weighs edges at half, so the
    whole card wins (with edges at full weight and no text share, the cut one won: seeds 11039 and
    5034 hard on the bench lost 10 and 7 fields that way)."""
    s = make_scene(seed, side="front", card_px=(640, 1000))
    dets = finder.detector(s.image)
    whole = finder.evaluate(s.image, s.card_quad, 0.3, dets, 1.0, None)
    cut = finder.evaluate(s.image, s.card_quad[0] + (s.card_quad - s.card_quad[0]) * 0.8, 0.6, dets, 1.0, None)
    assert whole is not None and cut is not None and whole.side == cut.side == "front"
    assert whole.score > cut.score


def test_a_bright_back_without_edges_is_placed_by_its_codes_unsnapped(finder: CardFinder) -> None:
    """Seed 11003 (hard, over-exposed photocopy): the back's outline has no edge left to snap to,
    so its two codes' placement is kept as it is; it used to be dropped, and the back was found
    turned, from its fine print alone, with both codes lost."""
    s = make_scene(11003, idcard_type="copy", hard=True, card_px=(640, 1000))
    assert s.side == "back"
    res = finder.find(s.image)
    assert res.side == "back" and quad_iou(res.quad, s.card_quad) >= 0.9
    assert _corner_error(res.quad, s.card_quad) < 0.08


@pytest.mark.parametrize("seed,grow", [(11, (0.0, 0.0, 0.0, 0.3)), (17, (0.35, 0.0, 0.0, 0.0)),
                                       (12, (0.0, 0.0, 0.3, 0.15))])
def test_an_outline_grown_onto_the_background_is_placed_again_by_the_text_margins(
        finder: CardFinder, seed: int, grow: tuple[float, float, float, float]) -> None:
    """An outline grown past the card on some sides (``grow``: left, top, right, bottom, in card
    widths and heights) holds all the text and matches the layout, so the layout check passes it;
    but the text stops well inside it. The margins' check places the card again from its text and
    the card's edges (bench seeds 9030, 11026 hard and fresh seeds 15035, 17001 hard were found
    that way). The card's own outline is left as it is."""
    from airocr.engine.thaiid.card import Gradients

    s = make_scene(seed, side="front", card_px=(640, 1000))
    tl, tr, br, bl = s.card_quad
    x, y = tr - tl, bl - tl
    left, top, right, bottom = grow
    grown = np.array([tl - left * x - top * y, tr + right * x - top * y, br + right * x + bottom * y,
                      bl - left * x + bottom * y])
    work, k = finder.working_image(s.image)
    grad = Gradients(work)
    res = finder.evaluate(s.image, grown, 0.3, None, k, None)
    assert res is not None and res.side == "front" and quad_iou(res.quad, s.card_quad) < 0.85
    placed = finder.by_margins(res, s.image, grad, k, None)
    assert quad_iou(placed.quad, s.card_quad) >= 0.95
    own = finder.evaluate(s.image, s.card_quad, 0.8, None, k, None)
    assert own is not None and finder.by_margins(own, s.image, grad, k, None) is own


@pytest.mark.parametrize("seed", [11, 12])
def test_an_outline_that_cuts_the_card_is_marked_down_by_its_text_margins(finder: CardFinder, seed: int) -> None:
    """An outline that cuts off the card's bottom and left (a faint edge on a striped background:
    bench seeds 19029, 13014 and 17019 clean) holds most of the text, and its layout can match
    about as well as the card's own, whose edges may be the weaker ones: such cut outlines won by a
    few hundredths (19029: 1.790 against 1.763). The text runs past the cut outline's bottom, so
    ``margin_weight`` takes that overrun off its score; the card's own outline, whose margins are
    in range, keeps its score, and so does an outline grown past the card (text stopping short
    looks the same as undetected text, which would mark the card down in a blurred photo: bench
    seed 21008 hard)."""
    s = make_scene(seed, side="front", card_px=(640, 1000), families=("Loma", "Norasi", "NotoSerifThai"))
    tl, tr, br, bl = s.card_quad
    x, y = tr - tl, bl - tl
    cut = np.array([tl + 0.05 * x, tr, br - 0.08 * y, bl + 0.05 * x - 0.08 * y])
    grown = np.array([tl - 0.1 * y, tr - 0.1 * y, br, bl])
    work, k = finder.working_image(s.image)
    weighted, plain = finder, CardFinder(finder.detector, replace(finder.config, margin_weight=0.0))
    assert weighted.config.margin_weight > 0
    cut_w, cut_p = (f.evaluate(s.image, cut, 0.9, None, k, None) for f in (weighted, plain))
    own_w, own_p = (f.evaluate(s.image, s.card_quad, 0.8, None, k, None) for f in (weighted, plain))
    assert cut_w is not None and own_w is not None and cut_p is not None and own_p is not None
    assert quad_iou(cut_w.quad, s.card_quad) < 0.9 and len(cut_w.text_quads) >= 14
    assert cut_w.score < cut_p.score - 0.02  # the text runs past its border: marked down
    assert own_w.score == pytest.approx(own_p.score)  # the card's own margins are in range
    grown_w, grown_p = (f.evaluate(s.image, grown, 0.8, None, k, None) for f in (weighted, plain))
    assert grown_w is not None and grown_p is not None and grown_w.score == pytest.approx(grown_p.score)
    few = CardFinder(finder.detector, replace(finder.config, margin_min_lines=len(cut_w.text_quads) + 1))
    cut_few = few.evaluate(s.image, cut, 0.9, None, k, None)
    assert cut_few is not None and cut_few.score == pytest.approx(cut_p.score)  # too few boxes to judge


@pytest.mark.parametrize("seed", [11, 13])
def test_an_outline_across_the_card_is_no_card(finder: CardFinder, seed: int) -> None:
    """An outline turned by 90° over a front (the card's own outline turned about its centre) sees
    the print standing upright. Its boxes used to match the front's layout about as well as the
    card's own (layout ~1.0: seed 17009 hard, a washed-out screen photo, was read that way, every
    field lost); boxes that do not run along the card no longer count, and it is no card."""
    s = make_scene(seed, side="front", card_px=(640, 1000))
    c = s.card_quad.mean(0)
    across = c + (s.card_quad - c) @ np.array([[0.0, -1.0], [1.0, 0.0]])
    dets = finder.detector(s.image)
    assert finder.evaluate(s.image, across, 0.5, None, 1.0, None) is None
    assert finder.evaluate(s.image, across, 0.5, dets, 1.0, None) is None
    own = finder.evaluate(s.image, s.card_quad, 0.5, dets, 1.0, None)
    assert own is not None and own.side == "front"


def test_descreen_notches_a_display_grid_out_of_a_photo() -> None:
    """A display's sub-pixel stripes (period 3.4 px, 8°, 30 % deep) over printed text and a card's
    outline: notched out, the photo is much nearer the unstriped one (RMS up to the stripes' mean
    darkening), and the stripes' own frequency is gone."""
    rng = np.random.default_rng(0)
    h, w = 480, 640
    img = np.full((h, w, 3), 200, np.uint8)
    for _ in range(40):
        x, y = int(rng.integers(0, w - 120)), int(rng.integers(15, h))
        cv2.putText(img, "ABC 123 xyz", (x, y), cv2.FONT_HERSHEY_SIMPLEX, 0.5,
                    tuple(int(v) for v in rng.integers(0, 90, 3)), 1, cv2.LINE_AA)
    cv2.rectangle(img, (100, 80), (540, 400), (150, 120, 90), 2)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    u = xx * np.cos(np.deg2rad(8)) + yy * np.sin(np.deg2rad(8))
    stripes = 0.7 + 0.3 * (0.5 + 0.5 * np.cos(2 * np.pi * u / 3.4))
    striped = np.clip(img * stripes[..., None], 0, 255).astype(np.uint8)
    clean = descreen(striped)
    assert clean is not None and clean.shape == striped.shape and clean.dtype == np.uint8
    assert descreen(np.full((h, w, 3), 128, np.uint8)) is None  # nothing periodic: nothing to retry on

    def rms(a: np.ndarray) -> float:
        return float(np.sqrt(((a.astype(np.float64) - img * 0.85) ** 2).mean()))

    assert rms(clean) < 0.45 * rms(striped)

    def stripe_amplitude(a: np.ndarray) -> float:
        g = cv2.cvtColor(a, cv2.COLOR_BGR2GRAY).astype(np.float64)
        return float(abs((g * np.exp(-2j * np.pi * u / 3.4)).mean()))

    assert stripe_amplitude(clean) < 0.1 * stripe_amplitude(striped)


def test_a_screen_photo_whose_stripes_hide_the_card_is_found_descreened(finder: CardFinder) -> None:
    """Bench seed 5054 (hard, blurred), a front photographed off a screen, printed in the Debian
    held-out families (the same scene with or without the fetched fonts): the display's stripes
    leave no outline candidate and too few text boxes in the photo, so the card is not found; with
    the stripes notched out it is."""
    s = make_scene(5054, idcard_type="screen", hard=True, card_px=(640, 1000),
                   families=("Loma", "Norasi", "NotoSerifThai"))
    plain = CardFinder(finder.detector, replace(finder.config, descreen_retry=False, retry_side=0,
                                                      denoise_strength=0.0, card_retry_strengths=()))
    with pytest.raises(NoTextFound):
        plain.find(s.image)
    res = finder.find(s.image)
    assert res.side == s.side == "front" and quad_iou(res.quad, s.card_quad) >= 0.95


# The capture's card is printed in a family drawn among the installed ones: with the fetched fonts
# (scripts/data/fetch_fonts.py) this seed prints in another face than on a bare machine (CI), where it passes.
@pytest.mark.xfail(condition=bool(faces("THNiramitAS")), strict=True,
                   reason="open with the fetched fonts: with the real back's layout (issue 39) in the finder, the "
                   "retry places this copy's card as a back at IoU 0.84 (0.9 asked)")
def test_a_copy_photographed_on_its_page_is_found_at_the_larger_retry_scale(finder: CardFinder) -> None:
    """A photocopy's card covers 15-30 % of a photo of the A4 page: at the finder's working size its
    text is too small to detect, and the retry at ``retry_side`` finds it (the simulated capture,
    tuned ranges; docs/tuning/idcard_type.md)."""
    from scripts.synthesis.thaiid.captures import make_capture

    c = make_capture(2, "copy", "tuned")
    res = finder.find(c.image)
    assert max(quad_iou(res.quad, q) for q in c.card_quads) > 0.9
    without = CardFinder(finder.detector, replace(finder.config, retry_side=0, card_retry_strengths=()),
                         finder.line_reader)
    with pytest.raises(NoTextFound):
        without.find(c.image)
