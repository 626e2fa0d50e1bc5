"""Find a Thai ID card in a photo, rectify it to the canonical upright card, and guess its side.

Candidates (:mod:`.candidates`) are snapped to the card's edges (:mod:`.refine`), kept when they
have a card's size and shape, and judged by their content (:mod:`.scoring`): the text boxes,
mapped into canonical coordinates, must match the layout of a side; the best-scoring candidate is
checked for which way up it reads and for its text margins. A photo in which no card is found is
looked at once more with its periodic pattern (a screen's pixel grid, moiré) notched out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import cv2
import numpy as np

from airocr.engine.detect import Detections, TextDetector
from airocr.engine.errors import NoTextFound
from airocr.engine.geometry import (
    apply_homography,
    dedupe_quads,
    dedupe_scored_quads,
    orient_quad,
    quad_aspect,
    quad_iou,
)
from airocr.engine.recognize import CTCRecognizer
from airocr.engine.thaiid import layout as L
from airocr.engine.thaiid.card.art import weak_look
from airocr.engine.thaiid.card.candidates import (
    back_code_candidates,
    edge_candidates,
    line_candidates,
    text_candidate,
)
from airocr.engine.thaiid.card.config import CardFinderConfig
from airocr.engine.thaiid.card.flag import flag_candidates
from airocr.engine.thaiid.card.refine import Gradients, refine_quad
from airocr.engine.thaiid.card.result import CANONICAL_CORNERS, NO_CARD_MESSAGE, CardResult, placement
from airocr.engine.thaiid.card.reuse import corner_move, mapped_text, text_in_image
from airocr.engine.thaiid.card.scoring import (
    barcode_strength,
    card_from_text,
    layout_scores,
    margin_error,
    margin_overrun,
    side_confidence,
    side_hypotheses,
    text_margins,
)
from airocr.engine.thaiid.card.views import card_text_detector, smoothed
from airocr.engine.thaiid.descreen import descreen

Scored = list[tuple[float, np.ndarray]]  # (edge score, quad), best first


class CardFinder:
    """Finds and rectifies a Thai ID card; create once (holds the text detector), call many times."""

    def __init__(self, detector: TextDetector | None, config: CardFinderConfig | None = None,
                 line_reader: CTCRecognizer | None = None) -> None:
        self.detector = detector
        self.config = config or CardFinderConfig()
        self.line_reader = line_reader  # confirms which way up the card is (see upright)

    @classmethod
    def from_pipeline(cls, pipeline, config: CardFinderConfig | None = None,
                      line_reader: CTCRecognizer | None = None) -> CardFinder:
        """Reuse the web-image pipeline's detector session (see :func:`card_text_detector`)."""
        return cls(card_text_detector(pipeline.detector), config, line_reader)

    def find(self, image: np.ndarray, side: str | None = None) -> CardResult:
        """Find the card in a BGR image. ``side`` ("front"/"back") is a hint that wins ties.

        A card shown by its artwork alone (the real back's flag, a blurred barcode, a front's chip and
        portrait frame: its text too little to judge it) is returned only when no look finds a card by
        its text or barcode, so that no card found by its text changes."""
        weak: list[CardResult] = []
        try:
            return self._find_any(image, side, weak)
        except NoTextFound:
            if not weak:
                raise
            return max(weak, key=lambda r: r.score)

    @staticmethod
    def _strong(res: CardResult, weak: list[CardResult]) -> CardResult:
        """``res`` when shown by its text or barcode; one shown by its artwork alone is kept in ``weak``
        and the search goes on (:meth:`find`)."""
        if res.by_artwork:
            weak.append(res)
            raise NoTextFound(NO_CARD_MESSAGE)
        return res

    def _find_any(self, image: np.ndarray, side: str | None, weak: list[CardResult]) -> CardResult:
        """:meth:`find`'s looks, one after another; finds by artwork alone go to ``weak``."""
        if image is None or image.ndim != 3 or min(image.shape[:2]) < self.config.min_side_px:
            raise NoTextFound(NO_CARD_MESSAGE)
        work, s = self.working_image(image)
        try:
            return self._on_page(self._strong(self._find_in(image, work, s, side), weak), image, work, s, side)
        except NoTextFound:
            # A photo of a screen: the display's stripes can hide the card's outline and text from
            # every candidate. Only then is the photo looked at again with its periodic pattern
            # removed, so that no card found today changes.
            clean = descreen(work) if self.config.descreen_retry else None
            if clean is not None:
                try:
                    return self._strong(self._find_in(image, clean, s, side), weak)
                except NoTextFound:
                    pass
            # A small card (a photocopy's, 15-30 % of a photo of the page) prints its text too small
            # for the detector at ``work_side``: the photo is looked at once more at ``retry_side``.
            cfg = self.config
            big = None
            if cfg.retry_side > cfg.work_side and max(image.shape[:2]) > cfg.work_side:
                big, s2 = self.working_image(image, cfg.retry_side)
                try:
                    return self._strong(self._find_in(image, big, s2, side), weak)
                except NoTextFound:
                    pass
            if cfg.denoise_strength > 0:
                try:
                    return self._strong(self._find_denoised(image, work, s, side, cfg.denoise_strength), weak)
                except NoTextFound:
                    pass
            # A cheap sensor's noise on a small card (a copy's on a photo of the page): smoothed at
            # the larger size, where the small print still has strokes wider than the filter's patch.
            if big is not None and cfg.retry_denoise_strength > 0:
                try:
                    return self._strong(self._find_denoised(image, big, s2, side, cfg.retry_denoise_strength), weak)
                except NoTextFound:
                    pass
            if not cfg.card_retry_strengths:
                raise
            judged = self._edge_outlines(work)[: cfg.card_retry_edges]
            try:
                return self._strong(self._find_on_cards(image, work, s, side, judged), weak)
            except NoTextFound:
                if not cfg.coarse_sides:
                    raise
            # A copy photographed on its page by a cheap sensor: its card has no edge but a thin printed
            # border, which the noise hides at the working size and shows once shrunk (averaged away).
            coarse = [(e, q) for e, q in self._coarse_outlines(image, s)
                      if all(quad_iou(q, o) < cfg.dedupe_iou for _, o in judged)]
            try:
                return self._strong(self._find_on_cards(image, work, s, side, coarse), weak)
            except NoTextFound:
                if not cfg.flag_retry:
                    raise
            # A copy with no card edge at all, only its print: the real back's flag places the card.
            grad = Gradients(work, cfg.refine)
            placed = self._refine(grad, flag_candidates(work, cfg.min_area, cfg.scoring, cfg.flag), None,
                                  work.shape[:2], faint_ok=True)
            found = self._find_on_cards(image, work, s, side, placed, len(placed), plain=cfg.flag_plain)
            return self._strong(found, weak)

    def _find_denoised(self, image: np.ndarray, work: np.ndarray, s: float, side: str | None,
                       strength: float) -> CardResult:
        """:meth:`find` on the working photo with its sensor noise smoothed away (non-local means),
        its card rectified from the photo as it came.

        A cheap sensor's noise (a webcam's, a budget phone's), beaten on a screen's moiré or a copy's
        grain, breaks a card's small print into specks the detector takes for texture, on the photo and
        on the rectified card alike; averaging similar patches removes the noise and keeps the strokes.
        The card is found on the smoothed photo (at the working scale, where the smoothing is cheap),
        and its raster taken from the original, so that what is read and typed is what was captured.
        """
        quiet = smoothed(strength)(work)
        res = self._find_in(quiet, quiet, 1.0, side)
        quad = res.quad / s
        h = cv2.getPerspectiveTransform(CANONICAL_CORNERS, quad.astype(np.float32))
        card = cv2.warpPerspective(image, h, (L.CARD_W, L.CARD_H), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                                   borderMode=cv2.BORDER_REPLICATE)
        return replace(res, card=card, **placement(quad))

    def _edge_outlines(self, work: np.ndarray) -> Scored:
        """The working photo's contour outlines, snapped and plausible (as :meth:`_find_in` makes them)."""
        cfg = self.config
        grad = Gradients(work, cfg.refine)
        raw = dedupe_quads(edge_candidates(work, grad, cfg), cfg.candidates.dedupe_iou)
        return self._refine(grad, raw, None, work.shape[:2])

    def _coarse_outlines(self, image: np.ndarray, s: float) -> Scored:
        """Contour outlines of the photo shrunk to each of ``coarse_sides`` (long side), snapped there and
        given in working-photo pixels (scale ``s``), strongest first."""
        cfg = self.config
        out: Scored = []
        for side_px in cfg.coarse_sides:
            small, sc = self.working_image(image, side_px)
            if sc >= s:
                continue
            got = self._edge_outlines(small)
            out += [(score, q * (s / sc)) for score, q in got[: cfg.coarse_keep]]
        out.sort(key=lambda t: -t[0])
        return dedupe_scored_quads(out, cfg.dedupe_iou)

    def _find_on_cards(self, image: np.ndarray, work: np.ndarray, s: float, side: str | None,
                       outlines: Scored, keep: int | None = None, plain: bool = False) -> CardResult:
        """The last look: the strongest card outlines (``outlines``, working-photo pixels; the first
        ``card_retry_edges``) judged by the text and
        barcode seen on their rectified card, plain, smoothed (``card_retry_strengths``) and with
        the card's own periodic pattern notched out (``card_retry_descreen``), without the photo's
        text boxes.

        A cheap sensor's noise on a screen's moiré hides the print from the detector at the photo's
        scale, and smoothing the photo there also erases strokes a pixel or two wide; on the card,
        at its canonical size, the strokes are several pixels wide and non-local means averages the
        noise away and keeps them; the moiré, rectified, is one periodic pattern across the card.
        The acceptance is the usual one (layout, lines, or a back's barcode), and the card's raster
        is the photo's as it came.
        """
        cfg = self.config
        grad = Gradients(work, cfg.refine)
        views: list[Callable[[np.ndarray], np.ndarray | None] | None] = [
            None if h <= 0 else smoothed(h) for h in cfg.card_retry_strengths]
        views = [None] if plain else views + ([descreen] if cfg.card_retry_descreen else [])
        best: CardResult | None = None
        for score, q in outlines[: keep or cfg.card_retry_edges]:
            for seen in views:
                res = self.evaluate(image, q / s, score, None, s, side, seen=seen)
                if res is not None and res.beats(best):
                    best = res
        if best is None:
            raise NoTextFound(NO_CARD_MESSAGE)
        return self.by_margins(self.upright(best), image, grad, s, side)

    def _on_page(self, res: CardResult, image: np.ndarray, work: np.ndarray, s: float,
                 side: str | None) -> CardResult:
        """``res``, or on a page (a card covering less than ``page_max_share`` of the photo: an A4 copy
        often holds front and back) the other card of the side asked for (``side``; the front when
        none is asked), when the page holds one apart from ``res``."""
        cfg = self.config
        wanted = side or "front"
        if res.side == wanted or self.detector is None:
            return res
        share = abs(cv2.contourArea(res.quad.astype(np.float32))) / (image.shape[0] * image.shape[1])
        if share >= cfg.page_max_share:
            return res
        grad = Gradients(work, cfg.refine)
        raw = dedupe_quads(edge_candidates(work, grad, cfg), cfg.candidates.dedupe_iou)
        edge_cands = self._refine(grad, raw, None, work.shape[:2])
        dets = self._detect(work, cfg.few_photo_lines)
        refined, backs = self._more_candidates(work, grad, edge_cands, dets)
        best: CardResult | None = None
        for score, q in refined + backs:
            if quad_iou(q / s, res.quad) > cfg.page_overlap:
                continue
            other = self.evaluate(image, q / s, score, dets, s, wanted)
            if other is not None and other.side == wanted and other.beats(best):
                best = other
        return res if best is None else self.by_margins(self.upright(best), image, grad, s, wanted)

    def _find_in(self, image: np.ndarray, work: np.ndarray, s: float, side: str | None) -> CardResult:
        """:meth:`find` on ``work``, the photo scaled by ``s`` (and perhaps descreened)."""
        cfg = self.config
        grad = Gradients(work, cfg.refine)
        raw = dedupe_quads(edge_candidates(work, grad, cfg), cfg.candidates.dedupe_iou)
        edge_cands = self._refine(grad, raw, None, work.shape[:2])
        judged = None  # the outline the fast path's own detection found no card in
        best: CardResult | None = None
        if edge_cands and self.detector is not None:
            # Fast path: the best card outline is checked by detecting text once, on the rectified
            # card; the field reader then reuses those lines. The photo-level detection (text-box
            # candidate, more outlines) runs only when this check is not clear-cut.
            score, q = edge_cands[0]
            res = self.evaluate(image, q / s, score, None, s, side)
            if res is not None and not res.by_artwork and res.text_from_card and res.layout >= cfg.fast_min_layout:
                return self.by_margins(self.upright(res), image, grad, s, side)
            judged = q if (res is None or res.by_artwork) and cfg.fast_none_final else None
            best = res  # None, or shown by its artwork alone: any find by text on the slow path beats it
        # A dark or flat photo hides the text from the detector: it is tried contrast-normalised too.
        dets = self._detect(work, cfg.few_photo_lines) if self.detector is not None else None
        refined, backs = self._more_candidates(work, grad, edge_cands, dets)
        for (score, q), back_only in [(c, False) for c in refined] + [(c, True) for c in backs]:
            res = self.evaluate(image, q / s, score, dets, s, side, photo_only=judged is not None and q is judged)
            if res is not None and back_only and res.side != "back":
                continue
            if res is not None and res.beats(best):
                best = res
        if best is None:
            raise NoTextFound(NO_CARD_MESSAGE)
        return self.by_margins(self.upright(best), image, grad, s, side)

    def _more_candidates(self, work: np.ndarray, grad: Gradients, edge_cands: Scored,
                         dets: Detections | None) -> tuple[Scored, Scored]:
        """The slow path's outlines: the contour outlines with the text-box and straight-line ones
        (the best ``max_candidates`` and the unsnapped text-box one), and apart from them the
        placements from a back's two codes, which stand for a back only."""
        cfg = self.config
        shape = work.shape[:2]
        tc = text_candidate(dets, shape, cfg.candidates) if dets is not None else None
        refined = edge_cands + (self._refine(grad, [tc], tc, shape) if tc is not None else [])
        # Straight-line outlines: for a card whose outline merged with touching clutter.
        refined += self._refine(grad, dedupe_quads(line_candidates(work, grad, cfg), cfg.candidates.dedupe_iou),
                                None, shape)
        refined.sort(key=lambda t: -t[0])
        refined = dedupe_scored_quads(refined, cfg.dedupe_iou)[: cfg.max_candidates]
        if tc is not None:
            # The snap to edges can pull a good text-box candidate onto a stronger edge nearby (a
            # screen's bezel, a paper under the card): the layout check judges the unsnapped one too.
            raw_tc = self._plausible([(cfg.min_edge_text, orient_quad(tc))], shape)
            refined += [c for c in raw_tc if all(quad_iou(c[1], o) < cfg.dedupe_iou for _, o in refined)]
        # A back whose fine print is lost (a screen's moiré): its two codes place the card. Such a
        # guess is an extra, and stands for a back only (read as a front, it is two stray boxes that
        # happened to fit).
        backs = (self._refine(grad, back_code_candidates(dets, cfg.candidates), None, shape, faint_ok=True)
                 if dets is not None else [])
        backs = [c for c in backs if all(quad_iou(c[1], o) < cfg.dedupe_iou for _, o in refined)]
        return refined, backs

    def by_margins(self, res: CardResult, image: np.ndarray, grad: Gradients, s: float,
                   side_hint: str | None) -> CardResult:
        """``res``, or the card placed again from its text when the text's margins show the outline
        too big or too small on a side.

        The printed text (``res.text_quads``: boxes that run along the card, see :meth:`_printed`)
        comes close to the card's border on every side (``ScoringConfig``'s margins), so text that
        stops well inside the outline means an outline grown onto the background (a shadow, a
        screen's moiré) and text running into the border means a cut card. The outline is moved so
        that each margin is the usual one, snapped to the card's edges where they show (within
        ``search_edge``: the text places it closely), and judged again; it is kept when its margins
        are in range more nearly and it scores clearly higher (``margin_gain``: a top line the
        detector missed also moves the outline, onto a card cut at the top).
        """
        cfg = self.config
        if not cfg.margin_check or self.detector is None or res.printed_layout == "back_real":
            return res  # the real back's few lines say little about its margins
        for _ in range(cfg.margin_rounds):
            if len(res.text_quads) < cfg.margin_min_lines:
                break
            gaps = text_margins(res.text_quads)
            err = margin_error(res.printed_layout, gaps, cfg.scoring)
            if err <= 0:
                break
            q = res.to_image(card_from_text(gaps, cfg.scoring.margins(res.printed_layout)[0])) * s
            got = self._refine(grad, [q], None, grad.mag.shape[:2], faint_ok=True)
            if not got or not self._margin_worth(res, got[0], image, s, side_hint):
                break
            new = self.evaluate(image, got[0][1] / s, got[0][0], None, s, side_hint)
            if new is None or new.side != res.side or len(new.text_quads) < cfg.margin_min_lines:
                break
            new = self.upright(new)
            if not (margin_error(new.printed_layout, text_margins(new.text_quads), cfg.scoring) < err
                    and new.score >= res.score + cfg.margin_gain):
                break
            res = new
        return res

    def _margin_worth(self, res: CardResult, got: tuple[float, np.ndarray], image: np.ndarray, s: float,
                      side_hint: str | None) -> bool:
        """Whether the outline ``got`` (edge score, quad at work scale) that the text margins propose
        for ``res`` is worth detecting its text: it is not ``res``'s own outline
        (within ``margin_same_px``), and judged with ``res``'s boxes mapped onto it, it comes within
        ``margin_screen`` of the score gain :meth:`by_margins` asks (a negative screen: always)."""
        cfg = self.config
        if corner_move(res, got[1] / s) <= cfg.margin_same_px:
            return False
        if cfg.margin_screen < 0:
            return True
        pre = self.evaluate(image, got[1] / s, got[0], None, s, side_hint, text_image=text_in_image(res))
        return pre is not None and pre.side == res.side and pre.score >= res.score + cfg.margin_gain - cfg.margin_screen

    def placed_again(self, res: CardResult, image: np.ndarray, corners: np.ndarray) -> Iterator[CardResult]:
        """The card placed again at ``corners`` (tl, tr, br, bl in ``res``'s canonical card: where the
        printed text says the card's corners are, see :func:`engine.thaiid.fields.fit_corners`),
        snapped to the card's edges over a narrow range (``search_edge``), then over the text
        candidate's wide one (``search``); each placement that is judged again as ``res``'s side is
        yielded, so a caller content with the first never pays for the second.

        A dark or moiré-striped screen photo can hide one of the card's edges, and the outline then
        takes a stripe or a row of print inside the card; the text, read and registered to the
        layout, still shows where the card is, and the snap from there finds its faint edges.
        """
        work, s = self.working_image(image)
        grad = Gradients(work, self.config.refine)
        q = res.to_image(corners) * s
        tried: list[np.ndarray] = []
        for wide in (False, True):
            got = self._refine(grad, [q], q if wide else None, work.shape[:2], faint_ok=True)
            if not got or any(quad_iou(got[0][1], t) >= self.config.retry_iou for t in tried):
                continue
            tried.append(got[0][1])
            new = self.evaluate(image, got[0][1] / s, got[0][0], None, s, res.side)
            if new is not None:
                new = self.upright(new)
                if new.side == res.side:
                    yield new

    def working_image(self, image: np.ndarray, side: int | None = None) -> tuple[np.ndarray, float]:
        """The photo scaled down to ``side`` (default ``work_side``, the geometry's working size), and the scale."""
        h, w = image.shape[:2]
        s = min(1.0, (side or self.config.work_side) / max(h, w))
        if s >= 1:
            return image, 1.0
        return cv2.resize(image, (round(w * s), round(h * s)), interpolation=cv2.INTER_AREA), s

    def upright(self, res: CardResult) -> CardResult:
        """``res`` or, when its text reads clearly better the other way up, ``res.turned()``.

        The layout and portrait cues that pick 0° or 180° can both fail on a glared screen photo
        (the glare whitens the photo, and the text boxes fit the upside-down layout better). Text
        read upside down gets low recognizer confidence, so the middles of the ``upright_lines``
        largest boxes are read both ways (the middle only: whole lines cost several times more).
        The statistic is antisymmetric (a middle window turned is the turned line's middle window),
        so a card found upside down is turned back whenever its upright twin would have read
        ``upright_margin`` better.
        """
        cfg = self.config
        if self.line_reader is None or not len(res.text_quads) or res.by_artwork:  # artwork gave its turn
            return res
        lo = np.maximum(np.floor(res.text_quads.min(1)).astype(int), 0)  # (N, 2) x0, y0
        hi = np.ceil(res.text_quads.max(1)).astype(int)  # x1, y1
        ch, cw = res.card.shape[:2]
        seen = np.minimum(hi, [cw, ch]) - lo  # the crops' width and height inside the card
        boxes = np.flatnonzero((seen[:, 1] >= cfg.upright_min_height) & (seen[:, 0] >= cfg.upright_min_width))
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
        dn = self.detector(self._normalise_contrast(img))
        return dn if len(dn) > len(d) else d

    def _normalise_contrast(self, img: np.ndarray) -> np.ndarray:
        """CLAHE on the lightness channel (dark / washed-out photos)."""
        cfg = self.config
        lab = cv2.cvtColor(img, cv2.COLOR_BGR2Lab)
        clahe = cv2.createCLAHE(clipLimit=cfg.clahe_clip, tileGridSize=(cfg.clahe_tiles, cfg.clahe_tiles))
        lab[..., 0] = clahe.apply(lab[..., 0])
        return cv2.cvtColor(lab, cv2.COLOR_Lab2BGR)

    def _detect_card(self, card: np.ndarray) -> Detections:
        """Text boxes of a rectified card. A dark, flat or blurred card hides lines from the
        detector, so with fewer than ``few_card_lines`` boxes the contrast-normalised card is tried
        too, unless the boxes already match a back's layout (``plain_layouts``: a back prints only
        ~9 lines, and its normalised copy rarely finds more where the plain one matched)."""
        cfg = self.config
        assert self.detector is not None
        d = self.detector(card)
        if len(d) >= cfg.few_card_lines:
            return d
        if len(d):
            (layout, _), score = max(layout_scores(d.quads, cfg.scoring).items(), key=lambda kv: kv[1])
            if layout in cfg.plain_layouts and score >= cfg.fast_min_layout:
                return d
        return self._normalised_if_more(card, d)

    def _refine(self, grad: Gradients, cands: list[np.ndarray], tc: np.ndarray | None,
                shape: tuple[int, int], faint_ok: bool = False) -> Scored:
        """Snap candidates to the card's edges; keep plausible ones as (edge score, quad), best first.
        ``tc`` is the candidate built from text boxes (its edges may be faint: photocopies), searched
        over a wider range; with ``faint_ok`` every candidate is placed by text (the back's codes) and
        kept unsnapped where the edges are faint."""
        cfg = self.config
        refined = []
        for c in cands:
            from_text = c is tc or faint_ok
            q, sc = refine_quad(grad, c, cfg.search if c is tc else cfg.search_edge)
            if from_text and float(np.sort(sc)[:cfg.weakest_sides].mean()) < cfg.min_edge:
                # Faint card edges (photocopies): the refinement would snap to text columns; trust the text.
                q, sc = c, np.full(4, cfg.min_edge_text)
            edge = float(np.sort(sc)[:cfg.weakest_sides].mean())  # the weakest sides
            if edge < (cfg.min_edge_text if from_text else cfg.min_edge):  # text-backed: faint edges (copies) ok
                continue
            refined.append((edge, orient_quad(q)))
        return dedupe_scored_quads(self._plausible(refined, shape), cfg.dedupe_iou)

    def _plausible(self, cands: Scored, shape: tuple[int, int]) -> Scored:
        """Candidates of a card's size and shape, their edge scores discounted by the aspect error; best first."""
        cfg = self.config
        out = []
        for edge, q in cands:
            err = abs(quad_aspect(q) / L.CARD_ASPECT - 1)
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
        ok = np.minimum(ext[:, 0], ext[:, 1]) < self.config.max_line_height * L.CARD_H
        return ok & (ext[:, 0] >= ext[:, 1]) if self.config.along_only else ok

    def evaluate(self, image: np.ndarray, quad: np.ndarray, edge_score: float, dets: Detections | None,
                 s: float, side_hint: str | None, text_image: np.ndarray | None = None,
                 photo_only: bool = False,
                 seen: Callable[[np.ndarray], np.ndarray | None] | None = None) -> CardResult | None:
        """The outline ``quad`` (original-image pixels, edge support ``edge_score``) judged as a card:
        rectified, its text (``dets``, the photo's boxes at scale ``s``, or detected on the card; or
        ``text_image``, boxes detected on an earlier placement of this card, in image pixels)
        matched to each side and turn; ``None`` when it matches neither side, or (``photo_only``: its
        card was detected already and showed no card) when the photo's boxes are too few to judge it.
        With ``seen`` the text and the barcode are looked for on ``seen(card)`` (a smoothed card;
        ``None``: no such view), the raster kept as it came."""
        cfg = self.config
        h_base = cv2.getPerspectiveTransform(CANONICAL_CORNERS, quad.astype(np.float32)).astype(np.float64)
        tq, text_share = self._photo_text(dets, np.linalg.inv(h_base), s)
        if photo_only and len(tq) < cfg.redetect_below:
            return None
        card0 = cv2.warpPerspective(image, h_base, (L.CARD_W, L.CARD_H), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                                    borderMode=cv2.BORDER_REPLICATE)
        look = card0 if seen is None else seen(card0)
        if look is None:
            return None
        if text_image is None:
            tq, from_card = self._card_text(look, tq, dets)
        else:
            tq, from_card = mapped_text(text_image, np.linalg.inv(h_base)), True
        ls = layout_scores(tq, cfg.scoring)
        hyp, bar = side_hypotheses(look, ls, side_hint, cfg.scoring)
        (sd, rot), val = max(hyp.items(), key=lambda kv: kv[1])
        text_ok = ls[(sd, rot)] >= cfg.min_layout and len(tq) >= cfg.min_lines
        # A back whose lines are lost (blur, an over-exposed copy) shows its barcode; the outline must
        # then have a card's edges, or its few text boxes must lie where a back prints (faint-edged copies).
        barcode_ok = (sd == "back" and self._shows_barcode(look, bar[rot], rot)
                      and (edge_score >= cfg.min_edge or ls[(sd, rot)] >= cfg.min_layout))
        if not (text_ok or barcode_ok):
            # its few lines lost: the real back shows its flag, a front its chip and portrait frame
            weak = weak_look(look, ls, hyp, edge_score, cfg)
            if weak is None:
                return None
            (sd, rot), val = weak, hyp[weak]
        conf = side_confidence(hyp, sd, val, cfg.scoring)
        score = float(val + cfg.edge_weight * edge_score + cfg.text_share_weight * text_share)
        res = CardResult(card=card0, side=L.side_of(sd), side_confidence=conf, score=score, text_quads=tq,
                         text_from_card=from_card, layout=float(ls[(sd, rot)]),
                         layout_scores={f"{k[0]}_{k[1]}": round(v, 3) for k, v in ls.items()}, layout_name=sd,
                         by_artwork=not (text_ok or barcode_ok),
                         **placement(quad))
        res = res.turned() if rot == 180 else res
        if (cfg.margin_weight > 0 and len(res.text_quads) >= cfg.margin_min_lines
                and res.printed_layout != "back_real"):
            res.score -= cfg.margin_weight * margin_overrun(res.printed_layout, text_margins(res.text_quads),
                                                            cfg.scoring)
        return res

    def _shows_barcode(self, card: np.ndarray, strength: float, rot: int) -> bool:
        """Whether ``card`` read turned by ``rot`` shows a back's barcode: its strength (``strength``,
        pixel to pixel) or, blurred, its strength over ``blur_barcode_step`` pixels is high enough."""
        cfg = self.config
        if strength >= cfg.min_barcode:
            return True
        turned = card if rot == 0 else card[::-1, ::-1]
        return barcode_strength(turned, cfg.scoring, cfg.blur_barcode_step) >= cfg.min_blur_barcode

    def _photo_text(self, dets: Detections | None, inv: np.ndarray, s: float) -> tuple[np.ndarray, float]:
        """The photo's printed text boxes inside the card, in canonical pixels (``inv``: image →
        canonical), and the share of the photo's boxes that lie inside it."""
        if dets is None or not len(dets):
            return np.zeros((0, 4, 2)), 0.0
        tq = apply_homography(inv, dets.quads / s)
        c = tq.mean(1)
        inside = (c[:, 0] > 0) & (c[:, 0] < L.CARD_W) & (c[:, 1] > 0) & (c[:, 1] < L.CARD_H)
        return tq[inside & self._printed(tq)], float(inside.mean())

    def _card_text(self, card: np.ndarray, tq: np.ndarray, dets: Detections | None) -> tuple[np.ndarray, bool]:
        """``tq``, or the boxes detected on the rectified ``card`` when those from the photo are too
        few and the card's are more; and whether they came from the card."""
        if len(tq) >= self.config.redetect_below or self.detector is None:
            return tq, False
        # Small / dark / blurred text is missed at image scale: detect again on the rectified,
        # contrast-normalised card (text is then at its canonical size). Without a photo-level
        # detection (the fast path) the plain card is used: its boxes serve the field reader,
        # and plain-card boxes read better there.
        cd = self._detect_card(card) if dets is None else self.detector(self._normalise_contrast(card))
        if len(cd) > len(tq):
            return cd.quads[self._printed(cd.quads)], True
        return tq, False
