"""Peak memory per request and RSS afterwards, against a real ``airocr serve`` subprocess.

    python -m scripts.probes.memory [--quick]

For each case: the peak RSS growth while the request ran (VmHWM, reset before it, minus the RSS
before it) and the RSS after it, both against the idle RSS measured after a warm-up request.
"""

from __future__ import annotations

import argparse
import base64
import time
from collections.abc import Callable

from scripts.probes import images
from scripts.probes.server import WEB, ServerProcess, post_json

Case = tuple[str, Callable[[], bytes], dict]


def cases(quick: bool) -> list[Case]:
    out: list[Case] = [
        ("dense page 512 px", lambda: images.dense_page(512), {}),
        ("blank 8192^2 RGB PNG", lambda: images.blank_png(8192), {}),
        ("blank 8192^2 RGBA PNG, detect_direction", lambda: images.blank_png(8192, "RGBA"),
         {"detect_direction": True}),
        ("PNG bomb 16384^2 (refused)", lambda: images.png_bomb(16384), {}),
        ("ICO claiming 16 px, PNG 16384^2 inside", lambda: images.ico_with_png(16, images.png_bomb(16384)), {}),
        ("ICO claiming 16 px, PNG 8192^2 inside", lambda: images.ico_with_png(16, images.png_bomb(8192)), {}),
    ]
    if not quick:
        out += [
            ("dense page 2048 px", lambda: images.dense_page(2048), {}),
            ("dense page 4096 px", lambda: images.dense_page(4096), {}),
            ("dense page 4096 px, 28 px text (under 3,000 regions)", lambda: images.dense_page(4096, px=28), {}),
            ("dense page 4096 px, 14 px text, detect_direction", lambda: images.dense_page(4096, px=14),
             {"detect_direction": True}),
            ("tilted 8192^2 page, detect_direction", lambda: images.tilted_page(8192), {"detect_direction": True}),
        ]
    return out


def measure(server: ServerProcess, selected: list[Case], route: str = WEB) -> tuple[float, list[dict]]:
    """Idle RSS (MB) after a warm-up request, and one row per case."""
    post_json(server.port, route, {"image": base64.b64encode(images.dense_page(256)).decode()})
    time.sleep(0.5)
    idle = server.rss_mb()
    rows = []
    for name, make, extra in selected:
        blob = make()
        doc = {"image": base64.b64encode(blob).decode(), **extra}
        before = server.rss_mb()
        server.reset_peak()
        reply = post_json(server.port, route, doc, timeout=1800)
        peak = server.peak_mb()
        time.sleep(0.3)
        after = server.rss_mb()
        result = reply.json().get("result") or {}
        rows.append({"case": name, "file_kb": len(blob) / 1024, "status": reply.status,
                     "code": reply.json().get("error_code", ""), "lines": result.get("words_block_count", 0),
                     "seconds": reply.seconds, "peak_growth_mb": peak - before, "after_vs_idle_mb": after - idle,
                     "after_vs_idle_pct": 100.0 * (after - idle) / idle})
    return idle, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the slow dense 2048/4096 px pages")
    parser.add_argument("--only", default="", help="run only the cases whose name contains this")
    parser.add_argument("--env", action="append", default=[], help="extra NAME=VALUE for the server")
    args = parser.parse_args()
    env = dict(item.split("=", 1) for item in args.env)
    with ServerProcess(env) as server:
        idle, rows = measure(server, [c for c in cases(args.quick) if args.only in c[0]])
        print(f"idle RSS after warm-up: {idle:.0f} MB")
        print(f"{'case':52} {'file KB':>8} {'status':>6} {'lines':>6} {'s':>6} {'peak +MB':>9} "
              f"{'after +MB':>9} {'after %':>8}")
        for r in rows:
            print(f"{r['case']:52} {r['file_kb']:8.0f} {r['status']:>4}{r['code'][-2:]:>2} {r['lines']:6d} "
                  f"{r['seconds']:6.1f} {r['peak_growth_mb']:9.0f} {r['after_vs_idle_mb']:9.0f} "
                  f"{r['after_vs_idle_pct']:7.1f}%")
        print(f"final RSS {server.rss_mb():.0f} MB ({100 * (server.rss_mb() - idle) / idle:+.1f} % of idle); "
              f"server alive: {server.alive()}")


if __name__ == "__main__":
    main()
