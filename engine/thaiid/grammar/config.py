"""Tuned numbers of the Thai ID card field grammar, in one place (the evidence behind them:
``docs/tuning/grammar.md``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GrammarConfig:
    """Thresholds and limits of the field parsers; the defaults are what the card reader uses."""

    factor_valid: float = 1.0  # confidence multiplier of a value valid as read
    factor_repaired: float = 0.85  # confidence multiplier of a value valid after a repair
    factor_invalid: float = 0.5  # confidence multiplier of a value the field's grammar rejects
    caption_max_ratio: float = 0.3  # a caption's edit distance, over its length, that still strips it
    en_caption_max_ratio: float = 0.25  # the same for the English name captions (Name, Last name)
    caption_slack: int = 3  # letters a caption's reading may have fewer or more than the caption
    label_cache_size: int = 4096  # readings whose caption match is cached
    letters_per_edit: int = 4  # a whole word (LIFELONG, a full Thai month) allows one edit per this many letters
    month_max_edits: int = 1  # edits between a month abbreviation as read and the nearest month
    min_year: int = 1900  # earliest plausible CE year on a card
    max_year: int = 2100  # latest plausible CE year on a card
    expiry_min_years: int = 5  # fewest years from issue to expiry the birthday rule allows
    expiry_max_years: int = 10  # most years from issue to expiry the birthday rule allows
    expiry_year_max_edits: int = 1  # digits an expiry year as read may be from the year the rule gives
    future_date_factor: float = 0.8  # confidence of a birth or issue date after today
    date_order_factor: float = 0.8  # confidence of dates out of order (issue before birth, expiry before issue)
    expiry_off_birthday_factor: float = 0.95  # confidence of an expiry not on the day before the holder's birthday
    th_prefix_max_chars: int = 8  # characters of a Thai name's start searched for its prefix (dots, spaces)
    title_search_tokens: int = 3  # leading tokens of an English name row searched for the title
    title_max_edits: int = 1  # edits that take a token to the one title it is near
    hint_title_max_edits: int = 2  # edits that take a token of 3+ letters to the title the Thai prefix implies
    religion_max_ratio: float = 0.4  # a religion's edit distance, over its length, that still names it
    religion_caption_max_edits: int = 3  # edits of a caption misread in front of an exact religion
    inserted_digit_min_conf: float = 0.8  # Latin reading confidence needed to take a digit the Thai one lost
    slip_min_number_chars: int = 4  # shortest number paired on a one-digit difference
    street_word_max_edits: int = 1  # edits that take a token's start to ถนน / ซอย
    street_name_min_chars: int = 2  # letters a road's / lane's name must have after a repaired word
    moo_max_edits: int = 2  # edits that take a word to หมู่ที่
    address_min_chars: int = 8  # shortest address (with a digit) that is valid


GRAMMAR = GrammarConfig()
