"""Crafted image files for the probes: dense text pages, huge blank images, bombs, EXIF/TIFF oddities."""

from __future__ import annotations

import functools
import io
import random
import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
_WORDS = ("order", "total", "ship", "2024", "price", "item", "qty", "address", "phone", "note", "A-17",
          "invoice", "paid", "box", "road", "city", "99.50", "tax", "ref", "ok")


def encode(img: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def dense_page(side: int, px: int = 11, seed: int = 0, fmt: str = "PNG") -> bytes:
    """A ``side`` x ``side`` page packed with short words in ``px`` px text: the most text boxes per pixel."""
    rng = random.Random(seed)
    img = Image.new("L", (side, side), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, px) if Path(FONT).exists() else ImageFont.load_default()
    for y in range(4, side - px, int(px * 1.6)):
        x = 4
        while x < side - 10 * px:
            text = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 3)))
            draw.text((x, y), text, font=font, fill=0)
            x += int(draw.textlength(text, font=font)) + 3 * px
    return encode(img, fmt, **({"optimize": True} if fmt == "PNG" else {}))


@functools.cache
def tilted_page(side: int, angle: float = 20.0, px: int = 64, seed: int = 0) -> bytes:
    """A ``side`` px page of ``px`` px text lines turned by ``angle`` degrees (a JPEG): with
    ``detect_direction`` the service straightens a full-size copy of it."""
    rng = random.Random(seed)
    img = Image.new("L", (side, side), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, px) if Path(FONT).exists() else ImageFont.load_default()
    for y in range(side // 8, side - side // 8, px * 3):
        draw.text((side // 8, y), " ".join(rng.choice(_WORDS) for _ in range(8)), font=font, fill=0)
    return encode(img.rotate(angle, fillcolor=255), "JPEG", quality=80)


@functools.cache
def blank_png(side: int, mode: str = "RGB") -> bytes:
    """A one-colour ``side`` x ``side`` PNG: tiny on the wire, ``side``² x channels bytes decoded."""
    return encode(Image.new(mode, (side, side), "white" if mode != "RGBA" else (255, 255, 255, 0)), "PNG",
                  optimize=True)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose IHDR claims ``width`` x ``height`` with a few bytes of zlib data (a bomb's header)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * (width + 1) * 4, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


@functools.cache
def png_bomb(side: int) -> bytes:
    """A real ``side`` x ``side`` grey PNG (all zeros): compresses ~1000:1."""
    comp = zlib.compressobj(9)
    row = b"\0" * (side + 1)
    data = b"".join(comp.compress(row) for _ in range(side)) + comp.flush()

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def ico_with_png(claimed: int, png: bytes) -> bytes:
    """An ICO whose directory claims ``claimed`` x ``claimed`` but embeds ``png`` (any size)."""
    side = claimed % 256
    header = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), 6 + 16)
    return header + entry + png


def tiff_second_page_without_size() -> bytes:
    """A two-page TIFF whose second IFD lacks ImageWidth/ImageLength."""
    first = encode(Image.new("RGB", (64, 48), "white"), "TIFF")
    page = Image.new("L", (32, 32), 128)
    buf = io.BytesIO()
    page.save(buf, "TIFF")
    data = bytearray(first)
    # Append a second IFD with only a compression tag and link the first IFD to it.
    ifd_offset = len(data) + (len(data) % 2)
    data += b"\0" * (ifd_offset - len(data))
    data += struct.pack("<H", 1) + struct.pack("<HHII", 259, 3, 1, 1) + struct.pack("<I", 0)
    first_ifd = struct.unpack_from("<I", data, 4)[0]
    count = struct.unpack_from("<H", data, first_ifd)[0]
    struct.pack_into("<I", data, first_ifd + 2 + 12 * count, ifd_offset)
    return bytes(data)


def exif_block(orientation: int = 6, gps_tag: int = 2) -> bytes:
    """Raw EXIF (``Exif\\0\\0`` + little-endian TIFF): an orientation, and a GPS IFD whose ``gps_tag``
    (2 = GPSLatitude, a RATIONAL) holds ASCII text: rewriting that EXIF (as Pillow's exif_transpose
    does) raises TypeError."""
    entries = struct.pack("<HHI4s", 0x0112, 3, 1, struct.pack("<H", orientation) + b"\0\0")
    entries += struct.pack("<HHII", 0x8825, 4, 1, 38)  # GPSInfo -> the IFD right after IFD0
    gps = struct.pack("<H", 1) + struct.pack("<HHI4s", gps_tag, 2, 4, b"abc\0") + struct.pack("<I", 0)
    ifd0 = struct.pack("<H", 2) + entries + struct.pack("<I", 0)
    return b"Exif\0\0" + b"II*\0" + struct.pack("<I", 8) + ifd0 + gps


def exif_with_bad_gps(fmt: str, orientation: int = 6) -> bytes:
    """An image with an orientation to apply and a GPS IFD tag of the wrong type."""
    return encode(Image.new("RGB", (80, 40), "white"), fmt, exif=exif_block(orientation))


def gif_many_frames(side: int = 64, frames: int = 200) -> bytes:
    images = [Image.new("L", (side, side), i % 256) for i in range(frames)]
    return encode(images[0], "GIF", save_all=True, append_images=images[1:])


def random_photo(width: int, height: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (height, width, 3), dtype=np.uint8)
