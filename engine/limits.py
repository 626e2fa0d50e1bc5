"""Input limits shared by the decoder and the service."""

from __future__ import annotations

from dataclasses import dataclass

WEB_IMAGE_FORMATS = frozenset({"JPEG", "PNG", "BMP", "TIFF", "TGA", "WEBP", "ICO", "PCX", "GIF"})
IDCARD_FORMATS = frozenset({"JPEG", "PNG", "BMP", "TIFF"})


@dataclass(frozen=True)
class ImageLimits:
    """What an accepted image may be.

    ``max_bytes`` applies to the decoded file; ``max_pixels`` guards against
    decompression bombs (a small file that decodes to gigabytes).
    """

    max_bytes: int = 10 * 1024 * 1024
    min_side: int = 15
    max_side: int = 8192
    max_pixels: int = 8192 * 8192
    formats: frozenset[str] = WEB_IMAGE_FORMATS
