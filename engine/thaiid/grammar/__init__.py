"""Grammar of the Thai ID card fields: parse, normalise and repair OCR readings (pure functions, no models).

Every parser returns a :class:`Parsed`: the normalised ``value`` (``None`` when nothing usable was read),
whether it is ``valid`` for the field's grammar and whether it had to be ``repaired`` (character
confusions mapped, a check digit fixed, a date rebuilt from its other-language twin). The field reader
multiplies the recognizer's confidence by :attr:`Parsed.factor`, so a repaired or invalid value always
scores lower than a clean valid one: a passing check is evidence, not proof.

One module per concern: :mod:`.ids` (the citizen ID), :mod:`.codes` (serial, laser code, card number),
:mod:`.dates` and :mod:`.date_rules` (date lines, their reconciliation, the expiry rule), :mod:`.names`,
:mod:`.religion`, :mod:`.address_text`, :mod:`.labels` (printed captions); the tuned numbers are in
:class:`GrammarConfig`. The Thai text helpers they share are :mod:`engine.thaiid.text`; the names the
readers use are re-exported here.
"""

from airocr.engine.thaiid.grammar.address_text import (
    LANE_ROAD_LETTERS,
    STREET_ABBREVIATIONS,
    STREET_WORDS,
    UNREAD,
    glued_lane_road,
    lane_road_slots,
    merge_digit_runs,
    parse_address,
    repair_moo,
    repair_street_words,
)
from airocr.engine.thaiid.grammar.codes import SERIAL_GROUPS, parse_card_number, parse_laser, parse_serial
from airocr.engine.thaiid.grammar.config import GRAMMAR, GrammarConfig
from airocr.engine.thaiid.grammar.date_rules import (
    FACTOR_FRAGMENTS,
    DatePair,
    date_rules_factor,
    expiry_for_birthday,
    expiry_from_birthday,
    expiry_keeps_rule,
    reconcile_dates,
)
from airocr.engine.thaiid.grammar.dates import (
    BE_OFFSET,
    EN_MONTHS,
    LIFELONG_EN,
    LIFELONG_TH,
    TH_MONTHS,
    TH_MONTHS_FULL,
    CardDate,
    DateReading,
    date_digits_hint,
    date_fragments,
    dotless_month,
    one_digit_day,
    padded_day,
    parse_en_date,
    parse_th_date,
    plausible_date,
    printed_form,
    zero_padded,
)
from airocr.engine.thaiid.grammar.digits import DIGIT_CONFUSIONS, DIGIT_TO_LETTER, LETTER_TO_DIGIT, to_digits
from airocr.engine.thaiid.grammar.ids import card_type_from_id, format_id, id_checksum, id_valid, parse_id_number
from airocr.engine.thaiid.grammar.labels import starts_with_label, strip_label
from airocr.engine.thaiid.grammar.names import (
    EN_TITLES,
    TH_PREFIXES,
    agree_title_prefix,
    en_title_for_th_name,
    is_th_prefix,
    parse_first_name_en,
    parse_last_name_en,
    parse_name_en,
    parse_name_th,
)
from airocr.engine.thaiid.grammar.parsed import FACTOR_INVALID, FACTOR_REPAIRED, FACTOR_VALID, Parsed
from airocr.engine.thaiid.grammar.religion import RELIGIONS, parse_religion
from airocr.engine.thaiid.text import (
    LOWER_VOWELS,
    THANTHAKHAT,
    TONE_MARKS,
    UPPER_VOWELS,
    drop_doubled_marks,
    edit_distance,
    nfc,
    prefix_edit_distances,
    squash_spaces,
)

__all__ = [
    "BE_OFFSET", "DIGIT_CONFUSIONS", "DIGIT_TO_LETTER", "EN_MONTHS", "EN_TITLES", "FACTOR_FRAGMENTS",
    "FACTOR_INVALID", "FACTOR_REPAIRED", "FACTOR_VALID", "GRAMMAR", "LETTER_TO_DIGIT", "LIFELONG_EN",
    "LANE_ROAD_LETTERS", "LIFELONG_TH", "LOWER_VOWELS", "RELIGIONS", "SERIAL_GROUPS", "STREET_ABBREVIATIONS",
    "STREET_WORDS", "THANTHAKHAT", "TH_MONTHS",
    "TH_MONTHS_FULL", "TH_PREFIXES", "TONE_MARKS", "UNREAD", "UPPER_VOWELS", "CardDate", "DatePair", "DateReading",
    "GrammarConfig", "Parsed", "agree_title_prefix", "card_type_from_id", "date_digits_hint", "date_fragments",
    "date_rules_factor", "dotless_month", "drop_doubled_marks", "edit_distance", "en_title_for_th_name",
    "expiry_for_birthday",
    "expiry_from_birthday", "expiry_keeps_rule", "format_id", "id_checksum", "id_valid", "is_th_prefix",
    "glued_lane_road", "lane_road_slots", "merge_digit_runs", "nfc", "one_digit_day", "parse_address",
    "parse_card_number",
    "parse_en_date", "parse_first_name_en",
    "parse_id_number", "parse_laser", "parse_last_name_en", "parse_name_en", "parse_name_th", "parse_religion",
    "padded_day", "parse_serial", "parse_th_date", "plausible_date", "printed_form", "prefix_edit_distances",
    "reconcile_dates", "repair_moo", "repair_street_words", "squash_spaces", "starts_with_label", "strip_label",
    "to_digits", "zero_padded",
]
