"""The real back's Thai flag: seen on a rectified card, and found in a photo to place the card from it.

The real back prints little text (two codes, ``ประเทศไทย`` and ``THAILAND``) and no barcode; where
blur, a sensor's noise or a copier lose its lines, its flag still shows: five horizontal stripes
(red, white, blue twice as high, white, red) right of the middle (``../shared/spec/thai-id-card-facts.md``,
"Back"). A photocopy photographed on its page shows no card edge at all, only its print; the flag's
stripes there give the card's turn and, from the flag's printed size, its scale and place.
"""

from __future__ import annotations

import cv2
import numpy as np

from airocr.engine.thaiid import layout as L
from airocr.engine.thaiid.card.config import DEFAULT_SCORING, FlagConfig, ScoringConfig

StripeFit = tuple[float, float, int, int]  # correlation, spread explained (grey levels), offset, height


def stripe_fit(profile: np.ndarray, levels: np.ndarray, heights: range) -> StripeFit:
    """The best placement of the stripes (``levels``, equal heights, top down) along ``profile``
    over ``heights``: their correlation with the profile there, the profile's spread they explain,
    the placement's offset and height."""
    best: StripeFit = (-1.0, 0.0, 0, 0)
    n = len(levels)
    for fh in heights:
        if fh < n or fh > len(profile):
            continue
        t = levels[np.minimum(np.arange(fh) * n // fh, n - 1)]
        t = (t - t.mean()) / t.std()
        win = np.lib.stride_tricks.sliding_window_view(profile, fh)
        sd = win.std(1)
        r = ((win - win.mean(1, keepdims=True)) * t).mean(1) / np.maximum(sd, 1e-3)
        k = int(np.argmax(r))
        if r[k] > best[0]:
            best = (float(r[k]), float(r[k] * sd[k]), k, fh)
    return best


def _evenness(patch: np.ndarray, fit: StripeFit) -> float:
    """How alike the row profiles of ``patch``'s left and right halves are over the fitted stripes."""
    half = patch.shape[1] // 2
    a = patch[fit[2]: fit[2] + fit[3], :half].mean(1)
    b = patch[fit[2]: fit[2] + fit[3], half:].mean(1)
    return float(np.corrcoef(a, b)[0, 1]) if a.std() > 1e-3 and b.std() > 1e-3 else 0.0


def _stripe_edges(profile: np.ndarray, fit: StripeFit, n: int) -> float:
    """The weakest of the four steps between a stripe and its neighbour (red to white, white to blue,
    and again) over the fitted placement, as a share of the stripes' range: a single dark row fits
    the blue stripe but shows no red ones."""
    p = profile[fit[2]: fit[2] + fit[3]]
    m = [float(p[k * len(p) // n: (k + 1) * len(p) // n].mean()) for k in range(n)]
    steps = min(m[1] - m[0], m[1] - m[2], m[4] - m[3], m[4] - m[5])
    return steps / (max(m) - min(m) + 1e-3)


def shows_flag(look: tuple[float, float, float, float], cfg: ScoringConfig) -> bool:
    """Whether a fit of the stripes (:func:`flag_stripes`) shows the flag clearly."""
    r, spread, even, edges = look
    return (r >= cfg.min_flag_match and spread >= cfg.min_flag_contrast and even >= cfg.min_flag_even
            and edges >= cfg.min_flag_edges)


def flag_stripes(card: np.ndarray, cfg: ScoringConfig = DEFAULT_SCORING) -> tuple[float, float, float, float]:
    """How much an upright canonical card shows the real back's flag where the real back prints it.

    The rows of ``flag_window`` averaged along them give a profile that, at the flag's height and
    place (searched over ``flag_heights``), correlates with the stripes (``flag_levels``). Returns
    that correlation, the spread of the profile the stripes explain (grey levels: a faint match of
    noise or of a portrait's edge has little), how alike the profiles of the window's left and
    right halves are there (a flag's stripes run across; text and artwork do not), and the weakest
    step between neighbouring stripes (:func:`_stripe_edges`).
    """
    h, w = card.shape[:2]
    x0, y0, x1, y1 = cfg.flag_window
    g = cv2.cvtColor(card[int(y0 * h): int(y1 * h), int(x0 * w): int(x1 * w)], cv2.COLOR_BGR2GRAY)
    g = g.astype(np.float32)
    heights = range(int(cfg.flag_heights[0] * h), int(cfg.flag_heights[1] * h) + 1, cfg.flag_height_step)
    levels = np.asarray(cfg.flag_levels, np.float32)
    fit = stripe_fit(g.mean(1), levels, heights)
    if fit[0] <= -1.0:
        return -1.0, 0.0, 0.0, -1.0
    return fit[0], fit[1], _evenness(g, fit), _stripe_edges(g.mean(1), fit, len(levels))


def flag_turn(card: np.ndarray, cfg: ScoringConfig = DEFAULT_SCORING) -> int | None:
    """The turn (0 or 180) in which ``card`` shows the real back's flag clearly (:func:`flag_stripes`
    passing :func:`shows_flag`), or ``None``."""
    shown = {}
    for rot in (0, 180):
        look = flag_stripes(card if rot == 0 else card[::-1, ::-1], cfg)
        if shows_flag(look, cfg):
            shown[rot] = look[1]
    return max(shown, key=lambda k: shown[k]) if shown else None


def _dark_strokes(grey: np.ndarray, fc: FlagConfig) -> np.ndarray:
    """Dark marks thinner than ``dark_size`` (black-hat) standing ``dark_mads`` noise units out."""
    k = cv2.getStructuringElement(cv2.MORPH_RECT, (fc.dark_size, fc.dark_size))
    bh = cv2.morphologyEx(cv2.GaussianBlur(grey, (0, 0), fc.dark_blur), cv2.MORPH_BLACKHAT, k)
    noise = 1.4826 * float(np.median(np.abs(bh - np.median(bh)))) + 1.0
    return (bh > max(fc.dark_min, fc.dark_mads * noise)).astype(np.uint8)


Flag = tuple[float, np.ndarray, np.ndarray, float]  # spread, centre, the stripes' direction, width


def _stripe_flag(grey: np.ndarray, rect: tuple, cfg: ScoringConfig, fc: FlagConfig) -> Flag | None:
    """A dark stripe (``rect``, a min-area rectangle) taken for the flag's middle stripe: the patch
    across it, turned along it, must show the flag's stripes (as :func:`flag_stripes` asks); then
    (spread, the flag's centre, the stripes' direction, the flag's width)."""
    (cx, cy), (w, h), ang = rect
    length, thick = max(w, h), max(min(w, h), 1.0)
    th = np.deg2rad(ang if w >= h else ang + 90)
    u = np.array([np.cos(th), np.sin(th)])
    v = np.array([-u[1], u[0]])
    ph = max(fc.patch_height * thick, 12.0)
    zoom = max(1.0, fc.patch_min_px / length)
    c = np.array([cx, cy])
    a, b = u * length / 2, v * ph / 2
    src = np.float32([c - a - b, c + a - b, c + a + b])
    size = (max(int(length * zoom), 4), max(int(ph * zoom), 4))
    dst = np.float32([[0, 0], [size[0], 0], [size[0], size[1]]])
    patch = cv2.warpAffine(grey, cv2.getAffineTransform(src, dst), size, flags=cv2.INTER_LINEAR,
                           borderMode=cv2.BORDER_REPLICATE).astype(np.float32)
    mid = patch[:, int(fc.patch_side * size[0]): int((1 - fc.patch_side) * size[0])]
    lo, hi = int(fc.thick_to_height[0] * thick * zoom), int(fc.thick_to_height[1] * thick * zoom)
    heights = range(lo, hi + 1, max(1, (hi - lo) // fc.height_tries))
    levels = np.asarray(cfg.flag_levels, np.float32)
    fit = stripe_fit(mid.mean(1), levels, heights)
    if fit[0] <= -1.0:
        return None
    if not shows_flag((fit[0], fit[1], _evenness(mid, fit), _stripe_edges(mid.mean(1), fit, len(levels))), cfg):
        return None
    centre = c + v * ((fit[2] + fit[3] / 2) / zoom - ph / 2)
    return fit[1], centre, u, length


def flag_candidates(work: np.ndarray, min_area: float, cfg: ScoringConfig = DEFAULT_SCORING,
                    fc: FlagConfig | None = None) -> list[np.ndarray]:
    """Card outlines (working-photo pixels) placed from the real back's flag seen in the photo: its
    stripes give the card's direction (both readings, upright and turned, are returned), its width
    the card's scale (``fc.flag_box``, the flag's printed box on the canonical card), its place the
    card's. Only dark stripes long enough for a card of ``min_area`` of the photo are looked at."""
    fc = fc or FlagConfig()
    grey = cv2.cvtColor(work, cv2.COLOR_BGR2GRAY)
    n, lab, stats, _ = cv2.connectedComponentsWithStats(_dark_strokes(grey, fc), 8)
    fx0, fy0, fx1, fy1 = fc.flag_box
    share = (fx1 - fx0) / L.CARD_W  # the flag's width in card widths
    hh, ww = grey.shape
    shortest = share * np.sqrt(min_area * hh * ww * L.CARD_ASPECT) * fc.length_slack
    longest = share * max(hh, ww) / fc.length_slack
    found = []
    for i in range(1, n):
        x, y, bw, bh, area = stats[i]
        if max(bw, bh) < shortest / 1.5 or np.hypot(bw, bh) > 1.5 * longest or area < fc.min_stroke_px:
            continue
        ys, xs = np.nonzero(lab[y: y + bh, x: x + bw] == i)
        rect = cv2.minAreaRect(np.stack([xs + x, ys + y], 1).astype(np.float32))
        length, thick = max(rect[1]), max(min(rect[1]), 1.0)
        if not shortest <= length <= longest or length / thick < fc.min_elongation:
            continue
        got = _stripe_flag(grey, rect, cfg, fc)
        if got is not None:
            found.append(got)
    found.sort(key=lambda f: -f[0])
    out = []
    for _, centre, u, width in found[: fc.max_flags]:
        sc = width / (fx1 - fx0)
        mid = np.array([(fx0 + fx1) / 2, (fy0 + fy1) / 2])
        corners = np.array([[0, 0], [L.CARD_W, 0], [L.CARD_W, L.CARD_H], [0, L.CARD_H]], np.float64) - mid
        for d in (u, -u):
            e = np.array([-d[1], d[0]])
            out.append(centre + (corners[:, :1] * d + corners[:, 1:] * e) * sc)
    return out
