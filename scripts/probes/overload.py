"""Many clients at once: 429 at once for the excess, bounded latency for the rest, no 5xx, flat memory.

    python -m scripts.probes.overload [--clients 200] [--seconds 30]

Each client posts a small image in a loop on fresh connections. Prints the status counts, the
p50/p99/max latency of accepted (200) requests, the slowest 429, and the server's RSS growth.
"""

from __future__ import annotations

import argparse
import base64
import json
import threading
import time
from collections import Counter

from scripts.probes import images
from scripts.probes.server import WEB, ServerProcess, post


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100.0 * (len(ordered) - 1))))]


def run(server: ServerProcess, clients: int, seconds: float) -> dict:
    body = json.dumps({"image": base64.b64encode(images.dense_page(96, px=14)).decode()}).encode()
    post(server.port, WEB, body)  # warm-up
    idle = server.rss_mb()
    server.reset_peak()
    results: list[tuple[int, float, bool]] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client() -> None:
        while time.monotonic() < stop_at:
            try:
                reply = post(server.port, WEB, body, timeout=120)
                ok = "x-request-id" in reply.headers and bool(reply.body)
                row = (reply.status, reply.seconds, ok)
            except OSError:
                row = (-1, 0.0, False)
            with lock:
                results.append(row)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    accepted = [s for code, s, _ in results if code == 200]
    throttled = [s for code, s, _ in results if code == 429]
    return {"statuses": dict(Counter(code for code, _, _ in results)), "requests": len(results),
            "missing_request_id": sum(1 for _, _, ok in results if not ok),
            "p50_s": percentile(accepted, 50), "p99_s": percentile(accepted, 99),
            "max_s": max(accepted, default=0.0), "slowest_429_s": max(throttled, default=0.0),
            "p99_429_s": percentile(throttled, 99), "idle_mb": idle, "peak_growth_mb": server.peak_mb() - idle,
            "rss_growth_mb": server.rss_mb() - idle, "alive": server.alive()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--env", action="append", default=[], help="extra NAME=VALUE for the server")
    args = parser.parse_args()
    with ServerProcess(dict(item.split("=", 1) for item in args.env)) as server:
        r = run(server, args.clients, args.seconds)
    print(f"{args.clients} clients for {args.seconds:g} s: {r['requests']} requests, statuses {r['statuses']}, "
          f"{r['missing_request_id']} without X-Request-Id or body")
    print(f"accepted: p50 {r['p50_s']:.2f} s, p99 {r['p99_s']:.2f} s, max {r['max_s']:.2f} s; "
          f"429: p99 {r['p99_429_s']:.3f} s, slowest {r['slowest_429_s']:.3f} s")
    print(f"RSS: idle {r['idle_mb']:.0f} MB, peak +{r['peak_growth_mb']:.0f} MB, after +{r['rss_growth_mb']:.0f} MB; "
          f"alive {r['alive']}")


if __name__ == "__main__":
    main()
