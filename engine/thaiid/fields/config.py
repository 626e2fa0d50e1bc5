"""The field reader's tuned numbers and switches, in one place.

Distances are in canonical card pixels unless a field says otherwise; "line heights" are multiples
of the line's detected box height. Why each number has its value: docs/tuning/fields.md.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class NBestSpec:
    """How far a recognizer's n-best list of one line reaches (see ``CTCRecognizer.recognize_nbest``)."""

    n: int  # readings at most, the greedy one included
    min_ratio: float  # a variant's probability at least this fraction of the winner's
    max_uncertain: int  # time steps whose rivals are tried
    rivals: int  # likeliest rivals tried per uncertain step
    max_changes: int  # characters a variant may change
    indels: bool = False  # variants may also drop or insert a character

    def kwargs(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class FieldReaderConfig:
    """Field reading on a rectified card (:class:`~engine.thaiid.fields.FieldAssigner`)."""

    # -- switches
    name_by_spelling: bool = True  # settle the names' look-alike letters with the other script's spelling
    settle_conf: float = 0.95  # English dates read this confident and unrepaired skip the Latin reader (1.0: never)
    join_pieces: bool = True  # join a one-line field's pieces on its row and read it again
    top_marks: bool = True  # read the Thai name again from a taller crop for marks its box cut off

    # -- lines and crops
    min_line_px: float = 8.0  # a detected box must be taller and wider than this to be a line
    max_line_height: float = 0.16  # ... and lower than this fraction of the card's height
    crop_pad: float = 0.0  # a line crop's margin around its box, fraction of the box height
    twin_band_pad: float = 0.6  # a missed English date's band: line heights above and below its layout row
    twin_band_grow: float = 2.0  # ... and line heights left and right of its Thai twin
    twin_factor: float = 0.9  # confidence factor of an English date found under its Thai twin
    photo_line_pad: float = 0.12  # margin of the whole line's photo crop (second Latin reading), same unit
    fragment_grow_div: float = 3.0  # a bigger box is grown by its height over this, above and below ...
    fragment_inside: float = 0.5  # ... and a box this much inside it is a fragment of it, when ...
    fragment_area: float = 3.0  # ... the bigger box has at least this many times its area and ...
    fragment_height: float = 0.6  # ... the fragment is under this fraction of the bigger box's height
    fragment_line_width: float = 2.0  # a box centred outside the bigger one, this many of its heights wide ...
    fragment_line_height: float = 0.4  # ... and this fraction of its height tall, is a line, not a fragment
    same_row_overlap: float = 0.5  # two boxes share a row when they overlap this fraction of the lower one's height

    # -- ink inside a box
    ink_row_frac: float = 0.04  # a row of a box holds ink when this fraction of its pixels is dark
    ink_col_frac: float = 0.08  # a column of a box holds ink when this fraction of its pixels is dark
    ink_min_height: float = 0.5  # an ink extent lower than this fraction of the box keeps the box
    gap_empty_ink: float = 0.03  # a column with less ink than this is empty (caption/value gap)
    gap_min_height: float = 0.25  # the caption/value gap is at least this many line heights wide ...
    gap_min_px: int = 5  # ... and at least this many pixels

    # -- layout registration
    anchor_min_conf: float = 0.6  # first readings less confident anchor nothing
    anchor_dx_value: float = -2.0  # where a value's box starts, relative to its region's left edge (px)
    anchor_dx_caption: float = -6.5  # where a caption's box starts, relative to its label's left edge (px)
    affine_min_anchors: int = 4  # anchors (and RANSAC inliers) an affine fit needs
    affine_min_span: float = 0.4  # the anchors' rows must span this fraction of the card's height
    ransac_threshold: float = 0.02  # RANSAC reprojection threshold, fraction of the card's height
    max_shift: float = 0.06  # largest offset accepted, fraction of the card size (twice that for the centre)
    max_scale: float = 0.2  # largest scale error accepted (1 ± this)
    max_shear: float = 0.1  # largest shear/rotation term accepted

    # -- captions
    caption_min_conf: float = 0.6  # a line less confident is not read as a caption alone
    caption_tolerance: float = 0.25  # caption match tolerance of a line that is a caption alone
    caption_only_conf: float = 0.8  # an English caption alone found by its text needs this confidence
    caption_only_tolerance: float = 0.2  # caption match tolerance of that test
    caption_only_len: float = 1.25  # a caption alone is at most this many times the caption's length ...
    caption_only_slack: int = 2  # ... plus this many characters
    caption_stray_chars: int = 2  # the address caption with this many more characters still is a caption alone
    bar_reach: float = 0.6  # a bar runs this many line heights above and below the line ...
    bar_fill: float = 0.9  # ... dark over at least this share of that height
    bar_search: float = 1.5  # bars are looked for this many line heights into the line from its left end
    bar_gap_px: int = 1  # the trimmed line starts this far right of the bar
    caption_below: float = 0.01  # a label ending this far (fraction of width) into its value's region is beside it
    caption_row: float = 0.02  # a line is on a caption's row within this fraction of the height
    caption_start_before: float = 0.04  # a captioned line starts at most this far left of its caption ...
    caption_start_inside: float = 0.01  # ... and this far before the caption's end (fractions of width)
    caption_value_reach: float = 0.04  # it reaches at least this far into the value region (fraction of width)
    caption_gap_window: float = 0.06  # the caption/value gap is looked for this far each side (fraction of width)

    # -- assignment
    min_score: float = 0.35  # a line's score for a field must reach this
    caption_anchor_min: float = 0.02  # a caption this far (fraction of height) or more from its prior moves its field
    caption_anchor_max: float = 0.12  # ... and at most this far: farther, it is some other line
    date_reach: float = 0.15  # a date outside every date region may take one whose centre is this near (card units)
    date_near_score: float = 0.3  # ... scored this much (plus its grammar bonus) ...
    date_reach_cost: float = 2.0  # ... less this much per card unit of distance
    caption_led_score: float = 1.0  # score of a line that starts with a field's caption and a value of its shape
    min_region_frac: float = 0.2  # a line must have more than this fraction inside a field's region
    in_photo_frac: float = 0.6  # a front's line this much inside the photo (both layouts' frames) is no value
    serial_reach_down: float = 0.99  # the serial is looked for down to this fraction of the height (real cards)
    grammar_bonus: float = 0.5  # score bonus of a line whose reading parses with the field's grammar
    name_bonus: float = 0.3  # the same for the English first name
    max_address_pieces: int = 6  # boxes the address may take
    piece_max_height: float = 1.6  # an address box taller than this many times its other boxes' median is no row
    next_row_gap: float = 0.8  # a line starting at most this many row heights under the address's last row continues it
    max_address_rows: int = 2  # rows a card prints the address on (the facts table: one or two)
    join_gap: float = 1.0  # widest space, in line heights, between a one-line field's pieces that are joined
    name_join_gap: float = 4.0  # the same for the Thai name's first name and surname (wide gaps on real cards)
    join_inside: float = 0.5  # a joined piece lies at least this much inside the field's region
    prefix_left: float = 0.06  # a name prefix boxed apart ends at most this far left of the name ...
    prefix_right: float = 0.01  # ... or this far right of its start (fractions of width)

    # -- reading
    clean_min_conf: float = 0.9  # a Latin reading this confident that parses unrepaired needs no second crop
    mark_top: float = 0.35  # how far the Thai name's crop is grown upwards, fraction of its box height
    mark_bottom: float = 0.15  # how far it is grown downwards (for vowels below the line), the same way
    vote_pad: float = 0.08  # margin, in line heights, of the third reading that settles an address row's two
    unread_gap: float = 1.0  # an address row's unboxed gap this many line heights wide holds unread print ...
    unread_char: float = 0.2  # ... one unread character per this many line heights of it
    th_date_first_factor: float = 0.8  # a Thai date line without a Thai reading: its first reading's weight

    # -- the ID's alternatives (a failing check picks among them, else the ID is returned as read)
    id_variants: NBestSpec = field(default_factory=lambda: NBestSpec(
        n=16, min_ratio=0.1, max_uncertain=4, rivals=2, max_changes=1))  # the ID's n-best variants

    # -- the address's lane and road abbreviations (ซ., ถ.) chosen among the recognizer's alternatives
    lane_road_by_nbest: bool = True  # a misread lane/road abbreviation takes ซ/ถ when the row's n-best offers it
    lane_road_variants: NBestSpec = field(default_factory=lambda: NBestSpec(
        n=65, min_ratio=0.003, max_uncertain=64, rivals=5, max_changes=1))  # an address row's one-letter variants
    lane_road_spaces: NBestSpec = field(default_factory=lambda: NBestSpec(
        n=65, min_ratio=0.003, max_uncertain=64, rivals=5, max_changes=1, indels=True))  # a space after ซ./ถ.'s dot

    # -- names checked by the other script's spelling
    thai_name_variants: NBestSpec = field(default_factory=lambda: NBestSpec(
        n=200, min_ratio=0.001, max_uncertain=16, rivals=3, max_changes=2))  # the Thai name's variants
    latin_name_variants: NBestSpec = field(default_factory=lambda: NBestSpec(
        n=200, min_ratio=0.01, max_uncertain=16, rivals=2, max_changes=2, indels=True))  # the English names'
    thai_name_min_gain: float = 0.8  # a Thai name variant must be this much closer in spelling ...
    thai_name_prob_weight: float = 0.1  # ... after this weight per unit of log-probability it gives up
    latin_name_min_gain: float = 0.8  # the same for an English name variant ...
    latin_name_prob_weight: float = 0.25  # ... and its weight
    spells_max_frac: float = 0.3  # a changed word's romanization is within this fraction of the Latin word's length ...
    spells_floor: float = 1.2  # ... or within this distance

    # -- card type
    type_id_min_factor: float = 0.7  # the ID tells the card type when its confidence is this × FACTOR_REPAIRED
    type_title_inside: float = 0.5  # a line this much inside the English title region is the title
    type_title_top: float = 0.12  # a line centred this high (fraction of the height) is read for the titles too
    colour_sample: tuple[int, int] = (128, 80)  # the card is shrunk to this size (w, h) to measure its colour
    pink_red_over_green: float = 25.0  # a pink card's background: red this much above green ...
    pink_red_over_blue: float = 0.0  # ... and above blue by more than this


DEFAULT_CONFIG = FieldReaderConfig()
