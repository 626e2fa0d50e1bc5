"""Image decoding and validation: Base64 → checked, upright BGR ``uint8`` array."""

from __future__ import annotations

import base64
import binascii
import io
import re
import warnings
from dataclasses import dataclass

import numpy as np
from PIL import Image

from airocr.engine.errors import ImageSizeError, InvalidImageData
from airocr.engine.image_containers import check_container
from airocr.engine.image_pixels import apply_orientation, exif_orientation, to_bgr
from airocr.engine.limits import ImageLimits

# Pillow's bomb check is process-global: it starts at the default budget and each decode sets it
# to that call's limits (the service uses one budget per process), never to None.
Image.MAX_IMAGE_PIXELS = ImageLimits().max_pixels

_B64_ALLOWED = re.compile(rb"^[A-Za-z0-9+/]*={0,2}$")
_WHITESPACE = re.compile(rb"\s+")


@dataclass(frozen=True)
class DecodedImage:
    """An accepted image: pixels (BGR, upright per EXIF) and what it was."""

    bgr: np.ndarray
    format: str

    @property
    def width(self) -> int:
        return int(self.bgr.shape[1])

    @property
    def height(self) -> int:
        return int(self.bgr.shape[0])


def decode_base64(data: str | bytes, limits: ImageLimits) -> bytes:
    """Strict Base64 → bytes. A ``data:`` URI prefix is refused, as the cloud API does."""
    raw = data.encode("ascii", "replace") if isinstance(data, str) else bytes(data)
    raw = _WHITESPACE.sub(b"", raw)
    if not raw:
        raise InvalidImageData("The image is empty.")
    # Base64 grows data by 4/3; refuse before decoding anything huge.
    if len(raw) > (limits.max_bytes * 4) // 3 + 8:
        raise ImageSizeError(f"The image file exceeds {limits.max_bytes // (1024 * 1024)} MB.")
    if not _B64_ALLOWED.match(raw) or len(raw) % 4 == 1:
        raise InvalidImageData("The image is not a valid Base64 string (no data: prefix allowed).")
    try:
        blob = base64.b64decode(raw + b"=" * (-len(raw) % 4), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidImageData("The image is not a valid Base64 string.") from exc
    return blob


def decode_image(blob: bytes, limits: ImageLimits) -> DecodedImage:
    """Decode image bytes, enforcing format, byte size, side limits and a pixel budget.

    Sizes are checked from the headers before any pixel is decoded (containers too: every ICO
    entry), only the first frame or page is ever read, and every decoder failure is an
    :class:`InvalidImageData` (or :class:`ImageSizeError` for too many pixels).
    """
    if len(blob) > limits.max_bytes:
        raise ImageSizeError(f"The image file exceeds {limits.max_bytes // (1024 * 1024)} MB.")
    if len(blob) == 0:
        raise InvalidImageData("The image is empty.")
    Image.MAX_IMAGE_PIXELS = limits.max_pixels  # Pillow's own bomb check, at our budget
    try:
        check_container(blob, limits)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(blob))
            fmt = _accepted_format(img, limits)
            _check_size(*img.size, limits)
            img.load()
        orientation = exif_orientation(img)
        bgr = to_bgr(img)
        del img
        bgr = apply_orientation(bgr, orientation)
    except (InvalidImageData, ImageSizeError):
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageSizeError("The image has too many pixels.") from exc
    except MemoryError as exc:
        raise ImageSizeError("The image is too large to decode.") from exc
    except Exception as exc:  # noqa: BLE001 - any decoder failure is a damaged or unsupported file
        raise InvalidImageData("The image format is not supported or the file is damaged.") from exc
    return DecodedImage(bgr=bgr, format=fmt)


def load_image(data: str | bytes, limits: ImageLimits) -> DecodedImage:
    """Base64 text → :class:`DecodedImage` (the API's ``image`` field)."""
    return decode_image(decode_base64(data, limits), limits)


def _check_size(width: int, height: int, limits: ImageLimits) -> None:
    if min(width, height) < limits.min_side or max(width, height) > limits.max_side:
        raise ImageSizeError(
            f"The image is {width}x{height} px; each side must be {limits.min_side}-{limits.max_side} px."
        )
    if width * height > limits.max_pixels:
        raise ImageSizeError(f"The image has too many pixels ({width}x{height}).")


def _accepted_format(img: Image.Image, limits: ImageLimits) -> str:
    fmt = (img.format or "").upper()
    if fmt == "MPO":  # multi-picture JPEG from phones
        fmt = "JPEG"
    if fmt not in limits.formats:
        raise InvalidImageData(
            f"The image format {fmt or 'unknown'} is not supported; use one of {', '.join(sorted(limits.formats))}."
        )
    return fmt
