"""Training-side line preprocessing (``scripts/training/rec_data.py``): load-time degradation, slant, glare, warp."""

from __future__ import annotations

import random

import cv2
import numpy as np

from scripts.synthesis.thai.dataset import make_sample
from scripts.training.rec_data import (
    HEIGHT,
    decode_resize,
    glare,
    hard_photometric,
    local_warp,
    low_resolution,
    pad_batch,
    preprocess,
    resize_to_height,
    shard_batches,
    shear,
)


def _jpeg() -> tuple[bytes, np.ndarray]:
    img = make_sample(20250601, "val", 7)[0]
    buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 95])[1].tobytes()
    return buf, cv2.imdecode(np.frombuffer(buf, np.uint8), cv2.IMREAD_COLOR)


def test_no_hard_share_is_the_plain_preprocessing() -> None:
    buf, img = _jpeg()
    assert np.array_equal(decode_resize(buf, 1.0, 1200, random.Random(0), 0.0), preprocess(img))


def test_a_48_px_model_gets_48_px_lines_with_the_same_aspect() -> None:
    buf, img = _jpeg()
    low, high = preprocess(img), preprocess(img, height=48)
    assert low.shape[1] == HEIGHT and high.shape[1] == 48
    assert abs(high.shape[2] - low.shape[2] * 1.5) <= 1
    batch = pad_batch([high, preprocess(img[:, : img.shape[1] // 2], height=48)])
    assert batch.shape == (2, 3, 48, -(-high.shape[2] // 4) * 4)
    shard = {"images": [buf] * 3, "texts": ["x"] * 3, "kinds": ["mixed"] * 3}
    (x, labels, _, _), = shard_batches(shard, 8, random.Random(0), train=True, height=48, hard_p=1.0)
    assert x.shape[2] == 48 and len(labels) == 3


def test_hard_blur_scales_with_the_line_height() -> None:
    """One blur draw smears a 48-px line's edge over ~1.5x the columns of a 32-px line's."""
    seed = next(s for s in range(100) if random.Random(s).random() < 0.4)  # a draw that blurs

    def edge_columns(height: int) -> int:
        step = np.zeros((height, 96, 3), np.uint8)
        step[:, 48:] = 255
        row = hard_photometric(step, random.Random(seed))[height // 2, :, 0].astype(int)
        return int(((row > 10) & (row < 245)).sum())

    assert edge_columns(48) > edge_columns(32) >= 2


def test_hard_degradation_keeps_the_shape_and_is_seeded() -> None:
    buf, img = _jpeg()
    small = cv2.resize(img, (img.shape[1] * HEIGHT // img.shape[0], HEIGHT), interpolation=cv2.INTER_AREA)
    outs = [hard_photometric(small, random.Random(s)) for s in range(12)]
    assert all(o.shape == small.shape and o.dtype == np.uint8 for o in outs)
    assert all(np.abs(o.astype(int) - small).mean() > 1.0 for o in outs)  # every draw changes the line
    assert np.array_equal(outs[3], hard_photometric(small, random.Random(3)))
    hard = decode_resize(buf, 1.0, 1200, random.Random(1), 1.0)
    assert hard.shape == preprocess(img).shape and not np.array_equal(hard, preprocess(img))


def test_shear_slants_without_cutting_ink() -> None:
    line = np.full((HEIGHT, 60, 3), 255, np.uint8)
    line[4:28, 28:32] = 0  # an upright bar
    for s in (0.3, -0.3):
        out = shear(line, s)
        assert out.shape == (HEIGHT, 60 + int(np.ceil(0.3 * HEIGHT)), 3)
        ink = out[..., 0] < 128
        top, bottom = np.flatnonzero(ink[5]).mean(), np.flatnonzero(ink[26]).mean()
        assert np.sign(bottom - top) == np.sign(s) and abs(bottom - top) > 0.2 * 21  # slanted by ~s
        assert ink.sum() >= 0.9 * (line[..., 0] < 128).sum()  # no ink cut off
    assert np.array_equal(shear(line, 0.0), line)


def test_shear_share_is_drawn_from_the_seeded_rng() -> None:
    buf, img = _jpeg()
    plain = preprocess(img)
    slanted = decode_resize(buf, 1.0, 1200, random.Random(5), 0.0, 1.0)
    assert slanted.shape[1] == plain.shape[1] and slanted.shape[2] > plain.shape[2]  # wider canvas
    assert np.array_equal(slanted, decode_resize(buf, 1.0, 1200, random.Random(5), 0.0, 1.0))
    assert np.array_equal(decode_resize(buf, 1.0, 1200, random.Random(5), 0.0, 0.0), plain)
    assert resize_to_height(img).shape[0] == HEIGHT


def test_glare_brightens_part_of_the_line_but_keeps_the_ink_visible() -> None:
    line = np.full((HEIGHT, 200, 3), 230, np.uint8)
    line[8:24, ::6] = 30  # ink strokes everywhere
    for seed in range(8):
        out = glare(line, random.Random(seed)).astype(int)
        assert out.shape == line.shape and (out >= line).all()  # only ever lighter
        ink, paper = out[8:24, 0:198:6, 0], out[8:24, 3::6, 0]
        assert (paper - ink).min() >= 0.15 * 200  # even under the blob's core the ink still shows
    assert np.array_equal(glare(line, random.Random(3)), glare(line, random.Random(3)))


def test_low_resolution_keeps_the_size_but_loses_the_detail() -> None:
    _, img = _jpeg()
    line = resize_to_height(img, height=48)
    soft = low_resolution(line, 0.5)
    assert soft.shape == line.shape and soft.dtype == np.uint8
    sharpness = lambda im: float(np.abs(np.diff(im.astype(float), axis=1)).mean())  # noqa: E731
    assert sharpness(soft) < 0.9 * sharpness(line)
    assert np.abs(low_resolution(line, 0.99).astype(int) - line).mean() < 2.0


def test_local_warp_bends_strokes_by_a_pixel_or_two_and_keeps_the_ink() -> None:
    line = np.full((HEIGHT, 120, 3), 255, np.uint8)
    line[6:26, 10:110:12] = 0  # upright bars, one pixel wide
    moved = []
    for seed in range(8):
        out = local_warp(line, random.Random(seed))
        assert out.shape == line.shape and out.dtype == np.uint8
        ink = out[..., 0] < 128
        assert 0.6 * (line[..., 0] < 128).sum() <= ink.sum() <= 1.6 * (line[..., 0] < 128).sum()
        cols = [np.flatnonzero(ink[r, 4:116]).astype(float) + 4 for r in (8, 16, 24)]
        bars = np.arange(10, 110, 12)
        for c in cols:  # each bar is still one bar, near where it was
            assert len(c) >= 6 and np.abs(c[:, None] - bars[None]).min(1).max() <= 4
        moved.append(max(np.abs(c[:, None] - bars[None]).min(1).mean() for c in cols))
    assert max(moved) > 0.3  # the field does move strokes
    assert np.array_equal(local_warp(line, random.Random(3)), local_warp(line, random.Random(3)))
    buf, img = _jpeg()
    plain = preprocess(img)
    assert np.array_equal(decode_resize(buf, 1.0, 1200, random.Random(5), warp_p=0.0), plain)
    bent = decode_resize(buf, 1.0, 1200, random.Random(5), warp_p=1.0)
    assert bent.shape == plain.shape and not np.array_equal(bent, plain)
