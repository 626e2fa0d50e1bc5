"""The issue-40 probes, short versions, against a real ``airocr serve`` subprocess (RSS from /proc):
fuzzed requests, a memory ceiling, a trickling url, slow headers and an overload burst."""

from __future__ import annotations

import socket
import sys
import time

import pytest

from scripts.probes import fuzz_requests, memory, overload, trickle_url
from scripts.probes.server import ROUTES, ServerProcess

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

URL_TIMEOUT_S = 2.0
HEADER_TIMEOUT_S = 2.0


@pytest.fixture(scope="module")
def server():
    env = {"AIROCR_URL_ALLOWLIST": "127.0.0.1", "AIROCR_URL_TIMEOUT_S": str(URL_TIMEOUT_S),
           "AIROCR_BODY_TIMEOUT_S": "2", "AIROCR_HEADER_TIMEOUT_S": str(HEADER_TIMEOUT_S)}
    with ServerProcess(env) as srv:
        yield srv


def test_fuzzed_requests_get_json_errors_and_no_5xx(server):
    # every other case of the probe's fixed set (framing, JSON, types, bombs, EXIF/TIFF, url, truncations)
    cases = [c for route in ROUTES for c in fuzz_requests.generate(route, seed=1, total=0)][::2]
    statuses, failures = fuzz_requests.run(server.port, cases)
    assert not failures, failures[:10]
    assert not any(code >= 500 for code in statuses)
    assert server.alive()


def test_large_images_and_bombs_stay_under_the_memory_ceiling(server):
    cases = [c for c in memory.cases(quick=True) if c[0].startswith(("blank 8192^2 RGB PNG", "PNG bomb", "ICO"))
             and "8192^2 inside" not in c[0]]
    idle, rows = memory.measure(server, cases)
    for row in rows:
        assert row["status"] < 500, row
        assert row["peak_growth_mb"] <= 1024, row
        assert row["after_vs_idle_pct"] <= 20, row
    bombs = [r for r in rows if "16384" in r["case"]]
    assert len(bombs) == 2 and all(r["code"] == "AIS.0103" and r["peak_growth_mb"] < 100 for r in bombs)


def test_trickling_url_is_cut_off_and_others_are_served(server):
    for mode in ("headers", "body"):
        r = trickle_url.run(server, mode, interval=0.3)
        assert r["url_status"] == 400 and r["url_code"] == "AIS.0101", r
        assert r["url_seconds"] <= URL_TIMEOUT_S + 3, r
        assert r["normal_status"] == 200 and r["normal_seconds"] <= 5, r


def test_slow_headers_are_cut_off(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=HEADER_TIMEOUT_S + 10) as sock:
        sock.sendall(b"POST /v2/p/ocr/web-image HTTP/1.1\r\nHost: x\r\n")
        started = time.monotonic()
        assert sock.recv(100) == b""  # closed by the server, nothing sent
        assert time.monotonic() - started <= HEADER_TIMEOUT_S + 3


def test_overload_answers_429_at_once_and_keeps_memory_flat(server):
    r = overload.run(server, clients=60, seconds=6)
    assert set(r["statuses"]) <= {200, 429}, r
    assert r["statuses"].get(200, 0) > 0 and r["missing_request_id"] == 0, r
    assert r["p99_s"] <= 10, r  # generous: the CI machine is shared
    assert r["p99_429_s"] <= 3, r
    assert r["rss_growth_mb"] <= 300 and r["alive"], r
