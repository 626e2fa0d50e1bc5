"""Thai ID card reader: find + rectify the card, read its fields, portrait and idcard_type.

``ThaiIdReader.from_model_dir()`` creates every ONNX session once (text detector and PP-OCR Latin
recognizer from the web-image pipeline, the in-house Thai recognizer through the model manifest);
``read()`` is then thread-compatible per call and returns an :class:`IdCardReading` whose field
names are exactly the API's ``ThailandIdcardResult`` names, with quads in original-image pixels.

Without a Thai recognizer in the manifest the reader still works: Latin/digit fields are read and
Thai dates are rebuilt from their English twins where the Thai line's digits agree; the other Thai
fields (name, religion, address) are then absent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from airocr.engine.errors import NoTextFound
from airocr.engine.models import RuntimeOptions, default_model_dir, read_manifest
from airocr.engine.recognize import CTCRecognizer
from airocr.engine.thaiid.card import NO_CARD_MESSAGE, CardFinder, CardResult, barcode_strength, find_portrait
from airocr.engine.thaiid.fields import CardFields, FieldAssigner, fit_corner_shift, fit_corners, value_parses
from airocr.engine.thaiid.idcard_type import classify_idcard_type

log = logging.getLogger(__name__)

# Fields of a front whose grammar only a card's print passes (a checksummed ID, a prefixed Thai name,
# the dash-grouped serial, a calendar date): a "front" none of whose fields parses is clutter text in
# a card-like layout, not a card (see ThaiIdReader.read_card).
FRONT_PROOF = ("id_number", "name_th", "serial_number", "date_of_birth_en", "date_of_issue_en", "date_of_expiry_en")
# A back's proof: one of its codes parses, or its barcode shows (see ThaiIdReader.read_card).
BACK_PROOF = ("laser_number", "card_number")
# Placing a card again from its text (see ThaiIdReader.find_and_read): from a layout registration
# that moves a corner this far (canonical px, the card 1012 wide); a new placement's fields may sum
# at most this much less confidence. Chosen on bench seeds 17000, 19000, 21000 and 23000 (60 scenes
# each; every placement of two rounds, narrow and wide snap, was read and the rules replayed on them).
# Hard: cards found with IoU >= 0.9 228 -> 235 of 240, fronts' portrait IoU >= 0.8 155 -> 160 of 163,
# fields right 2151 -> 2156 of 2238; clean: 234 -> 238, 162 of 163 both, 2210 -> 2212; 29 (hard) and
# 19 (clean) extra card readings. Without the confidence rule clean lost fields (2210 -> 2203: a snap
# onto a stripe that registers well but reads worse). A second round (3-7 readings more) or the wide
# snap tried after a narrow one already in range (14-15 more) changed nothing.
REPLACE_MIN_SHIFT = 20.0
REPLACE_CONF_LOSS = 0.3


@dataclass
class FieldReading:
    """One field: value, confidence in [0, 1], and its (4, 2) quad in original-image pixels."""

    text: str
    confidence: float
    quad_image: np.ndarray


@dataclass
class IdCardReading:
    """Everything the route needs for one ``thailand-id-card`` request."""

    side: str  # front | back
    card_type: str | None  # normal | pink (None when it cannot be told)
    fields: dict[str, FieldReading] = field(default_factory=dict)
    portrait_b64: str | None = None
    portrait_location: list[list[int]] | None = None
    idcard_type: str | None = None  # normal | copy | screen, only when asked for


def thai_recognizer_available(model_dir: Path | None = None) -> bool:
    """Whether the manifest lists the Thai recognizer and its file is present."""
    from airocr.engine.thai_recognizer import THAI_REC_MODEL

    model_dir = model_dir or default_model_dir()
    try:
        entries = read_manifest(model_dir)
    except Exception:  # noqa: BLE001 - a missing manifest just means no Thai model
        return False
    e = entries.get(THAI_REC_MODEL)
    return e is not None and (model_dir / e.file).is_file()


def _summed_confidence(cf: CardFields) -> float:
    """How surely a card was read: its fields' confidences summed (a missing field adds nothing)."""
    return float(sum(fv.confidence for fv in cf.fields.values()))


class ThaiIdReader:
    """Reads Thai ID cards; create once (holds the sessions), call :meth:`read` per image."""

    def __init__(self, finder: CardFinder, assigner: FieldAssigner) -> None:
        self.finder = finder
        self.assigner = assigner

    @classmethod
    def from_model_dir(cls, model_dir: Path | None = None, runtime: RuntimeOptions | None = None,
                       pipeline=None, name_by_spelling: bool = True) -> ThaiIdReader:
        """Build from the installed models; ``pipeline`` (a ``WebImagePipeline``) shares its sessions.
        ``name_by_spelling``: settle the Thai name's look-alike consonants with its Latin spelling."""
        from airocr.engine.pipeline import WebImagePipeline
        from airocr.engine.thai_recognizer import build_thai_recognizer

        if pipeline is None:
            pipeline = WebImagePipeline.from_model_dir(model_dir, runtime)
        thai: CTCRecognizer | None = None
        if thai_recognizer_available(model_dir):
            thai = build_thai_recognizer(model_dir, runtime)
        else:
            log.warning("Thai recognizer (th_rec) not in the model manifest: Thai name/religion/address are not read")
        finder = CardFinder.from_pipeline(pipeline, line_reader=thai)
        return cls(finder, FieldAssigner(finder.detector, pipeline.recognizer, thai,
                                         name_by_spelling=name_by_spelling))

    def read_card(self, result: CardResult, image_bgr: np.ndarray | None = None) -> CardFields:
        """Fields of an already found card (canonical coordinates); ``image_bgr`` (the photo the card
        was found in) allows second readings straight from the photo.

        Raises :class:`engine.errors.NoTextFound` when the card was found as a front and none of its
        :data:`FRONT_PROOF` fields parses with its grammar: the finder accepts a card-like layout
        of text boxes, which clutter can show (bench no-card scenes 113008, 117011: words such as
        "hello" or "2024" where a front prints its name and ID). Every front found on the bench's
        seeds 7000-13000 shows one, and only one back found as a front (9023 hard, nothing read)
        does not.

        A back is held to :data:`BACK_PROOF` or its barcode: its codes are often read in part (a
        laser code without its letters, worth returning), so a back none of whose codes parses is
        still a card when its barcode shows (``barcode_strength`` at least the finder's
        ``min_barcode``). Clutter laid out like a back shows neither (no-card scenes 107051, 107087,
        107108: "SALE50", "invoice" or "2024" read as the card number, barcode 0), while every back
        found on bench seeds 7000-17000 (220, clean and hard) has a code that parses or a barcode of
        3.4 or more.
        """
        cf = self.assigner.read(result.card, result.side, image_bgr,
                                result.to_image if image_bgr is not None else None,
                                result.text_quads if result.text_from_card else None)
        proof = FRONT_PROOF if result.side == "front" else BACK_PROOF
        proven = any(name in proof and value_parses(name, fv.text) for name, fv in cf.fields.items())
        if not proven and (result.side == "front"
                           or barcode_strength(result.card) < self.finder.config.min_barcode):
            raise NoTextFound(NO_CARD_MESSAGE)
        return cf

    def find_and_read(self, image_bgr: np.ndarray, side: str | None = None) -> tuple[CardResult, CardFields]:
        """Find the card (``side``: a hint, see :meth:`read`) and read its fields.

        When the printed text, registered to the layout (``CardFields.fit``), puts the card's
        corners :data:`REPLACE_MIN_SHIFT` px or more from where the outline put them, the outline is
        off (an edge hidden by a dark or striped screen, a shadow or a stripe taken for the border):
        the card is placed again where the text says (:meth:`CardFinder.placed_again`) and read
        again. A new placement is kept when its text sits closer to the layout (a smaller corner
        shift) and its reading is not less sure: its fields' summed confidence at most
        :data:`REPLACE_CONF_LOSS` under the first reading's (a snap onto a wrong edge can still
        register well while reading fewer fields, or worse). The first placement kept within
        :data:`REPLACE_MIN_SHIFT` ends the search.
        """
        hint = side if side in ("front", "back") else None
        res = self.finder.find(image_bgr, hint)
        cf = self.read_card(res, image_bgr)
        shift = fit_corner_shift(cf.fit)
        if shift < REPLACE_MIN_SHIFT:
            return res, cf
        floor = _summed_confidence(cf) - REPLACE_CONF_LOSS
        for new in self.finder.placed_again(res, image_bgr, fit_corners(cf.fit)):
            try:
                new_cf = self.read_card(new, image_bgr)
            except NoTextFound:
                continue
            new_shift = fit_corner_shift(new_cf.fit)
            if new_shift < shift and _summed_confidence(new_cf) >= floor:
                res, cf, shift = new, new_cf, new_shift
                if shift < REPLACE_MIN_SHIFT:
                    break
        return res, cf

    def read(self, image_bgr: np.ndarray, side: str | None = None, want_portrait: bool = False,
             want_idcard_type: bool = False) -> IdCardReading:
        """Read one card image. Raises :class:`engine.errors.NoTextFound` when no card is found.

        ``side`` ("front"/"back") is a hint that wins close calls; the returned side is what was read.
        """
        res, cf = self.find_and_read(image_bgr, side)
        out = IdCardReading(side=res.side, card_type=cf.card_type)
        for name, fv in cf.fields.items():
            out.fields[name] = FieldReading(fv.text, round(float(fv.confidence), 4), res.to_image(fv.quad))
        if want_portrait and res.side == "front":
            por = find_portrait(res, image_bgr, cf.fit)
            out.portrait_b64 = por.jpeg_base64()
            out.portrait_location = por.location()
        if want_idcard_type:
            out.idcard_type = classify_idcard_type(res.card, image_bgr)
        return out
