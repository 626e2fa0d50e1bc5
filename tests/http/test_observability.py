"""/metrics in Prometheus format, and one JSON log line per request without personal data."""

from __future__ import annotations

import base64
import io
import json
import logging

import cv2
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from airocr.service.app import create_app
from airocr.service.config import Settings
from airocr.service.observability import JsonFormatter, route_label
from scripts.synthesis.thaiid.scene import make_scene
from tests.rendering import DEJAVU, render_lines


@pytest.fixture()
def client(engines_with_idcard):
    with TestClient(create_app(Settings.from_env({}), engines=engines_with_idcard)) as c:
        yield c


@pytest.fixture()
def access_lines():
    """The access log's records, formatted as the service writes them."""
    lines: list[str] = []
    handler = logging.Handler()
    handler.setFormatter(JsonFormatter())
    handler.emit = lambda record: lines.append(handler.format(record))  # type: ignore[method-assign]
    logger = logging.getLogger("airocr.access")
    logger.addHandler(handler)
    old = logger.level
    logger.setLevel(logging.INFO)
    yield lines
    logger.removeHandler(handler)
    logger.setLevel(old)


def _png_b64() -> str:
    image, _ = render_lines([("Hello World 2024", DEJAVU, 32)], size=(420, 100))
    buf = io.BytesIO()
    Image.fromarray(image[:, :, ::-1]).save(buf, "PNG")
    return base64.b64encode(buf.getvalue()).decode()


def _sample(text: str, name: str, labels: str) -> float:
    for line in text.splitlines():
        if line.startswith(f"{name}{{") and all(part in line for part in labels.split(",")):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_a_web_image_request(client):
    before = client.get("/metrics").text
    assert client.post("/v2/p/ocr/web-image", json={"image": _png_b64()}).status_code == 200
    assert client.post("/v2/p/ocr/web-image", json={"image": "%%%"}).status_code == 400
    after = client.get("/metrics")
    assert after.headers["content-type"].startswith("text/plain")
    text = after.text
    ok = 'route="web-image",status="200"'
    assert _sample(text, "airocr_requests_total", ok) == _sample(before, "airocr_requests_total", ok) + 1
    assert _sample(text, "airocr_requests_total", 'route="web-image",status="400"') >= 1
    assert _sample(text, "airocr_request_seconds_count", 'route="web-image"') >= 2
    assert "airocr_queue_depth" in text and "airocr_models_loaded" in text
    assert _sample(text, "airocr_stage_seconds_count", 'route="web-image",stage="inference"') >= 2
    assert _sample(text, "airocr_stage_seconds_count", 'route="web-image",stage="queue"') >= 2


def test_one_json_line_per_request_and_no_personal_data(client, access_lines):
    scene = make_scene(9004, side="front", idcard_type="normal", card_px=(700, 800))
    ok, jpg = cv2.imencode(".jpg", scene.image)
    body = {"image": base64.b64encode(jpg.tobytes()).decode(), "return_text_location": True}
    r = client.post("/v2/p/ocr/thailand-id-card", json=body)
    assert r.status_code == 200 and r.json()["result"]["id_number"]
    docs = [json.loads(line) for line in access_lines]
    assert len(docs) == 1
    doc = docs[0]
    assert doc["request_id"] == r.headers["X-Request-Id"]
    assert doc["route"] == "thailand-id-card" and doc["status"] == 200 and doc["latency_ms"] > 0
    assert doc["body_bytes"] > len(jpg)
    assert (doc["image_width"], doc["image_height"]) == (scene.image.shape[1], scene.image.shape[0])
    truth = scene.card.truth.fields
    for value in (truth["id_number"], truth["name_th"], r.json()["result"]["id_number"], body["image"][:40]):
        assert value not in access_lines[0]


def test_route_labels_are_bounded():
    assert route_label("/v2/abc/ocr/web-image") == "web-image"
    assert route_label("/v2/x/ocr/thailand-id-card") == "thailand-id-card"
    assert route_label("/health") == "health" and route_label("/openapi.json") == "openapi.json"
    assert route_label("/v2/x/ocr/anything-else") == "other"
    assert route_label("/random/thailand-id-card") == "other"
