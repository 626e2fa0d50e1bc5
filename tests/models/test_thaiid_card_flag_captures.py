"""The card finder on captures of cards printed as real cards are (``make_capture(..., real_prints=True)``,
tuned-range seeds of the ``tunedreal`` bench set): real backs found by their flag
(docs/experiments/issue42_finding_part6.md)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from airocr.engine.errors import NoTextFound
from airocr.engine.thaiid.card import CardFinder, quad_iou
from tests.rendering import needs_fetched_fonts


def _without_flag(finder: CardFinder) -> CardFinder:
    """The finder with the flag neither told on a card nor looked for in the photo."""
    cfg = finder.config
    cfg = replace(cfg, flag_retry=False, scoring=replace(cfg.scoring, min_flag_match=float("inf")))
    return CardFinder(finder.detector, cfg, finder.line_reader)


@needs_fetched_fonts
def test_a_webcam_real_back_whose_lines_are_lost_is_found_by_its_flag(finder: CardFinder) -> None:
    """A webcam's photo of a real back on a desk (tunedreal seed 120010): the outline is clear, the
    detector sees one of the back's four lines, and the real back has no barcode; its flag shows."""
    from scripts.synthesis.thaiid.captures import make_capture

    c = make_capture(120010, "normal", "tuned", real_prints=True)
    with pytest.raises(NoTextFound):
        _without_flag(finder).find(c.image)
    res = finder.find(c.image)
    assert res.side == c.side == "back" and res.printed_layout == "back_real"
    assert quad_iou(res.quad, c.card_quads[0]) >= 0.95


@needs_fetched_fonts
def test_a_copy_of_a_real_back_with_no_edge_is_placed_from_its_flag(finder: CardFinder) -> None:
    """A budget phone's photo of a photocopied real back on its page (tunedreal seed 120004): no card
    edge, no outline at any scale, one text box; the flag's stripes in the photo place the card."""
    from scripts.synthesis.thaiid.captures import make_capture

    c = make_capture(120004, "copy", "tuned", real_prints=True)
    with pytest.raises(NoTextFound):
        CardFinder(finder.detector, replace(finder.config, flag_retry=False), finder.line_reader).find(c.image)
    res = finder.find(c.image)
    assert res.side == "back" and max(quad_iou(res.quad, q) for q in c.card_quads) >= 0.85
