"""Image decoding and validation: Base64 → checked, upright BGR ``uint8`` array."""

from __future__ import annotations

import base64
import binascii
import io
import re
import warnings
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from airocr.engine.alpha import flatten_alpha
from airocr.engine.errors import ImageSizeError, InvalidImageData
from airocr.engine.limits import ImageLimits

# Pillow's own bomb check is process-global; we do ours per call from the header size.
Image.MAX_IMAGE_PIXELS = None

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
    """Decode image bytes, enforcing format, byte size, side limits and a pixel budget."""
    if len(blob) > limits.max_bytes:
        raise ImageSizeError(f"The image file exceeds {limits.max_bytes // (1024 * 1024)} MB.")
    if len(blob) == 0:
        raise InvalidImageData("The image is empty.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(blob))
            fmt = (img.format or "").upper()
            if fmt == "MPO":  # multi-picture JPEG from phones
                fmt = "JPEG"
            if fmt not in limits.formats:
                raise InvalidImageData(
                    f"The image format {fmt or 'unknown'} is not supported; "
                    f"use one of {', '.join(sorted(limits.formats))}."
                )
            width, height = img.size
            _check_size(width, height, limits)
            if getattr(img, "n_frames", 1) > 1:
                img.seek(0)
            img.load()
            img = ImageOps.exif_transpose(img) or img
            rgb = _to_rgb(img)
    except (InvalidImageData, ImageSizeError):
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise InvalidImageData("The image format is not supported or the file is damaged.") from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageSizeError("The image has too many pixels.") from exc
    bgr = np.ascontiguousarray(np.asarray(rgb)[:, :, ::-1])
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


def _to_rgb(img: Image.Image) -> Image.Image:
    """Flatten any mode to RGB; transparent areas become white, as a browser shows them, or black
    when the visible content is light (white text on a transparent PNG; see engine/alpha.py)."""
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        return flatten_alpha(img)
    if img.mode == "I;16" or img.mode.startswith("I;16") or img.mode == "I":
        arr = np.asarray(img, dtype=np.float32)
        hi = float(arr.max()) or 1.0
        return Image.fromarray((arr * (255.0 / hi)).astype(np.uint8)).convert("RGB")
    if img.mode == "F":
        arr = np.asarray(img, dtype=np.float32)
        arr = np.clip(arr, 0, None)
        hi = float(arr.max()) or 1.0
        return Image.fromarray((arr * (255.0 / hi)).astype(np.uint8)).convert("RGB")
    return img.convert("RGB")
