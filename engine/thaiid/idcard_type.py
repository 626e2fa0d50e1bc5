"""``idcard_type``: is the photo of the card itself (``normal``), of a photocopy (``copy``), or of a
screen showing it (``screen``)?

Measurable cues of the rectified card and the photo feed a small multinomial logistic regression
(``models/idcard_type.json``, fitted by ``scripts/training/train_idcard_type.py``): saturation and
chroma spread (a copy is grey), white paper share and contrast (a copy is flat and contrasty), the
strength of a periodic high-frequency pattern in grey and in red minus blue at the photo's centre
(a display's pixel grid and sub-pixel stripes), the colour of the card's brightest tones, its black
level and low-frequency unevenness (a display's colour cast, raised blacks, backlight glow and moiré
beat), the straight stripes of the moiré beat across the portrait or seal (:func:`_beat_peak`), and
the cues of the photo *at the card* (:mod:`engine.thaiid.idcard_cues`: the fine texture of its
surface at native resolution -- halftone dots, sub-pixels, demosaiced colour noise -- and how its
border meets its surroundings: a copy's card is printed on the page). The evidence for each cue
and the model's scores (tuned vs held-out simulation ranges) are in docs/tuning/idcard_type.md.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import cv2
import numpy as np

from airocr.engine.models import ModelStore
from airocr.engine.thaiid import layout as L
from airocr.engine.thaiid.idcard_cues import capture_cues

IDCARD_TYPES = ("normal", "copy", "screen")
IDCARD_TYPE_MODEL = "idcard_type"  # manifest name of the regression's weights


def _grid_peak(gray: np.ndarray, size: int = 256) -> float:
    """Strength of a periodic high-frequency pattern (display pixel grid / moiré) at native resolution.

    Log-magnitude spectrum of the high-passed centre crop; the score is the strongest bin in the
    0.15–0.5 cycles/px band over the band's 99th percentile. JPEG's 8-px block grid (bins at
    multiples of 1/8 on both axes) is masked out.
    """
    g = _centre_square(gray, size)
    n = g.shape[0]
    if n < 32 or g.shape[1] != n:  # not the square crop: the image is under 32 px on a side
        return 0.0
    return _band_peak(g.astype(np.float32), 2.0, *_spectrum_masks(n))


def _band_peak(g: np.ndarray, sigma: float, win: np.ndarray, band: np.ndarray) -> float:
    """The strongest bin of ``band`` (a mask in ``fftshift`` order) in the log-magnitude spectrum of
    ``g`` high-passed at ``sigma`` and windowed by ``win``, over the band's 99th percentile."""
    g = g - cv2.GaussianBlur(g, (0, 0), sigma)
    mag = np.log1p(np.abs(np.fft.fftshift(np.fft.fft2(g * win))))
    vals = mag[band]
    return float(vals.max() - np.percentile(vals, 99))


def _centre_square(img: np.ndarray, size: int = 256) -> np.ndarray:
    """The centred square :func:`_grid_peak` reads: side ``min(size, h, w)`` rounded down to a
    multiple of 8 (the image itself when that is under 32 px). Crop before converting colours: the
    photo may be 8192 px wide."""
    h, w = img.shape[:2]
    n = min(size, h, w)
    n -= n % 8
    if n < 32:
        return img
    y0, x0 = (h - n) // 2, (w - n) // 2
    return img[y0:y0 + n, x0:x0 + n]


def _window_and_freqs(n0: int, n1: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hann window of an n0 × n1 crop and each FFT bin's vertical and horizontal frequency
    (cycles/px, ``fftshift`` order, broadcastable to n0 × n1)."""
    win = np.outer(np.hanning(n0), np.hanning(n1)).astype(np.float32)
    return win, np.fft.fftshift(np.fft.fftfreq(n0))[:, None], np.fft.fftshift(np.fft.fftfreq(n1))[None, :]


@lru_cache(maxsize=4)
def _spectrum_masks(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Hann window and the 0.15–0.5 cycles/px band without JPEG's 8-px grid bins, for an n × n FFT."""
    win, fy, fx = _window_and_freqs(n, n)
    r = np.hypot(fx, fy)
    band = (r > 0.15) & (r < 0.5)
    near8x = np.abs(fx * 8 - np.round(fx * 8)) * n / 8 < 1.5
    near8y = np.abs(fy * 8 - np.round(fy * 8)) * n / 8 < 1.5
    band &= ~(near8x & near8y)
    return win, band


def idcard_type_features(card_bgr: np.ndarray, image_bgr: np.ndarray,
                         quad: np.ndarray | None = None, hues: bool = False) -> dict[str, float]:
    """The cues (see the module docstring) of a rectified card and the photo it was found in, and
    those of the photo at the card (:func:`engine.thaiid.idcard_cues.capture_cues`; ``quad``: the
    card's corners in the photo, tl, tr, br, bl; without it the whole photo is taken for the card).

    Means and spreads go through OpenCV's masked ``mean``/``meanStdDev`` on the 8-bit images: numpy
    reductions over a 1012 x 638 card's rows took ~65 ms of a card read, these take a few. With
    ``hues``, :func:`hue_cues` too."""
    hsv = cv2.cvtColor(card_bgr, cv2.COLOR_BGR2HSV)
    v = hsv[..., 2]
    ok = (v > 40) & (v < 250)
    sat = float(np.median(hsv[..., 1][ok])) if ok.any() else 0.0
    lab = cv2.cvtColor(card_bgr, cv2.COLOR_BGR2Lab)
    lab_std = cv2.meanStdDev(lab)[1].ravel()
    chroma = float(lab_std[1] + lab_std[2])
    grey = cv2.cvtColor(card_bgr, cv2.COLOR_BGR2GRAY)
    white = float(np.count_nonzero(grey > 235) / grey.size)
    centre = _centre_square(image_bgr)
    peak = _grid_peak(cv2.cvtColor(centre, cv2.COLOR_BGR2GRAY))
    # A display's sub-pixel stripes put the red and blue channels out of phase: the grid shows in
    # R − B even where the card's own print (guilloche) has periodic grey texture of its own.
    peak_rb = _grid_peak(centre[..., 2].astype(np.float32) - centre[..., 0].astype(np.float32))
    mean = np.array(cv2.mean(card_bgr)[:3])
    cast = float((mean[0] - mean[2]) / max(mean.mean(), 1.0))
    # the card's brightest tones (its paper) and darkest (ink): their colour, level and spread
    light = lab[..., 0]
    lo_l, hi_l, top_l = _percentiles_u8(light, (2, 70, 98))
    hi = (light >= hi_l).astype(np.uint8)
    lo = (light <= lo_l).astype(np.uint8)
    lab_hi = cv2.mean(lab, mask=hi)
    return {"sat": sat, "chroma": chroma, "white": white, "peak": peak, "peak_rb": peak_rb, "cast": cast,
            "a_hi": lab_hi[1] - 128, "b_hi": lab_hi[2] - 128, "l_lo": cv2.mean(light, mask=lo)[0],
            "l_hi": lab_hi[0], "sat_hi": cv2.mean(hsv, mask=hi)[1],
            "unevenness": _unevenness(grey), "contrast": float(top_l - lo_l), "beat": _beat_peak(grey),
            **capture_cues(image_bgr, quad), **(hue_cues(lab, light) if hues else {})}


HUE_CUES = ("bg_a", "bg_b", "chip_a", "chip_b")  # :func:`hue_cues`' names


def hue_cues(lab: np.ndarray, light: np.ndarray) -> dict[str, float]:
    """Hues of the card's print against its paper's (the brightest 2 %): the printed background's
    (lightness between its 40th and 85th percentiles) and a front's gold chip's
    (:data:`layout.FRONT_CHIP`), as a* and b* differences. A light's or white balance's cast moves
    paper and print alike; a scan whose colour pipeline swapped red and blue turns the gold chip blue
    and the pale-blue background yellow, and a black-and-white copy has no hue at all. Computed only
    for a model that uses them (``idcard_type_features(..., hues=True)``)."""
    mid_lo, mid_hi, top_l = _percentiles_u8(light, (40, 85, 98))
    top = cv2.mean(lab, mask=(light >= top_l).astype(np.uint8))
    mid = cv2.mean(lab, mask=((light >= mid_lo) & (light <= mid_hi)).astype(np.uint8))
    chip = _region_mean(lab, L.FRONT_CHIP)
    return {"bg_a": mid[1] - top[1], "bg_b": mid[2] - top[2], "chip_a": chip[1] - top[1], "chip_b": chip[2] - top[2]}


# The card's right part below its top rows: the portrait on a front, the faded seal on a back. No
# text runs there (text rows are periodic across the card too), and the guilloche is faint.
BEAT_REGION = (0.66, 0.30, 0.95, 0.86)


def _beat_peak(grey: np.ndarray) -> float:
    """Strength of a straight periodic stripe pattern across :data:`BEAT_REGION` of the upright card:
    the moiré beat a display's pixel grid makes with the camera's sensor, which survives blur and a
    bright or dark exposure that erase the grid itself (:func:`_grid_peak`). The region, halved
    (INTER_AREA), high-passed (sigma 3 px), Hann-windowed; the score is the strongest bin of its
    0.04-0.3 cycles/px band over the band's 99th percentile (log magnitude). Bench seeds 7000-17000,
    hard: screens' median 1.47, the other cards' 99th percentile 1.01, and 5 of the 7 screens the
    other cues missed score 1.24-2.10."""
    h, w = grey.shape[:2]
    x0, y0, x1, y1 = (int(f * n) for f, n in zip(BEAT_REGION, (w, h, w, h), strict=True))
    roi = grey[y0:y1, x0:x1]
    g = cv2.resize(roi, (max(roi.shape[1] // 2, 1), max(roi.shape[0] // 2, 1)),
                   interpolation=cv2.INTER_AREA).astype(np.float32)
    if min(g.shape) < 16:
        return 0.0
    return _band_peak(g, 3.0, *_beat_masks(*g.shape))


@lru_cache(maxsize=4)
def _beat_masks(n0: int, n1: int) -> tuple[np.ndarray, np.ndarray]:
    """Hann window and the 0.04-0.3 cycles/px band (``fftshift`` order) for :func:`_beat_peak`."""
    win, fy, fx = _window_and_freqs(n0, n1)
    r = np.hypot(fx, fy)
    return win, (r > 0.04) & (r < 0.3)


def _region_mean(img: np.ndarray, region: tuple[float, float, float, float]) -> tuple[float, ...]:
    """Per-channel mean of ``img`` over ``region`` (x0, y0, x1, y1 as fractions of its width and height)."""
    h, w = img.shape[:2]
    x0, y0, x1, y1 = (int(f * n) for f, n in zip(region, (w, h, w, h), strict=True))
    return cv2.mean(img[y0:max(y1, y0 + 1), x0:max(x1, x0 + 1)])


def _percentiles_u8(values: np.ndarray, qs: tuple[float, ...]) -> np.ndarray:
    """``np.percentile(values, qs)`` (linear interpolation) of uint8 values, from their histogram:
    the order statistics come from the cumulative counts instead of a sort of the whole card."""
    cum = np.cumsum(np.bincount(values.ravel(), minlength=256))
    pos = np.asarray(qs, np.float64) / 100.0 * (cum[-1] - 1)
    lo = np.floor(pos)
    below, above = np.searchsorted(cum, lo, "right"), np.searchsorted(cum, lo + 1, "right")
    return below + (above - below) * (pos - lo)


def _unevenness(grey: np.ndarray) -> float:
    """Spread of the card's low-frequency brightness (a band of ~8-40 card px: a backlight's glow, a
    moiré beat), on a quarter-size copy: a 40-px Gaussian on the full card took ~90 ms."""
    small = cv2.resize(grey, (max(grey.shape[1] // 4, 1), max(grey.shape[0] // 4, 1)),
                       interpolation=cv2.INTER_AREA).astype(np.float32)
    return float(np.std(cv2.GaussianBlur(small, (0, 0), 2) - cv2.GaussianBlur(small, (0, 0), 10)))


@dataclass(frozen=True)
class IdcardTypeModel:
    """Multinomial logistic regression over :func:`idcard_type_features` (``log1p`` of those in
    ``log_features``, then standardised), with ``pairwise`` the standardised cues' pairwise products
    too: a screen photo's cues are weak one by one under blur, glare or a bright exposure (no pixel
    grid left, a colour cast washed out), and their combinations separate it where no single cue does."""

    classes: tuple[str, ...]
    features: tuple[str, ...]
    log_features: frozenset[str]
    mean: np.ndarray  # (F,)
    std: np.ndarray  # (F,)
    weights: np.ndarray  # (F + 1, classes), with ``pairwise`` (F + P(P+1)/2 + 1, classes); the last row is the bias
    pairwise: bool = False
    linear_only: int = 0  # the last this many features enter linearly, outside the pairwise products (P = F - this)

    def vector(self, feats: dict[str, float]) -> np.ndarray:
        z = (raw_cues(feats, self.features, self.log_features) - self.mean) / self.std
        return expand(z, self.pairwise, self.linear_only)

    def probabilities(self, feats: dict[str, float]) -> np.ndarray:
        z = np.r_[self.vector(feats), 1.0] @ self.weights
        p = np.exp(z - z.max())
        return p / p.sum()

    def classify(self, feats: dict[str, float]) -> str:
        return self.classes[int(np.argmax(self.probabilities(feats)))]

    def to_json(self) -> str:
        return json.dumps({"classes": list(self.classes), "features": list(self.features),
                           "log_features": sorted(self.log_features), "mean": self.mean.tolist(),
                           "std": self.std.tolist(), "pairwise": self.pairwise, "linear_only": self.linear_only,
                           "weights": self.weights.tolist()}, indent=1)

    @classmethod
    def from_json(cls, text: str) -> IdcardTypeModel:
        d = json.loads(text)
        return cls(tuple(d["classes"]), tuple(d["features"]), frozenset(d["log_features"]),
                   np.array(d["mean"]), np.array(d["std"]), np.array(d["weights"]), bool(d.get("pairwise", False)),
                   int(d.get("linear_only", 0)))


def raw_cues(feats: dict[str, float], features: Sequence[str], log_features: frozenset[str]) -> np.ndarray:
    """The cues ``features`` of :func:`idcard_type_features` as one vector, ``log1p`` of those in
    ``log_features`` (before standardising)."""
    return np.array([np.log1p(max(feats[k], 0.0)) if k in log_features else feats[k] for k in features])


def expand(z: np.ndarray, pairwise: bool, linear_only: int = 0) -> np.ndarray:
    """Standardised cues ``z`` (``(F,)`` or ``(N, F)``), followed with ``pairwise`` by their
    products ``z_i * z_j`` for ``i <= j`` (squares included), the last ``linear_only`` cues left out
    of the products."""
    if not pairwise:
        return z
    i, j = np.triu_indices(z.shape[-1] - linear_only)
    return np.concatenate([z, z[..., i] * z[..., j]], axis=-1)


def load_idcard_type_model(store: ModelStore | None = None) -> IdcardTypeModel:
    """The regression the store's manifest lists (default: a store of the installed models)."""
    store = store or ModelStore()
    return IdcardTypeModel.from_json(store.path(IDCARD_TYPE_MODEL).read_text("utf-8"))


@cache
def _installed_model() -> IdcardTypeModel:
    return load_idcard_type_model()


def classify_idcard_type(card_bgr: np.ndarray, image_bgr: np.ndarray, model: IdcardTypeModel | None = None,
                         quad: np.ndarray | None = None) -> str:
    """``normal`` / ``copy`` / ``screen`` for a rectified card and its photo (``model``: default the
    installed one; a reader passes the one from its own store; ``quad``: the card's corners in the
    photo, see :func:`idcard_type_features`)."""
    model = model or _installed_model()
    hues = not set(HUE_CUES).isdisjoint(model.features)
    return model.classify(idcard_type_features(card_bgr, image_bgr, quad, hues))
