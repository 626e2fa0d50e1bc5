"""Canonical layout prior of the Thai national ID card (ID-1, 85.6 × 54 mm).

Everything is in *canonical card coordinates*: the card upright (front: title on top, portrait
on the right), ``CARD_W × CARD_H`` pixels (≈ 11.8 px/mm). Regions are ``(x0, y0, x1, y1)`` in
fractions of the card size, so they scale to any canonical resolution with :func:`region_px`.

A field region is the box where that field's *value* may be printed (generous: values vary in
length, and real cards are printed with a few mm of jitter); ``label`` regions hold the printed
captions. The field reader should detect text lines in the rectified card and assign each line to
the field whose region it overlaps most, rather than crop the regions blindly.

The synthetic generator (``scripts/synthesis/thaiid``) prints its fields inside these regions, so the
prior and the generator agree by construction; keep them in sync with real-card measurements.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CARD_MM = (85.6, 54.0)
CARD_ASPECT = CARD_MM[0] / CARD_MM[1]  # 1.585
CARD_W, CARD_H = 1012, 638  # canonical raster
CORNER_RADIUS = 3.18 / CARD_MM[0]  # ISO 7810 corner radius, in card widths

Region = tuple[float, float, float, float]


@dataclass(frozen=True)
class FieldSpec:
    """Where one field is printed: its value region, and optional caption regions."""

    name: str  # API field name (``id_number``, ``name_th`` …) or an internal name
    region: Region
    script: str  # "th", "en", "digits" – what the recognizer will see
    labels: tuple[Region, ...] = ()
    multiline: bool = False


# ---------------------------------------------------------------- front (normal card)
FRONT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id_number", (0.47, 0.135, 0.90, 0.235), "digits", labels=((0.20, 0.13, 0.46, 0.24),)),
    FieldSpec("name_th", (0.40, 0.265, 0.97, 0.345), "th", labels=((0.22, 0.27, 0.395, 0.34),)),
    FieldSpec("first_name_en", (0.40, 0.345, 0.97, 0.415), "en", labels=((0.33, 0.35, 0.395, 0.41),)),
    FieldSpec("last_name_en", (0.44, 0.415, 0.73, 0.485), "en", labels=((0.33, 0.42, 0.435, 0.48),)),
    FieldSpec("date_of_birth_th", (0.44, 0.485, 0.73, 0.55), "th", labels=((0.33, 0.49, 0.435, 0.545),)),
    FieldSpec("date_of_birth_en", (0.47, 0.55, 0.73, 0.61), "en", labels=((0.33, 0.555, 0.465, 0.605),)),
    FieldSpec("religion_th", (0.41, 0.615, 0.73, 0.675), "th", labels=((0.33, 0.62, 0.405, 0.67),)),
    FieldSpec("address_th", (0.15, 0.68, 0.74, 0.81), "th", labels=((0.07, 0.685, 0.145, 0.74),), multiline=True),
    FieldSpec("date_of_issue_th", (0.04, 0.815, 0.27, 0.865), "th", labels=((0.04, 0.865, 0.27, 0.905),)),
    FieldSpec("date_of_issue_en", (0.04, 0.905, 0.27, 0.95), "en", labels=((0.04, 0.95, 0.27, 0.99),)),
    FieldSpec("date_of_expiry_th", (0.52, 0.815, 0.73, 0.865), "th", labels=((0.52, 0.865, 0.73, 0.905),)),
    FieldSpec("date_of_expiry_en", (0.52, 0.905, 0.73, 0.95), "en", labels=((0.52, 0.95, 0.73, 0.99),)),
    FieldSpec("serial_number", (0.745, 0.875, 0.975, 0.94), "digits"),
)
# Pink card (non-Thai resident): same grid, no religion row.
PINK_FRONT_FIELDS: tuple[FieldSpec, ...] = tuple(f for f in FRONT_FIELDS if f.name != "religion_th")

FRONT_TITLE_TH: Region = (0.20, 0.025, 0.56, 0.115)
FRONT_TITLE_EN: Region = (0.57, 0.035, 0.93, 0.11)
FRONT_EMBLEM: Region = (0.025, 0.025, 0.175, 0.26)
FRONT_CHIP: Region = (0.07, 0.30, 0.21, 0.50)
FRONT_PORTRAIT: Region = (0.745, 0.43, 0.955, 0.865)
# Where real cards print the photo (../shared/spec/thai-id-card-facts.md: (748, 312)-(975, 578) of 1012 x 638):
# lower than the first layout's; the portrait finder tries both.
FRONT_PORTRAIT_REAL: Region = (0.739, 0.489, 0.963, 0.906)
FRONT_SIGNATURE: Region = (0.29, 0.80, 0.50, 0.96)

# ---------------------------------------------------------------- back (both card types)
BACK_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("laser_number", (0.60, 0.07, 0.96, 0.17), "digits"),
    FieldSpec("card_number", (0.04, 0.845, 0.52, 0.925), "digits"),
)
BACK_FINE_PRINT: Region = (0.04, 0.06, 0.58, 0.56)  # several lines of small Thai text
BACK_BARCODE: Region = (0.04, 0.62, 0.52, 0.82)
BACK_SEAL: Region = (0.66, 0.30, 0.95, 0.86)  # faded seal / ghost artwork, no text

# ---------------------------------------------------------------- the real back (layout "back_real")
# From the public blank backs and the laser-code crop (../shared/spec/thai-id-card-facts.md, "Back"):
# almost no text. A small printed number top left, the laser-engraved code in the lower band (centre to
# right), ประเทศไทย over the flag over THAILAND at the right, a chip or hologram patch at the left, a
# palace silhouette in the middle, a lighter band below ~57 % of the height. Regions are generous:
# printers and years shift the elements.
REAL_BACK_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("laser_number", (0.30, 0.78, 0.995, 0.995), "digits"),
    FieldSpec("card_number", (0.015, 0.015, 0.48, 0.17), "digits"),
)
REAL_BACK_FLAG_TEXT: tuple[Region, ...] = ((0.74, 0.30, 0.985, 0.43), (0.74, 0.47, 0.985, 0.61))
REAL_BACK_FLAG: Region = (0.77, 0.39, 0.94, 0.50)  # the flag's stripes
REAL_BACK_PATCH: Region = (0.08, 0.33, 0.26, 0.55)  # chip or hologram

# ---------------------------------------------------------------- the real front (layout "front_real")
# Where real cards print their text and artwork (../shared/spec/thai-id-card-facts.md, "Front": positions in
# 1012 x 638 px), generous by about 1 mm for printers and years: the Thai name right behind its caption,
# the photo lower, the serial under it, a vertical barcode at the left edge, the captions further left.
FRONT_REAL_TEXT: tuple[Region, ...] = (
    (0.16, 0.035, 0.56, 0.105), (0.55, 0.035, 0.98, 0.105),  # the two titles
    (0.155, 0.11, 0.44, 0.19), (0.43, 0.115, 0.78, 0.18),  # the ID's captions, the ID
    (0.085, 0.23, 0.75, 0.30),  # the Thai name's caption and the name
    (0.29, 0.31, 0.75, 0.365), (0.29, 0.38, 0.75, 0.44),  # Name, Last name
    (0.32, 0.45, 0.75, 0.51), (0.32, 0.52, 0.75, 0.58), (0.32, 0.585, 0.75, 0.64),  # birth dates, religion
    (0.08, 0.66, 0.74, 0.79),  # the address's two rows
    (0.08, 0.80, 0.28, 0.97), (0.27, 0.87, 0.50, 0.97), (0.54, 0.80, 0.74, 0.97),  # issue, officer, expiry
    (0.735, 0.50, 0.78, 0.90), (0.92, 0.50, 0.965, 0.90),  # the height ruler's numbers
    (0.735, 0.92, 0.975, 0.97),  # the serial
)
FRONT_REAL_ART: tuple[Region, ...] = (
    (0.78, 0.49, 0.92, 0.90),  # the photo, between the ruler's numbers
    (0.095, 0.32, 0.24, 0.525),  # the chip
    (0.01, 0.035, 0.12, 0.215),  # the emblem
)

SIDES = ("front", "back")
# The printed layouts a side comes in: the first layout's front ("front") and the real one
# ("front_real") are both fronts; the generator's first, invented back ("back") and the real back
# ("back_real") are both backs.
LAYOUTS = ("front", "front_real", "back", "back_real")
SPARSE_LAYOUTS = ("back_real",)  # layouts of a few words in generous regions (see card.scoring.layout_scores)
CARD_TYPES = ("normal", "pink")


def side_of(layout: str) -> str:
    """The side (front | back) a printed layout (:data:`LAYOUTS`) is."""
    return "back" if layout.startswith("back") else "front"


def fields_for(side: str, card_type: str = "normal") -> tuple[FieldSpec, ...]:
    """The field specs printed on one side (or layout, see :data:`LAYOUTS`) of one card type."""
    if side == "back_real":
        return REAL_BACK_FIELDS
    if side == "back":
        return BACK_FIELDS
    return PINK_FRONT_FIELDS if card_type == "pink" else FRONT_FIELDS


def region_px(region: Region, width: int = CARD_W, height: int = CARD_H) -> np.ndarray:
    """Region → quad ``(4, 2)`` (tl, tr, br, bl) in pixels of a ``width × height`` card."""
    x0, y0, x1, y1 = region
    return np.array([[x0 * width, y0 * height], [x1 * width, y0 * height],
                     [x1 * width, y1 * height], [x0 * width, y1 * height]], dtype=np.float64)


def text_regions(side: str, card_type: str = "normal") -> list[Region]:
    """All regions expected to hold printed text on a side or layout (values + captions + titles)."""
    if side == "back_real":
        return [*(f.region for f in REAL_BACK_FIELDS), *REAL_BACK_FLAG_TEXT]
    if side == "back":
        return [BACK_FINE_PRINT, *(f.region for f in BACK_FIELDS)]
    if side == "front_real":
        return list(FRONT_REAL_TEXT)
    out: list[Region] = [FRONT_TITLE_TH, FRONT_TITLE_EN]
    for f in fields_for(side, card_type):
        out.append(f.region)
        out.extend(f.labels)
    return out


def text_prior_mask(side: str, width: int, height: int, card_type: str = "normal") -> np.ndarray:
    """Float mask (``height × width``) that is 1 where the side's layout expects text, else 0."""
    mask = np.zeros((height, width), np.float32)
    for x0, y0, x1, y1 in text_regions(side, card_type):
        mask[int(y0 * height): int(np.ceil(y1 * height)), int(x0 * width): int(np.ceil(x1 * width))] = 1.0
    return mask


def no_text_regions(side: str) -> list[Region]:
    """Regions that are printed artwork (portrait, chip, barcode, seal) and hold no text lines."""
    if side == "back_real":
        return [REAL_BACK_FLAG, REAL_BACK_PATCH]
    if side == "back":
        return [BACK_BARCODE, BACK_SEAL]
    if side == "front_real":
        return list(FRONT_REAL_ART)
    return [FRONT_PORTRAIT, FRONT_CHIP, FRONT_EMBLEM]
