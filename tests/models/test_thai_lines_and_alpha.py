"""Thai lines in Web Image (engine/thai_lines.py) and transparent images (engine/alpha.py)."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw

from airocr.engine.image_pixels import to_bgr
from airocr.engine.imageio import decode_image
from airocr.engine.limits import ImageLimits
from airocr.engine.recognize import LineText
from airocr.engine.thai_lines import ThaiLineConfig, ThaiLines
from tests.rendering import DEJAVU, NOTO_CJK, font, render_lines

GARUDA = "/usr/share/fonts/truetype/tlwg/Garuda.ttf"


class _FakeThai:
    def __init__(self, readings: list[LineText]) -> None:
        self.readings = readings
        self.seen = 0

    def __call__(self, crops):
        self.seen += len(crops)
        return self.readings[: len(crops)]


def test_only_unsure_non_cjk_lines_are_read_again_and_only_thai_readings_kept():
    texts = [LineText("lavnnian", 0.6), LineText("欢迎光临", 0.5), LineText("Sign in", 0.999), LineText("Hello", 0.7)]
    fake = _FakeThai([LineText("เส้นทางลัด", 0.95), LineText("Hello", 0.99)])
    out = ThaiLines(fake, ThaiLineConfig())(texts, [np.zeros((8, 8, 3), np.uint8)] * 4)
    assert fake.seen == 2  # the CJK line and the confident Latin line are never re-read
    assert [t.text for t in out] == ["เส้นทางลัด", "欢迎光临", "Sign in", "Hello"]


def test_unsure_thai_reading_is_not_taken():
    fake = _FakeThai([LineText("เส้นทางลัด", 0.2)])
    out = ThaiLines(fake, ThaiLineConfig())([LineText("lavnnian", 0.6)], [np.zeros((8, 8, 3), np.uint8)])
    assert out[0].text == "lavnnian"


def test_thai_sign_comes_back_in_thai_and_chinese_english_stay(pipeline):
    lines = [("ยินดีต้อนรับ", GARUDA, 34), ("Free shipping today", DEJAVU, 26), ("欢迎光临", NOTO_CJK, 30),
             ("ห้ามสูบบุหรี่", GARUDA, 34)]
    font(GARUDA, 10)  # skips when the font is missing
    image, _ = render_lines(lines, size=(620, 330))
    assert [b.text for b in pipeline.run(image).blocks] == [t for t, _, _ in lines]


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _text_rgba(colour: tuple[int, int, int]) -> Image.Image:
    img = Image.new("RGBA", (200, 60), (0, 0, 0, 0))
    ImageDraw.Draw(img).text((10, 10), "TEST", font=font(DEJAVU, 30), fill=(*colour, 255))
    return img


def test_white_text_on_transparency_goes_on_black_and_dark_text_on_white():
    white = to_bgr(_text_rgba((255, 255, 255)))
    dark = to_bgr(_text_rgba((0, 0, 0)))
    assert white[0, 0].tolist() == [0, 0, 0] and white.max() == 255
    assert dark[0, 0].tolist() == [255, 255, 255] and dark.min() == 0


def test_decoder_keeps_white_text_on_transparency_readable():
    decoded = decode_image(_png(_text_rgba((255, 255, 255))), ImageLimits())
    ink = decoded.bgr.max(axis=2) > 128
    assert 0 < ink.mean() < 0.5  # text visible against its background


def test_card_photo_with_transparent_corners_stays_on_white():
    img = Image.new("RGBA", (200, 120), (235, 235, 230, 255))
    ImageDraw.Draw(img).text((20, 40), "1 2345 67890 12 3", font=font(DEJAVU, 18), fill=(30, 30, 30, 255))
    arr = np.asarray(img).copy()
    arr[:6, :6, 3] = 0  # a transparent corner
    flat = to_bgr(Image.fromarray(arr))
    assert flat[0, 0].tolist() == [255, 255, 255]
