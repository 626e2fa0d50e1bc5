"""Field assignment on a rectified Thai ID card: text lines → API fields, then grammar repair.

1. *Lines* (:mod:`.lines`): the text detector runs on the upright canonical card
   (:class:`CardResult.card`); boxes are axis-aligned there. Every line is read once by the Thai
   recognizer (it reads Thai, Latin and digits, several times faster than PP-OCR); without one, by
   the Latin recognizer.
2. *Alignment* (:mod:`.registration`): lines whose content identifies them on its own and lines
   that read as a caption alone register the layout prior to the printed card.
3. *Captions and assignment* (:mod:`.captions`): a box that covers a caption on the left of its
   value is split at the widest ink gap near the caption/value border of the registered layout;
   each value line is scored per field by its overlap with the field's region and its grammar, and
   matched greedily (the address takes every line of its region, in order). A one-line field's
   pieces on its row are joined and read again (:mod:`.rereads`).
4. *Reading* (:mod:`.readings`, :mod:`.rereads`): Thai-script fields are read by the Thai
   recognizer (card and photo crops; the name again from a taller crop for marks its box cut off;
   an address row's two readings settled by a third). The Latin recognizer (ASCII only) reads the
   Latin fields' lines, the Thai address lines that show digits and the Thai date lines whose date
   the two lines do not already agree on. An English date whose first reading is confident and
   grammatical skips it.
5. *Values* (:mod:`.values`, :mod:`.dates`, :mod:`.names`): :mod:`engine.thaiid.grammar` normalises
   and repairs; Thai and English dates are cross-checked; the address is snapped to the official
   names (:mod:`.address_field`); the names are checked against each other's spelling; the card
   type comes from the ID, the title or the colour (:mod:`.card_type`).

Confidence of a field = recognizer confidence × grammar factor (× soft date-rule factor), so a
repaired or invalid value scores lower than a clean valid one. Every tuned number is in
:class:`FieldReaderConfig`.
"""

from airocr.engine.thaiid.fields.address_field import address_texts, snap_address
from airocr.engine.thaiid.fields.assigner import FieldAssigner
from airocr.engine.thaiid.fields.boxes import IDENTITY, bar_trimmed, fragments, ink_gap_split, region_box
from airocr.engine.thaiid.fields.captions import Assignment, assign, caption_led_field, caption_offsets, split_captions
from airocr.engine.thaiid.fields.card_type import card_colour_type
from airocr.engine.thaiid.fields.config import DEFAULT_CONFIG, FieldReaderConfig, NBestSpec
from airocr.engine.thaiid.fields.dates import dates_agree
from airocr.engine.thaiid.fields.field_grammar import (
    CAPTIONS,
    DATE_PAIRS,
    LATIN_FIELDS,
    THAI_FIELDS,
    best_reading,
    settled_by_first,
    value_parses,
)
from airocr.engine.thaiid.fields.lines import CardFields, FieldValue, LatinReadings, Line, ThaiReading
from airocr.engine.thaiid.fields.names import latin_names_by_spelling, prefix_box_left_of, thai_name_by_spelling
from airocr.engine.thaiid.fields.readings import read_thai
from airocr.engine.thaiid.fields.registration import anchor_field, fit_corner_shift, fit_corners, layout_fit
from airocr.engine.thaiid.fields.rereads import adds_only_lower_marks, adds_only_upper_marks, vote_address

__all__ = [
    "CAPTIONS", "DATE_PAIRS", "DEFAULT_CONFIG", "IDENTITY", "LATIN_FIELDS", "THAI_FIELDS", "Assignment",
    "CardFields", "FieldAssigner", "FieldReaderConfig", "FieldValue", "LatinReadings", "Line", "NBestSpec",
    "ThaiReading", "address_texts", "adds_only_lower_marks", "adds_only_upper_marks", "anchor_field", "assign",
    "bar_trimmed", "best_reading", "caption_led_field", "caption_offsets", "card_colour_type", "dates_agree",
    "fragments", "fit_corner_shift", "fit_corners", "ink_gap_split", "latin_names_by_spelling", "layout_fit",
    "prefix_box_left_of", "read_thai", "region_box", "settled_by_first", "snap_address", "split_captions",
    "thai_name_by_spelling", "value_parses", "vote_address",
]
