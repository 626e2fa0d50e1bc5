"""The Thailand ID Card route through the ASGI app, on generated cards (scripts/synthesis/thaiid).

Latin and digit fields are read by the PP-OCR recognizer and are checked exactly; Thai
fields come from our own recognizer (issue 3) and are checked for presence and shape only.
"""

from __future__ import annotations

import base64
import io
import re

import numpy as np
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from airocr.service.app import create_app
from airocr.service.config import Settings
from scripts.synthesis.thaiid.scene import make_scene, no_card_scene
from tests.rendering import to_b64

PATH = "/v2/proj-1/ocr/thailand-id-card"
RESULT_FIELDS = {"type", "name_en", "ref_number", "side", "id_number", "name_th", "first_name_en", "last_name_en",
                 "date_of_birth_th", "date_of_birth_en", "religion_th", "address_th", "date_of_issue_th",
                 "date_of_issue_en", "date_of_expiry_th", "date_of_expiry_en", "serial_number", "card_number",
                 "laser_number", "confidence", "portrait_image", "portrait_location", "idcard_type", "text_location"}
SIZE = (560, 700)  # card width range in scene pixels: large enough to read, small enough to be quick


@pytest.fixture(scope="module")
def client(engines_with_idcard):
    with TestClient(create_app(Settings.from_env({}), engines_with_idcard)) as c:
        yield c


@pytest.fixture(scope="module")
def front():
    return make_scene(101, side="front", card_type="normal", angle=0.0, card_px=SIZE, coverage=(0.5, 0.7))


@pytest.fixture(scope="module")
def front_result(client, front):
    r = client.post(PATH, json={"image": to_b64(front.image, "JPEG", quality=95)})
    assert r.status_code == 200, r.text
    return r.json()["result"]


def assert_error(resp, status: int, code: str):
    assert resp.status_code == status, resp.text
    assert resp.json()["error_code"] == code and resp.json()["error_msg"]
    assert resp.headers.get("x-request-id")


def test_front_fields_and_types(front, front_result):
    res, truth = front_result, front.card.truth.fields
    assert set(res) <= RESULT_FIELDS
    assert res["side"] == "front" and res["type"] == "normal"
    assert re.fullmatch(r"\d \d{4} \d{5} \d{2} \d", res["id_number"])
    for name in ("id_number", "first_name_en", "last_name_en", "date_of_birth_en", "serial_number"):
        assert res.get(name) == truth[name], name
    returned = {k for k in res if k not in {"side", "type", "confidence"}}
    assert set(res["confidence"]) == returned
    assert all(isinstance(v, float) and 0.0 <= v <= 1.0 for v in res["confidence"].values())
    assert all(isinstance(res[k], str) for k in returned)
    assert not {"portrait_image", "portrait_location", "idcard_type", "text_location"} & set(res)


def test_optional_parts_only_when_asked(client, front):
    r = client.post(PATH, json={"image": to_b64(front.image), "side": "front", "return_portrait_image": True,
                                "return_portrait_location": True, "return_idcard_type": True,
                                "return_text_location": True})
    res = r.json()["result"]
    portrait = Image.open(io.BytesIO(base64.b64decode(res["portrait_image"])))
    assert portrait.format == "JPEG" and portrait.height > portrait.width
    loc = res["portrait_location"]
    assert len(loc) == 4 and all(isinstance(v, int) for pt in loc for v in pt)
    assert res["idcard_type"] in {"normal", "copy", "screen"}
    fields = {k for k in res["confidence"]}
    assert set(res["text_location"]) == fields
    h, w = front.image.shape[:2]
    for quad in res["text_location"].values():
        assert len(quad) == 4 and all(0 <= x < w and 0 <= y < h for x, y in quad)


def test_rotated_card(client):
    scene = make_scene(202, side="front", card_type="normal", angle=90.0, card_px=SIZE, coverage=(0.5, 0.7))
    res = client.post(PATH, json={"image": to_b64(scene.image)}).json()["result"]
    assert res["side"] == "front"
    assert res["id_number"] == scene.card.truth.fields["id_number"]


def test_back_side(client):
    scene = make_scene(303, side="back", card_type="normal", angle=180.0, card_px=SIZE, coverage=(0.5, 0.7))
    res = client.post(PATH, json={"image": to_b64(scene.image)}).json()["result"]
    assert res["side"] == "back"
    assert res["laser_number"] == scene.card.truth.fields["laser_number"]
    assert set(res["confidence"]) == {k for k in res if k not in {"side", "confidence"}}


def test_no_card_is_a_clear_400(client):
    assert_error(client.post(PATH, json={"image": to_b64(no_card_scene(5))}), 400, "AIS.0104")
    assert_error(client.post(PATH, json={"image": to_b64(np.full((300, 400, 3), 255, np.uint8))}), 400, "AIS.0104")
    # clutter whose words sit in a card-like layout: found as a front, refused by its fields' grammar
    assert_error(client.post(PATH, json={"image": to_b64(no_card_scene(113008))}), 400, "AIS.0104")


@pytest.mark.parametrize("body", [
    {"side": "left"},
    {"side": 1},
    {"return_text_location": "yes"},
    {"return_portrait_image": 1},
    {"url": "http://example.com/card.jpg"},
])
def test_bad_parameters(client, body):
    assert_error(client.post(PATH, json={"image": "AAAA", **body}), 400, "AIS.0101")


def test_formats_and_sizes(client, front):
    buf = io.BytesIO()
    Image.fromarray(front.image[:, :, ::-1]).save(buf, "WEBP")
    assert_error(client.post(PATH, json={"image": base64.b64encode(buf.getvalue()).decode()}), 400, "AIS.0102")
    assert_error(client.post(PATH, json={"image": to_b64(np.zeros((10, 10, 3), np.uint8))}), 400, "AIS.0103")
    assert_error(client.post(PATH, json={}), 400, "AIS.0101")
