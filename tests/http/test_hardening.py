"""Issue-40 hardening, in process: fuzzed decoding and request parsing (hypothesis), container and
EXIF oddities, the url guard's parsing and address filter, admission control, auth before the
body, the detector's region cap and batch-by-batch recognition."""

from __future__ import annotations

import asyncio
import io
import json

import numpy as np
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from airocr.engine.detect import DetectorConfig, db_boxes
from airocr.engine.errors import ImageSizeError, InvalidImageData
from airocr.engine.imageio import decode_image
from airocr.engine.limits import ImageLimits
from airocr.service.admission import Admission, AdmissionLimits
from airocr.service.app import create_app
from airocr.service.config import Settings
from airocr.service.errors import ApiError
from airocr.service.fetch import FetchError, UrlPolicy, embedded_ipv4, fetch_url, normalise_url
from airocr.service.validation import ThaiIdCardRequest, WebImageRequest, parse_json_object
from scripts.probes import fuzz_requests, images

LIMITS = ImageLimits()
PATH = "/v2/proj-1/ocr/web-image"
BASES = fuzz_requests.base_images(__import__("random").Random(7))


# -- decoding -------------------------------------------------------------------------------------
def _decode_or_refuse(blob: bytes) -> None:
    try:
        out = decode_image(blob, LIMITS)
    except (InvalidImageData, ImageSizeError):
        return
    assert out.bgr.dtype == np.uint8 and out.bgr.ndim == 3 and out.bgr.flags["C_CONTIGUOUS"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fmt=st.sampled_from(sorted(BASES)), seed=st.integers(0, 2**32 - 1), rounds=st.integers(1, 3))
def test_mutated_images_decode_or_are_refused(fmt, seed, rounds):
    rng = __import__("random").Random(seed)
    blob = BASES[fmt]
    for _ in range(rounds):
        blob = fuzz_requests.mutate(blob, rng)
    _decode_or_refuse(blob)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=512))
def test_random_bytes_decode_or_are_refused(blob):
    _decode_or_refuse(blob)
    _decode_or_refuse(b"\x00\x00\x01\x00" + blob)  # ICO magic
    _decode_or_refuse(b"II*\x00" + blob)  # TIFF magic


def test_ico_bomb_is_refused_from_its_embedded_header():
    with pytest.raises(ImageSizeError, match="16384x16384"):
        decode_image(images.ico_with_png(16, images.png_header_only(16384, 16384)), LIMITS)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_exif_with_a_bad_gps_tag_still_applies_the_orientation(fmt):
    for tag in (0, 2):
        blob = images.encode(Image.new("RGB", (80, 40), "white"), fmt, exif=images.exif_block(6, tag))
        assert decode_image(blob, LIMITS).bgr.shape[:2] == (80, 40)


def test_tiff_reads_only_its_first_page():
    assert decode_image(images.tiff_second_page_without_size(), LIMITS).bgr.shape[:2] == (48, 64)


def test_pillow_pixel_limit_is_ours_never_none():
    decode_image(images.encode(Image.new("RGB", (20, 20)), "PNG"), LIMITS)
    assert Image.MAX_IMAGE_PIXELS == LIMITS.max_pixels


@pytest.mark.parametrize("orientation", range(1, 9))
def test_orientation_matches_pillow(orientation):
    rgb = Image.fromarray(np.random.default_rng(orientation).integers(0, 255, (9, 13, 3), dtype=np.uint8))
    exif = Image.Exif()
    exif[0x0112] = orientation
    blob = images.encode(rgb, "PNG", exif=exif)
    from PIL import ImageOps

    expected = np.asarray(ImageOps.exif_transpose(Image.open(io.BytesIO(blob))).convert("RGB"))[:, :, ::-1]
    assert np.array_equal(decode_image(blob, ImageLimits(min_side=5)).bgr, expected)


# -- request parsing ------------------------------------------------------------------------------
JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                           max_leaves=12)
KEYS = st.sampled_from(["image", "url", "detect_direction", "extract_type", "detect_font", "detect_text_direction",
                        "side", "return_portrait_image", "return_text_location", "other"])


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(KEYS, JSON_VALUES, max_size=5))
def test_any_json_object_parses_or_is_a_400(doc):
    body = json.dumps(doc).encode()
    for parse in (WebImageRequest.parse, ThaiIdCardRequest.parse):
        try:
            parse(parse_json_object(body))
        except ApiError as exc:
            assert exc.status_code == 400


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_any_body_bytes_parse_or_are_a_400(body):
    try:
        parse_json_object(body)
    except ApiError as exc:
        assert exc.status_code == 400


# -- url ------------------------------------------------------------------------------------------
def test_url_normalisation():
    parts = normalise_url("http://例え.テスト/图片 1.png?q=図&x=%41")
    assert parts.netloc == "xn--r8jz45g.xn--zckzah"
    assert parts.path == "/%E5%9B%BE%E7%89%87%201.png" and parts.query == "q=%E5%9B%B3&x=%41"
    assert normalise_url("http://[::1]:8080").netloc == "[::1]:8080"
    for bad in ("http://[::1", "http://h:99999/", "ftp://h/", "http://u:p@h/", "http:///x"):
        with pytest.raises(FetchError) as info:
            normalise_url(bad)
        assert info.value.kind == "refused"


@pytest.mark.parametrize("addr", ["::ffff:127.0.0.1", "::127.0.0.1", "64:ff9b::a00:1", "64:ff9b:1::c0a8:1",
                                  "2002:7f00:1::", "2002:a9fe:a9fe::1", "::1", "127.0.0.1", "169.254.169.254",
                                  "10.1.2.3", "fe80::1", "fc00::1", "224.0.0.1"])
def test_blocked_ranges_also_inside_ipv6(addr):
    assert not UrlPolicy().address_allowed(addr)


def test_public_addresses_pass_and_embedded_forms_are_read():
    assert UrlPolicy().address_allowed("8.8.8.8") and UrlPolicy().address_allowed("2606:4700::1111")
    import ipaddress

    assert str(embedded_ipv4(ipaddress.IPv6Address("64:ff9b::808:808"))) == "8.8.8.8"
    assert UrlPolicy(allowlist=("10.0.0.0/8",)).address_allowed("::ffff:10.1.2.3")


def test_fetch_errors_do_not_reveal_upstream_details():
    with pytest.raises(FetchError) as info:
        fetch_url("http://127.0.0.1:1/x.png", UrlPolicy(allowlist=("127.0.0.1",), timeout_s=2))
    assert info.value.message == "the image could not be downloaded."
    assert "Refused" in info.value.detail  # the log still says what happened


# -- admission and auth ---------------------------------------------------------------------------
def test_full_queue_answers_429_at_once():
    async def scenario() -> list[int]:
        admission = Admission(AdmissionLimits(infer_slots=1, queue_size=1, queue_timeout_s=30))
        release = asyncio.Event()
        codes: list[int] = []

        async def request() -> None:
            try:
                async with admission.inference():
                    await release.wait()
                codes.append(200)
            except ApiError as exc:
                codes.append(exc.status_code)

        tasks = [asyncio.create_task(request()) for _ in range(4)]
        await asyncio.sleep(0.05)
        assert codes == [429, 429]  # one runs, one waits, two are refused without waiting
        release.set()
        await asyncio.gather(*tasks)
        return codes

    assert sorted(asyncio.run(scenario())) == [200, 200, 429, 429]


def test_unauthenticated_bodies_are_not_read(engines):
    settings_ = Settings.from_env({"AIROCR_AUTH_TOKENS": "tok", "AIROCR_MAX_BODY_BYTES": "10"})
    with TestClient(create_app(settings_, engines)) as client:
        r = client.post(PATH, content=b"x" * 1000)  # over the body limit, no token: 401, not 413
        assert r.status_code == 401 and r.json()["error_code"] == "APIG.0301"
        r = client.post(PATH, content=b"x" * 1000, headers={"X-Auth-Token": "tok"})
        assert r.status_code == 413
        sdk = "SDK-HMAC-SHA256 Access=nobody, SignedHeaders=host;x-sdk-date, Signature=" + "0" * 64
        r = client.post(PATH, content=b"x" * 1000, headers={"Authorization": sdk, "X-Sdk-Date": "20240101T000000Z"})
        assert r.status_code == 401 and "access key" in r.json()["error_msg"]


def test_no_redirect_is_built_from_the_host_header(engines):
    with TestClient(create_app(Settings.from_env({}), engines), follow_redirects=False) as client:
        r = client.post(PATH + "/", json={}, headers={"Host": "evil.example"})
        assert r.status_code == 404 and "location" not in r.headers


# -- engine caps ----------------------------------------------------------------------------------
def test_too_many_text_regions_are_refused_not_cut():
    prob = np.zeros((200, 200), np.float32)
    prob[2::8, 2::8] = 1.0
    prob[3::8, 2::8] = 1.0
    prob[2::8, 3::8] = 1.0
    prob[3::8, 3::8] = 1.0
    cfg = DetectorConfig(min_size=0.5, max_candidates=100, dilate=False)
    with pytest.raises(ImageSizeError, match="more than 100 text regions"):
        db_boxes(prob, 1.0, 1.0, cfg, 200, 200)
    assert len(db_boxes(prob, 1.0, 1.0, DetectorConfig(min_size=0.5, dilate=False), 200, 200)) == 625


def test_batch_by_batch_recognition_equals_decoding_all_probabilities(pipeline):
    rec = pipeline.recognizer
    rng = np.random.default_rng(3)
    crops = [np.full((32, int(w), 3), 255, np.uint8) for w in rng.integers(20, 300, 20)]
    for c in crops[::3]:
        c[8:24, 4:-4] = 0
    assert rec.recognize(crops) == [rec.decode(p) for p in rec.line_probs(crops)]
