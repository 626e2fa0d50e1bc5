"""Training-side line preprocessing (``scripts/rec_data.py``): the load-time hard degradation."""

from __future__ import annotations

import random

import cv2
import numpy as np

from scripts.rec_data import HEIGHT, decode_resize, hard_photometric, preprocess
from scripts.synth.dataset import make_sample


def _jpeg() -> tuple[bytes, np.ndarray]:
    img = make_sample(20250601, "val", 7)[0]
    buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 95])[1].tobytes()
    return buf, cv2.imdecode(np.frombuffer(buf, np.uint8), cv2.IMREAD_COLOR)


def test_no_hard_share_is_the_plain_preprocessing() -> None:
    buf, img = _jpeg()
    assert np.array_equal(decode_resize(buf, 1.0, 1200, random.Random(0), 0.0), preprocess(img))


def test_hard_degradation_keeps_the_shape_and_is_seeded() -> None:
    buf, img = _jpeg()
    small = cv2.resize(img, (img.shape[1] * HEIGHT // img.shape[0], HEIGHT), interpolation=cv2.INTER_AREA)
    outs = [hard_photometric(small, random.Random(s)) for s in range(12)]
    assert all(o.shape == small.shape and o.dtype == np.uint8 for o in outs)
    assert all(np.abs(o.astype(int) - small).mean() > 1.0 for o in outs)  # every draw changes the line
    assert np.array_equal(outs[3], hard_photometric(small, random.Random(3)))
    hard = decode_resize(buf, 1.0, 1200, random.Random(1), 1.0)
    assert hard.shape == preprocess(img).shape and not np.array_equal(hard, preprocess(img))
