"""The Web Image pipeline on images rendered here, with the real shipped models.

Covers exact strings for clear CJK and Latin text, pages rotated by 90/180/270 and
arbitrary tilts with ``detect_direction`` (text and locations in the original image),
and the peer's weak spots: dropped spaces, upright lines read upside down, tilted
pages and dense 11–13 px table text.
"""

from __future__ import annotations

import numpy as np
import pytest

from airocr.engine.geometry import rotate_image, transform_points
from airocr.engine.pipeline import PipelineOptions
from tests.rendering import DEJAVU, LIBERATION_SERIF, NOTO_CJK, WQY, render_lines

LINES = [
    ("FROM: Bluebird Books", DEJAVU, 30),
    ("Opening hours 09:00", DEJAVU, 30),
    ("欢迎光临我们的书店", NOTO_CJK, 30),
    ("Total: $42.50", LIBERATION_SERIF, 30),
]


def texts(result) -> list[str]:
    return [b.text for b in result.blocks]


@pytest.fixture(scope="module")
def page():
    return render_lines(LINES, size=(640, 300), gap=1.8)


def test_clear_text_exact_strings_in_reading_order(pipeline, page):
    image, _ = page
    assert texts(pipeline.run(image)) == [t for t, _, _ in LINES]


def test_confidences_and_integer_locations(pipeline, page):
    image, boxes = page
    result = pipeline.run(image)
    for block, (_, (x0, y0, x1, y1)) in zip(result.blocks, boxes, strict=True):
        assert 0.0 <= block.confidence <= 1.0
        cx, cy = block.quad.mean(axis=0)
        assert x0 <= cx <= x1 and y0 <= cy <= y1


def test_cjk_fonts(pipeline):
    image, _ = render_lines([("限时优惠全场包邮", WQY, 28), ("会员专享今日特价", NOTO_CJK, 26)], size=(480, 160))
    assert texts(pipeline.run(image)) == ["限时优惠全场包邮", "会员专享今日特价"]


def _assert_locations_on_text(result, boxes, matrix, shape):
    """Each returned quad's centre lies inside its line's rotated bounding box in the input image."""
    by_text = {b.text: b for b in result.blocks}
    for text, (x0, y0, x1, y1) in boxes:
        assert text in by_text, f"{text!r} not read; got {list(by_text)}"
        corners = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=float)
        target = transform_points(corners, matrix) if matrix is not None else corners
        quad = by_text[text].quad
        assert quad.min() >= 0 and quad[:, 0].max() < shape[1] and quad[:, 1].max() < shape[0]
        centre = quad.mean(axis=0)
        # inside the (slightly grown) target polygon
        import cv2

        grown = target.mean(axis=0) + (target - target.mean(axis=0)) * 1.3
        assert cv2.pointPolygonTest(grown.astype(np.float32), tuple(map(float, centre)), False) >= 0, text


@pytest.mark.parametrize("angle", [90, 180, 270, 17, -12, 35])
def test_detect_direction_straightens_any_angle(pipeline, page, angle):
    image, boxes = page
    rotated, matrix = rotate_image(image, angle)
    result = pipeline.run(rotated, PipelineOptions(detect_direction=True))
    assert texts(result) == [t for t, _, _ in LINES]
    _assert_locations_on_text(result, boxes, matrix, rotated.shape)


def test_locations_without_rotation(pipeline, page):
    image, boxes = page
    _assert_locations_on_text(pipeline.run(image), boxes, None, image.shape)


# -- where RapidOCR 1.4.4 is weak -------------------------------------------------------------------
def test_spaces_between_english_words_are_kept(pipeline):
    lines = [("FROM: Bluebird Books", LIBERATION_SERIF, 22), ("Sign in to your account", DEJAVU, 20),
             ("Free shipping on orders over $25", DEJAVU, 18)]
    image, _ = render_lines(lines, size=(520, 180))
    assert texts(pipeline.run(image)) == [t for t, _, _ in lines]


@pytest.mark.parametrize("text", ["09:00", "10:01", "SOS 808", "NOW ON"])
def test_upright_symmetric_lines_are_not_flipped(pipeline, text):
    image, _ = render_lines([(text, DEJAVU, 28)], size=(260, 80))
    result = pipeline.run(image, PipelineOptions(detect_text_direction=True))
    assert texts(result) == [text]


def test_upside_down_line_is_turned(pipeline):
    image, _ = render_lines([("Opening hours from 9 to 5", DEJAVU, 26)], size=(460, 80))
    result = pipeline.run(np.ascontiguousarray(image[::-1, ::-1]), PipelineOptions(detect_text_direction=True))
    assert texts(result) == ["Opening hours from 9 to 5"]


@pytest.mark.parametrize("angle", [5, -8, 22, -40])
def test_tilted_pages(pipeline, page, angle):
    image, _ = page
    rotated, _ = rotate_image(image, angle)
    assert texts(pipeline.run(rotated, PipelineOptions(detect_direction=True))) == [t for t, _, _ in LINES]


def test_dense_small_table_text(pipeline):
    rows = [("Delivery", "1204.50", "09:30"), ("Coffee", "38.00", "11:45"), ("Garden", "975.25", "13:05"),
            ("Hotel", "2210.10", "18:20"), ("Music", "64.75", "21:55"), ("Travel", "880.00", "07:15")]
    from PIL import Image, ImageDraw

    from tests.rendering import font

    for px in (12, 13):
        img = Image.new("RGB", (420, 20 + len(rows) * int(px * 1.7)), "white")
        draw = ImageDraw.Draw(img)
        f = font(DEJAVU, px)
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                draw.text((10 + c * 140, 10 + r * int(px * 1.7)), cell, font=f, fill=(20, 20, 20))
        got = texts(pipeline.run(np.asarray(img)[:, :, ::-1].copy()))
        want = [cell for row in rows for cell in row]
        hits = sum(1 for w in want if w in got)
        assert hits >= len(want) - 1, (px, got)


def test_blank_image_gives_no_blocks(pipeline):
    assert pipeline.run(np.full((200, 300, 3), 255, np.uint8)).blocks == []


def test_restricted_recognizer_decodes_only_allowed_characters(pipeline):
    """A recognizer restricted to ASCII never returns CJK, even on a CJK line, and reads Latin as before."""
    latin_img, boxes = render_lines([("Mr. Somchai 1950", DEJAVU, 28)], size=(360, 70))
    cjk_img, cboxes = render_lines([("会员专享今日特价", WQY, 28)], size=(300, 70))
    crop = latin_img[boxes[0][1][1] - 6: boxes[0][1][3] + 6, boxes[0][1][0] - 6: boxes[0][1][2] + 6]
    ccrop = cjk_img[cboxes[0][1][1] - 6: cboxes[0][1][3] + 6, cboxes[0][1][0] - 6: cboxes[0][1][2] + 6]
    ascii_only = pipeline.recognizer.restricted(lambda c: c.isascii() and c.isprintable())
    assert [t.text for t in ascii_only.recognize([crop])] == ["Mr. Somchai 1950"]
    full, restricted = pipeline.recognizer.recognize([ccrop])[0], ascii_only.recognize([ccrop])[0]
    assert full.text == "会员专享今日特价"
    assert all(c.isascii() for c in restricted.text)
    assert pipeline.recognizer.recognize([ccrop])[0].text == full.text  # the original is unchanged


def test_blank_page_reads_nothing(pipeline):
    assert pipeline.run(np.full((300, 500, 3), 240, np.uint8)).blocks == []


def test_each_character_keeps_its_probability(pipeline):
    """A greedy reading carries one probability per non-space character (the baht rule asks PP-OCR
    how sure it was of a ``$``)."""
    image, boxes = render_lines([("Total: $349.11", DEJAVU, 28)], size=(360, 70))
    crop = image[boxes[0][1][1] - 6: boxes[0][1][3] + 6, boxes[0][1][0] - 6: boxes[0][1][2] + 6]
    got = pipeline.recognizer.recognize([crop])[0]
    assert got.text == "Total: $349.11"
    assert len(got.char_probs) == len(got.text.replace(" ", ""))
    assert all(0.0 <= p <= 1.0 for p in got.char_probs)
    assert got.char_prob(got.text.index("$")) > 0.9 and got.char_prob(got.text.index(" ")) is None
