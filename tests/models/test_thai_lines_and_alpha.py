"""Thai lines in Web Image (engine/thai_lines.py) and transparent images (engine/alpha.py)."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw

from airocr.engine.image_pixels import to_bgr
from airocr.engine.imageio import decode_image
from airocr.engine.limits import ImageLimits
from airocr.engine.recognize import LineText
from airocr.engine.thai_lines import ThaiLineConfig, ThaiLines, baht_amount
from airocr.engine.tight_boxes import TightBoxConfig
from tests.rendering import DEJAVU, NOTO_CJK, font, render_lines

GARUDA = "/usr/share/fonts/truetype/tlwg/Garuda.ttf"


class _FakeThai:
    def __init__(self, readings: list[LineText]) -> None:
        self.readings = readings
        self.seen = 0

    def __call__(self, crops):
        self.seen += len(crops)
        return self.readings[: len(crops)]


class _FakeThaiByCrop:
    """Readings keyed by the crop's top-left pixel value, so the two directions can differ."""

    def __init__(self, readings: dict[int, LineText]) -> None:
        self.readings = readings
        self.seen = 0

    def __call__(self, crops):
        self.seen += len(crops)
        return [self.readings.get(int(c[0, 0, 0]), LineText("", 0.0)) for c in crops]


def _crop(top_left: int, bottom_right: int) -> np.ndarray:
    c = np.zeros((8, 8, 3), np.uint8)
    c[0, 0], c[-1, -1] = top_left, bottom_right
    return c


def test_only_unsure_lines_are_read_again_and_only_thai_readings_kept():
    texts = [LineText("lavnnian", 0.6), LineText("欢迎光临", 0.99), LineText("Sign in", 0.999), LineText("Hello", 0.7)]
    fake = _FakeThaiByCrop({1: LineText("เส้นทางลัด", 0.95), 4: LineText("Hello", 0.99)})
    crops = [_crop(1, 11), _crop(2, 12), _crop(3, 13), _crop(4, 14)]
    out = ThaiLines(fake, ThaiLineConfig())(texts, crops)
    assert fake.seen == 4  # two lines, each both ways up; the sure CJK and Latin lines are never re-read
    assert [r.text.text for r in out] == ["เส้นทางลัด", "欢迎光临", "Sign in", "Hello"]
    assert [r.thai for r in out] == [True, False, False, False]


def test_unsure_thai_reading_is_not_taken():
    fake = _FakeThaiByCrop({1: LineText("เส้นทางลัด", 0.2)})
    out = ThaiLines(fake, ThaiLineConfig())([LineText("lavnnian", 0.6)], [_crop(1, 2)])
    assert out[0].text.text == "lavnnian" and not out[0].thai


def test_thai_read_the_other_way_up_turns_the_line():
    # PP-OCR's direction classifier turned a bold Thai line round; the Thai reading of the crop turned
    # back is the confident one
    fake = _FakeThaiByCrop({1: LineText("YLILBMEBj", 0.6), 2: LineText("โรงพยาบาล", 0.99)})
    out = ThaiLines(fake, ThaiLineConfig())([LineText("ELILBMESL", 0.7)], [_crop(1, 2)])
    assert out[0].text.text == "โรงพยาบาล" and out[0].turned


def test_unsure_cjk_reading_needs_a_sure_thai_one():
    cfg = ThaiLineConfig()
    fake = _FakeThaiByCrop({1: LineText("การแจ้งเตือน", 0.99), 2: LineText("ศิ้ห%7", 0.95)})
    out = ThaiLines(fake, cfg)([LineText("07566前9回", 0.5), LineText("清除缓存", 0.6)], [_crop(1, 9), _crop(2, 9)])
    assert [r.text.text for r in out] == ["การแจ้งเตือน", "清除缓存"]


def _page_verdict(readings: dict[int, LineText], n: int) -> bool | None:
    crops = [_crop(1, 2)] * n  # read as it stands: key 1; turned round: key 2
    return ThaiLines(_FakeThaiByCrop(readings), ThaiLineConfig()).page_upside_down(
        crops, [np.ascontiguousarray(c[::-1, ::-1]) for c in crops])


def test_a_thai_page_is_turned_only_when_the_thai_reading_says_so():
    # PP-OCR called upright Thai pages upside down (tuned thai_notice renders): the Thai recognizer
    # read them upright at 0.94-0.99 and turned round at 0.68-0.74
    thai_up, thai_down = LineText("ประชาสัมพันธ์", 0.98), LineText("ควรฝ", 0.7)
    assert _page_verdict({1: thai_up, 2: thai_down}, 6) is False
    assert _page_verdict({1: thai_down, 2: thai_up}, 6) is True
    # not Thai: the Thai recognizer has no say (a Latin page; a CJK page it reads as Thai-looking strings)
    assert _page_verdict({1: LineText("Settings", 0.99), 2: LineText("sbuipes", 0.6)}, 6) is None
    assert _page_verdict({1: LineText("ร3-ร3", 0.98), 2: LineText("ศิ้ห%7", 0.85)}, 6) is None
    assert _page_verdict({1: LineText("การแจ้งเตือน", 0.8), 2: thai_down}, 6) is None  # not sure enough


class _FakeThaiByHeight:
    """One reading for crops up to ``split`` px high, another for taller ones (a wider margin)."""

    def __init__(self, low: LineText, high: LineText, split: int) -> None:
        self.low, self.high, self.split = low, high, split
        self.heights: list[int] = []

    def __call__(self, crops):
        self.heights += [c.shape[0] for c in crops]
        return [self.high if c.shape[0] > self.split else self.low for c in crops]


def _room_reading(low: LineText, high: LineText, pads: tuple[float, ...]) -> tuple[str, list[int]]:
    image = np.full((80, 240, 3), 255, np.uint8)
    image[30:50, 20:220] = 0  # a line's ink, 20 px high
    quad = np.array([[14, 24], [226, 24], [226, 56], [14, 56]], np.float64)
    fake = _FakeThaiByHeight(low, high, split=24)
    was = LineText("ราคาพิเศษ", 0.5)
    [(text, _)], = ThaiLines(fake, ThaiLineConfig(reread_pads=pads)).with_room(image, [quad], [was], TightBoxConfig())
    return text.text, sorted(fake.heights)


def test_room_pass_keeps_the_most_confident_margin():
    low, high = LineText("ราคาพิเคษ", 0.90), LineText("ราคาพิเศษ", 0.95)
    text, heights = _room_reading(low, high, (0.05, 0.15))
    assert heights[0] <= 24 < heights[1]  # the two margins give crops either side of the split
    assert text == "ราคาพิเศษ"
    assert _room_reading(low, high, (0.05,))[0] == "ราคาพิเคษ"  # one margin: its reading
    assert _room_reading(high, low, (0.05, 0.15))[0] == "ราคาพิเศษ"  # the wider margin less sure: not taken
    assert _room_reading(LineText("ราคา", 0.95), high, (0.05, 0.15))[0] == "ราคา"  # equals: the smaller margin


def _pp(text: str, sign_prob: float = 1.0) -> LineText:
    """A PP-OCR reading whose characters are read with probability 1, but its ``$`` with ``sign_prob``."""
    return LineText(text, 0.99, char_probs=tuple(sign_prob if c == "$" else 1.0 for c in text if not c.isspace()))


def test_baht_sign_taken_only_before_the_same_digits():
    cfg = ThaiLineConfig()
    assert baht_amount(_pp("B1,080.35"), "฿1080,35", cfg) == "฿1,080.35"
    assert baht_amount(_pp("Total B12.50"), "Total ฿12.50", cfg) == "Total ฿12.50"
    # the Thai recognizer reads a real dollar sign as ฿ now and then (golden web_15.png: PP-OCR's "$"
    # at probability 1.0): a "$" PP-OCR is sure of is never changed; one it doubts is a baht sign it
    # has no class for (tuned table_orders pages: printed ฿ read "$" at 0.41-0.76, printed $ 0.95-1.0)
    assert baht_amount(_pp("Total: $321.63"), "Total: ฿321.63", cfg) is None
    assert baht_amount(_pp("$1,076.01", 0.482), "฿107601", cfg) == "฿1,076.01"
    assert baht_amount(_pp("$1,076.01", 0.95), "฿107601", cfg) is None
    assert baht_amount(LineText("$1,076.01", 0.5), "฿107601", cfg) is None  # no per-character probabilities
    assert baht_amount(_pp("B1,076.01"), "B1,076.01", cfg) is None  # the Thai reading saw a B too
    assert baht_amount(_pp("B1,080.35"), "฿1,030.35", cfg) is None  # other digits: no evidence
    assert baht_amount(_pp("6784.18"), "฿784.18", cfg) is None  # a digit PP-OCR read is never made a sign


def test_confident_amount_gets_its_baht_sign_from_the_thai_reading():
    fake = _FakeThaiByCrop({1: LineText("฿1,633.33", 0.95)})
    out = ThaiLines(fake, ThaiLineConfig())([LineText("B1,633.33", 0.999)], [_crop(1, 2)])
    assert out[0].text.text == "฿1,633.33" and not out[0].thai


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


def test_web_image_reads_thai_lines_with_the_installed_word_list(pipeline):
    lexicon = pipeline.thai.lexicon
    assert lexicon is not None  # models/MANIFEST.d/th_words.json lists it
    assert lexicon.logp["ราคา"] > lexicon.config.unknown_logp  # a common word beats a letter in no word
