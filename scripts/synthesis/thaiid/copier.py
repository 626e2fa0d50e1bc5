"""A photocopier, as physics: what it does to a card laid on its glass.

The copier scans the card (its luminance for a black-and-white copy, its colours for a colour
copy), maps it through a tone curve that suppresses the light background (the card's pale blue
print and guilloche wash out to paper) and darkens the rest, then prints toner through a halftone
screen: a clustered-dot or a line screen at some frequency (lines per inch) and angle, a stochastic
(random-threshold) screen, or none (text mode: a plain threshold); a photo-quality inkjet print
(``contone``) lays droplets finer than any scanner or camera resolves, continuous tone. Toner spreads (dot gain) and
its particles blur each dot's edge; the paper is grey or tinted with fibre grain; a worn drum
leaves streaks along the paper's feed and stray toner specks. A copy of a copy runs the process on
the first copy again. All sizes are in page pixels of the patch's resolution ``px_per_mm``.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

MM_PER_INCH = 25.4

# Halftone frequency (lines per inch) by split: the middle band is held out of tuning.
HALFTONE_LPI: dict[str, tuple[tuple[float, float], ...]] = {
    "tuned": ((65.0, 95.0), (130.0, 160.0)),
    "heldout": ((95.0, 130.0),),
}
SCREENS = ("dot", "line", "stochastic", "text")  # halftone kinds a copier draws
CONTONE = "contone"  # a photo-quality inkjet printout: no resolvable screen (captures' photo prints only)
MIN_PERIOD_PX = 2.8  # the patch is rendered finely enough that one halftone period spans this many px


def draw_range(ranges: tuple[tuple[float, float], ...], rng: np.random.Generator) -> float:
    """A value uniform over the union of ``ranges``."""
    widths = np.array([b - a for a, b in ranges])
    a, b = ranges[int(rng.choice(len(ranges), p=widths / widths.sum()))]
    return float(rng.uniform(a, b))


@dataclass(frozen=True)
class CopierSettings:
    """One copy's drawn parameters."""

    colour: bool  # a colour copy (CMY toner) or black-and-white
    screen: str  # one of SCREENS
    lpi: float  # halftone frequency (lines per inch)
    angle: float  # screen angle (degrees; the colour copy's cyan, magenta/yellow offset from it)
    lo: float  # tone curve: reflectance at and below which toner is full
    hi: float  # tone curve: reflectance at and above which no toner is laid (background suppression)
    gamma: float  # tone curve shape
    dot_gain: float  # Murray-Davies style spread of mid-tone coverage (0 = none)
    toner_blur: float  # toner particle blur (px)
    toner: float  # the toner's reflectance
    sharpen: float  # the scanner's edge enhancement (unsharp-mask amount, text/photo mode)
    solid: float  # coverage above which toner prints solid, unscreened (text segmentation)
    paper: tuple[float, float, float]  # paper reflectance, BGR
    streaks: int  # dark streaks along the feed
    specks: float  # stray toner density (share of pixels)

    @classmethod
    def draw(cls, rng: np.random.Generator, split: str, colour: bool) -> CopierSettings:
        tint = rng.choice(["white", "grey", "yellow", "blue", "pink", "green"], p=[.3, .25, .2, .1, .08, .07])
        base = float(rng.uniform(0.78, 0.95))
        shift = {"white": (0, 0, 0), "grey": (0, 0, 0), "yellow": (-0.1, 0.0, 0.02), "blue": (0.03, 0.0, -0.05),
                 "pink": (0.0, -0.05, 0.03), "green": (-0.04, 0.02, -0.05)}[str(tint)]
        if tint == "grey":
            base -= float(rng.uniform(0.05, 0.15))
        paper = tuple(float(np.clip(base + d * rng.uniform(0.5, 1.5), 0.5, 0.97)) for d in shift)
        screen = str(rng.choice(SCREENS, p=[0.4, 0.2, 0.2, 0.2]))
        return cls(colour, screen, draw_range(HALFTONE_LPI[split], rng), float(rng.uniform(0, 90)),
                   float(rng.uniform(0.05, 0.3)), float(rng.uniform(0.65, 0.92)), float(rng.uniform(0.6, 1.2)),
                   float(rng.uniform(0.0, 0.25)), float(rng.uniform(0.3, 0.9)), float(rng.uniform(0.03, 0.15)),
                   float(rng.uniform(0.0, 1.2)), float(rng.uniform(0.6, 0.9)), paper, int(rng.integers(0, 4)),
                   float(rng.uniform(0.0, 0.002)))

    def px_per_mm(self) -> float:
        """The patch resolution that renders this copy's halftone (at least 10 px/mm)."""
        return max(10.0, MIN_PERIOD_PX * self.lpi / MM_PER_INCH)


def _screen_threshold(shape: tuple[int, int], kind: str, period: float, angle_deg: float,
                      rng: np.random.Generator) -> np.ndarray:
    """The halftone's threshold matrix in 0-1: toner where coverage exceeds it."""
    h, w = shape
    if kind == "text":
        return np.full(shape, 0.5, np.float32)
    if kind == "stochastic":
        t = cv2.GaussianBlur(rng.random(shape).astype(np.float32), (0, 0), 0.7)
        ranks = np.argsort(np.argsort(t.ravel()))  # equalised: uniform thresholds
        return (ranks.reshape(shape) / t.size).astype(np.float32)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    a = np.deg2rad(angle_deg)
    u = (xx * np.cos(a) + yy * np.sin(a)) * (2 * np.pi / period)
    v = (-xx * np.sin(a) + yy * np.cos(a)) * (2 * np.pi / period)
    if kind == "line":
        return 0.5 - 0.5 * np.cos(u)
    return 0.5 - 0.25 * (np.cos(u) + np.cos(v))  # clustered dot: dots grow from the cells' centres


def _print(coverage: np.ndarray, st: CopierSettings, angle: float, rng: np.random.Generator,
           ppm: float) -> np.ndarray:
    """Toner coverage (0-1 continuous tone) printed through the screen: the toner's area share per px.
    Dark strokes (coverage above ``st.solid``) print solid, as a copier's text/photo segmentation does."""
    c = np.clip(coverage + st.dot_gain * 4 * coverage * (1 - coverage), 0, 1)  # dot gain
    period = ppm * MM_PER_INCH / st.lpi
    if st.screen == CONTONE:
        return cv2.GaussianBlur(c.astype(np.float32), (0, 0), st.toner_blur)
    toner = ((c > _screen_threshold(c.shape, st.screen, period, angle, rng)) | (c > st.solid)).astype(np.float32)
    return cv2.GaussianBlur(toner, (0, 0), st.toner_blur)


def _tone(reflectance: np.ndarray, st: CopierSettings) -> np.ndarray:
    """Toner coverage wanted for a scanned reflectance: none above ``hi``, full below ``lo``."""
    return (1 - np.clip((reflectance - st.lo) / (st.hi - st.lo), 0, 1)) ** st.gamma


def photocopy(card_lin: np.ndarray, st: CopierSettings, paper: np.ndarray, rng: np.random.Generator,
              ppm: float) -> np.ndarray:
    """The copy (linear reflectance, BGR) of ``card_lin`` (linear reflectance at the patch's
    resolution, paper around it), printed on ``paper`` (the page's paper reflectance there)."""
    if st.sharpen > 0:  # the scanner's edge enhancement keeps thin strokes dark
        card_lin = np.clip(card_lin + st.sharpen * (card_lin - cv2.GaussianBlur(card_lin, (0, 0), 0.08 * ppm)), 0, 1)
    if st.colour:
        # CMY from the scanned colours: each toner at its own angle (cyan, magenta, yellow)
        out = paper.copy()
        for ch, off in zip((2, 1, 0), (0.0, 30.0, 15.0), strict=True):  # R->cyan, G->magenta, B->yellow
            cov = _print(_tone(card_lin[..., ch] ** (1 / 2.2), st), st, st.angle + off, rng, ppm)
            out[..., ch] *= 1 - cov * (1 - st.toner / 0.9)
        return out
    lum = cv2.cvtColor(card_lin, cv2.COLOR_BGR2GRAY) ** (1 / 2.2)  # the copier's scan, perceptual
    cov = _print(_tone(lum, st), st, st.angle, rng, ppm)
    return paper * (1 - cov[..., None]) + st.toner * cov[..., None]


def paper_texture(shape: tuple[int, int], st: CopierSettings, rng: np.random.Generator) -> np.ndarray:
    """Linear paper reflectance (BGR) with low-frequency unevenness and fibre grain."""
    h, w = shape
    low = cv2.resize(rng.normal(0, 1, (max(h // 40, 2), max(w // 40, 2))).astype(np.float32), (w, h),
                     interpolation=cv2.INTER_CUBIC)
    grain = cv2.GaussianBlur(rng.normal(0, 1, (h, w)).astype(np.float32), (0, 0), 0.8)
    f = 1 + 0.015 * low + 0.02 * grain
    return f[..., None] * np.array(st.paper, np.float32)[None, None]


def streak_profile(width: int, st: CopierSettings, rng: np.random.Generator) -> np.ndarray:
    """Per column (across the feed) reflectance multiplier: dark drum scratches and faint light bands."""
    m = np.ones(width, np.float32)
    for _ in range(st.streaks):
        x = int(rng.integers(0, width))
        m[x: x + int(rng.integers(1, 4))] *= float(rng.uniform(0.3, 0.8))
    band = cv2.GaussianBlur(rng.normal(0, 1, (1, width)).astype(np.float32), (0, 0), width / 30).ravel()
    return m * (1 + 0.04 * band / max(float(np.abs(band).max()), 1e-6))


def specks(img: np.ndarray, st: CopierSettings, rng: np.random.Generator) -> np.ndarray:
    """Stray toner dots on the copy."""
    hit = rng.random(img.shape[:2]) < st.specks
    out = img.copy()
    out[hit] = st.toner
    return out
