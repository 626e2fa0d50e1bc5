"""Start ``airocr serve`` in a subprocess, talk to it over real sockets, and read its memory from /proc."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

WEB = "/v2/probe/ocr/web-image"
CARD = "/v2/probe/ocr/thailand-id-card"
ROUTES = (WEB, CARD)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    def json(self):
        return json.loads(self.body)


def post(port: int, path: str, body: bytes, headers: dict[str, str] | None = None, timeout: float = 300.0) -> Reply:
    """One POST on a fresh connection."""
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", path, body=body, headers={"Content-Type": "application/json", **(headers or {})})
        resp = conn.getresponse()
        data = resp.read()
        return Reply(resp.status, {k.lower(): v for k, v in resp.getheaders()}, data, time.monotonic() - started)
    finally:
        conn.close()


def post_json(port: int, path: str, doc, **kw) -> Reply:
    return post(port, path, json.dumps(doc).encode(), **kw)


class ServerProcess:
    """``python -m airocr.service.cli serve`` on a free loopback port, with ``env`` added."""

    def __init__(self, env: dict[str, str] | None = None, threads: int = 2) -> None:
        self.port = free_port()
        self.env = {**os.environ, "AIROCR_PORT": str(self.port), "AIROCR_HOST": "127.0.0.1",
                    "AIROCR_THREADS": str(threads), "AIROCR_LOG_LEVEL": "warning", **(env or {})}
        self.log = Path(tempfile.mkstemp(prefix="airocr-probe-", suffix=".log")[1])
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> ServerProcess:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self, timeout: float = 300.0) -> None:
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen([sys.executable, "-m", "airocr.service.cli", "serve"], env=self.env,
                                         stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            if self.healthy():
                return
            time.sleep(0.3)
        raise RuntimeError("server did not become healthy")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def healthy(self) -> bool:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            conn.request("GET", "/health")
            ok = conn.getresponse().status == 200
            conn.close()
            return ok
        except OSError:
            return False

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None and self.healthy()

    # -- memory (MB) --------------------------------------------------------------------------
    def _status(self, field: str) -> float:
        assert self.proc is not None
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024.0
        raise KeyError(field)

    def rss_mb(self) -> float:
        return self._status("VmRSS")

    def peak_mb(self) -> float:
        """Peak RSS since the last :meth:`reset_peak` (VmHWM)."""
        return self._status("VmHWM")

    def reset_peak(self) -> None:
        assert self.proc is not None
        Path(f"/proc/{self.proc.pid}/clear_refs").write_text("5")  # resets VmHWM to the current RSS
