"""Find a Thai ID card in a photo, rectify it to the canonical upright card, and guess its side.

Pipeline (all geometry vectorised with numpy / OpenCV; no per-pixel Python loops):

1. *Candidates* at a work scale (long side ``work_side``): (a) large contours of several edge maps
   (colour gradient, thresholds, closing) reduced to min-area rectangles, and (b) the union of the
   text detector's parallel boxes, grown by the layout's margins (text covers ~93 % × 95 % of a card).
2. *Refinement*: each of the 4 sides is moved independently at both ends (a 2-D search over end
   offsets) to the line with the strongest *consistent-sign* colour gradient across it; corners are
   the intersections of adjacent sides, so rounded card corners and glare do not matter.
3. *Scoring*: edge support of the weakest side × aspect prior (ID-1 = 1.585, ±15 % for perspective).
4. *Verification, rotation and side*: the text boxes (one detector run on the whole image) are
   mapped into canonical coordinates and matched against the layout prior of the front and back,
   upright and turned by 180°; the portrait's texture decides front-vs-back ties. A candidate
   whose content matches neither side is rejected; no surviving candidate → ``NoTextFound``.
5. *Descreened retry*: before giving up, a photo with a periodic pattern (a screen's pixel grid or
   moiré, :mod:`engine.thaiid.descreen`) has it notched out, and steps 1-4 run once more on that.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from airocr.engine.detect import Detections, TextDetector
from airocr.engine.errors import NoTextFound
from airocr.engine.geometry import quad_sizes, transform_points
from airocr.engine.recognize import CTCRecognizer
from airocr.engine.thaiid import layout as L
from airocr.engine.thaiid.descreen import descreen

NO_CARD_MESSAGE = "No Thailand ID card was found in the image."
_CANON = L.region_px((0, 0, 1, 1)).astype(np.float32)


@dataclass(frozen=True)
class CardFinderConfig:
    work_side: int = 800  # long side of the working image for the geometry
    min_area: float = 0.12  # smallest card area / image area considered (API: card ≥ 25 %)
    aspect_tol: float = 0.18  # allowed relative deviation of the long/short side ratio from 1.585
    search: float = 0.10  # refinement search range for the text-box candidate, fraction of the long side
    search_edge: float = 0.03  # the same for contour candidates (already on the card's edge)
    min_edge: float = 0.12  # weakest-side edge support, relative to the image's strong gradients
    min_edge_text: float = 0.02  # the same for the candidate built from the text boxes
    min_layout: float = 0.30  # text-layout match needed to accept a candidate as a card (real: 0.35-1.5)
    min_lines: int = 3  # text boxes inside the card needed to accept it
    few_card_lines: int = 16  # fewer boxes on the plain rectified card → detect on a contrast-normalised one too
    fast_min_layout: float = 0.6  # layout match that accepts the best outline without photo-level detection
    min_barcode: float = 2.0  # barcode strength that accepts a back with strong edges but too little text
    redetect_below: int = 6  # fewer image-level text boxes on a candidate → detect on the rectified card
    few_photo_lines: int = 6  # fewer text boxes in the photo → detect on a contrast-normalised photo too
    max_candidates: int = 6
    # Slow path: a candidate's score also counts the share of the photo's text boxes it holds, so that
    # of two outlines whose layouts match about as well the one holding all the card's lines wins over
    # one holding half of them (seed 11039 hard: 1.740 for half the card against 1.730 for the card).
    text_share_weight: float = 0.2
    # Its edge support counts at half weight: a faint-edged outline from the text boxes whose layout
    # matches better then beats a strong edge cutting the card (same process, 660 scenes of seeds
    # 5000-17000: 3 scenes changed, IoU 0.82 -> 0.93-0.94 (7059 clean, 11059 and 5034 hard), none lost).
    edge_weight: float = 0.5
    # Which way up, by reading (with a ``line_reader``): the middle of each of the largest text boxes
    # (at most ``upright_aspect`` times as wide as high) is read as found and turned by 180°; the
    # card is turned when the turned readings are ``upright_margin`` more confident on average.
    upright_lines: int = 6
    upright_aspect: int = 3
    upright_margin: float = 0.1
    # The text's margins check the outline (see CardFinder._by_margins): with at least
    # ``margin_min_lines`` text boxes, an outline whose text leaves a margin out of range is placed
    # again from the text (``margin_rounds`` times at most) and kept when its margins are better and
    # its score ``margin_gain`` higher. With a first, wider snap, six outlines moved onto the card
    # (hard: 9030, 11026, 15004, 15035, 17001, 17035) scored 0.26-0.63 higher, and two moved onto a
    # card cut at the top, whose top line the detector had missed, 0.12 higher (7029) and 0.28
    # lower (9039).
    margin_check: bool = True
    margin_min_lines: int = 8
    margin_rounds: int = 2
    margin_gain: float = 0.2
    # A candidate whose text runs past its outline (a margin under its range: the outline cuts the
    # card) loses ``margin_weight`` x the overrun from its score, with ``margin_min_lines`` boxes or
    # more. Text that stops short of the outline is not marked down: undetected lines (a blurred
    # or dark photo) look the same as an outline grown onto the background. Same process, 960
    # scenes (seeds 9000-21000 clean and hard, 21000 small and extreme too): 9 outlines moved, IoU
    # >= 0.9 on 8 more (19029, 21059, 13014, 17019 clean; 19017, 19043, 21059 hard, 21059 extreme),
    # none fewer; their fields 80 -> 82 of 95. Marking down the whole margin error instead lost
    # 21008 hard (0.987 -> 0.591: a blurred front with 8 of its lines detected).
    margin_weight: float = 3.0
    # Only text boxes that run along the card count for its layout (see CardFinder._printed).
    along_only: bool = True
    # A photo in which no card is found is searched again with a display's periodic pattern (pixel
    # grid, moiré) notched out of it (see engine.thaiid.descreen), when it has one.
    descreen_retry: bool = True


@dataclass
class CardResult:
    """A found, rectified card.

    ``homography`` maps canonical card pixels (``CARD_W × CARD_H``, upright) to original-image
    pixels; ``quad`` is the canonical corners tl, tr, br, bl in the original image.
    ``text_quads`` are the detector's text boxes in canonical coordinates: detected on ``card``
    itself when ``text_from_card`` (the field reader reuses them), else mapped from the photo.
    ``rotation`` is the card's quarter-turn in the image (0/90/180/270, clockwise) and
    ``angle_deg`` the exact in-plane angle of its top edge.
    """

    card: np.ndarray
    homography: np.ndarray
    quad: np.ndarray
    side: str
    side_confidence: float
    rotation: int
    angle_deg: float
    score: float
    text_quads: np.ndarray = field(default_factory=lambda: np.zeros((0, 4, 2)))
    text_from_card: bool = False  # text_quads were detected on ``card`` itself (the field reader reuses them)
    layout: float = 0.0  # layout match of the chosen side and turn (see layout_scores())
    layout_scores: dict[str, float] = field(default_factory=dict)

    def to_image(self, points: np.ndarray) -> np.ndarray:
        """Map canonical card points ``(..., 2)`` to original-image points."""
        return apply_homography(self.homography, points)

    def turned(self) -> CardResult:
        """The same card read the other way up (turned by 180°): corners, raster, text boxes, angle.

        ``side``, ``side_confidence``, ``score`` and the layout scores keep the finder's values: they
        record how the card was found, and the side does not change with the turn."""
        tq = self.text_quads
        tq = np.array([L.CARD_W, L.CARD_H]) - tq[:, [2, 3, 0, 1]] if len(tq) else tq
        return replace(self, card=np.ascontiguousarray(self.card[::-1, ::-1]), text_quads=tq,
                       **_placement(np.roll(self.quad, 2, axis=0)))


def _placement(quad: np.ndarray) -> dict:
    """A card's placement in the image from its corners tl, tr, br, bl: ``quad``, ``homography``
    (canonical → image), ``angle_deg`` of its top edge and ``rotation`` (the nearest quarter turn)."""
    hmat = cv2.getPerspectiveTransform(_CANON, quad.astype(np.float32)).astype(np.float64)
    top = quad[1] - quad[0]
    angle = float(np.degrees(np.arctan2(top[1], top[0])) % 360)
    return {"quad": quad, "homography": hmat, "angle_deg": angle, "rotation": int(round(angle / 90)) % 4 * 90}


def apply_homography(h: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Apply a ``3 × 3`` homography to points of shape ``(..., 2)``."""
    p = np.asarray(points, np.float64)
    flat = p.reshape(-1, 2)
    q = np.c_[flat, np.ones(len(flat))] @ np.asarray(h, np.float64).T
    return (q[:, :2] / q[:, 2:3]).reshape(p.shape)


def quad_iou(a: np.ndarray, b: np.ndarray) -> float:
    """IoU of two convex quads (polygon intersection, exact)."""
    pa, pb = np.asarray(a, np.float32).reshape(-1, 2), np.asarray(b, np.float32).reshape(-1, 2)
    inter, _ = cv2.intersectConvexConvex(pa, pb)
    union = abs(cv2.contourArea(pa)) + abs(cv2.contourArea(pb)) - inter
    return float(inter / union) if union > 0 else 0.0


# ---------------------------------------------------------------- geometry helpers
def _orient_quad(q: np.ndarray) -> np.ndarray:
    """Clockwise (in image coords) with the first side a long side."""
    q = np.asarray(q, np.float64).reshape(4, 2)
    c = q.mean(0)
    q = q[np.argsort(np.arctan2(q[:, 1] - c[1], q[:, 0] - c[0]))]  # clockwise on screen (y down)
    s01, s12 = np.linalg.norm(q[1] - q[0]), np.linalg.norm(q[2] - q[1])
    return q if s01 >= s12 else np.roll(q, -1, axis=0)


def _intersect(p1: np.ndarray, d1: np.ndarray, p2: np.ndarray, d2: np.ndarray) -> np.ndarray:
    """Intersection of lines p1 + t d1 and p2 + s d2 (falls back to the midpoint if parallel)."""
    m = np.array([d1, -d2]).T
    det = np.linalg.det(m)
    if abs(det) < 1e-9:
        return (p1 + p2) / 2
    t = np.linalg.solve(m, p2 - p1)[0]
    return p1 + t * d1


def _aspect(q: np.ndarray) -> float:
    w = (np.linalg.norm(q[1] - q[0]) + np.linalg.norm(q[2] - q[3])) / 2
    h = (np.linalg.norm(q[3] - q[0]) + np.linalg.norm(q[2] - q[1])) / 2
    return float(w / max(h, 1e-6))


def _percentile(a: np.ndarray, q: float) -> float:
    """``np.percentile(a, q)`` (linear interpolation) by partial sort: the same value, ~4x faster."""
    v = a.ravel()
    idx = q / 100 * (v.size - 1)
    lo = int(np.floor(idx))
    hi = min(lo + 1, v.size - 1)
    p = np.partition(v, [lo, hi])
    return float(p[lo] + (p[hi] - p[lo]) * (idx - lo))


class _Gradients:
    """Per-channel Sobel gradients of a (smoothed) BGR image, sampled along lines."""

    def __init__(self, image: np.ndarray) -> None:
        f = cv2.GaussianBlur(image.astype(np.float32), (0, 0), 1.2)
        self.gx = cv2.Sobel(f, cv2.CV_32F, 1, 0, ksize=3)
        self.gy = cv2.Sobel(f, cv2.CV_32F, 0, 1, ksize=3)
        sq = self.gx * self.gx
        sq += self.gy * self.gy
        mag = np.sqrt(sq[..., 0] + sq[..., 1] + sq[..., 2])  # 6x faster than .sum(-1) over 3 channels
        self.mag = mag
        self.scale = _percentile(mag, 97.0) + 1e-3

    def side_support(self, p0: np.ndarray, p1: np.ndarray, n: np.ndarray) -> np.ndarray:
        """Consistent-sign gradient across many candidate segments.

        ``p0``, ``p1``: ``(K, 2)`` segment ends; ``n``: unit normal, ``(2,)`` or one per segment
        ``(K, 2)``. Returns ``(K,)``: per channel, the mean of the gradient projected on ``n`` along
        the segment (so text, whose edges alternate in sign, averages out), then the norm over
        channels.
        """
        t = np.linspace(0.12, 0.88, 40)[None, :, None]
        pts = p0[:, None, :] * (1 - t) + p1[:, None, :] * t  # (K, M, 2)
        mx, my = pts[..., 0].astype(np.float32), pts[..., 1].astype(np.float32)
        gx = cv2.remap(self.gx, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0)
        gy = cv2.remap(self.gy, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0)
        n = np.asarray(n, np.float64)
        nx, ny = (n[:, 0, None, None], n[:, 1, None, None]) if n.ndim == 2 else (n[0], n[1])
        proj = gx * nx + gy * ny  # (K, M, C)
        # Robust mean: the median of the per-sample projections, so short occluders/glare don't dominate
        # (np.median's value; sorting the 40 samples is ~3x faster than its partition on this axis).
        srt = np.sort(proj, axis=1)
        m = srt.shape[1]
        med = (srt[:, (m - 1) // 2] + srt[:, m // 2]) / 2  # (K, C)
        return np.sqrt((med**2).sum(-1)) / self.scale


def refine_quad(grad: _Gradients, quad: np.ndarray, search: float, steps: int = 17,
                iterations: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Move each side's two ends along its normal to the strongest edge; return (quad, side scores)."""
    q = np.asarray(quad, np.float64).copy()
    size = max(np.linalg.norm(q[1] - q[0]), np.linalg.norm(q[2] - q[1]))
    rng = search * size
    scores = np.zeros(4)
    for _ in range(iterations):
        lines = []
        for i in range(4):
            a, b = q[i], q[(i + 1) % 4]
            d = (b - a) / max(np.linalg.norm(b - a), 1e-9)
            n = np.array([d[1], -d[0]])  # clockwise quad: outward normal... sign irrelevant (abs)
            offs = np.linspace(-rng, rng, steps)
            o1, o2 = np.meshgrid(offs, offs, indexing="ij")
            o1, o2 = o1.ravel(), o2.ravel()
            s = grad.side_support(a[None] + o1[:, None] * n, b[None] + o2[:, None] * n, n)
            # Prefer small tilt changes slightly (ties between parallel edges such as the card's print frame).
            k = int(np.argmax(s - 0.02 * np.abs(o1 - o2) / max(rng, 1e-9)))
            lines.append((a + o1[k] * n, d if o1[k] == o2[k] else
                          (b + o2[k] * n - a - o1[k] * n) / np.linalg.norm(b + o2[k] * n - a - o1[k] * n)))
            scores[i] = s[k]
        q = np.array([_intersect(*lines[(i - 1) % 4], *lines[i]) for i in range(4)])
        rng = rng * 0.3
        steps = 13
    return q, scores


# ---------------------------------------------------------------- candidates
def _edge_candidates(img: np.ndarray, grad: _Gradients, cfg: CardFinderConfig) -> list[np.ndarray]:
    h, w = img.shape[:2]
    area = h * w
    out: list[np.ndarray] = []
    mag = grad.mag / grad.scale
    k3 = np.ones((3, 3), np.uint8)
    maps = []
    for thr in (0.25, 0.45):
        e = (mag > thr).astype(np.uint8) * 255
        maps.append(cv2.morphologyEx(e, cv2.MORPH_CLOSE, k3, iterations=2))
    lab = cv2.cvtColor(img, cv2.COLOR_BGR2Lab)
    maps.append(cv2.Canny(cv2.GaussianBlur(lab[..., 0], (5, 5), 0), 30, 90))
    for e in maps:
        contours, _ = cv2.findContours(e, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
        for c in contours:
            if len(c) < 8:
                continue
            rect = cv2.minAreaRect(c)
            rw, rh = rect[1]
            if rw * rh < cfg.min_area * area or rw * rh > 1.02 * area:
                continue
            ar = max(rw, rh) / max(min(rw, rh), 1e-6)
            if abs(ar / L.CARD_ASPECT - 1) > cfg.aspect_tol + 0.1:
                continue
            hull = cv2.convexHull(c)
            if cv2.contourArea(hull) < 0.8 * rw * rh:
                continue
            out.append(_orient_quad(cv2.boxPoints(rect)))
    return out


def _line_candidates(img: np.ndarray, grad: _Gradients, cfg: CardFinderConfig, max_lines: int = 16,
                     keep: int = 4) -> list[np.ndarray]:
    """Card outlines from long straight edges: two near-parallel pairs of lines, about perpendicular.

    Contours merge a card with clutter that touches it (a paper under it, a dark object along a
    side); straight lines do not. Segments (Hough on the lightness edges) are merged into lines
    ``x cos t + y sin t = r``; every pair of parallel pairs whose intersections make a quad of a
    card's size and shape is scored by the weaker half of its sides' edge support.
    """
    h, w = img.shape[:2]
    lab = cv2.cvtColor(img, cv2.COLOR_BGR2Lab)
    edges = cv2.Canny(cv2.GaussianBlur(lab[..., 0], (5, 5), 0), 30, 90)
    edges[grad.mag < 0.3 * grad.scale] = 0  # texture and noise edges are weaker than a card's outline
    segs = cv2.HoughLinesP(edges, 1, np.pi / 180, threshold=40, minLineLength=0.12 * min(h, w),
                           maxLineGap=0.02 * max(h, w))
    if segs is None or len(segs) < 4:
        return []
    s = segs.reshape(-1, 4).astype(np.float64)
    d = s[:, 2:] - s[:, :2]
    length = np.linalg.norm(d, axis=1)
    theta = (np.arctan2(d[:, 1], d[:, 0]) + np.pi / 2) % np.pi  # normal angle in [0, pi)
    rho = s[:, 0] * np.cos(theta) + s[:, 1] * np.sin(theta)
    along = np.stack([-np.sin(theta), np.cos(theta)], 1)
    ends = np.sort(np.stack([(s[:, :2] * along).sum(1), (s[:, 2:] * along).sum(1)], 1), 1)  # span on the line
    # Merge segments into lines, longest first: a segment joins the first line whose leading
    # (longest) segment has about its angle and offset.
    order = np.argsort(-length)
    th, rh = theta[order], rho[order]
    same = (np.abs(th[:, None] - th[None, :]) < np.deg2rad(3)) & (np.abs(rh[:, None] - rh[None, :]) < 6)
    leaders: list[int] = []
    owner = np.empty(len(order), int)
    for i in range(len(order)):
        hit = np.flatnonzero(same[i, leaders]) if leaders else ()
        if len(hit):
            owner[i] = leaders[hit[0]]
        else:
            owner[i] = i
            leaders.append(i)
    lead = np.array(leaders)
    t0 = np.full(len(order), np.inf)
    t1 = np.full(len(order), -np.inf)
    np.minimum.at(t0, owner, ends[order, 0])
    np.maximum.at(t1, owner, ends[order, 1])
    la = np.stack([th[lead], rh[lead], t0[lead], t1[lead]], 1)  # theta, rho, span start, span end
    # Rank lines by consistent-sign edge strength along their span: guilloche, text and texture
    # give long Hough segments too, but their gradient alternates in sign.
    la = la[la[:, 3] - la[:, 2] >= 0.25 * min(h, w)]
    if len(la) < 4:
        return []
    normal = np.stack([np.cos(la[:, 0]), np.sin(la[:, 0])], 1)
    along = np.stack([-normal[:, 1], normal[:, 0]], 1)
    base = la[:, 1:2] * normal
    strength = grad.side_support(base + la[:, 2:3] * along, base + la[:, 3:4] * along, normal)
    ln_arr = la[np.argsort(-strength)[:max_lines]]
    t, r = ln_arr[:, 0], ln_arr[:, 1]
    i, j = np.triu_indices(len(ln_arr), 1)
    dt = np.abs(t[i] - t[j])
    par = np.minimum(dt, np.pi - dt) < np.deg2rad(8)
    pi_, pj = i[par], j[par]  # near-parallel pairs
    a, b = np.triu_indices(len(pi_), 1)
    dt = np.abs(t[pi_[a]] - t[pi_[b]]) % np.pi
    perp = np.abs(np.minimum(dt, np.pi - dt) - np.pi / 2) <= np.deg2rad(15)
    a, b = a[perp], b[perp]
    if not len(a):
        return []
    # corners: the pairs' lines (i, j) and (k, m) meet at i∩k, k∩j, j∩m, m∩i
    li, lj, lk, lm = pi_[a], pj[a], pi_[b], pj[b]
    q = np.stack([_meet(t, r, li, lk), _meet(t, r, lk, lj), _meet(t, r, lj, lm), _meet(t, r, lm, li)], 1)
    area = 0.5 * np.abs(np.sum(q[:, :, 0] * np.roll(q[:, :, 1], -1, 1) - np.roll(q[:, :, 0], -1, 1) * q[:, :, 1], 1))
    sides = np.linalg.norm(q - np.roll(q, -1, 1), axis=2)
    opposite = np.stack([sides[:, 0] + sides[:, 2], sides[:, 1] + sides[:, 3]], 1)
    ar = opposite.max(1) / np.maximum(opposite.min(1), 1e-6)
    lo, hi = -0.02 * np.array([w, h]), 1.02 * np.array([w, h])
    inside = np.all((q > lo) & (q < hi), axis=(1, 2))
    ok = inside & (area >= cfg.min_area * h * w) & (np.abs(ar / L.CARD_ASPECT - 1) <= cfg.aspect_tol)
    q = q[ok]
    if not len(q):
        return []
    p0, p1 = q.reshape(-1, 2), np.roll(q, -1, 1).reshape(-1, 2)
    dirs = (p1 - p0) / np.maximum(np.linalg.norm(p1 - p0, axis=1, keepdims=True), 1e-9)
    normals = np.stack([dirs[:, 1], -dirs[:, 0]], 1)
    sup = np.sort(grad.side_support(p0, p1, normals).reshape(-1, 4), 1)[:, :2].mean(1)
    best = np.argsort(-sup)[:keep]
    return [_orient_quad(q[i].astype(np.float32)) for i in best if sup[i] >= cfg.min_edge]


def _meet(t: np.ndarray, r: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Intersections of the lines ``x cos t + y sin t = r`` with indices ``i`` and ``j``: ``(K, 2)``."""
    det = np.sin(t[j] - t[i])
    det = np.where(np.abs(det) < 1e-9, 1e-9, det)
    x = (r[i] * np.sin(t[j]) - r[j] * np.sin(t[i])) / det
    y = (r[j] * np.cos(t[i]) - r[i] * np.cos(t[j])) / det
    return np.stack([x, y], 1)


def _long_axes(q: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Text boxes' long axis: ``(N, 2)`` unit directions (tl→tr, or tl→bl for the steep boxes that
    come with their short side first), their lengths and their heights."""
    w, h = quad_sizes(q)
    wide = w >= h
    d = np.where(wide[:, None], q[:, 1] - q[:, 0], q[:, 3] - q[:, 0])
    length = np.maximum(w, h)
    return d / np.maximum(length, 1e-9)[:, None], length, np.minimum(w, h)


def _text_candidate(dets: Detections, shape: tuple[int, int]) -> np.ndarray | None:
    """Card guess from the biggest cluster of parallel text boxes, grown by the layout margins."""
    if len(dets) < 3:
        return None
    q = dets.quads
    d, wlen, hts = _long_axes(q)
    theta = np.arctan2(d[:, 1], d[:, 0])
    z = np.sum(wlen * np.exp(2j * theta))
    dom = np.angle(z) / 2
    dev = np.abs(np.angle(np.exp(2j * (theta - dom)))) / 2
    keep = dev < np.deg2rad(8)
    if keep.sum() < 3:
        return None
    rad_px = max(3.0, float(np.median(hts[keep])) * 2.5)
    # Group the boxes on a coarse raster (the dilation radius ~4 cells): a big dilation is slow at full size.
    f = max(1.0, rad_px / 4)
    h, w = max(1, int(np.ceil(shape[0] / f))), max(1, int(np.ceil(shape[1] / f)))
    mask = np.zeros((h, w), np.uint8)
    cv2.fillPoly(mask, list((q[keep] / f).round().astype(np.int32)), 255)
    rad = int(round(rad_px / f))
    mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * rad + 1, 2 * rad + 1)))
    n, labels = cv2.connectedComponents(mask)
    if n <= 1:
        return None
    centres = (q[keep].mean(1) / f).round().astype(int)
    centres[:, 0] = centres[:, 0].clip(0, w - 1)
    centres[:, 1] = centres[:, 1].clip(0, h - 1)
    lab = labels[centres[:, 1], centres[:, 0]]
    area = np.bincount(lab, weights=wlen[keep] * hts[keep], minlength=n)
    area[0] = 0
    best = int(np.argmax(area))
    pts = q[keep][lab == best].reshape(-1, 2).astype(np.float32)
    (cx, cy), (rw, rh), ang = cv2.minAreaRect(pts)
    # Text spans ~93 % of the card's width and ~95 % of its height; use the card aspect for the short side.
    long_, short = max(rw, rh), min(rw, rh)
    cw = max(long_ / 0.92, short / 0.95 * L.CARD_ASPECT)
    ch = cw / L.CARD_ASPECT
    rect = ((cx, cy), (cw, ch) if rw >= rh else (ch, cw), ang)
    return _orient_quad(cv2.boxPoints(rect))


# Where the back's two codes start (the left end of their detected boxes, reading direction) and
# how big their boxes are, in canonical card pixels: means over 40 rectified synthetic backs
# (seeds 20000-20039; the spread of the ends is < 0.02 card widths).
_LASER_START = np.array([0.597 * L.CARD_W, 0.118 * L.CARD_H])
_CARD_NO_START = np.array([0.036 * L.CARD_W, 0.884 * L.CARD_H])
_CODE_LEN = np.array([0.241 * L.CARD_W, 0.205 * L.CARD_W])  # laser, card number: box length
_CODE_HT = np.array([0.061 * L.CARD_H, 0.051 * L.CARD_H])  # and height


def _back_code_candidates(dets: Detections, max_out: int = 2, angle_tol_deg: float = 10.0,
                          length_tol: float = 1.5, height_tol: float = 2.0) -> list[np.ndarray]:
    """Card guesses from a pair of text boxes read as a back's laser code and card number.

    A back prints few lines; on a screen photo its fine print can vanish in the moiré, and the
    text-cluster candidate (:func:`_text_candidate`) then grows the cluster of fine print into a
    card far too small (bench seeds 9044 and 9059, screen backs). The two codes sit at opposite
    corners (laser top right, card number bottom left), so a pair of parallel boxes of their size
    whose left ends lie where the two codes start fixes a similarity transform, hence the card. The
    pairs are tested all at once: the transform's angle must follow the boxes' reading direction and
    its scale the boxes' length and height. Best first (smallest size mismatch); the caller snaps
    them to the card's edges (or keeps them as they are where the edges are faint: an over-exposed
    copy) and judges them by their layout like any other candidate, as backs only.
    """
    q = dets.quads
    if len(q) < 2:
        return []
    d, length, height = _long_axes(q)
    centre = q.mean(1)
    z_dir = d[:, 0] + 1j * d[:, 1]
    z_c = centre[:, 0] + 1j * centre[:, 1]
    i, j = np.nonzero(~np.eye(len(q), dtype=bool))  # i: laser, j: card number
    par = np.real(z_dir[i] * np.conj(z_dir[j]))
    keep = np.abs(par) > np.cos(np.deg2rad(8))
    i, j, par = i[keep], j[keep], par[keep]
    p_laser = _LASER_START[0] + 1j * _LASER_START[1]
    p_card = _CARD_NO_START[0] + 1j * _CARD_NO_START[1]
    out: list[tuple[float, np.ndarray]] = []
    for sign in (1.0, -1.0):  # which way the text reads along the boxes' long axis
        u_i = sign * z_dir[i]
        u_j = sign * z_dir[j] * np.sign(par)
        start_i = z_c[i] - u_i * length[i] / 2
        start_j = z_c[j] - u_j * length[j] / 2
        a = (start_i - start_j) / (p_laser - p_card)  # similarity z = a p + b
        scale = np.abs(a)
        turn = np.abs(np.angle(a * np.conj(u_i)))  # canonical x runs along the reading direction
        ratios = np.stack([length[i] / (scale * _CODE_LEN[0]), length[j] / (scale * _CODE_LEN[1]),
                           height[i] / (scale * _CODE_HT[0]), height[j] / (scale * _CODE_HT[1])], 1)
        bad = np.abs(np.log(np.maximum(ratios, 1e-9)))
        ok = ((turn < np.deg2rad(angle_tol_deg)) & (bad[:, :2].max(1) < np.log(length_tol))
              & (bad[:, 2:].max(1) < np.log(height_tol)))
        for k in np.flatnonzero(ok):
            b = start_j[k] - a[k] * p_card
            corners = a[k] * np.array([0, L.CARD_W, L.CARD_W + 1j * L.CARD_H, 1j * L.CARD_H]) + b
            out.append((float(bad[k].sum()), np.stack([corners.real, corners.imag], 1)))
    out.sort(key=lambda t: t[0])
    return _dedupe([_orient_quad(c) for _, c in out])[:max_out]


# ---------------------------------------------------------------- content: side and 0/180
_PRIOR_RES = (64, 101)  # (h, w) of the layout-matching raster


def _layout_masks() -> dict[str, np.ndarray]:
    h, w = _PRIOR_RES
    out = {}
    for side in L.SIDES:
        m = L.text_prior_mask(side, w, h)
        out[side] = m
    return out


_MASKS = _layout_masks()
_EMPTY = {side: L.text_prior_mask(side, _PRIOR_RES[1], _PRIOR_RES[0]) * 0 for side in L.SIDES}
for _side in L.SIDES:
    for _x0, _y0, _x1, _y1 in L.no_text_regions(_side):
        _EMPTY[_side][int(_y0 * _PRIOR_RES[0]): int(np.ceil(_y1 * _PRIOR_RES[0])),
                      int(_x0 * _PRIOR_RES[1]): int(np.ceil(_x1 * _PRIOR_RES[1]))] = 1.0


def layout_scores(text_quads_canon: np.ndarray) -> dict[tuple[str, int], float]:
    """Match canonical text boxes with each side's prior, upright (0) and turned (180).

    Score = 2 × F1(text inside the prior, prior covered by text) − 2 × share of text on artwork that
    never holds text (portrait, chip, barcode …); ≈0.8–1.3 for a real match, < 0.5 for a wrong one.
    """
    h, w = _PRIOR_RES
    occ = np.zeros((h, w), np.uint8)
    if len(text_quads_canon):
        sx, sy = w / L.CARD_W, h / L.CARD_H
        pts = (np.asarray(text_quads_canon) * [sx, sy]).round().astype(np.int32)
        cv2.fillPoly(occ, list(pts), 1)
    occ = occ.astype(np.float32)
    total = occ.sum()
    out: dict[tuple[str, int], float] = {}
    for side, prior in _MASKS.items():
        for rot in (0, 180):
            o = occ if rot == 0 else occ[::-1, ::-1]
            if total < 1:
                out[(side, rot)] = -1.0
                continue
            inside = float((o * prior).sum() / total)
            covered = float((o * prior).sum() / prior.sum())
            on_art = float((o * _EMPTY[side]).sum() / total)
            f1 = 2 * inside * covered / max(inside + covered, 1e-6)
            out[(side, rot)] = 2 * f1 - 2 * on_art
    return out


def _normalise_contrast(card: np.ndarray) -> np.ndarray:
    """CLAHE on the lightness channel (dark / washed-out photos)."""
    lab = cv2.cvtColor(card, cv2.COLOR_BGR2Lab)
    lab[..., 0] = cv2.createCLAHE(clipLimit=2.5, tileGridSize=(8, 8)).apply(lab[..., 0])
    return cv2.cvtColor(lab, cv2.COLOR_Lab2BGR)


def _portrait_texture(card: np.ndarray) -> float:
    """Colour / texture energy in the front-portrait region vs the rest (front ≫ back)."""
    q = L.region_px(L.FRONT_PORTRAIT, card.shape[1], card.shape[0]).astype(int)
    roi = card[q[0, 1]: q[2, 1], q[0, 0]: q[2, 0]]
    hsv = cv2.cvtColor(roi, cv2.COLOR_BGR2HSV)
    return float(np.std(roi.reshape(-1, 3), axis=0).mean() / 64 + hsv[..., 1].mean() / 255)


def barcode_strength(card: np.ndarray) -> float:
    """How much the back's barcode region of an upright canonical card looks like a barcode.

    Vertical bars: the column profile (the region averaged over its middle rows) jumps between
    dark and light while the row profile stays flat; text lines, guilloche and photos average out
    along columns or vary along rows too. ≲1 on those, 3-30 on a barcode.
    """
    q = L.region_px(L.BACK_BARCODE, card.shape[1], card.shape[0]).astype(int)
    roi = cv2.cvtColor(card[q[0, 1]: q[2, 1], q[0, 0]: q[2, 0]], cv2.COLOR_BGR2GRAY).astype(np.float32)
    if roi.shape[0] < 8 or roi.shape[1] < 8:
        return 0.0
    mid = roi[roi.shape[0] // 5: 4 * roi.shape[0] // 5]
    col_jumps = float(np.abs(np.diff(mid.mean(0))).mean())
    row_jumps = float(np.abs(np.diff(mid.mean(1))).mean())
    return max(0.0, col_jumps - 2.0) / (row_jumps + 1.0)


# ---------------------------------------------------------------- the finder
def card_text_detector(detector: TextDetector) -> TextDetector:
    """The web-image detector without its small-text second pass at a larger scale.

    On a card the second pass costs more than the first (the input grows 1.4-2x per side) and adds
    nothing: the finder detects again on the rectified card when the photo's text is too small, and
    on the canonical card the text always has its printed size (20-30 px).
    """
    return detector.with_config(small_box_px=0.0)


class CardFinder:
    """Finds and rectifies a Thai ID card; create once (holds the text detector), call many times."""

    def __init__(self, detector: TextDetector | None, config: CardFinderConfig | None = None,
                 line_reader: CTCRecognizer | None = None) -> None:
        self.detector = detector
        self.config = config or CardFinderConfig()
        self.line_reader = line_reader  # confirms which way up the card is (see _upright)

    @classmethod
    def from_pipeline(cls, pipeline, config: CardFinderConfig | None = None,
                      line_reader: CTCRecognizer | None = None) -> CardFinder:
        """Reuse the web-image pipeline's detector session (see :func:`card_text_detector`)."""
        return cls(card_text_detector(pipeline.detector), config, line_reader)

    def find(self, image: np.ndarray, side: str | None = None) -> CardResult:
        """Find the card in a BGR image. ``side`` ("front"/"back") is a hint that wins ties."""
        if image is None or image.ndim != 3 or min(image.shape[:2]) < 15:
            raise NoTextFound(NO_CARD_MESSAGE)
        work, s = self._working_image(image)
        try:
            return self._find_in(image, work, s, side)
        except NoTextFound:
            # A photo of a screen: the display's stripes can hide the card's outline and text from
            # every candidate. Only then is the photo looked at again with its periodic pattern
            # removed, so that no card found today changes.
            clean = descreen(work) if self.config.descreen_retry else None
            if clean is None:
                raise
            return self._find_in(image, clean, s, side)

    def _find_in(self, image: np.ndarray, work: np.ndarray, s: float, side: str | None) -> CardResult:
        """:meth:`find` on ``work``, the photo scaled by ``s`` (and perhaps descreened)."""
        cfg = self.config
        grad = _Gradients(work)
        edge_cands = self._refine(grad, _dedupe(_edge_candidates(work, grad, cfg)), None, work.shape[:2])
        if edge_cands and self.detector is not None:
            # Fast path: the best card outline is checked by detecting text once, on the rectified
            # card; the field reader then reuses those lines. The photo-level detection (text-box
            # candidate, more outlines) runs only when this check is not clear-cut.
            score, q = edge_cands[0]
            res = self._evaluate(image, q / s, score, None, s, side)
            if res is not None and res.text_from_card and res.layout >= cfg.fast_min_layout:
                return self._by_margins(self._upright(res), image, grad, s, side)
        # A dark or flat photo hides the text from the detector: it is tried contrast-normalised too.
        dets = self._detect(work, cfg.few_photo_lines) if self.detector is not None else None
        tc = _text_candidate(dets, work.shape[:2]) if dets is not None else None
        refined = edge_cands + (self._refine(grad, [tc], tc, work.shape[:2]) if tc is not None else [])
        # Straight-line outlines: for a card whose outline merged with touching clutter.
        refined += self._refine(grad, _dedupe(_line_candidates(work, grad, cfg)), None, work.shape[:2])
        refined.sort(key=lambda t: -t[0])
        refined = _dedupe_scored(refined)[: cfg.max_candidates]
        if tc is not None:
            # The snap to edges can pull a good text-box candidate onto a stronger edge nearby (a
            # screen's bezel, a paper under the card): the layout check judges the unsnapped one too.
            raw_tc = self._plausible([(cfg.min_edge_text, _orient_quad(tc))], work.shape[:2])
            refined += [c for c in raw_tc if all(quad_iou(c[1], o) < 0.85 for _, o in refined)]
        # A back whose fine print is lost (a screen's moiré): its two codes place the card. Such a
        # guess is an extra, and stands for a back only (read as a front, it is two stray boxes that
        # happened to fit).
        backs = (self._refine(grad, _back_code_candidates(dets), None, work.shape[:2], faint_ok=True)
                 if dets is not None else [])
        backs = [c for c in backs if all(quad_iou(c[1], o) < 0.85 for _, o in refined)]
        if not refined and not backs:
            raise NoTextFound(NO_CARD_MESSAGE)

        best: CardResult | None = None
        for (score, q), back_only in [(c, False) for c in refined] + [(c, True) for c in backs]:
            res = self._evaluate(image, q / s, score, dets, s, side)
            if res is not None and back_only and res.side != "back":
                continue
            if res is not None and (best is None or res.score > best.score):
                best = res
        if best is None:
            raise NoTextFound(NO_CARD_MESSAGE)
        return self._by_margins(self._upright(best), image, grad, s, side)

    def _by_margins(self, res: CardResult, image: np.ndarray, grad: _Gradients, s: float,
                    side_hint: str | None) -> CardResult:
        """``res``, or the card placed again from its text when the text's margins show the outline
        too big or too small on a side.

        The printed text (``res.text_quads``: boxes that run along the card, see :meth:`_printed`)
        comes close to the card's border on every side (:data:`_TEXT_MARGINS`), so
        text that stops well inside the outline means an outline grown onto the background (a
        shadow, a screen's moiré) and text running into the border means a cut card. The outline
        is moved so that each margin is the usual one, snapped to the card's edges where they
        show (within ``search_edge``: the text places it closely), and judged again; it is kept
        when its margins are in range more nearly and it scores clearly higher (``margin_gain``:
        a top line the detector missed also moves the outline, onto a card cut at the top).
        """
        cfg = self.config
        if not cfg.margin_check or self.detector is None:
            return res
        for _ in range(cfg.margin_rounds):
            if len(res.text_quads) < cfg.margin_min_lines:
                break
            gaps = _text_margins(res.text_quads)
            err = _margin_error(res.side, gaps)
            if err <= 0:
                break
            want = _TEXT_MARGINS[res.side][0]
            x0, y0 = gaps[0] * L.CARD_W, gaps[1] * L.CARD_H
            x1, y1 = (1 - gaps[2]) * L.CARD_W, (1 - gaps[3]) * L.CARD_H
            cw = (x1 - x0) / (1 - want[0] - want[2])
            ch = (y1 - y0) / (1 - want[1] - want[3])
            cx0, cy0 = x0 - want[0] * cw, y0 - want[1] * ch
            rect = np.array([[cx0, cy0], [cx0 + cw, cy0], [cx0 + cw, cy0 + ch], [cx0, cy0 + ch]])
            q = res.to_image(rect) * s
            got = self._refine(grad, [q], None, grad.mag.shape[:2], faint_ok=True)
            if not got:
                break
            new = self._evaluate(image, got[0][1] / s, got[0][0], None, s, side_hint)
            if new is None or new.side != res.side or len(new.text_quads) < cfg.margin_min_lines:
                break
            new = self._upright(new)
            if not (_margin_error(new.side, _text_margins(new.text_quads)) < err
                    and new.score >= res.score + cfg.margin_gain):
                break
            res = new
        return res

    def placed_again(self, res: CardResult, image: np.ndarray, corners: np.ndarray) -> Iterator[CardResult]:
        """The card placed again at ``corners`` (tl, tr, br, bl in ``res``'s canonical card: where the
        printed text says the card's corners are, see :func:`engine.thaiid.fields.fit_corners`),
        snapped to the card's edges over a narrow range (``search_edge``), then over the text
        candidate's wide one (``search``); each placement that is judged again as ``res``'s side is
        yielded, so a caller content with the first never pays for the second.

        A dark or moiré-striped screen photo can hide one of the card's edges, and the outline then
        takes a stripe or a row of print inside the card (bench seed 17019 hard: IoU 0.83, and its
        portrait box 0.52); the text, read and registered to the layout, still shows where the card
        is, and the snap from there finds its faint edges.
        """
        work, s = self._working_image(image)
        grad = _Gradients(work)
        q = res.to_image(corners) * s
        tried: list[np.ndarray] = []
        for wide in (False, True):
            got = self._refine(grad, [q], q if wide else None, work.shape[:2], faint_ok=True)
            if not got or any(quad_iou(got[0][1], t) >= 0.98 for t in tried):
                continue
            tried.append(got[0][1])
            new = self._evaluate(image, got[0][1] / s, got[0][0], None, s, res.side)
            if new is not None:
                new = self._upright(new)
                if new.side == res.side:
                    yield new

    def _working_image(self, image: np.ndarray) -> tuple[np.ndarray, float]:
        """The photo scaled down to ``work_side`` (the geometry's working size), and the scale."""
        h, w = image.shape[:2]
        s = min(1.0, self.config.work_side / max(h, w))
        if s >= 1:
            return image, 1.0
        return cv2.resize(image, (round(w * s), round(h * s)), interpolation=cv2.INTER_AREA), s

    def _upright(self, res: CardResult) -> CardResult:
        """``res`` or, when its text reads clearly better the other way up, ``res.turned()``.

        The layout and portrait cues that pick 0° or 180° can both fail on a glared screen photo
        (seed 9039 hard: the glare whitened the photo, and the text boxes fit the upside-down layout
        better). Text read upside down gets low recognizer confidence, so the middles of the
        ``upright_lines`` largest boxes are read both ways (the middle only: whole lines cost ~55 ms
        on an AVX2 CPU, 3:1 windows ~20 ms). On 465 correctly turned bench cards (seeds 7000-13000,
        clean and hard) the turned readings were never more than 0.076 more confident (median 0.24
        less); the statistic is antisymmetric (a middle window turned is the turned line's middle
        window), so a card found upside down is turned back whenever its upright twin would have
        read ``upright_margin`` better (461 of those 465 cards).
        """
        cfg = self.config
        if self.line_reader is None or not len(res.text_quads):
            return res
        lo = np.maximum(np.floor(res.text_quads.min(1)).astype(int), 0)  # (N, 2) x0, y0
        hi = np.ceil(res.text_quads.max(1)).astype(int)  # x1, y1
        ch, cw = res.card.shape[:2]
        seen = np.minimum(hi, [cw, ch]) - lo  # the crops' width and height inside the card
        boxes = np.flatnonzero((seen[:, 1] >= 8) & (seen[:, 0] >= 16))
        if not len(boxes):
            return res
        area = np.prod(hi[boxes] - lo[boxes], axis=1)
        top = []
        for i in boxes[np.argsort(-area, kind="stable")[: cfg.upright_lines]]:
            w, h = seen[i]
            ww = min(w, cfg.upright_aspect * h)
            x = lo[i, 0] + (w - ww) // 2
            top.append(np.ascontiguousarray(res.card[lo[i, 1]: hi[i, 1], x: x + ww]))
        as_found = self.line_reader.recognize(top)
        turned = self.line_reader.recognize([np.ascontiguousarray(c[::-1, ::-1]) for c in top])
        gain = float(np.mean([t.confidence for t in turned]) - np.mean([t.confidence for t in as_found]))
        return res.turned() if gain > cfg.upright_margin else res

    def _detect(self, img: np.ndarray, few: int) -> Detections:
        """Text boxes of ``img``; with fewer than ``few``, of its contrast-normalised copy too,
        whichever finds more."""
        assert self.detector is not None
        d = self.detector(img)
        return self._normalised_if_more(img, d) if len(d) < few else d

    def _normalised_if_more(self, img: np.ndarray, d: Detections) -> Detections:
        """The boxes of ``img``'s contrast-normalised copy if they are more than ``d``, else ``d``."""
        assert self.detector is not None
        dn = self.detector(_normalise_contrast(img))
        return dn if len(dn) > len(d) else d

    def _detect_card(self, card: np.ndarray) -> Detections:
        """Text boxes of a rectified card. A dark, flat or blurred card hides lines from the
        detector, so with fewer than ``few_card_lines`` boxes the contrast-normalised card is tried
        too, unless the boxes already match a back's layout (a back prints only ~9 lines; its
        normalised copy found more lines on none of the 30 bench backs, seed 7000 clean and hard, where
        the plain one matched)."""
        cfg = self.config
        assert self.detector is not None
        d = self.detector(card)
        if len(d) >= cfg.few_card_lines:
            return d
        if len(d):
            (side, _), score = max(layout_scores(d.quads).items(), key=lambda kv: kv[1])
            if side == "back" and score >= cfg.fast_min_layout:
                return d
        return self._normalised_if_more(card, d)

    def _refine(self, grad: _Gradients, cands: list[np.ndarray], tc: np.ndarray | None,
                shape: tuple[int, int], faint_ok: bool = False) -> list[tuple[float, np.ndarray]]:
        """Snap candidates to the card's edges; keep plausible ones as (edge score, quad), best first.
        ``tc`` is the candidate built from text boxes (its edges may be faint: photocopies), searched
        over a wider range; with ``faint_ok`` every candidate is placed by text (the back's codes) and
        kept unsnapped where the edges are faint."""
        cfg = self.config
        refined = []
        for c in cands:
            from_text = c is tc or faint_ok
            q, sc = refine_quad(grad, c, cfg.search if c is tc else cfg.search_edge)
            if from_text and float(np.sort(sc)[:2].mean()) < cfg.min_edge:
                # Faint card edges (photocopies): the refinement would snap to text columns; trust the text.
                q, sc = c, np.full(4, cfg.min_edge_text)
            edge = float(np.sort(sc)[:2].mean())  # the two weakest sides
            if edge < (cfg.min_edge_text if from_text else cfg.min_edge):  # text-backed: faint edges (copies) ok
                continue
            refined.append((edge, _orient_quad(q)))
        return _dedupe_scored(self._plausible(refined, shape))

    def _plausible(self, cands: list[tuple[float, np.ndarray]],
                   shape: tuple[int, int]) -> list[tuple[float, np.ndarray]]:
        """Candidates of a card's size and shape, their edge scores discounted by the aspect error; best first."""
        cfg = self.config
        out = []
        for edge, q in cands:
            err = abs(_aspect(q) / L.CARD_ASPECT - 1)
            area = abs(cv2.contourArea(q.astype(np.float32))) / (shape[0] * shape[1])
            if area >= cfg.min_area and err <= cfg.aspect_tol:
                out.append((edge * (1 - err), q))
        out.sort(key=lambda t: -t[0])
        return out

    def _printed(self, quads: np.ndarray) -> np.ndarray:
        """Which canonical text boxes can be the card's print: none taller than any printed line
        (texture: guilloche in a copy, a photo), and all running along the card (with
        ``along_only``; boxes standing upright are print seen through an outline turned by 90°, or
        clutter)."""
        ext = quads.max(1) - quads.min(1)
        ok = np.minimum(ext[:, 0], ext[:, 1]) < 0.16 * L.CARD_H
        return ok & (ext[:, 0] >= ext[:, 1]) if self.config.along_only else ok

    def _evaluate(self, image: np.ndarray, quad: np.ndarray, edge_score: float, dets: Detections | None,
                  s: float, side_hint: str | None) -> CardResult | None:
        cfg = self.config
        h_base = cv2.getPerspectiveTransform(_CANON, quad.astype(np.float32)).astype(np.float64)
        inv = np.linalg.inv(h_base)
        if dets is not None and len(dets):
            tq = apply_homography(inv, dets.quads / s)
            c = tq.mean(1)
            inside = (c[:, 0] > 0) & (c[:, 0] < L.CARD_W) & (c[:, 1] > 0) & (c[:, 1] < L.CARD_H)
            text_share = float(inside.mean())
            tq = tq[inside & self._printed(tq)]
        else:
            tq = np.zeros((0, 4, 2))
            text_share = 0.0
        card0 = cv2.warpPerspective(image, h_base, (L.CARD_W, L.CARD_H), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                                    borderMode=cv2.BORDER_REPLICATE)
        from_card = False
        if len(tq) < cfg.redetect_below and self.detector is not None:
            # Small / dark / blurred text is missed at image scale: detect again on the rectified,
            # contrast-normalised card (text is then at its canonical size). Without a photo-level
            # detection (the fast path) the plain card is used: its boxes serve the field reader,
            # and plain-card boxes read better there.
            cd = (self._detect_card(card0) if dets is None
                  else self.detector(_normalise_contrast(card0)))  # dark / flat / blurred
            if len(cd) > len(tq):
                tq = cd.quads[self._printed(cd.quads)]
                from_card = True
        ls = layout_scores(tq)
        # Portrait texture for both 0° and 180° readings of the card.
        tex = {0: _portrait_texture(card0), 180: _portrait_texture(card0[::-1, ::-1])}
        # The back's barcode: a strong cue where the text is too faint or small to be detected.
        bar = {0: barcode_strength(card0), 180: barcode_strength(card0[::-1, ::-1])}
        hyp = {}
        for (sd, rot), v in ls.items():
            t = tex[rot]
            bonus = 0.25 * np.tanh((t - 0.6) * 3) * (1 if sd == "front" else -1)
            bonus += 0.3 * np.tanh(max(0.0, bar[rot] - 1.0) / 2) * (1 if sd == "back" else -1)
            hint = 0.15 if side_hint == sd else 0.0
            hyp[(sd, rot)] = v + bonus + hint
        (sd, rot), val = max(hyp.items(), key=lambda kv: kv[1])
        text_ok = ls[(sd, rot)] >= cfg.min_layout and len(tq) >= cfg.min_lines
        barcode_ok = sd == "back" and bar[rot] >= cfg.min_barcode and edge_score >= cfg.min_edge
        if not (text_ok or barcode_ok):
            return None
        other = max(v for (k, v) in hyp.items() if k[0] != sd)
        conf = float(1 / (1 + np.exp(-6 * (val - other))))
        score = float(val + cfg.edge_weight * edge_score + cfg.text_share_weight * text_share)
        res = CardResult(card=card0, side=sd, side_confidence=conf, score=score, text_quads=tq,
                         text_from_card=from_card, layout=float(ls[(sd, rot)]),
                         layout_scores={f"{k[0]}_{k[1]}": round(v, 3) for k, v in ls.items()}, **_placement(quad))
        res = res.turned() if rot == 180 else res
        if cfg.margin_weight > 0 and len(res.text_quads) >= cfg.margin_min_lines:
            res.score -= cfg.margin_weight * _margin_overrun(res.side, _text_margins(res.text_quads))
        return res


# The gap between the outermost text boxes and the card's border, as fractions of the card's width
# and height (left, top, right, bottom), upright: (usual, lowest, highest). Usual: medians over the
# cards found with IoU >= 0.9 on bench seeds 7000-13000 hard (164 fronts, 70 backs). Out of the
# range, of the found cards with 8 or more lines there: 7 of 203 such cards hard and 1 of 209 clean
# (they are judged again and kept), and 11 of the 12 found with IoU < 0.9. A back's right margin is
# wide: its codes stop short of the barcode.
_TEXT_MARGINS = {
    "front": (np.array([0.033, 0.042, 0.081, 0.007]), np.array([0.015, 0.0, 0.025, -0.03]),
              np.array([0.07, 0.07, 0.14, 0.07])),
    "back": (np.array([0.031, 0.078, 0.152, 0.088]), np.array([0.015, 0.04, 0.09, 0.05]),
             np.array([0.07, 0.12, 0.26, 0.13])),
}


def _text_margins(text_quads: np.ndarray) -> np.ndarray:
    """Left, top, right and bottom gap between the text and the canonical card's border (fractions)."""
    lo = text_quads.reshape(-1, 2).min(0)
    hi = text_quads.reshape(-1, 2).max(0)
    return np.array([lo[0] / L.CARD_W, lo[1] / L.CARD_H, 1 - hi[0] / L.CARD_W, 1 - hi[1] / L.CARD_H])


def _margin_error(side: str, gaps: np.ndarray) -> float:
    """How far the margins lie outside their range, summed over the four sides (0 when all are in):
    the text's overrun past the low ends plus its shortfall before the high ends."""
    return _margin_overrun(side, gaps) + float(np.maximum(0.0, gaps - _TEXT_MARGINS[side][2]).sum())


def _margin_overrun(side: str, gaps: np.ndarray) -> float:
    """How far the text runs past the low ends of its margins' ranges, summed over the four sides."""
    return float(np.maximum(0.0, _TEXT_MARGINS[side][1] - gaps).sum())


def _dedupe(quads: list[np.ndarray], thr: float = 0.9) -> list[np.ndarray]:
    out: list[np.ndarray] = []
    for q in quads:
        if all(quad_iou(q, o) < thr for o in out):
            out.append(q)
    return out


def _dedupe_scored(items: list[tuple[float, np.ndarray]], thr: float = 0.85) -> list[tuple[float, np.ndarray]]:
    out: list[tuple[float, np.ndarray]] = []
    for sc, q in items:
        if all(quad_iou(q, o) < thr for _, o in out):
            out.append((sc, q))
    return out


# ---------------------------------------------------------------- portrait
@dataclass
class Portrait:
    quad_canonical: np.ndarray  # (4, 2) in canonical card pixels
    quad_image: np.ndarray  # (4, 2) in original image pixels (tl, tr, br, bl of the upright photo)
    image: np.ndarray  # upright BGR crop

    def location(self) -> list[list[int]]:
        """``portrait_location`` as the API returns it."""
        return [[int(round(x)), int(round(y))] for x, y in self.quad_image]

    def jpeg_base64(self, quality: int = 90) -> str:
        ok, buf = cv2.imencode(".jpg", self.image, [cv2.IMWRITE_JPEG_QUALITY, quality])
        return base64.b64encode(buf.tobytes()).decode("ascii") if ok else ""


def find_portrait(result: CardResult, image: np.ndarray, fit: np.ndarray | None = None) -> Portrait:
    """Portrait box: the layout prior refined to the photo's own edges in the canonical card.

    ``fit`` (2×3 affine, layout prior → this rectified card, from the field reader's registration)
    moves the prior first: a card rectified from an outline a few percent off (a faint edge on a
    screen, say) has its photo where the printed text says, not where the outline says.
    """
    layout = L.region_px(L.FRONT_PORTRAIT)
    priors = [layout]
    if fit is not None:  # the registered prior first: it is kept when no photo frame is clear
        priors.insert(0, transform_points(layout, fit))
    grad = _Gradients(result.card)
    q, best = priors[0], -1.0
    for prior in priors:
        cand, sc = refine_quad(grad, prior, search=0.08, steps=13)
        # a clear photo frame near this prior; of two, the one with the stronger edges
        if min(sc) >= 0.05 and quad_iou(cand, prior) >= 0.6 and float(np.mean(sc)) > best:
            q, best = cand, float(np.mean(sc))
    q_img = result.to_image(q)
    crop_h = cv2.getPerspectiveTransform(q_img.astype(np.float32),
                                         L.region_px((0, 0, 1, 1), 330, 420).astype(np.float32))
    crop = cv2.warpPerspective(image, crop_h, (330, 420), flags=cv2.INTER_AREA, borderMode=cv2.BORDER_REPLICATE)
    return Portrait(quad_canonical=q, quad_image=q_img, image=crop)
