"""The demo page in a real browser: headless Chromium (Debian's) driven by playwright."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from airocr.service.app import create_app
from airocr.service.config import Settings
from tests.rendering import DEJAVU, render_lines

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(engines_with_idcard):
    import uvicorn

    port = _free_port()
    app = create_app(Settings.from_env({}), engines=engines_with_idcard)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


def test_demo_is_served_to_loopback_only_unless_enabled(engines):
    with TestClient(create_app(Settings.from_env({}), engines=engines), client=("203.0.113.5", 1234)) as c:
        r = c.get("/demo")
        assert r.status_code == 404 and r.json()["error_code"] == "APIG.0101"
    with TestClient(create_app(Settings.from_env({"AIROCR_DEMO": "1"}), engines=engines),
                    client=("203.0.113.5", 1234)) as c:
        assert c.get("/demo").status_code == 200
    with TestClient(create_app(Settings.from_env({"AIROCR_DEMO": "0"}), engines=engines),
                    client=("127.0.0.1", 1234)) as c:
        assert c.get("/demo").status_code == 404
    with TestClient(create_app(Settings.from_env({}), engines=engines), client=("127.0.0.1", 1234)) as c:
        page = c.get("/demo")
    assert page.status_code == 200
    for needle in ('id="file"', 'id="endpoint"', 'id="token"', 'id="run"', 'id="result"'):
        assert needle in page.text
    assert "http://" not in page.text.replace("http://www.w3.org/2000/svg", "")  # nothing from a CDN


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (scripts/run_tests.sh installs it)")
def test_demo_draws_one_box_per_block_in_chromium(server, tmp_path):
    from playwright.sync_api import sync_playwright

    image, _ = render_lines([("FROM: Bluebird Books", DEJAVU, 30), ("Opening hours 09:00", DEJAVU, 30),
                             ("Total 42.50", DEJAVU, 30)], size=(520, 220))
    path = tmp_path / "page.png"
    Image.fromarray(image[:, :, ::-1]).save(path)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{server}/demo")
            page.select_option("#endpoint", "web-image")
            page.set_input_files("#file", str(path))
            page.wait_for_function("document.getElementById('preview').naturalWidth > 0")
            page.click("#run")
            page.wait_for_function("document.getElementById('result').textContent.length > 0", timeout=60000)
            doc = json.loads(page.text_content("#result"))
            boxes = page.locator(".box").count()
        finally:
            browser.close()
    assert doc["result"]["words_block_count"] == 3
    assert boxes == doc["result"]["words_block_count"]
