"""Decoding and validation: formats, EXIF, limits, bombs, Base64 strictness."""

from __future__ import annotations

import base64
import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from airocr.engine.errors import ImageSizeError, InvalidImageData
from airocr.engine.imageio import decode_image, load_image
from airocr.engine.limits import IDCARD_FORMATS, ImageLimits

LIMITS = ImageLimits()


def _sample_rgb(w: int = 64, h: int = 40) -> Image.Image:
    arr = np.zeros((h, w, 3), np.uint8)
    arr[:, : w // 2] = (255, 0, 0)  # left half red
    arr[:, w // 2 :] = (0, 0, 255)  # right half blue
    return Image.fromarray(arr)


def _encode(img: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "BMP", "TIFF", "TGA", "WEBP", "ICO", "PCX", "GIF"])
def test_every_listed_format_decodes_to_bgr(fmt):
    img = _sample_rgb()
    kw = {"sizes": [(64, 40)]} if fmt == "ICO" else {}
    decoded = decode_image(_encode(img, fmt, **kw), LIMITS)
    assert decoded.bgr.shape[2] == 3 and decoded.bgr.dtype == np.uint8
    h, w = decoded.bgr.shape[:2]
    left, right = decoded.bgr[h // 2, 4], decoded.bgr[h // 2, w - 5]
    assert left[2] > 150 and left[0] < 100  # red in BGR
    assert right[0] > 150 and right[2] < 100  # blue in BGR


def test_gif_uses_first_frame():
    frames = [Image.new("RGB", (32, 32), c) for c in ((255, 255, 255), (0, 0, 0))]
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:])
    assert decode_image(buf.getvalue(), LIMITS).bgr.mean() > 200


def test_exif_orientation_is_applied():
    img = _sample_rgb(80, 40)
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise when displayed
    decoded = decode_image(_encode(img, "JPEG", exif=exif), LIMITS)
    assert decoded.bgr.shape[:2] == (80, 40)


def test_transparent_png_becomes_white():
    img = Image.new("RGBA", (32, 32), (0, 0, 0, 0))
    assert decode_image(_encode(img, "PNG"), LIMITS).bgr.min() == 255


def test_idcard_limits_refuse_webp():
    limits = ImageLimits(formats=IDCARD_FORMATS)
    with pytest.raises(InvalidImageData, match="WEBP"):
        decode_image(_encode(_sample_rgb(), "WEBP"), limits)


@pytest.mark.parametrize("size", [(14, 100), (100, 14), (8193, 20)])
def test_side_limits(size):
    with pytest.raises(ImageSizeError):
        decode_image(_encode(Image.new("L", size), "PNG"), LIMITS)


def test_side_limits_are_configurable():
    ok = ImageLimits(min_side=5)
    assert decode_image(_encode(Image.new("RGB", (8, 8)), "PNG"), ok).width == 8


def test_byte_limit():
    with pytest.raises(ImageSizeError):
        decode_image(b"\0" * 101, ImageLimits(max_bytes=100))


def _png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge image (a decompression bomb's shape)."""
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1000)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_decompression_bomb_refused_from_header():
    with pytest.raises(ImageSizeError):
        decode_image(_png_header_only(8000, 8000), ImageLimits(max_pixels=4000 * 4000))


def test_base64_with_data_prefix_is_a_format_error():
    raw = base64.b64encode(_encode(_sample_rgb(), "PNG")).decode()
    with pytest.raises(InvalidImageData):
        load_image("data:image/png;base64," + raw, LIMITS)


def test_base64_with_line_breaks_is_accepted():
    raw = base64.encodebytes(_encode(_sample_rgb(), "PNG")).decode()
    assert "\n" in raw
    assert load_image(raw, LIMITS).width == 64


@pytest.mark.parametrize("payload", ["not base64 !!", "", "AAAA", base64.b64encode(b"hello world").decode()])
def test_garbage_is_a_format_error(payload):
    with pytest.raises(InvalidImageData):
        load_image(payload, LIMITS)


def test_truncated_image_is_a_format_error():
    data = _encode(_sample_rgb(200, 200), "PNG")[:200]
    with pytest.raises(InvalidImageData):
        decode_image(data, LIMITS)
