"""``airocr serve-ray``: the same routes through Ray Serve replicas, each naming itself in a header."""

from __future__ import annotations

import base64
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from PIL import Image

from airocr.service.app import RequestIdMiddleware
from airocr.service.ray_serve import ReplicaHeader, replica_env
from tests.rendering import DEJAVU, render_lines


def test_replica_header_names_the_replica_and_keeps_one_request_id():
    app = FastAPI()

    @app.get("/x")
    async def x() -> dict:
        return {}

    app.add_middleware(RequestIdMiddleware)
    app.add_middleware(ReplicaHeader, replica="r-1")
    with TestClient(app) as c:
        r = c.get("/x", headers={"X-Request-Id": "from-proxy"})
        assert r.headers["x-airocr-replica"] == "r-1"
        assert "x-request-id" not in r.headers  # the proxy adds its own (the same id) once
        r = c.get("/x")
        assert r.headers["x-airocr-replica"] == "r-1" and len(r.headers["x-request-id"]) == 32


def test_replicas_get_the_airocr_settings_and_a_thread_count():
    env = replica_env({"AIROCR_MAX_SIDE": "4096", "HOME": "/root"}, 2.0)
    assert env == {"AIROCR_MAX_SIDE": "4096", "AIROCR_THREADS": "2"}
    assert replica_env({"AIROCR_THREADS": "1"}, 4.0)["AIROCR_THREADS"] == "1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _post(url: str, body: bytes) -> tuple[int, str, dict]:
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=120) as resp:
            return resp.status, resp.headers.get("X-Airocr-Replica", ""), json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("X-Airocr-Replica", ""), json.loads(exc.read())


def test_serve_ray_answers_from_both_replicas():
    pytest.importorskip("ray.serve", reason="Ray Serve is an optional extra: pip install .[ray]")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIROCR_", "RAY_"))}
    proc = subprocess.Popen([sys.executable, "-m", "airocr.service.cli", "serve-ray", "--replicas", "2",
                             "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    try:
        deadline = time.time() + 240
        while True:
            assert proc.poll() is None, proc.stdout.read()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as resp:
                    if resp.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            assert time.time() < deadline, "serve-ray did not come up"
            time.sleep(1)
        image, _ = render_lines([("Hello Ray 2026", DEJAVU, 32)], size=(360, 90))
        buf = io.BytesIO()
        Image.fromarray(image[:, :, ::-1]).save(buf, "PNG")
        body = json.dumps({"image": base64.b64encode(buf.getvalue()).decode()}).encode()
        url = f"http://127.0.0.1:{port}/v2/p/ocr/web-image"
        with ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(lambda _: _post(url, body), range(40)))
        assert [status for status, _, _ in answers] == [200] * 40
        assert all(doc["result"]["words_block_list"][0]["words"] == "Hello Ray 2026" for _, _, doc in answers)
        assert len({replica for _, replica, _ in answers}) == 2
        status, _, doc = _post(url, b"{not json")
        assert status == 400 and doc["error_code"] == "AIS.0101"
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
