"""The HTTP layer through the ASGI app: request/response shapes, every error code, auth,
URL input with its SSRF guard, request ids, and many requests in a row."""

from __future__ import annotations

import base64
import http.server
import io
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from airocr.service.app import create_app
from airocr.service.config import Settings
from tests.rendering import DEJAVU, render_lines, to_b64

PATH = "/v2/proj-1/ocr/web-image"


@pytest.fixture(scope="module")
def hello_png():
    image, _ = render_lines([("Hello World 2024", DEJAVU, 32)], size=(420, 100))
    return image


@pytest.fixture(scope="module")
def client(engines):
    settings = Settings.from_env({"AIROCR_URL_ALLOWLIST": "127.0.0.1"})
    with TestClient(create_app(settings, engines)) as c:
        yield c


@pytest.fixture(scope="module")
def token_client(engines):
    settings = Settings.from_env({"AIROCR_AUTH_TOKENS": "tok-a, tok-b"})
    with TestClient(create_app(settings, engines)) as c:
        yield c


def assert_error(resp, status: int, code: str):
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error_code", "error_msg"}
    assert body["error_code"] == code and isinstance(body["error_msg"], str) and body["error_msg"]
    assert resp.headers.get("x-request-id")


def test_health(client):
    r = client.get("/health")
    assert r.status_code == 200 and r.json()["status"] == "ok"
    body = r.json()
    assert body["provider"] in ("CPUExecutionProvider", "CUDAExecutionProvider")
    assert "det" in body["models"] and "rec" in body["models"]


def test_success_shape_and_types(client, hello_png):
    r = client.post(PATH, json={"image": to_b64(hello_png), "extract_type": ["image_size"]},
                    headers={"Content-Type": "application/json;charset=utf-8"})
    assert r.status_code == 200, r.text
    assert r.headers["x-request-id"]
    result = r.json()["result"]
    assert set(result) == {"words_block_count", "words_block_list", "extracted_data"}
    assert result["words_block_count"] == len(result["words_block_list"]) == 1
    block = result["words_block_list"][0]
    assert set(block) == {"words", "confidence", "location"}
    assert block["words"] == "Hello World 2024"
    assert isinstance(block["confidence"], float) and 0 <= block["confidence"] <= 1
    assert len(block["location"]) == 4 and all(isinstance(v, int) for pt in block["location"] for v in pt)
    assert result["extracted_data"] == {"image_size": {"height": 100, "width": 420}}


def test_extracted_data_empty_when_not_asked(client, hello_png):
    result = client.post(PATH, json={"image": to_b64(hello_png)}).json()["result"]
    assert result["extracted_data"] == {}
    assert client.post(PATH, json={"image": to_b64(hello_png), "extract_type": []}).json()["result"][
        "extracted_data"] == {}


def test_jpeg_and_detect_direction_flags(client, hello_png):
    rotated = np.ascontiguousarray(np.rot90(hello_png))
    r = client.post(PATH, json={"image": to_b64(rotated, "JPEG", quality=92), "detect_direction": True,
                                "detect_text_direction": True})
    assert [b["words"] for b in r.json()["result"]["words_block_list"]] == ["Hello World 2024"]


def test_request_ids_differ(client, hello_png):
    ids = {client.post(PATH, json={}).headers["x-request-id"] for _ in range(3)}
    assert len(ids) == 3


# -- AIS.0101: bad parameters ---------------------------------------------------------------------
@pytest.mark.parametrize("body", [
    {},
    {"image": "", "url": ""},
    {"image": "AAAA", "url": "http://example.com/a.png"},
    {"image": 123},
    {"url": ["http://x"]},
    {"image": "AAAA", "detect_direction": "true"},
    {"image": "AAAA", "detect_text_direction": 1},
    {"image": "AAAA", "detect_font": "yes"},
    {"image": "AAAA", "extract_type": "image_size"},
    {"image": "AAAA", "extract_type": ["image_size", "colour"]},
    {"image": "AAAA", "extract_type": [1]},
])
def test_bad_parameter(client, body):
    assert_error(client.post(PATH, json=body), 400, "AIS.0101")


@pytest.mark.parametrize("raw", [b"", b"not json", b"[1, 2]", b'"image"', b"\xff\xfe", b"[" * 100000])
def test_body_not_a_json_object(client, raw):
    assert_error(client.post(PATH, content=raw, headers={"Content-Type": "application/json"}), 400, "AIS.0101")


# -- AIS.0102: not Base64 / unsupported format ------------------------------------------------------
@pytest.mark.parametrize("image", ["%%%not-base64%%%", base64.b64encode(b"plain text, not an image").decode()])
def test_not_an_image(client, image):
    assert_error(client.post(PATH, json={"image": image}), 400, "AIS.0102")


def test_data_uri_prefix_is_refused(client, hello_png):
    assert_error(client.post(PATH, json={"image": "data:image/png;base64," + to_b64(hello_png)}), 400, "AIS.0102")


def test_unsupported_format(client):
    buf = io.BytesIO()
    Image.new("RGB", (40, 40)).save(buf, "PPM")
    assert_error(client.post(PATH, json={"image": base64.b64encode(buf.getvalue()).decode()}), 400, "AIS.0102")


# -- AIS.0103: size ---------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(10, 10), (14, 200), (200, 14)])
def test_image_too_small(client, size):
    img = np.full((size[1], size[0], 3), 255, np.uint8)
    assert_error(client.post(PATH, json={"image": to_b64(img)}), 400, "AIS.0103")


def test_image_too_large_in_bytes(engines):
    settings = Settings.from_env({"AIROCR_MAX_IMAGE_BYTES": "2000"})
    noisy = np.random.default_rng(0).integers(0, 255, (100, 100, 3), dtype=np.uint8)
    with TestClient(create_app(settings, engines)) as c:
        assert_error(c.post(PATH, json={"image": to_b64(noisy)}), 400, "AIS.0103")


def test_body_too_large(engines):
    settings = Settings.from_env({"AIROCR_MAX_BODY_BYTES": "1000"})
    with TestClient(create_app(settings, engines)) as c:
        assert_error(c.post(PATH, json={"image": "A" * 5000}), 413, "AIS.0103")


# -- routing ----------------------------------------------------------------------------------------
def test_unknown_path_and_method(client):
    assert_error(client.post("/v2/p/ocr/nothing", json={}), 404, "APIG.0101")
    assert_error(client.get(PATH), 405, "APIG.0101")


# -- auth (token; AK/SK has its own tests) ---------------------------------------------------------
def test_token_auth(token_client, hello_png):
    body = {"image": to_b64(hello_png)}
    assert_error(token_client.post(PATH, json=body), 401, "APIG.0301")
    assert_error(token_client.post(PATH, json=body, headers={"X-Auth-Token": "wrong"}), 401, "APIG.0301")
    ok = token_client.post(PATH, json=body, headers={"X-Auth-Token": "tok-b"})
    assert ok.status_code == 200 and ok.json()["result"]["words_block_count"] == 1


def test_auth_is_checked_before_the_body_is_parsed(token_client):
    assert_error(token_client.post(PATH, content=b"garbage"), 401, "APIG.0301")


# -- url input ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def image_server(hello_png):
    payload = base64.b64decode(to_b64(hello_png))

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            if self.path == "/hello.png":
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            elif self.path == "/redirect":
                self.send_response(302)
                self.send_header("Location", "/hello.png")
                self.end_headers()
            elif self.path == "/text":
                body = b"hello"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                self.send_response(404)
                self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_url_input(client, image_server):
    for path in ("/hello.png", "/redirect"):
        r = client.post(PATH, json={"url": image_server + path})
        assert r.status_code == 200, r.text
        assert [b["words"] for b in r.json()["result"]["words_block_list"]] == ["Hello World 2024"]


def test_url_errors(client, image_server):
    assert_error(client.post(PATH, json={"url": image_server + "/missing.png"}), 400, "AIS.0101")
    assert_error(client.post(PATH, json={"url": image_server + "/text"}), 400, "AIS.0102")
    assert_error(client.post(PATH, json={"url": "ftp://127.0.0.1/a.png"}), 400, "AIS.0101")
    assert_error(client.post(PATH, json={"url": "http://127.0.0.1:1/closed.png"}), 400, "AIS.0101")


def test_ssrf_guard_refuses_private_addresses_by_default(engines, image_server):
    with TestClient(create_app(Settings.from_env({}), engines)) as c:
        for url in (image_server + "/hello.png", "http://169.254.169.254/latest/meta-data/",
                    "http://10.0.0.1/a.png", "http://[::1]/a.png", "http://localhost/a.png"):
            r = c.post(PATH, json={"url": url})
            assert_error(r, 400, "AIS.0101")
            assert "not allowed" in r.json()["error_msg"] or "resolve" in r.json()["error_msg"]


# -- robustness -------------------------------------------------------------------------------------
def test_many_requests_keep_serving(client, hello_png):
    good = {"image": to_b64(hello_png)}
    bad = {"image": "!!!"}

    def call(i: int) -> int:
        return client.post(PATH, json=good if i % 3 == 0 else bad).status_code

    with ThreadPoolExecutor(max_workers=4) as pool:
        codes = list(pool.map(call, range(24)))
    assert codes.count(200) == 8 and codes.count(400) == 16
    assert client.get("/health").status_code == 200


def test_contact_info_from_a_rendered_label(client):
    from tests.rendering import NOTO_CJK

    image, _ = render_lines([("收件人：张三", NOTO_CJK, 28), ("电话：13812345678", NOTO_CJK, 28),
                             ("地址：广东省深圳市南山区科技园路1号", NOTO_CJK, 28)], size=(620, 220))
    r = client.post(PATH, json={"image": to_b64(image), "extract_type": ["contact_info", "image_size"]})
    data = r.json()["result"]["extracted_data"]
    assert data["image_size"] == {"height": 220, "width": 620}
    assert data["contact_info"] == {"name": "张三", "phone": "13812345678", "province": "广东省", "city": "深圳市",
                                    "district": "南山区", "detail_address": "科技园路1号"}


def test_detect_font_adds_five_sorted_fonts(client):
    from tests.rendering import NOTO_CJK

    image, _ = render_lines([("Free shipping on all orders", DEJAVU, 30), ("限时优惠全场包邮", NOTO_CJK, 30)],
                            size=(560, 160))
    blocks = client.post(PATH, json={"image": to_b64(image), "detect_font": True}).json()["result"]["words_block_list"]
    assert len(blocks) == 2
    for block in blocks:
        assert len(block["font_list"]) == len(block["font_scores"]) == 5
        assert all(isinstance(name, str) and name for name in block["font_list"])
        scores = block["font_scores"]
        assert scores == sorted(scores, reverse=True) and sum(scores) <= 1.0 + 1e-6
    assert blocks[0]["font_list"][0] == "DejaVu Sans"
    assert blocks[1]["font_list"][0] == "Noto Sans CJK SC"
    plain = client.post(PATH, json={"image": to_b64(image)}).json()["result"]["words_block_list"]
    assert "font_list" not in plain[0] and "font_scores" not in plain[0]


@pytest.mark.parametrize(("raw", "want"), [("", None), ("auto", None), ("on", True), ("1", True),
                                           ("off", False), ("FALSE", False)])
def test_int8_setting(raw, want):
    assert Settings.from_env({"AIROCR_INT8": raw}).int8 is want


def test_int8_setting_rejects_nonsense():
    with pytest.raises(ValueError, match="AIROCR_INT8"):
        Settings.from_env({"AIROCR_INT8": "sometimes"})
