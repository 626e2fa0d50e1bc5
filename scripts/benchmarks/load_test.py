"""Load test of a running ``airocr serve``: images/s, latency p50/p95, errors and each worker's RSS over time.

    python -m scripts.benchmarks.load_test --kind thai-id --clients 1,4,16 --requests 64
    python -m scripts.benchmarks.load_test --serve "--workers 2" --env AIROCR_THREADS=1 --clients 1,4,16
    python -m scripts.benchmarks.load_test --kind web-image --clients 4 --requests 2000 --json rss.json

``--serve ARGS`` starts ``airocr serve ARGS`` on a free port (with ``--env`` settings), waits for
``/health``, runs every concurrency level against it and stops it; without ``--serve`` the service at
``--url`` is loaded (RSS is then read from ``--pid``'s process tree, when given). Each client is a
thread with its own keep-alive connection that posts the next input as soon as its last answer came
back (closed loop), over the profiler's fixed inputs (``scripts.benchmarks.profile_requests``:
synthetic ID card scenes and the real card photos, or synthetic pages and the real web images), in
a fixed order (inputs in a format the route refuses are left out). Throughput is answered requests
(HTTP 200, or the API's AIS.0104 answer for a photo without a card) per second of the level's wall
time; every other status counts as an error.
The RSS of the server and each worker process is sampled every ``--rss-every`` seconds.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import shlex
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

PATHS = {"thai-id": "/v2/perf/ocr/thailand-id-card", "web-image": "/v2/perf/ocr/web-image"}


def bodies(kind: str, n: int) -> list[bytes]:
    """The request bodies: every option of the route on, as the profiler sends them."""
    from airocr.engine.errors import InvalidImageData
    from airocr.engine.imageio import load_image
    from airocr.service.config import Settings
    from scripts.benchmarks.profile_requests import thai_id_inputs, web_inputs

    settings = Settings.from_env({})
    limits = settings.idcard_limits() if kind == "thai-id" else settings.web_image_limits()
    inputs = thai_id_inputs(n) if kind == "thai-id" else web_inputs(n)
    out = []
    for _, blob in inputs:
        image = base64.b64encode(blob).decode()
        try:
            load_image(image, limits)
        except InvalidImageData:  # a format the route does not take (WebP real photos on the ID card route)
            continue
        if kind == "thai-id":
            req: dict[str, Any] = {"image": image, "return_portrait_image": True, "return_portrait_location": True,
                                   "return_idcard_type": True, "return_text_location": True}
        else:
            req = {"image": image, "detect_direction": True, "extract_type": ["contact_info", "image_size"]}
        out.append(json.dumps(req).encode())
    return out


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (uvicorn's workers are children of the server process)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


class RssSampler(threading.Thread):
    """Samples the RSS (MB) of every process in ``pid``'s tree every ``every`` seconds."""

    def __init__(self, pid: int | None, every: float) -> None:
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.samples: list[tuple[float, dict[int, float]]] = []
        self._halt = threading.Event()

    def run(self) -> None:
        start = time.perf_counter()
        while self.pid is not None and not self._halt.is_set():
            rss = {p: r for p in process_tree(self.pid) if (r := rss_mb(p)) is not None}
            self.samples.append((round(time.perf_counter() - start, 1), rss))
            self._halt.wait(self.every)

    def stop(self) -> None:
        self._halt.set()


def run_level(url: str, kind: str, data: list[bytes], clients: int, requests: int) -> dict[str, Any]:
    """``requests`` requests from ``clients`` closed-loop clients; latencies and status counts."""
    target = urlparse(url)
    lock = threading.Lock()
    next_i = [0]
    latencies: list[float] = []
    statuses: dict[str, int] = {}

    def client() -> None:
        conn = http.client.HTTPConnection(target.hostname, target.port, timeout=600)
        while True:
            with lock:
                i = next_i[0]
                next_i[0] += 1
            if i >= requests:
                break
            body = data[i % len(data)]
            t0 = time.perf_counter()
            try:
                conn.request("POST", PATHS[kind], body, {"Content-Type": "application/json"})
                resp = conn.getresponse()
                payload = resp.read()
                status = str(resp.status)
                if resp.status == 400 and b"AIS.0104" in payload:
                    status = "200"  # the API's answer for a photo without a card: served, not an error
            except (OSError, http.client.HTTPException) as exc:
                status = type(exc).__name__
                conn.close()
                conn = http.client.HTTPConnection(target.hostname, target.port, timeout=600)
            with lock:
                latencies.append(time.perf_counter() - t0)
                statuses[status] = statuses.get(status, 0) + 1
        conn.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    ok = statuses.get("200", 0)
    lat = np.array(latencies) * 1000
    return {"clients": clients, "requests": requests, "wall_s": round(wall, 2), "images_per_s": round(ok / wall, 3),
            "p50_ms": round(float(np.percentile(lat, 50)), 1), "p95_ms": round(float(np.percentile(lat, 95)), 1),
            "errors": requests - ok, "statuses": statuses}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(args: str, env: list[str]) -> tuple[subprocess.Popen, str]:
    port = free_port()
    environ = dict(os.environ, AIROCR_LOG_LEVEL="warning", AIROCR_QUEUE_SIZE="64",
                   **dict(kv.split("=", 1) for kv in env))
    cmd = [sys.executable, "-m", "airocr.service.cli", "serve", "--port", str(port), *shlex.split(args)]
    proc = subprocess.Popen(cmd, env=environ)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 600
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                return proc, url
        except OSError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"airocr serve exited with {proc.returncode}")
        time.sleep(1)
    proc.terminate()
    raise SystemExit("airocr serve did not become healthy in 600 s")


def rss_summary(samples: list[tuple[float, dict[int, float]]]) -> dict[str, Any]:
    """Per process: RSS at the first sample, the last, the largest, and the last against the first
    sample taken after a tenth of the run (warm-up: models loaded, first requests served)."""
    pids = sorted({p for _, s in samples for p in s})
    out = {}
    for p in pids:
        series = [s[p] for _, s in samples if p in s]
        warm = series[len(series) // 10] if series else 0.0
        out[str(p)] = {"first_mb": round(series[0], 1), "warm_mb": round(warm, 1), "last_mb": round(series[-1], 1),
                       "max_mb": round(max(series), 1),
                       "last_vs_warm": round(series[-1] / warm - 1, 4) if warm else None}
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kind", choices=sorted(PATHS), default="thai-id")
    ap.add_argument("--url", default="http://127.0.0.1:8086", help="a running service (unless --serve)")
    ap.add_argument("--pid", type=int, default=None, help="the running service's server pid, for RSS")
    ap.add_argument("--serve", default=None, help="start `airocr serve` with these arguments, e.g. \"--workers 2\"")
    ap.add_argument("--env", action="append", default=[], help="AIROCR_X=value for the started service")
    ap.add_argument("--clients", default="1,4,16", help="concurrency levels, comma separated")
    ap.add_argument("--requests", type=int, default=64, help="requests per level")
    ap.add_argument("--n", type=int, default=8, help="synthetic inputs (plus the real-dev images)")
    ap.add_argument("--warmup", type=int, default=2, help="requests sent before the first level")
    ap.add_argument("--rss-every", type=float, default=2.0)
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args(argv)

    proc = None
    url, pid = args.url, args.pid
    if args.serve is not None:
        proc, url = start_server(args.serve, args.env)
        pid = proc.pid
    try:
        data = bodies(args.kind, args.n)
        run_level(url, args.kind, data, 1, args.warmup)
        sampler = RssSampler(pid, args.rss_every)
        sampler.start()
        levels = []
        for clients in (int(c) for c in args.clients.split(",")):
            levels.append(run_level(url, args.kind, data, clients, args.requests))
            row = levels[-1]
            print(f"{args.kind} clients={clients:3d} requests={row['requests']} images/s={row['images_per_s']:.3f} "
                  f"p50={row['p50_ms']:.0f} ms p95={row['p95_ms']:.0f} ms errors={row['errors']} {row['statuses']}",
                  flush=True)
        sampler.stop()
        sampler.join()
        rss = rss_summary(sampler.samples)
        for p, r in rss.items():
            print(f"rss pid {p}: first {r['first_mb']} MB, warm {r['warm_mb']} MB, last {r['last_mb']} MB, "
                  f"max {r['max_mb']} MB, last vs warm {r['last_vs_warm']:+.1%}" if r["last_vs_warm"] is not None
                  else f"rss pid {p}: {r}")
        base = levels[0]["images_per_s"] if levels else 0
        for row in levels[1:]:
            print(f"clients={row['clients']}: {row['images_per_s'] / base:.2f}x the throughput of "
                  f"clients={levels[0]['clients']}" if base else "")
        if args.json:
            args.json.write_text(json.dumps({"kind": args.kind, "serve": args.serve, "env": args.env,
                                             "levels": levels, "rss": rss, "rss_samples": sampler.samples},
                                            indent=1))
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=60)


if __name__ == "__main__":
    main()
