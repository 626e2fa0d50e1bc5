"""The recognizers' readings of the assigned lines.

Thai-script fields are read by the Thai recognizer: the value crop from the card, then the same box
warped straight from the photo; the more confident reading wins. The Latin recognizer (ASCII only)
reads the Latin fields' lines (value crop first, the whole line warped straight from the photo only
when the grammar does not accept the first reading) and the Thai lines whose digits it is asked
for. Each function returns the readings, one per line given; nothing is changed in place.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from airocr.engine.geometry import crop_quad
from airocr.engine.recognize import CTCRecognizer
from airocr.engine.thaiid import grammar as G
from airocr.engine.thaiid.fields.boxes import crop_box, padded_quad, photo_crop
from airocr.engine.thaiid.fields.config import FieldReaderConfig
from airocr.engine.thaiid.fields.field_grammar import THAI_FIELDS, clean_reading
from airocr.engine.thaiid.fields.lines import LatinReadings, Line, ThaiReading

ToImage = Callable[[np.ndarray], np.ndarray]  # canonical card points → photo points
ENGLISH_NAMES = ("first_name_en", "last_name_en")


def _latin_pass(latin: CTCRecognizer, fields: list[tuple[str, Line]], crops: list[np.ndarray],
                cfg: FieldReaderConfig) -> list[LatinReadings]:
    """Each line's greedy Latin reading of its crop; an English name's also with its n-best
    variants (``cfg.latin_name_variants``) for the Thai-spelling check; an ID whose greedy reading
    fails the check also with those of its n-best variants (``cfg.id_variants``) that pass it, for
    the grammar to choose among (the recognizer's own alternatives, never a digit it did not offer)."""
    out = []
    for (name, _), p in zip(fields, latin.line_probs(crops), strict=True):
        if name == "id_number":
            greedy = latin.decode(p)
            alts = () if G.parse_id_number(greedy.text).valid else tuple(
                t for t in latin.decode_nbest(p, **cfg.id_variants.kwargs())[1:] if G.parse_id_number(t.text).valid)
            out.append(LatinReadings((greedy, *alts)))
        elif name in ENGLISH_NAMES:
            readings = latin.decode_nbest(p, **cfg.latin_name_variants.kwargs())
            # the greedy reading, as recognize() gives it
            out.append(LatinReadings((readings[0],), (tuple(readings[1:]),)))
        else:
            out.append(LatinReadings((latin.decode(p),)))
    return out


def read_latin(latin: CTCRecognizer, card: np.ndarray, fields: list[tuple[str, Line]], image: np.ndarray | None,
               to_image: ToImage | None, cfg: FieldReaderConfig) -> list[LatinReadings]:
    """Latin readings of the lines of ``fields`` ((field, line) pairs); the grammar picks among them.

    First the value-only crop from the card (a garbled caption cannot swallow the value). A Latin
    field's line whose reading does not parse cleanly with good confidence is read again: the whole
    line warped straight from the original photo avoids the double interpolation of the rectified
    card (small text in a photo is upsampled twice otherwise); without the photo, the whole line
    from the card.
    """
    out = _latin_pass(latin, fields, [crop_box(card, ln.box, cfg.crop_pad) for _, ln in fields], cfg)
    crops: list[np.ndarray] = []
    owners: list[int] = []
    for k, ((name, ln), first) in enumerate(zip(fields, out, strict=True)):
        if name in THAI_FIELDS or clean_reading(name, first.texts[0], cfg.clean_min_conf):
            continue
        if image is not None and to_image is not None:
            crops.append(crop_quad(image, to_image(padded_quad(ln.whole_box, cfg.photo_line_pad))))
            owners.append(k)
        elif ln.caption_box is not None:
            crops.append(crop_box(card, ln.whole_box, cfg.crop_pad))
            owners.append(k)
    for k, more in zip(owners, _latin_pass(latin, [fields[k] for k in owners], crops, cfg), strict=True):
        out[k] = out[k] + more
    return out


def read_thai(thai: CTCRecognizer, card: np.ndarray, lines: list[Line], image: np.ndarray | None,
              to_image: ToImage | None, cfg: FieldReaderConfig) -> list[ThaiReading]:
    """Thai readings of ``lines``: the value crop from the card (a caption-free line's first reading
    already is that), then the same box warped straight from the photo; the more confident reading
    wins. The photo crop skips the rectified card's resampling, which softens small or blurred text."""
    card_reads: list[ThaiReading | None] = [
        ThaiReading(ln.first, crop_box(card, ln.box, cfg.crop_pad)) if ln.caption_box is None else None
        for ln in lines]
    split = [k for k, r in enumerate(card_reads) if r is None]
    crops = [crop_box(card, lines[k].box, cfg.crop_pad) for k in split]
    for k, t, crop in zip(split, thai.recognize(crops), crops, strict=True):
        card_reads[k] = ThaiReading(t, crop)
    out = [r for r in card_reads if r is not None]
    if image is None or to_image is None or not lines:
        return out
    crops = [photo_crop(image, to_image, ln.box, cfg.crop_pad) for ln in lines]
    for k, (t, crop) in enumerate(zip(thai.recognize(crops), crops, strict=True)):
        if t.confidence > out[k].text.confidence:
            out[k] = ThaiReading(t, crop, from_photo=True, other=out[k].text)
        else:
            out[k] = ThaiReading(out[k].text, out[k].crop, out[k].from_photo, other=t)
    return out
