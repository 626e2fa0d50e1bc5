"""A ``url`` served one byte at a time: is it cut off on time, and does everyone else still get served?

    python -m scripts.probes.trickle_url [--timeout 4] [--interval 0.5]

Starts a loopback HTTP server that trickles its headers or its body, points the service's
``url`` at it (``AIROCR_URL_ALLOWLIST=127.0.0.1``) and, while that fetch hangs, sends a normal
``image`` request. Prints how long the url request took against ``AIROCR_URL_TIMEOUT_S + 3 s``
and how long the normal one took against 5 s.
"""

from __future__ import annotations

import argparse
import base64
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from scripts.probes import images
from scripts.probes.server import WEB, ServerProcess, post_json


class TrickleServer:
    """Loopback TCP server: each connection gets an HTTP response one byte every ``interval`` s,
    trickling from the first header byte (``mode='headers'``) or after complete headers (``'body'``)."""

    def __init__(self, mode: str, interval: float = 0.5, max_seconds: float = 60.0) -> None:
        self.mode, self.interval, self.max_seconds = mode, interval, max_seconds
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.cut_after: list[float] = []  # seconds each connection lasted before the client closed it
        self._stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/slow.png"

    def close(self) -> None:
        self._stop.set()
        self.sock.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._trickle, args=(conn,), daemon=True).start()

    def _trickle(self, conn: socket.socket) -> None:
        started = time.monotonic()
        headers = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 100000\r\n\r\n"
        try:
            conn.recv(65536)
            if self.mode == "body":
                conn.sendall(headers)
                payload = b"\x89PNG\r\n\x1a\n" + b"\0" * 99992
            else:
                payload = headers
            for byte in payload:
                if self._stop.is_set() or time.monotonic() - started > self.max_seconds:
                    break
                conn.sendall(bytes([byte]))
                time.sleep(self.interval)
        except OSError:
            pass
        finally:
            self.cut_after.append(time.monotonic() - started)
            conn.close()


def run(server: ServerProcess, mode: str, interval: float) -> dict:
    trickle = TrickleServer(mode, interval)
    normal = {"image": base64.b64encode(images.dense_page(128, px=14)).decode()}
    try:
        with ThreadPoolExecutor(2) as pool:
            slow = pool.submit(post_json, server.port, WEB, {"url": trickle.url})
            time.sleep(1.0)  # the fetch is now hanging on the trickle
            fast = post_json(server.port, WEB, normal)
            slow_reply = slow.result()
    finally:
        trickle.close()
    return {"mode": mode, "url_status": slow_reply.status, "url_code": slow_reply.json().get("error_code"),
            "url_seconds": slow_reply.seconds, "normal_status": fast.status, "normal_seconds": fast.seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--timeout", type=float, default=4.0, help="AIROCR_URL_TIMEOUT_S for the server")
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between trickled bytes")
    args = parser.parse_args()
    env = {"AIROCR_URL_ALLOWLIST": "127.0.0.1", "AIROCR_URL_TIMEOUT_S": str(args.timeout)}
    with ServerProcess(env) as server:
        for mode in ("headers", "body"):
            r = run(server, mode, args.interval)
            print(f"trickled {r['mode']:7}: url request {r['url_status']} {r['url_code']} after "
                  f"{r['url_seconds']:.1f} s (limit {args.timeout + 3:.1f} s); normal request {r['normal_status']} "
                  f"in {r['normal_seconds']:.2f} s (limit 5 s)")
        print(f"server alive: {server.alive()}")


if __name__ == "__main__":
    main()
