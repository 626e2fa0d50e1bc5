"""Thai ID card reader: find + rectify the card, read its fields, portrait and idcard_type.

``ThaiIdReader.from_store()`` builds on a :class:`~airocr.engine.models.ModelStore` (text detector and
PP-OCR Latin recognizer shared with the web-image pipeline, the in-house Thai recognizer, the
idcard_type regression, all from that store's folder);
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
from airocr.engine.models import ModelStore, RuntimeOptions
from airocr.engine.pipeline import WebImagePipeline
from airocr.engine.recognize import CTCRecognizer, RecognizerConfig
from airocr.engine.thai_recognizer import THAI_REC_MODEL, build_thai_recognizer
from airocr.engine.thaiid import layout as L
from airocr.engine.thaiid.card import NO_CARD_MESSAGE, CardFinder, CardResult, barcode_strength, find_portrait
from airocr.engine.thaiid.fields import CardFields, FieldAssigner, fit_corner_shift, fit_corners, value_parses
from airocr.engine.thaiid.idcard_type import IdcardTypeModel, classify_idcard_type, load_idcard_type_model

log = logging.getLogger(__name__)

# Fields of a front whose grammar only a card's print passes (a checksummed ID, a prefixed Thai name,
# the dash-grouped serial, a calendar date): a "front" none of whose fields parses is clutter text in
# a card-like layout, not a card (see ThaiIdReader.read_card).
FRONT_PROOF = ("id_number", "name_th", "serial_number", "date_of_birth_en", "date_of_issue_en", "date_of_expiry_en")
# A back's proof: one of its codes parses, or its barcode shows (see ThaiIdReader.read_card).
BACK_PROOF = ("laser_number", "card_number")


@dataclass(frozen=True)
class ReaderConfig:
    """Placing a card again from its text (see :meth:`ThaiIdReader.find_and_read`); evidence in
    docs/tuning/reader.md."""

    replace_min_shift: float = 20.0  # canonical px (card 1012 wide) a corner must move to place the card again
    replace_conf_loss: float = 0.3  # how much less summed field confidence a new placement may read


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


def thai_recognizer_available(store: ModelStore | None = None) -> bool:
    """Whether the manifest lists the Thai recognizer (a store checks every listed file is present)."""
    try:
        return (store or ModelStore()).has(THAI_REC_MODEL)
    except Exception:  # noqa: BLE001 - a missing or broken manifest just means no Thai model
        return False


def _summed_confidence(cf: CardFields) -> float:
    """How surely a card was read: its fields' confidences summed (a missing field adds nothing)."""
    return float(sum(fv.confidence for fv in cf.fields.values()))


class ThaiIdReader:
    """Reads Thai ID cards; create once (holds the sessions), call :meth:`read` per image."""

    def __init__(self, finder: CardFinder, assigner: FieldAssigner, idcard_type_model: IdcardTypeModel | None = None,
                 config: ReaderConfig | None = None) -> None:
        self.finder = finder
        self.assigner = assigner
        self.idcard_type_model = idcard_type_model
        self.config = config or ReaderConfig()

    @classmethod
    def from_store(cls, store: ModelStore, pipeline: WebImagePipeline | None = None,
                   name_by_spelling: bool = True) -> ThaiIdReader:
        """Build from ``store``; ``pipeline`` (built from the same store) lends its detector and
        Latin recognizer, else they come from the store. ``name_by_spelling``: settle the Thai
        name's look-alike consonants with its Latin spelling."""
        pipeline = pipeline or WebImagePipeline.from_store(store)
        thai: CTCRecognizer | None = None
        if store.has(THAI_REC_MODEL):
            thai = build_thai_recognizer(store)
        else:
            log.warning("Thai recognizer (th_rec) not in the model manifest: Thai name/religion/address are not read")
        finder = CardFinder.from_pipeline(pipeline, line_reader=thai)
        # the Latin fields keep the default batches (the web pages' recognizer runs smaller ones)
        latin = pipeline.recognizer.with_config(batch_size=RecognizerConfig().batch_size)
        assigner = FieldAssigner(finder.detector, latin, thai, name_by_spelling=name_by_spelling)
        return cls(finder, assigner, load_idcard_type_model(store))

    @classmethod
    def from_model_dir(cls, model_dir: Path | None = None, runtime: RuntimeOptions | None = None,
                       pipeline: WebImagePipeline | None = None, name_by_spelling: bool = True) -> ThaiIdReader:
        """Build from a models folder (default: the installed models) with its own store; a
        ``pipeline`` given lends its detector and Latin recognizer (see :meth:`from_store`)."""
        return cls.from_store(ModelStore(model_dir, runtime), pipeline, name_by_spelling)

    def read_card(self, result: CardResult, image_bgr: np.ndarray | None = None) -> CardFields:
        """Fields of an already found card (canonical coordinates); ``image_bgr`` (the photo the card
        was found in) allows second readings straight from the photo.

        Raises :class:`airocr.engine.errors.NoTextFound` when the card was found as a front and none of
        its :data:`FRONT_PROOF` fields parses with its grammar: the finder accepts a card-like layout
        of text boxes, which clutter can show (words such as "hello" or "2024" where a front prints
        its name and ID).

        A back is held to :data:`BACK_PROOF` or its barcode: its codes are often read in part (a
        laser code without its letters, worth returning), so a back none of whose codes parses is
        still a card when its barcode shows (``barcode_strength`` at least the finder's
        ``min_barcode``). Clutter laid out like a back shows neither. Evidence for both rules:
        docs/tuning/reader.md.
        """
        proof = FRONT_PROOF if result.side == "front" else BACK_PROOF
        # A back is printed in one of two layouts (the real back, the first drawing): the one the
        # finder matched is read first, the other when none of the codes parses there.
        # A front is read by its fields' captions and grammar whichever front layout it matched.
        layouts = ["front"] if result.side == "front" else [result.printed_layout] + [
            lay for lay in L.LAYOUTS if L.side_of(lay) == "back" and lay != result.printed_layout]
        first: CardFields | None = None
        for layout in layouts:
            cf = self.assigner.read(result.card, layout, image_bgr,
                                    result.to_image if image_bgr is not None else None,
                                    result.text_quads if result.text_from_card else None)
            if any(name in proof and value_parses(name, fv.text) for name, fv in cf.fields.items()):
                return cf
            first = first or cf
        if result.side == "front" or barcode_strength(result.card) < self.finder.config.min_barcode:
            raise NoTextFound(NO_CARD_MESSAGE)
        assert first is not None
        return first

    def find_and_read(self, image_bgr: np.ndarray, side: str | None = None) -> tuple[CardResult, CardFields]:
        """Find the card (``side``: a hint, see :meth:`read`) and read its fields.

        When the printed text, registered to the layout (``CardFields.fit``), puts the card's
        corners ``config.replace_min_shift`` px or more from where the outline put them, the outline is
        off (an edge hidden by a dark or striped screen, a shadow or a stripe taken for the border):
        the card is placed again where the text says (:meth:`CardFinder.placed_again`) and read
        again. A new placement is kept when its text sits closer to the layout (a smaller corner
        shift) and its reading is not less sure: its fields' summed confidence at most
        ``config.replace_conf_loss`` under the first reading's (a snap onto a wrong edge can still
        register well while reading fewer fields, or worse). The first placement kept within
        ``config.replace_min_shift`` ends the search.
        """
        hint = side if side in ("front", "back") else None
        res = self.finder.find(image_bgr, hint)
        cf = self.read_card(res, image_bgr)
        cfg = self.config
        shift = fit_corner_shift(cf.fit)
        # the registration measures the card against the first layout's prior: a card matched as the
        # real front's layout sits apart from it by its print, not by a misplaced outline
        if shift < cfg.replace_min_shift or res.printed_layout == "front_real":
            return res, cf
        floor = _summed_confidence(cf) - cfg.replace_conf_loss
        for new in self.finder.placed_again(res, image_bgr, fit_corners(cf.fit)):
            try:
                new_cf = self.read_card(new, image_bgr)
            except NoTextFound:
                continue
            new_shift = fit_corner_shift(new_cf.fit)
            if new_shift < shift and _summed_confidence(new_cf) >= floor:
                res, cf, shift = new, new_cf, new_shift
                if shift < cfg.replace_min_shift:
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
            out.idcard_type = classify_idcard_type(res.card, image_bgr, self.idcard_type_model, res.quad)
        return out
