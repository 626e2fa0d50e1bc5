"""Card outline candidates at the work scale, from four cues.

(a) large contours of several edge maps (colour gradient thresholds, closing, Canny) reduced to
min-area rectangles; (b) two near-parallel pairs of long straight lines, about perpendicular; (c)
the union of the text detector's parallel boxes, grown by the layout's margins (text covers
~93 % × 95 % of a card); (d) a back's two codes, which sit at opposite corners of the card.
"""

from __future__ import annotations

import cv2
import numpy as np

from airocr.engine.detect import Detections
from airocr.engine.geometry import dedupe_quads, long_axes, meet_normal_lines, orient_quad
from airocr.engine.thaiid import layout as L
from airocr.engine.thaiid.card.config import DEFAULT_CANDIDATES, CandidateConfig, CardFinderConfig
from airocr.engine.thaiid.card.refine import Gradients


def _lightness_edges(img: np.ndarray, cc: CandidateConfig) -> np.ndarray:
    """Canny edges of the blurred lightness channel."""
    lab = cv2.cvtColor(img, cv2.COLOR_BGR2Lab)
    return cv2.Canny(cv2.GaussianBlur(lab[..., 0], (cc.canny_blur, cc.canny_blur), 0), cc.canny_low, cc.canny_high)


def edge_candidates(img: np.ndarray, grad: Gradients, cfg: CardFinderConfig) -> list[np.ndarray]:
    """Min-area rectangles of the large, rectangle-filling contours of several edge maps."""
    cc = cfg.candidates
    h, w = img.shape[:2]
    area = h * w
    out: list[np.ndarray] = []
    mag = grad.mag / grad.scale
    kernel = np.ones((cc.close_size, cc.close_size), np.uint8)
    maps = []
    for thr in cc.edge_thresholds:
        e = (mag > thr).astype(np.uint8) * 255
        maps.append(cv2.morphologyEx(e, cv2.MORPH_CLOSE, kernel, iterations=cc.close_iterations))
    maps.append(_lightness_edges(img, cc))
    for e in maps:
        contours, _ = cv2.findContours(e, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
        for c in contours:
            if len(c) < cc.min_contour_points:
                continue
            rect = cv2.minAreaRect(c)
            rw, rh = rect[1]
            if rw * rh < cfg.min_area * area or rw * rh > cc.max_area * area:
                continue
            ar = max(rw, rh) / max(min(rw, rh), 1e-6)
            if abs(ar / L.CARD_ASPECT - 1) > cfg.aspect_tol + cc.aspect_slack:
                continue
            hull = cv2.convexHull(c)
            if cv2.contourArea(hull) < cc.min_fill * rw * rh:
                continue
            out.append(orient_quad(cv2.boxPoints(rect)))
    return out


def line_candidates(img: np.ndarray, grad: Gradients, cfg: CardFinderConfig) -> list[np.ndarray]:
    """Card outlines from long straight edges: two near-parallel pairs of lines, about perpendicular.

    Contours merge a card with clutter that touches it (a paper under it, a dark object along a
    side); straight lines do not. Segments (Hough on the lightness edges) are merged into lines
    ``x cos t + y sin t = r``; every pair of parallel pairs whose intersections make a quad of a
    card's size and shape is scored by the weaker half of its sides' edge support.
    """
    lines = _strong_lines(img, grad, cfg.candidates)
    if lines is None:
        return []
    q = _line_quads(lines, img.shape[:2], cfg)
    if not len(q):
        return []
    p0, p1 = q.reshape(-1, 2), np.roll(q, -1, 1).reshape(-1, 2)
    dirs = (p1 - p0) / np.maximum(np.linalg.norm(p1 - p0, axis=1, keepdims=True), 1e-9)
    normals = np.stack([dirs[:, 1], -dirs[:, 0]], 1)
    sup = np.sort(grad.side_support(p0, p1, normals).reshape(-1, 4), 1)[:, :cfg.weakest_sides].mean(1)
    best = np.argsort(-sup)[:cfg.candidates.line_keep]
    return [orient_quad(q[i].astype(np.float32)) for i in best if sup[i] >= cfg.min_edge]


def _strong_lines(img: np.ndarray, grad: Gradients, cc: CandidateConfig) -> np.ndarray | None:
    """The image's strongest long lines ``(N, 4)``: normal angle, offset, span start and end;
    ``None`` with fewer than four."""
    h, w = img.shape[:2]
    edges = _lightness_edges(img, cc)
    edges[grad.mag < cc.line_min_gradient * grad.scale] = 0  # texture and noise edges are weaker than an outline
    segs = cv2.HoughLinesP(edges, 1, np.pi / 180, threshold=cc.hough_votes,
                           minLineLength=cc.hough_min_length * min(h, w), maxLineGap=cc.hough_max_gap * max(h, w))
    if segs is None or len(segs) < 4:
        return None
    la = _merged_lines(segs.reshape(-1, 4).astype(np.float64), cc)
    # Rank lines by consistent-sign edge strength along their span: guilloche, text and texture
    # give long Hough segments too, but their gradient alternates in sign.
    la = la[la[:, 3] - la[:, 2] >= cc.min_line_span * min(h, w)]
    if len(la) < 4:
        return None
    normal = np.stack([np.cos(la[:, 0]), np.sin(la[:, 0])], 1)
    along = np.stack([-normal[:, 1], normal[:, 0]], 1)
    base = la[:, 1:2] * normal
    strength = grad.side_support(base + la[:, 2:3] * along, base + la[:, 3:4] * along, normal)
    return la[np.argsort(-strength)[:cc.max_lines]]


def _merged_lines(s: np.ndarray, cc: CandidateConfig) -> np.ndarray:
    """Segments ``(N, 4)`` merged into lines, longest first: a segment joins the first line whose
    leading (longest) segment has about its angle and offset. Returns theta, rho, span start, end."""
    d = s[:, 2:] - s[:, :2]
    length = np.linalg.norm(d, axis=1)
    theta = (np.arctan2(d[:, 1], d[:, 0]) + np.pi / 2) % np.pi  # normal angle in [0, pi)
    rho = s[:, 0] * np.cos(theta) + s[:, 1] * np.sin(theta)
    along = np.stack([-np.sin(theta), np.cos(theta)], 1)
    ends = np.sort(np.stack([(s[:, :2] * along).sum(1), (s[:, 2:] * along).sum(1)], 1), 1)  # span on the line
    order = np.argsort(-length)
    th, rh = theta[order], rho[order]
    same = ((np.abs(th[:, None] - th[None, :]) < np.deg2rad(cc.merge_angle_deg))
            & (np.abs(rh[:, None] - rh[None, :]) < cc.merge_offset_px))
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
    return np.stack([th[lead], rh[lead], t0[lead], t1[lead]], 1)


def _line_quads(lines: np.ndarray, shape: tuple[int, int], cfg: CardFinderConfig) -> np.ndarray:
    """Quads ``(K, 4, 2)`` of a card's size and shape whose sides are two near-parallel pairs of
    ``lines``, about perpendicular."""
    cc = cfg.candidates
    h, w = shape
    t, r = lines[:, 0], lines[:, 1]
    i, j = np.triu_indices(len(lines), 1)
    dt = np.abs(t[i] - t[j])
    par = np.minimum(dt, np.pi - dt) < np.deg2rad(cc.parallel_deg)
    pi_, pj = i[par], j[par]  # near-parallel pairs
    a, b = np.triu_indices(len(pi_), 1)
    dt = np.abs(t[pi_[a]] - t[pi_[b]]) % np.pi
    perp = np.abs(np.minimum(dt, np.pi - dt) - np.pi / 2) <= np.deg2rad(cc.perpendicular_tol_deg)
    a, b = a[perp], b[perp]
    if not len(a):
        return np.zeros((0, 4, 2))
    # corners: the pairs' lines (i, j) and (k, m) meet at i∩k, k∩j, j∩m, m∩i
    li, lj, lk, lm = pi_[a], pj[a], pi_[b], pj[b]
    q = np.stack([meet_normal_lines(t, r, li, lk), meet_normal_lines(t, r, lk, lj),
                  meet_normal_lines(t, r, lj, lm), meet_normal_lines(t, r, lm, li)], 1)
    area = 0.5 * np.abs(np.sum(q[:, :, 0] * np.roll(q[:, :, 1], -1, 1) - np.roll(q[:, :, 0], -1, 1) * q[:, :, 1], 1))
    sides = np.linalg.norm(q - np.roll(q, -1, 1), axis=2)
    opposite = np.stack([sides[:, 0] + sides[:, 2], sides[:, 1] + sides[:, 3]], 1)
    ar = opposite.max(1) / np.maximum(opposite.min(1), 1e-6)
    lo, hi = -cc.outside_margin * np.array([w, h]), (1 + cc.outside_margin) * np.array([w, h])
    inside = np.all((q > lo) & (q < hi), axis=(1, 2))
    ok = inside & (area >= cfg.min_area * h * w) & (np.abs(ar / L.CARD_ASPECT - 1) <= cfg.aspect_tol)
    return q[ok]


def text_candidate(dets: Detections, shape: tuple[int, int],
                   cc: CandidateConfig = DEFAULT_CANDIDATES) -> np.ndarray | None:
    """Card guess from the biggest cluster of parallel text boxes, grown by the layout margins."""
    if len(dets) < cc.min_text_boxes:
        return None
    q = dets.quads
    d, wlen, hts = long_axes(q)
    theta = np.arctan2(d[:, 1], d[:, 0])
    z = np.sum(wlen * np.exp(2j * theta))
    dom = np.angle(z) / 2
    dev = np.abs(np.angle(np.exp(2j * (theta - dom)))) / 2
    keep = dev < np.deg2rad(cc.text_angle_tol_deg)
    if keep.sum() < cc.min_text_boxes:
        return None
    pts = _largest_text_group(q[keep], wlen[keep], hts[keep], shape, cc)
    if pts is None:
        return None
    (cx, cy), (rw, rh), ang = cv2.minAreaRect(pts)
    # The text spans most of the card's width and height; the card aspect gives the short side.
    long_, short = max(rw, rh), min(rw, rh)
    cw = max(long_ / cc.text_width_share, short / cc.text_height_share * L.CARD_ASPECT)
    ch = cw / L.CARD_ASPECT
    rect = ((cx, cy), (cw, ch) if rw >= rh else (ch, cw), ang)
    return orient_quad(cv2.boxPoints(rect))


def _largest_text_group(q: np.ndarray, wlen: np.ndarray, hts: np.ndarray, shape: tuple[int, int],
                        cc: CandidateConfig) -> np.ndarray | None:
    """The corners ``(M, 2)`` of the boxes in the group (boxes joined by dilation) of most text
    area, or ``None`` when there is no group."""
    rad_px = max(cc.min_group_radius_px, float(np.median(hts)) * cc.group_radius)
    # Group the boxes on a coarse raster (the dilation radius a few cells): a big dilation is slow at full size.
    f = max(1.0, rad_px / cc.group_cells)
    h, w = max(1, int(np.ceil(shape[0] / f))), max(1, int(np.ceil(shape[1] / f)))
    mask = np.zeros((h, w), np.uint8)
    cv2.fillPoly(mask, list((q / f).round().astype(np.int32)), 255)
    rad = int(round(rad_px / f))
    mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * rad + 1, 2 * rad + 1)))
    n, labels = cv2.connectedComponents(mask)
    if n <= 1:
        return None
    centres = (q.mean(1) / f).round().astype(int)
    centres[:, 0] = centres[:, 0].clip(0, w - 1)
    centres[:, 1] = centres[:, 1].clip(0, h - 1)
    lab = labels[centres[:, 1], centres[:, 0]]
    area = np.bincount(lab, weights=wlen * hts, minlength=n)
    area[0] = 0
    best = int(np.argmax(area))
    return q[lab == best].reshape(-1, 2).astype(np.float32)


def back_code_candidates(dets: Detections, cc: CandidateConfig = DEFAULT_CANDIDATES) -> list[np.ndarray]:
    """Card guesses from a pair of text boxes read as a back's laser code and card number.

    A back prints few lines (the real back only its two codes and the flag's words); on a screen
    photo its fine print can vanish in the moiré, and the text-cluster candidate
    (:func:`text_candidate`) then grows the cluster of fine print into a card far too small. The
    two codes sit far apart (the first drawing: laser top right, card number bottom left; the real
    back: card number top left, laser in the lower band), so a pair of parallel boxes of their size
    whose left ends lie where the two codes start fixes a similarity transform, hence the card.
    The pairs are tested all at once: the transform's angle must follow the boxes' reading direction
    and its scale the boxes' length and height. Best first (smallest size mismatch); the caller snaps
    them to the card's edges (or keeps them as they are where the edges are faint: an over-exposed
    copy) and judges them by their layout like any other candidate, as backs only.
    """
    q = dets.quads
    if len(q) < 2:
        return []
    d, length, height = long_axes(q)
    centre = q.mean(1)
    z_dir = d[:, 0] + 1j * d[:, 1]
    z_c = centre[:, 0] + 1j * centre[:, 1]
    i, j = np.nonzero(~np.eye(len(q), dtype=bool))  # i: laser, j: card number
    par = np.real(z_dir[i] * np.conj(z_dir[j]))
    keep = np.abs(par) > np.cos(np.deg2rad(cc.code_parallel_deg))
    i, j, par = i[keep], j[keep], par[keep]
    out: list[tuple[float, np.ndarray]] = []
    for placed in (cc.first_back_codes, cc.real_back_codes):
        out += _code_pair_placements(i, j, par, z_dir, z_c, length, height, placed, cc)
    out.sort(key=lambda t: t[0])
    return dedupe_quads([orient_quad(c) for _, c in out], cc.dedupe_iou)[:cc.max_code_candidates]


def _code_pair_placements(i: np.ndarray, j: np.ndarray, par: np.ndarray, z_dir: np.ndarray, z_c: np.ndarray,
                          length: np.ndarray, height: np.ndarray, placed: tuple[tuple[float, float], ...],
                          cc: CandidateConfig) -> list[tuple[float, np.ndarray]]:
    """(size mismatch, card corners) of each box pair (i laser, j card number) that fits one back
    layout's ``placed`` codes: laser start, card-number start, (laser, card-number) length and height."""
    laser_start = np.array(placed[0]) * (L.CARD_W, L.CARD_H)
    card_no_start = np.array(placed[1]) * (L.CARD_W, L.CARD_H)
    code_len = np.array(placed[2]) * L.CARD_W
    code_ht = np.array(placed[3]) * L.CARD_H
    p_laser = laser_start[0] + 1j * laser_start[1]
    p_card = card_no_start[0] + 1j * card_no_start[1]
    out: list[tuple[float, np.ndarray]] = []
    for sign in (1.0, -1.0):  # which way the text reads along the boxes' long axis
        u_i = sign * z_dir[i]
        u_j = sign * z_dir[j] * np.sign(par)
        start_i = z_c[i] - u_i * length[i] / 2
        start_j = z_c[j] - u_j * length[j] / 2
        a = (start_i - start_j) / (p_laser - p_card)  # similarity z = a p + b
        scale = np.abs(a)
        turn = np.abs(np.angle(a * np.conj(u_i)))  # canonical x runs along the reading direction
        ratios = np.stack([length[i] / (scale * code_len[0]), length[j] / (scale * code_len[1]),
                           height[i] / (scale * code_ht[0]), height[j] / (scale * code_ht[1])], 1)
        bad = np.abs(np.log(np.maximum(ratios, 1e-9)))
        ok = ((turn < np.deg2rad(cc.code_angle_tol_deg)) & (bad[:, :2].max(1) < np.log(cc.code_length_tol))
              & (bad[:, 2:].max(1) < np.log(cc.code_height_tol)))
        for k in np.flatnonzero(ok):
            b = start_j[k] - a[k] * p_card
            corners = a[k] * np.array([0, L.CARD_W, L.CARD_W + 1j * L.CARD_H, 1j * L.CARD_H]) + b
            out.append((float(bad[k].sum()), np.stack([corners.real, corners.imag], 1)))
    return out
