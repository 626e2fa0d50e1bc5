"""The physical capture simulations behind the idcard_type bench: what each stage does to light, and
that the held-out ranges never overlap the tuned ones."""

from __future__ import annotations

import numpy as np
import pytest

from scripts.synthesis.thaiid import camera as C
from scripts.synthesis.thaiid.captures import SPLITS, make_capture
from scripts.synthesis.thaiid.copier import HALFTONE_LPI, CopierSettings, photocopy
from scripts.synthesis.thaiid.display import SCREEN_PITCH, DisplaySettings, emission


def _overlap(a: tuple[tuple[float, float], ...], b: tuple[tuple[float, float], ...]) -> bool:
    return any(lo1 < hi2 and lo2 < hi1 for lo1, hi1 in a for lo2, hi2 in b)


@pytest.mark.parametrize("ranges", [HALFTONE_LPI, SCREEN_PITCH, C.SCANNER_DPI])
def test_held_out_ranges_are_disjoint_from_tuned_ones(ranges: dict) -> None:
    assert set(ranges) == set(SPLITS)
    assert not _overlap(ranges["tuned"], ranges["heldout"])


def test_held_out_cameras_are_other_devices() -> None:
    assert not {c.name for c in C.TUNED_CAMERAS} & {c.name for c in C.HELDOUT_CAMERAS}


def _dominant_period(signal: np.ndarray) -> float:
    """Period (samples) of the strongest non-DC component of a 1-D signal."""
    spec = np.abs(np.fft.rfft(signal - signal.mean()))
    k = int(np.argmax(spec[2:])) + 2
    return len(signal) / k


def test_an_rgb_stripe_display_repeats_each_colour_once_per_pixel() -> None:
    st = DisplaySettings("rgb_stripe", False, 0.8, 0.9, (1.0, 1.0, 1.0), 0.0, 1.0, 0.0)
    disp = np.full((8, 64, 3), 0.5, np.float32)
    u = np.tile(np.linspace(0, 64, 64 * 12, endpoint=False, dtype=np.float32), (4, 1))  # 12 samples per pixel
    v = np.full_like(u, 4.3)
    light = emission(disp, u, v, st)
    for c in range(3):
        assert _dominant_period(light[0, :, c]) == pytest.approx(12, rel=0.05)
    # red sits right of green, green right of blue: the stripe order of an RGB panel (BGR channels)
    first = [int(np.argmax(light[0, :12, c] > 0)) for c in (2, 1, 0)]
    assert first[0] < first[1] < first[2]
    # the apertures keep the pixel's mean light (averaged over a fine 2-D sampling of 4 x 4 pixels)
    g = np.linspace(0, 4, 4 * 60, endpoint=False, dtype=np.float32)
    uu, vv = np.meshgrid(g, g)
    assert emission(disp, uu, vv, st).mean((0, 1)) == pytest.approx([0.5, 0.5, 0.5], rel=0.06)


def test_pentile_puts_red_and_blue_on_alternate_pixels() -> None:
    st = DisplaySettings("pentile", False, 0.8, 0.9, (1.0, 1.0, 1.0), 0.0, 1.0, 0.0)
    disp = np.full((8, 32, 3), 0.5, np.float32)
    u = np.tile(np.linspace(0, 32, 32 * 10, endpoint=False, dtype=np.float32), (1, 1))
    v = np.full_like(u, 2.5)
    light = emission(disp, u, v, st)[0]
    red = light[:, 2].reshape(32, 10).max(1) > 0
    blue = light[:, 0].reshape(32, 10).max(1) > 0
    assert np.all(red ^ blue) and np.all(red[::2] != red[1::2])
    assert np.all(light[:, 1].reshape(32, 10).max(1) > 0)  # green in every pixel


def _copier(screen: str, lpi: float, colour: bool = False) -> CopierSettings:
    return CopierSettings(colour, screen, lpi, 0.0, 0.1, 0.8, 1.0, 0.0, 0.3, 0.05, 0.0, 0.95, (0.9, 0.9, 0.9), 0, 0.0)


def test_a_copy_prints_mid_grey_as_a_halftone_at_the_screen_frequency() -> None:
    st = _copier("line", 100.0)
    ppm = st.px_per_mm()
    grey = np.full((64, 256, 3), 0.2, np.float32)  # a mid-tone: half covered by toner
    paper = np.full_like(grey, 0.9)
    out = photocopy(grey, st, paper, np.random.default_rng(0), ppm)[..., 1]
    assert _dominant_period(out[32]) == pytest.approx(ppm * 25.4 / 100.0, rel=0.1)
    assert 0.05 < out.min() < 0.2 and out.max() > 0.8  # toner and bare paper, nothing in between at the core


def test_a_photo_quality_printout_keeps_mid_grey_continuous_and_a_copier_screens_it() -> None:
    grey = np.full((64, 256, 3), 0.2, np.float32)
    paper = np.full_like(grey, 0.9)
    st = _copier("contone", 150.0)
    out = photocopy(grey, st, paper, np.random.default_rng(0), st.px_per_mm())[..., 1]
    assert np.ptp(out[8:-8, 8:-8]) < 1e-3 and 0.2 < out.mean() < 0.8  # one even mid-tone, no dots
    dots = photocopy(grey, _copier("dot", 150.0), paper, np.random.default_rng(0), st.px_per_mm())[..., 1]
    assert np.ptp(dots[8:-8, 8:-8]) > 0.5


def test_photo_prints_are_a_tuned_wider_variant_of_copies() -> None:
    photo = make_capture(2, "copy", "tuned", wide=True, real_prints=True, photo_prints=True)
    assert photo.params["screen"] == "contone"
    with pytest.raises(ValueError):
        make_capture(2, "copy", "tuned", photo_prints=True)
    with pytest.raises(ValueError):
        make_capture(2, "copy", "heldout", wide=True, photo_prints=True)


def test_cast_scans_are_flatbed_scans_of_photo_prints_with_a_colour_error() -> None:
    """Every cast scan is scanned with a colour error; those cut to the card keep the card in the frame."""
    caps = [make_capture(s, "copy", "tuned", wide=True, real_prints=True, photo_prints=True, cast_scans=True)
            for s in range(6)]
    assert all(c.params["capture"] == "scan" and c.params["scan_colour"] in ("channel_swap", "cast") for c in caps)
    cut = [c for c in caps if c.params.get("cut_to_card")]
    assert cut and len(cut) < len(caps)
    for c in cut:
        h, w = c.image.shape[:2]
        q = c.card_quads[0]
        assert len(c.card_quads) == 1 and q[:, 0].min() >= -1 and q[:, 1].min() >= -1
        assert q[:, 0].max() <= w + 1 and q[:, 1].max() <= h + 1 and np.ptp(q[:, 0]) > 0.9 * w
    with pytest.raises(ValueError):
        make_capture(2, "copy", "tuned", wide=True, cast_scans=True)


def test_a_copy_washes_the_pale_card_background_out_to_paper_and_keeps_text_dark() -> None:
    st = _copier("text", 120.0)
    card = np.full((40, 40, 3), 0.75, np.float32)  # a pale blue-ish print (linear ~0.75)
    card[15:25, 5:35] = 0.02  # a text stroke
    paper = np.full_like(card, 0.88)
    out = photocopy(card, st, paper, np.random.default_rng(0), st.px_per_mm())
    assert np.allclose(out[2:8, 2:38], 0.88, atol=0.02)
    assert out[18:22, 10:30].max() < 0.1
    assert np.ptp(out, axis=2).max() < 1e-6  # a black-and-white copy has no colour


def test_the_camera_turns_a_fine_grid_into_a_coarser_moire_beat() -> None:
    rng = np.random.default_rng(1)
    cam = C.CameraSettings("test", 0.3, 0.0, 0.0, (1.0, 1.0), 1.0, 0.0, 0.0, 98, False)
    s = C.SUPERSAMPLE
    x = np.arange(256 * s, dtype=np.float32) / s
    period = 1.1  # a display grid just finer than two sensor pixels per period
    row = 0.4 + 0.3 * np.cos(2 * np.pi * x / period)
    rad = np.broadcast_to(row[None, :, None], (64 * s, 256 * s, 3)).astype(np.float32)
    img = C.expose(rad, cam, rng).astype(np.float32).mean(2)
    # the grid's frequency 1/1.1 aliases to |1/1.1 - 1| = 0.091 cycles/px: a beat 11 px long
    assert _dominant_period(img[32]) == pytest.approx(1 / abs(1 / period - 1), rel=0.1)


@pytest.mark.parametrize("kind", ["normal", "copy", "screen"])
def test_captures_are_deterministic_and_their_card_lies_in_the_photo(kind: str) -> None:
    a = make_capture(3, kind, "heldout")
    assert a.kind == kind and a.split == "heldout" and a.image.ndim == 3
    h, w = a.image.shape[:2]
    q = a.card_quads[0]
    centre = q.mean(0)
    assert 0 < centre[0] < w and 0 < centre[1] < h
    area = 0.5 * abs(np.dot(q[:, 0], np.roll(q[:, 1], 1)) - np.dot(q[:, 1], np.roll(q[:, 0], 1)))
    assert 0.12 < area / (h * w) < 1.0
    b = make_capture(3, kind, "heldout")
    assert np.array_equal(a.image, b.image)


def test_the_wider_copy_variants_leave_every_other_capture_as_it_was() -> None:
    """``wide`` draws its variants from their own stream: a normal card is the same capture with or
    without it, a copy's parameters name the variant, and the held-out split has none."""
    assert np.array_equal(make_capture(5, "normal", "tuned", wide=True).image, make_capture(5, "normal", "tuned").image)
    params = [make_capture(seed, "copy", "tuned", wide=True).params for seed in range(4)]
    assert all("printout" in p and "generations" in p for p in params)
    with pytest.raises(ValueError):
        make_capture(3, "copy", "heldout", wide=True)


def test_a_swapped_scan_pipeline_swaps_red_and_blue() -> None:
    from scripts.synthesis.thaiid.captures import _scan_colour_error

    img = np.zeros((8, 8, 3), np.uint8)
    img[..., 0], img[..., 2] = 200, 40
    for seed in range(40):  # some seed draws the swap
        out, what = _scan_colour_error(img, np.random.default_rng(seed))
        if what == "channel_swap":
            assert (out[..., 0] == 40).all() and (out[..., 2] == 200).all()
            return
    raise AssertionError("no swap drawn in 40 seeds")


def test_real_prints_change_the_card_and_nothing_else() -> None:
    """``real_prints`` draws the card's printing from its own stream: the capture's camera, light and
    placement are the legacy capture's, the card is printed in the split's own real variants."""
    from scripts.synthesis.thaiid.back import HELDOUT_BACK_STYLES, TUNED_BACK_STYLES
    from scripts.synthesis.thaiid.captures import Printing
    from scripts.synthesis.thaiid.front import HELDOUT_FRONT_STYLES, TUNED_FRONT_STYLES

    plain, real = make_capture(5, "normal", "tuned"), make_capture(5, "normal", "tuned", real_prints=True)
    assert plain.params == real.params and np.allclose(plain.card_quads[0], real.card_quads[0])
    assert not np.array_equal(plain.image, real.image)
    tuned = Printing("tuned", True, np.random.default_rng(0))
    held = Printing("heldout", True, np.random.default_rng(0))
    for _ in range(8):
        back, front = tuned.styles()
        assert back in TUNED_BACK_STYLES and front in TUNED_FRONT_STYLES
        back, front = held.styles()
        assert back in HELDOUT_BACK_STYLES and front in HELDOUT_FRONT_STYLES
    assert Printing().styles() == ("legacy", "legacy")
