"""Header checks for container formats, run before Pillow opens the file.

Pillow's ICO reader decodes the largest embedded image while *opening* the file, whatever
size the directory claims, so an ICO of a few KB that says 16x16 can hold a PNG that inflates
to gigabytes. Every entry's own header (PNG ``IHDR`` or BMP ``BITMAPINFOHEADER``) is read here
first and checked against the limits. Other containers need no pre-check: only the first
TIFF page and the first GIF frame are ever read, and Pillow checks their header size against
its pixel limit (set to ours) before decoding.
"""

from __future__ import annotations

import struct

from airocr.engine.errors import ImageSizeError, InvalidImageData
from airocr.engine.limits import ImageLimits

_ICO_MAGIC = b"\x00\x00\x01\x00"  # what Pillow recognises as ICO
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_ICO_ENTRIES = 64  # directory entries accepted in one ICO file


def check_container(blob: bytes, limits: ImageLimits) -> None:
    """Refuse a container whose embedded images break the limits (no-op for other formats)."""
    if blob[:4] == _ICO_MAGIC:
        for width, height in ico_entry_sizes(blob):
            if max(width, height) > limits.max_side or width * height > limits.max_pixels:
                raise ImageSizeError(f"An image inside the ICO file is {width}x{height} px, over the limits.")


def ico_entry_sizes(blob: bytes) -> list[tuple[int, int]]:
    """The real pixel size of each ICO entry, read from the embedded image's own header."""
    if len(blob) < 6:
        raise InvalidImageData("The ICO file is truncated.")
    count = struct.unpack_from("<H", blob, 4)[0]
    if count == 0 or count > MAX_ICO_ENTRIES or len(blob) < 6 + 16 * count:
        raise InvalidImageData("The ICO file's directory is damaged.")
    sizes = []
    for i in range(count):
        offset = struct.unpack_from("<I", blob, 6 + 16 * i + 12)[0]
        sizes.append(_embedded_size(blob, offset))
    return sizes


def _embedded_size(blob: bytes, offset: int) -> tuple[int, int]:
    if blob[offset : offset + 8] == _PNG_MAGIC:
        if len(blob) < offset + 24:
            raise InvalidImageData("The ICO file is truncated.")
        return struct.unpack_from(">II", blob, offset + 16)
    if len(blob) < offset + 16:
        raise InvalidImageData("The ICO file is truncated.")
    # A DIB: OS/2 core header (16-bit sides) or BITMAPINFOHEADER; the XOR and AND masks are stacked.
    core = struct.unpack_from("<I", blob, offset)[0] == 12
    width, height = struct.unpack_from("<HH" if core else "<ii", blob, offset + 4)
    return abs(width), abs(height) // 2
