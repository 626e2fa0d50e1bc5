"""Where a request's time goes: the share of every stage, and model inference against overhead.

    python -m scripts.benchmarks.profile_requests                  # both kinds, the fixed set
    python -m scripts.benchmarks.profile_requests --kind thai-id --n 12 --threads 2 --json out.json

Each request runs as the service runs it (decode, the route's engine call with the API's options,
the response JSON), in-process, on a fixed set of inputs: synthetic ID card photos
(``scripts.synthesis.thaiid.scene``, fixed seeds) and the real card photos of ``../shared/real-dev``
for Thai ID; synthetic pages, tables and tilted pages (``scripts.synthesis.web_pages``) and the real
RapidOCR test images for Web Image. The profiler wraps, for the run only, every ONNX session's
``run`` (model time, by manifest name) and the engine's stage entry points (nested timers: a
stage's *self* time excludes the stages it calls), and prints per request kind each stage's share
of the total, and model time against everything else. Nothing in the engine is changed. The process
runs with the service's allocator settings and, as ``airocr serve``, restarts itself once with glibc's
transparent huge pages (``AIROCR_HUGEPAGES=0``: without; ``service/memory.py``).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from airocr.service.memory import restart_with_hugepages, tune_allocator

ROOT = Path(__file__).resolve().parents[2]
REAL_DEV = ROOT.parent / "shared" / "real-dev"


class StageClock:
    """Nested stage timers: per stage, inclusive and self (exclusive) seconds and call counts."""

    def __init__(self) -> None:
        self.total: dict[str, float] = defaultdict(float)
        self.self_time: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._stack: list[list[Any]] = []  # [name, start, child seconds]

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self._stack.append([name, time.perf_counter(), 0.0])
        try:
            yield
        finally:
            _, start, children = self._stack.pop()
            elapsed = time.perf_counter() - start
            self.total[name] += elapsed
            self.self_time[name] += elapsed - children
            self.calls[name] += 1
            if self._stack:
                self._stack[-1][2] += elapsed

    def wrap(self, name: str, fn: Callable) -> Callable:
        def timed(*args, **kwargs):
            with self.stage(name):
                return fn(*args, **kwargs)

        return timed

    def reset(self) -> None:
        self.total.clear()
        self.self_time.clear()
        self.calls.clear()


def instrument(clock: StageClock, engines: Any) -> None:
    """Wrap the sessions (``model:<name>``) and stage entry points of the loaded engines."""
    from airocr.engine.detect import TextDetector
    from airocr.engine.fonts import FontClassifier
    from airocr.engine.pipeline import WebImagePipeline
    from airocr.engine.recognize import CTCRecognizer, LineOrientation
    from airocr.engine.thaiid import reader as reader_mod
    from airocr.engine.thaiid.card.finder import CardFinder
    from airocr.engine.thaiid.fields.assigner import FieldAssigner

    for name, session in engines.store._sessions.items():  # noqa: SLF001 - profiling the store's own sessions
        session.run = clock.wrap(f"model:{name}", session.run)
    for cls, method, stage in ((TextDetector, "__call__", "detect"),
                               (LineOrientation, "prob_upside_down", "line orientation"),
                               (WebImagePipeline, "run", "web pipeline"),
                               (FontClassifier, "top_fonts", "font classification"),
                               (CardFinder, "find", "card finding"),
                               (FieldAssigner, "read", "field reading")):
        setattr(cls, method, clock.wrap(stage, getattr(cls, method)))
    thai = engines.idcard.assigner.thai if engines.idcard is not None else None
    for method in ("recognize", "recognize_nbest"):
        original = getattr(CTCRecognizer, method)

        def by_model(self, *args, _original=original, _method=method, **kwargs):
            kind = "thai" if thai is not None and self.session is thai.session else "latin"
            with clock.stage(f"recognition ({kind})"):
                return _original(self, *args, **kwargs)

        setattr(CTCRecognizer, method, by_model)
    reader_mod.find_portrait = clock.wrap("portrait", reader_mod.find_portrait)
    reader_mod.classify_idcard_type = clock.wrap("idcard_type", reader_mod.classify_idcard_type)


def thai_id_inputs(n: int) -> list[tuple[str, bytes]]:
    from scripts.synthesis.thaiid.scene import make_scene

    out = []
    for seed in range(9100, 9100 + n):
        scene = make_scene(seed, idcard_type=("normal", "normal", "copy", "screen")[seed % 4], hard=seed % 3 == 0,
                           card_px=(640, 1000))
        out.append((f"scene {seed}", cv2.imencode(".jpg", scene.image, [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes()))
    out += [(p.name, p.read_bytes()) for p in sorted(REAL_DEV.glob("thaiid_*")) if "negative" not in p.name]
    return out


def web_inputs(n: int) -> list[tuple[str, bytes]]:
    from scripts.synthesis.web_pages import benchmark_set

    samples = benchmark_set(seed=21, pages=max(1, n // 2), tables=max(1, n // 4), tilted=max(1, n // 4))
    out = [(f"{s.kind} {i}", cv2.imencode(".png", s.image)[1].tobytes()) for i, s in enumerate(samples)]
    out += [(p.name, p.read_bytes()) for p in sorted(REAL_DEV.glob("web_*"))]
    return out


def run_kind(kind: str, engines: Any, settings: Any, clock: StageClock, inputs: list[tuple[str, bytes]],
             repeat: int) -> dict[str, Any]:
    """Time every input ``repeat`` times through decode -> engine -> JSON; return the stage table."""
    from airocr.engine.errors import EngineError
    from airocr.engine.imageio import load_image
    from airocr.service.memory import release_memory
    from airocr.service.thai_idcard import run_thai_idcard
    from airocr.service.validation import ThaiIdCardRequest, WebImageRequest
    from airocr.service.web_image import run_web_image

    if kind == "thai-id":
        req: Any = ThaiIdCardRequest(image=None, url=None, return_portrait_image=True, return_portrait_location=True,
                                     return_idcard_type=True, return_text_location=True)
        limits = settings.idcard_limits()

        def call(image):
            return run_thai_idcard(engines.idcard, req, image)
    else:
        req = WebImageRequest(image=None, url=None, detect_direction=True, extract_type=("contact_info", "image_size"))
        limits = settings.web_image_limits()

        def call(image):
            return run_web_image(engines.web, req, image)

    b64 = [(name, base64.b64encode(blob).decode()) for name, blob in inputs]
    call(load_image(b64[0][1], limits))  # warm-up, not counted
    clock.reset()
    latencies = []
    cpu_start = time.process_time()  # every thread of the process (onnxruntime's too): steadier than wall time
    for _ in range(repeat):
        for _, data in b64:
            start = time.perf_counter()
            with clock.stage("request"):
                try:
                    with clock.stage("decode"):
                        image = load_image(data, limits)
                    result: dict[str, Any] = {"result": call(image)}
                except EngineError as exc:
                    result = {"error_code": type(exc).__name__}
                with clock.stage("response JSON"):
                    json.dumps(result, ensure_ascii=False)
                release_memory()  # as the service does after each request
            latencies.append(time.perf_counter() - start)
    cpu = time.process_time() - cpu_start
    total = clock.total["request"]
    model = sum(v for k, v in clock.total.items() if k.startswith("model:"))
    stages = {name: {"self_s": clock.self_time[name], "share": clock.self_time[name] / total,
                     "calls": clock.calls[name]}
              for name in sorted(clock.self_time, key=lambda k: -clock.self_time[k])}
    lat = np.array(latencies)
    return {"requests": len(latencies), "total_s": total, "model_s": model, "model_share": model / total,
            "p50_ms": float(np.percentile(lat, 50) * 1000), "p95_ms": float(np.percentile(lat, 95) * 1000),
            "mean_ms": statistics.fmean(latencies) * 1000, "cpu_ms_per_request": cpu * 1000 / len(latencies),
            "stages": stages}


def print_table(kind: str, table: dict[str, Any]) -> None:
    print(f"\n== {kind}: {table['requests']} requests, p50 {table['p50_ms']:.0f} ms, p95 {table['p95_ms']:.0f} ms, "
          f"CPU {table['cpu_ms_per_request']:.0f} ms/request; "
          f"model inference {table['model_share']:.1%} of the time, overhead {1 - table['model_share']:.1%}")
    print(f"{'stage (self time)':34s} {'share':>7s} {'ms/request':>11s} {'calls/request':>14s}")
    for name, row in table["stages"].items():
        if name == "request" and row["share"] < 0.0005:
            continue
        print(f"{name:34s} {row['share']:7.1%} {row['self_s'] * 1000 / table['requests']:11.1f} "
              f"{row['calls'] / table['requests']:14.1f}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kind", choices=["thai-id", "web-image", "both"], default="both")
    ap.add_argument("--n", type=int, default=12, help="synthetic inputs per kind (plus the real-dev images)")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2, help="onnxruntime intra-op threads")
    ap.add_argument("--json", type=Path, help="write the tables here")
    args = ap.parse_args(argv)
    if argv is None:  # the process as the service starts it: huge pages on unless AIROCR_HUGEPAGES=0
        restart_with_hugepages()

    from airocr.service.app import Engines
    from airocr.service.config import Settings

    tune_allocator()  # the service's allocator settings (service/memory.py)
    print(f"GLIBC_TUNABLES={os.environ.get('GLIBC_TUNABLES', '')!r}")
    settings = Settings.from_env({"AIROCR_THREADS": str(args.threads)})
    engines = Engines.load(settings)
    clock = StageClock()
    instrument(clock, engines)
    kinds = ["thai-id", "web-image"] if args.kind == "both" else [args.kind]
    tables = {}
    for kind in kinds:
        inputs = thai_id_inputs(args.n) if kind == "thai-id" else web_inputs(args.n)
        tables[kind] = run_kind(kind, engines, settings, clock, inputs, args.repeat)
        print_table(kind, tables[kind])
    if args.json:
        args.json.write_text(json.dumps(tables, indent=1))


if __name__ == "__main__":
    main()
