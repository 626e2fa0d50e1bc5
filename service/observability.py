"""Metrics (Prometheus, ``GET /metrics``) and structured logs (one JSON line per request).

Nothing here ever sees an image's bytes or what was read from it: a request's log line holds its
id, route, status, latency and sizes only, so ID numbers and names never reach the logs.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

access_log = logging.getLogger("airocr.access")

# Route labels: the two OCR routes by their last path segment, the rest by name (bounded cardinality).
ROUTES = ("web-image", "thailand-id-card")
OTHER_PATHS = frozenset({"/health", "/metrics", "/demo", "/docs", "/openapi.json"})
LATENCY_BUCKETS = (0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 30.0, 60.0)


def route_label(path: str) -> str:
    """A bounded label for ``path``: ``web-image``, ``thailand-id-card``, ``health``, ``metrics``, ``demo``,
    ``docs``, ``openapi.json`` or ``other`` (unknown paths must not create a time series each)."""
    last = path.rstrip("/").rsplit("/", 1)[-1]
    if last in ROUTES and "/ocr/" in path:
        return last
    return last if path in OTHER_PATHS else "other"


class Metrics:
    """The service's Prometheus metrics, in a registry of their own (one per app)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter("airocr_requests", "HTTP requests answered", ["route", "status"], registry=r)
        self.latency = Histogram("airocr_request_seconds", "Time to answer a request", ["route"],
                                 buckets=LATENCY_BUCKETS, registry=r)
        self.in_flight = Gauge("airocr_requests_in_flight", "Requests being answered", ["route"], registry=r)
        self.queue_depth = Gauge("airocr_queue_depth", "Requests waiting for an inference slot", registry=r)
        self.throttled = Counter("airocr_throttled", "Requests refused with 429 (queue full)", ["route"], registry=r)
        self.stage = Histogram("airocr_stage_seconds", "Time per pipeline stage", ["route", "stage"],
                               buckets=LATENCY_BUCKETS, registry=r)
        self.models_loaded = Gauge("airocr_models_loaded", "ONNX sessions loaded", registry=r)
        self.model = Gauge("airocr_model_loaded", "1 for each loaded model, by manifest name", ["model"], registry=r)

    def set_models(self, names: list[str]) -> None:
        self.models_loaded.set(len(names))
        for name in names:
            self.model.labels(model=name).set(1)

    def observe_stage(self, route: str, stage: str, seconds: float) -> None:
        self.stage.labels(route=route, stage=stage).observe(seconds)

    @contextmanager
    def timed_stage(self, route: str, stage: str) -> Iterator[None]:
        """Time a stage of a request (decode, fetch, inference, ...) into ``airocr_stage_seconds``."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.observe_stage(route, stage, time.perf_counter() - start)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


class ObservabilityMiddleware:
    """Counts, times and logs every HTTP request (inside :class:`RequestIdMiddleware`, so the id is set)."""

    def __init__(self, app: Any, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        route = route_label(scope.get("path", ""))
        start = time.perf_counter()
        status = 500
        received = 0

        async def counting_receive():
            nonlocal received
            message = await receive()
            if message.get("type") == "http.request":
                received += len(message.get("body", b""))
            return message

        async def send_status(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        gauge = self.metrics.in_flight.labels(route=route)
        gauge.inc()
        try:
            await self.app(scope, counting_receive, send_status)
        finally:
            gauge.dec()
            elapsed = time.perf_counter() - start
            self.metrics.requests.labels(route=route, status=str(status)).inc()
            self.metrics.latency.labels(route=route).observe(elapsed)
            if status == 429:
                self.metrics.throttled.labels(route=route).inc()
            if route != "metrics":
                fields = {"request_id": scope.get("airocr_request_id"), "method": scope.get("method"),
                          "route": route, "status": status, "latency_ms": round(elapsed * 1000, 1),
                          "body_bytes": received}
                fields.update(scope.get("airocr_log_fields") or {})
                access_log.info("request", extra={"airocr": fields})


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and the record's ``airocr`` fields."""

    def format(self, record: logging.LogRecord) -> str:
        doc: dict[str, Any] = {"ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
                               "level": record.levelname.lower(), "logger": record.name,
                               "msg": record.getMessage()}
        doc.update(getattr(record, "airocr", None) or {})
        if record.exc_info:
            doc["exc"] = self.formatException(record.exc_info)
        return json.dumps(doc, ensure_ascii=False, default=str)


def configure_logging(level: str, fmt: str = "json") -> None:
    """Root logging for the service: JSON lines (default) or plain text, to stderr."""
    handler = logging.StreamHandler()
    if fmt == "json":
        formatter: logging.Formatter = JsonFormatter()
        formatter.converter = time.gmtime
    else:
        formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
