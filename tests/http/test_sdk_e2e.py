"""End-to-end: the official SDK (``huaweicloudsdkocr``) against the real app on a loopback port.

The app (models and all) runs under uvicorn in a background thread; requests go out through the
SDK's own client, signer and exception handling, so what passes here is what a customer's app sees.
Raw JSON is checked as well as the SDK objects, because the SDK quietly coerces wrong types
(``shared/spec/sdk-wire-format.md`` section 4).
"""

from __future__ import annotations

import base64
import functools
import io
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from PIL import Image, ImageDraw, ImageFont

# Importing the SDK writes $HOME/.huaweicloud/application_id; keep that out of the real home.
_SDK_HOME = tempfile.mkdtemp(prefix="airocr-sdk-home-")
with pytest.MonkeyPatch.context() as _mp:
    _mp.setenv("HOME", _SDK_HOME)
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
    from huaweicloudsdkcore.http.http_config import HttpConfig
    from huaweicloudsdkcore.http.http_handler import HttpHandler
    from huaweicloudsdkcore.signer.algorithm import SigningAlgorithm
    from huaweicloudsdkocr.v1 import (
        OcrClient,
        RecognizeThailandIdcardRequest,
        RecognizeWebImageRequest,
        ThailandIdcardRequestBody,
        WebImageRequestBody,
    )
    from huaweicloudsdkocr.v1.region.ocr_region import OcrRegion

REPO = Path(__file__).resolve().parents[2]
AK, SK = "E2EAK", "e2e-secret-key"
DOC_AK, DOC_SK = "MYAK", "MYSK"  # the credentials docs/sdk.md's example uses
TOKEN = "e2e-token"
PROJECT = "e2e-project"
REGION_ENV = "HUAWEICLOUD_SDK_REGION_OCR_AP_SOUTHEAST_2"
WEB, IDCARD = "web-image", "thailand-id-card"
FONT_FILES = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf")


# ------------------------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The real app with models, on a free 127.0.0.1 port; yields its base URL."""
    from airocr.service.app import create_app
    from airocr.service.config import Settings

    env = {
        "AIROCR_ACCESS_KEYS": f"{AK}:{SK},{DOC_AK}:{DOC_SK}",
        "AIROCR_AUTH_TOKENS": TOKEN,
    }
    mp = pytest.MonkeyPatch()
    mp.setenv("HOME", _SDK_HOME)  # the SDK also looks for ~/.huaweicloud/regions.yaml
    for name in [n for n in os.environ if n.startswith("HUAWEICLOUD_SDK_")]:
        mp.delenv(name)
    app = create_app(Settings.from_env({**os.environ, **env}))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))  # bound before the server starts: no free-port race
    port = sock.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 300
    while not srv.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("airocr did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(30)
        sock.close()
        mp.undo()


def make_client(
    endpoint: str | None,
    *,
    ak: str = AK,
    sk: str = SK,
    project_id: str | None = PROJECT,
    config: HttpConfig | None = None,
    handler: HttpHandler | None = None,
) -> Any:
    builder = OcrClient.new_builder().with_credentials(BasicCredentials(ak, sk, project_id))
    builder = builder.with_http_config(config or HttpConfig.get_default_config())
    if handler is not None:
        builder = builder.with_http_handler(handler)
    if endpoint is not None:
        builder = builder.with_endpoints([endpoint])
    return builder.build()


@pytest.fixture(scope="module")
def client(server: str) -> Any:
    return make_client(server)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in FONT_FILES:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def png_b64(width: int, height: int, text: str = "", size: int = 40) -> str:
    img = Image.new("RGB", (width, height), "white")
    if text:
        ImageDraw.Draw(img).text((16, (height - size) // 2), text, fill="black", font=_font(size))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return base64.b64encode(buf.getvalue()).decode("ascii")


@pytest.fixture(scope="module")
def hello_image() -> str:
    return png_b64(520, 80, "Hello World 2024")


@functools.cache
def route_exists(server: str, route: str) -> bool:
    """Unauthenticated probe: a missing route answers 404 before any auth check."""
    return httpx.post(f"{server}/v2/{PROJECT}/ocr/{route}", content=b"{}", timeout=30).status_code != 404


def call(client: Any, route: str, **body: Any) -> Any:
    if route == WEB:
        return client.recognize_web_image(RecognizeWebImageRequest(body=WebImageRequestBody(**body)))
    return client.recognize_thailand_idcard(RecognizeThailandIdcardRequest(body=ThailandIdcardRequestBody(**body)))


def expect_error(fn: Callable[[], Any], status: int, code: str, msg_part: str = "") -> ClientRequestException:
    """The SDK must raise ClientRequestException carrying our body's code and the X-Request-Id."""
    with pytest.raises(ClientRequestException) as ei:
        fn()
    e = ei.value
    assert (e.status_code, e.error_code) == (status, code), str(e)
    assert msg_part in e.error_msg
    assert e.request_id and re.fullmatch(r"[0-9a-f]{32}", e.request_id)
    return e


def is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def check_location(loc: Any) -> None:
    assert isinstance(loc, list) and len(loc) == 4
    assert all(isinstance(p, list) and len(p) == 2 and all(is_int(c) for c in p) for p in loc)


def check_web_raw(raw: bytes, *, font: bool, extract: list[str]) -> dict[str, Any]:
    """Exact JSON types of a web-image response (what a non-SDK client would parse)."""
    doc = json.loads(raw)
    assert set(doc) == {"result"}
    result = doc["result"]
    assert is_int(result["words_block_count"])
    assert isinstance(result["words_block_list"], list)
    assert result["words_block_count"] == len(result["words_block_list"])
    for block in result["words_block_list"]:
        assert isinstance(block["words"], str) and block["words"]
        assert isinstance(block["confidence"], float) and 0.0 <= block["confidence"] <= 1.0
        check_location(block["location"])
        if font and "font_list" in block:
            assert all(isinstance(f, str) for f in block["font_list"])
            assert all(isinstance(s, float) for s in block["font_scores"])
            assert len(block["font_list"]) == len(block["font_scores"])
        else:
            assert "font_list" not in block and "font_scores" not in block
    extracted = result.get("extracted_data", {})
    assert isinstance(extracted, dict)
    assert set(extracted) <= set(extract)
    if "image_size" in extract:
        size = extracted["image_size"]
        assert set(size) == {"height", "width"} and all(is_int(v) for v in size.values())
    if "contact_info" in extracted:
        assert all(isinstance(v, str) for v in extracted["contact_info"].values())
    return result


# ---------------------------------------------------------------------------------------- web-image


@pytest.mark.parametrize(
    "flags",
    [
        {},
        {"detect_direction": True, "detect_text_direction": False},
        {"detect_direction": False, "detect_text_direction": True},
        {"detect_font": True},
        {"extract_type": ["image_size"]},
        {"extract_type": ["contact_info", "image_size"], "detect_font": True, "detect_direction": True},
        {"extract_type": []},
    ],
    ids=["defaults", "direction", "text-direction", "font", "image-size", "all", "empty-extract"],
)
def test_web_image_flags(client: Any, hello_image: str, flags: dict[str, Any]) -> None:
    resp = call(client, WEB, image=hello_image, **flags)
    assert resp.status_code == 200
    assert resp.x_request_id and re.fullmatch(r"[0-9a-f]{32}", resp.x_request_id)
    raw = check_web_raw(resp.raw_content, font=bool(flags.get("detect_font")), extract=flags.get("extract_type", []))

    result = resp.result  # the SDK's model objects
    assert type(result).__name__ == "WebImageResult"
    assert result.words_block_count == len(result.words_block_list) >= 1
    text = " ".join(b.words for b in result.words_block_list).lower()
    for word in ("hello", "world", "2024"):
        assert word in text, text
    for block, raw_block in zip(result.words_block_list, raw["words_block_list"], strict=True):
        assert type(block).__name__ == "WebImageWordsBlockList"
        assert block.words == raw_block["words"] and block.confidence == raw_block["confidence"]
        assert block.location == raw_block["location"]
    if "image_size" in flags.get("extract_type", []):
        size = result.extracted_data.image_size
        assert type(size).__name__ == "WebImageImageSize"
        assert (size.width, size.height) == (520, 80)


def test_enterprise_project_id_header_is_signed_and_accepted(client: Any, hello_image: str) -> None:
    req = RecognizeWebImageRequest(enterprise_project_id="0", body=WebImageRequestBody(image=hello_image))
    assert client.recognize_web_image(req).status_code == 200


# ----------------------------------------------------------------------------------- input errors


@pytest.fixture(params=[WEB, IDCARD])
def route(request: pytest.FixtureRequest, server: str) -> str:
    """Both endpoints; the ID card one is skipped (not failed) until the app serves it."""
    if not route_exists(server, request.param):
        pytest.skip(f"{request.param} is not served by the app yet")
    return str(request.param)


def test_bad_base64(client: Any, route: str) -> None:
    expect_error(lambda: call(client, route, image="this is *not* base64!"), 400, "AIS.0102")


def test_not_an_image(client: Any, route: str) -> None:
    junk = base64.b64encode(b"definitely not an image file" * 10).decode()
    expect_error(lambda: call(client, route, image=junk), 400, "AIS.0102")


def test_tiny_image(client: Any, route: str) -> None:
    expect_error(lambda: call(client, route, image=png_b64(10, 10)), 400, "AIS.0103")


def test_both_image_and_url(client: Any, route: str, hello_image: str) -> None:
    expect_error(lambda: call(client, route, image=hello_image, url="https://example.com/a.png"), 400, "AIS.0101")


def test_neither_image_nor_url(client: Any, route: str) -> None:
    expect_error(lambda: call(client, route), 400, "AIS.0101")


def test_wrong_boolean_type(client: Any, hello_image: str) -> None:
    """The SDK does not validate types; the server must refuse instead of coercing."""
    expect_error(lambda: call(client, WEB, image=hello_image, detect_direction="yes"), 400, "AIS.0101")


# ------------------------------------------------------------------------------------- AK/SK auth


def test_wrong_sk(server: str, route: str, hello_image: str) -> None:
    c = make_client(server, sk="not-the-secret")
    expect_error(lambda: call(c, route, image=hello_image), 401, "APIG.0301", "verify aksk signature fail")


def test_unknown_ak(server: str, route: str, hello_image: str) -> None:
    c = make_client(server, ak="NOSUCHAK")
    expect_error(lambda: call(c, route, image=hello_image), 401, "APIG.0301", "Get secretKey failed")


def test_auth_is_checked_before_the_body(server: str) -> None:
    """A bad signature on a bad body is a 401, not a 400: nothing is parsed for strangers."""
    c = make_client(server, sk="not-the-secret")
    expect_error(lambda: call(c, WEB, image="not base64 !"), 401, "APIG.0301")


def test_body_changed_after_signing(server: str, route: str, hello_image: str) -> None:
    """An HttpHandler runs after the SDK signed the request and before it is sent."""

    def tamper(**kwargs: Any) -> None:
        request = kwargs["request"]
        request.body = request.body.replace(b'"image": "', b'"image": "AAAA')

    c = make_client(server, handler=HttpHandler().add_request_handler(tamper))
    expect_error(lambda: call(c, route, image=hello_image), 401, "APIG.0301", "verify aksk signature fail")


@pytest.mark.parametrize("minutes", [-20, 20])
def test_stale_or_future_date(server: str, hello_image: str, minutes: int) -> None:
    """A preset X-Sdk-Date is signed as-is by the SDK: a valid signature on a date 20 min away."""
    c = make_client(server)
    stamp = datetime.now(UTC) + timedelta(minutes=minutes)
    c.preset_headers = {"X-Sdk-Date": stamp.strftime("%Y%m%dT%H%M%SZ")}
    expect_error(lambda: call(c, WEB, image=hello_image), 401, "APIG.0301", "expired")


def test_date_within_skew_accepted(server: str, hello_image: str) -> None:
    c = make_client(server)
    c.preset_headers = {"X-Sdk-Date": (datetime.now(UTC) - timedelta(minutes=10)).strftime("%Y%m%dT%H%M%SZ")}
    assert call(c, WEB, image=hello_image).status_code == 200


def test_no_project_id(server: str, hello_image: str) -> None:
    """No project_id and no region: the SDK sends /v2/%7Bproject_id%7D/... without X-Project-Id."""
    c = make_client(server, project_id=None)
    expect_error(lambda: call(c, WEB, image=hello_image), 401, "APIG.0301", "BasicCredentials")


def test_other_signing_algorithm_refused(server: str, hello_image: str) -> None:
    cfg = HttpConfig.get_default_config()
    cfg.signing_algorithm = SigningAlgorithm.HMAC_SM3
    c = make_client(server, config=cfg)
    expect_error(lambda: call(c, WEB, image=hello_image), 401, "APIG.0301", "not supported")


# ------------------------------------------------------------------------------------- token auth


def test_token_auth(server: str, hello_image: str) -> None:
    """The raw-HTTP path of the API pages: X-Auth-Token, plain application/json."""
    r = httpx.post(
        f"{server}/v2/{PROJECT}/ocr/web-image",
        json={"image": hello_image, "extract_type": ["image_size"]},
        headers={"X-Auth-Token": TOKEN},
        timeout=120,
    )
    assert r.status_code == 200, r.text
    assert r.headers["x-request-id"]
    check_web_raw(r.content, font=False, extract=["image_size"])


@pytest.mark.parametrize(
    "headers,msg_part",
    [
        ({"X-Auth-Token": "wrong-token"}, "decrypt token fail"),
        ({}, "no credentials"),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, "not supported"),
    ],
    ids=["wrong-token", "none", "basic"],
)
def test_token_auth_failures(server: str, route: str, headers: dict[str, str], msg_part: str) -> None:
    r = httpx.post(f"{server}/v2/{PROJECT}/ocr/{route}", json={"image": "AAAA"}, headers=headers, timeout=30)
    assert r.status_code == 401
    assert r.headers["x-request-id"]
    body = r.json()
    assert set(body) == {"error_code", "error_msg"}
    assert body["error_code"] == "APIG.0301" and msg_part in body["error_msg"]


# ---------------------------------------------------------------------------- region redirection


def test_region_env_var(server: str, hello_image: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unchanged app that uses with_region(...value_of(...)) follows the env var."""
    monkeypatch.setenv(REGION_ENV, server)
    c = (
        OcrClient.new_builder()
        .with_credentials(BasicCredentials(AK, SK, PROJECT))
        .with_region(OcrRegion.value_of("ap-southeast-2"))
        .build()
    )
    resp = call(c, WEB, image=hello_image)
    assert resp.status_code == 200 and "hello" in resp.raw_content.decode().lower()
    # The constants are fixed cloud addresses, as docs/sdk.md warns.
    assert OcrRegion.AP_SOUTHEAST_2.endpoints[0].startswith("https://ocr.ap-southeast-2.")


def _doc_blocks(lang: str) -> list[str]:
    text = (REPO / "docs" / "sdk.md").read_text(encoding="utf-8")
    return re.findall(rf"```{lang}\n(.*?)```", text, flags=re.S)


@pytest.fixture(scope="module")
def doc_example(server: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """docs/sdk.md section 3 as a new user runs it: make sample.png, save ocr_example.py."""
    work = tmp_path_factory.mktemp("doc-example")
    (bash,) = [b for b in _doc_blocks("bash") if "sample.png" in b and "<<'EOF'" in b]
    image_script = bash.split("<<'EOF'\n", 1)[1].split("\nEOF", 1)[0]
    (py,) = [b for b in _doc_blocks("python") if "recognize_web_image(request)" in b]
    subprocess.run([sys.executable, "-c", image_script], cwd=work, check=True, timeout=60)
    (work / "ocr_example.py").write_text(py, encoding="utf-8")
    return work


def _run_example(work: Path, env: dict[str, str]) -> str:
    home = work / "home"
    home.mkdir(exist_ok=True)
    base = {k: v for k, v in os.environ.items() if not k.startswith("HUAWEICLOUD_SDK_")}
    proc = subprocess.run(
        [sys.executable, "ocr_example.py", "sample.png"],
        cwd=work,
        env={**base, "HOME": str(home), **env},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def test_doc_example_with_region_env_var(server: str, doc_example: Path) -> None:
    out = _run_example(doc_example, {REGION_ENV: server})
    assert "image size: 560 x 90" in out
    assert all(w in out.lower() for w in ("hello", "world", "2024")), out


@pytest.mark.parametrize("where", ["HUAWEICLOUD_SDK_REGIONS_FILE", "~/.huaweicloud/regions.yaml"])
def test_doc_example_with_regions_yaml(server: str, doc_example: Path, where: str) -> None:
    (yaml_block,) = _doc_blocks("yaml")
    yaml_text = yaml_block.replace("http://127.0.0.1:8080", server)
    env: dict[str, str] = {}
    if where == "HUAWEICLOUD_SDK_REGIONS_FILE":
        path = doc_example / "regions.yaml"
        env["HUAWEICLOUD_SDK_REGIONS_FILE"] = str(path)
    else:
        path = doc_example / "home" / ".huaweicloud" / "regions.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml_text, encoding="utf-8")
    try:
        out = _run_example(doc_example, env)
    finally:
        path.unlink()
    assert "hello" in out.lower(), out


# ------------------------------------------------------------------------------ ID card success


@pytest.fixture(scope="module")
def card_scene() -> Any:
    from scripts.synthesis.thaiid.scene import make_scene

    return make_scene(101, side="front", card_type="normal", angle=0.0, card_px=(560, 700), coverage=(0.5, 0.7))


IDCARD_FLAGS = [
    {},
    {"side": "front", "return_portrait_image": True, "return_portrait_location": True, "return_idcard_type": True},
    {"side": "", "return_text_location": True},
    {"return_portrait_image": False, "return_idcard_type": False, "return_text_location": False},
]


@pytest.mark.parametrize("flags", IDCARD_FLAGS, ids=["defaults", "portrait+type", "auto-side+text", "all-false"])
def test_idcard_flags(client: Any, card_scene: Any, flags: dict[str, Any]) -> None:
    """Deserialised into the SDK's ThailandIdcardResult, and the raw JSON has the exact types."""
    buf = io.BytesIO()
    Image.fromarray(card_scene.image[:, :, ::-1]).save(buf, "JPEG", quality=95)
    resp = call(client, IDCARD, image=base64.b64encode(buf.getvalue()).decode(), **flags)
    assert resp.status_code == 200 and resp.x_request_id
    result = resp.result
    truth = card_scene.card.truth.fields
    assert result.side == "front" and result.type == "normal"
    assert result.id_number == truth["id_number"] and result.serial_number == truth["serial_number"]
    raw = json.loads(resp.raw_content)["result"]
    strings = {k for k, v in raw.items() if k not in {"confidence", "portrait_location", "text_location"}}
    assert all(isinstance(raw[k], str) for k in strings)
    conf = raw["confidence"]
    assert set(conf) == strings - {"side", "type", "portrait_image", "idcard_type"}
    assert all(type(v) is float and 0 <= v <= 1 for v in conf.values())
    assert result.confidence.id_number == pytest.approx(conf["id_number"])
    assert ("portrait_image" in raw) == bool(flags.get("return_portrait_image"))
    assert ("idcard_type" in raw) == bool(flags.get("return_idcard_type"))
    assert ("text_location" in raw) == bool(flags.get("return_text_location"))
    if flags.get("return_portrait_location"):
        check_location(raw["portrait_location"])
        assert result.portrait_location == raw["portrait_location"]
    if flags.get("return_idcard_type"):
        assert raw["idcard_type"] in {"normal", "copy", "screen"}
    if flags.get("return_text_location"):
        assert set(raw["text_location"]) == set(conf)
        for loc in raw["text_location"].values():
            check_location(loc)


def test_idcard_real_back(client: Any) -> None:
    """A back drawn as real backs are printed (its two codes and the flag's words, no other text) is
    read through the SDK: side back, both codes exact (it used to be AIS.0104)."""
    from scripts.synthesis.thaiid.scene import make_scene

    scene = make_scene(102, side="back", card_type="normal", angle=0.0, card_px=(640, 760), coverage=(0.5, 0.7),
                       back_style="real_plain")
    buf = io.BytesIO()
    Image.fromarray(scene.image[:, :, ::-1]).save(buf, "JPEG", quality=95)
    resp = call(client, IDCARD, image=base64.b64encode(buf.getvalue()).decode(), side="")
    assert resp.status_code == 200
    truth = scene.card.truth.fields
    assert resp.result.side == "back"
    assert resp.result.laser_number == truth["laser_number"]
    assert resp.result.card_number == truth["card_number"]
