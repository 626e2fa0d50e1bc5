"""Service configuration, all from ``AIROCR_*`` environment variables (no config file).

Every variable has an embedded default, so ``airocr serve`` needs nothing set.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from airocr.engine.limits import IDCARD_FORMATS, WEB_IMAGE_FORMATS, ImageLimits
from airocr.service.admission import AdmissionLimits

MB = 1024 * 1024


def _number(env: Mapping[str, str], name: str, default, cast: type, what: str):
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return cast(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be {what}, got {raw!r}") from exc


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    return _number(env, name, default, int, "an integer")


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    return _number(env, name, default, float, "a number")


def _tristate(env: Mapping[str, str], name: str) -> bool | None:
    """``auto`` (or unset) -> None, ``1/true/on`` -> True, ``0/false/off`` -> False."""
    raw = env.get(name, "").strip().lower()
    if raw in ("", "auto"):
        return None
    if raw in ("1", "true", "on", "yes"):
        return True
    if raw in ("0", "false", "off", "no"):
        return False
    raise ValueError(f"{name} must be auto, on or off, got {raw!r}")


def _choice(env: Mapping[str, str], name: str, allowed: tuple[str, ...], default: str) -> str:
    raw = env.get(name, "").strip().lower() or default
    if raw not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, got {raw!r}")
    return raw


def _list(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in env.get(name, "").split(",") if item.strip())


@dataclass(frozen=True)
class Settings:
    """Everything the service can be told; see README "Configuration"."""

    host: str = "127.0.0.1"
    port: int = 8086
    workers: int = 1
    model_dir: Path | None = None
    threads: int = 0  # onnxruntime intra-op threads per worker; 0 = all cores
    int8: bool | None = None  # int8 model variants: None = on the CPU provider, not with CUDA
    max_image_bytes: int = 10 * MB
    min_side: int = 15
    max_side: int = 8192
    max_body_bytes: int = 16 * MB
    url_allowlist: tuple[str, ...] = ()
    url_timeout_s: float = 10.0
    url_max_redirects: int = 3
    url_concurrency: int = 4
    # two requests infer at once: one's numpy/OpenCV work fills the other's gaps between model runs
    # (4 clients on 2 cores: 1.78x one client's throughput, 1.16x with one at a time; docs/performance.md)
    infer_concurrency: int = 2
    queue_size: int = 8
    queue_timeout_s: float = 60.0
    max_uploads: int = 16
    body_timeout_s: float = 30.0
    header_timeout_s: float = 10.0
    log_level: str = "info"
    log_format: str = "json"  # json: one JSON object per line; text: plain lines
    demo: bool | None = None  # GET /demo: None = for loopback clients only, True = for everyone, False = off
    environ: Mapping[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        model_dir = env.get("AIROCR_MODEL_DIR", "").strip()
        return cls(
            host=env.get("AIROCR_HOST", "").strip() or cls.host,
            port=_int(env, "AIROCR_PORT", cls.port),
            workers=_int(env, "AIROCR_WORKERS", cls.workers),
            model_dir=Path(model_dir) if model_dir else None,
            threads=_int(env, "AIROCR_THREADS", cls.threads),
            int8=_tristate(env, "AIROCR_INT8"),
            max_image_bytes=_int(env, "AIROCR_MAX_IMAGE_BYTES", cls.max_image_bytes),
            min_side=_int(env, "AIROCR_MIN_SIDE", cls.min_side),
            max_side=_int(env, "AIROCR_MAX_SIDE", cls.max_side),
            max_body_bytes=_int(env, "AIROCR_MAX_BODY_BYTES", cls.max_body_bytes),
            url_allowlist=_list(env, "AIROCR_URL_ALLOWLIST"),
            url_timeout_s=_float(env, "AIROCR_URL_TIMEOUT_S", cls.url_timeout_s),
            url_max_redirects=_int(env, "AIROCR_URL_MAX_REDIRECTS", cls.url_max_redirects),
            url_concurrency=max(1, _int(env, "AIROCR_URL_CONCURRENCY", cls.url_concurrency)),
            infer_concurrency=max(1, _int(env, "AIROCR_INFER_CONCURRENCY", cls.infer_concurrency)),
            queue_size=max(0, _int(env, "AIROCR_QUEUE_SIZE", cls.queue_size)),
            queue_timeout_s=_float(env, "AIROCR_QUEUE_TIMEOUT_S", cls.queue_timeout_s),
            max_uploads=max(1, _int(env, "AIROCR_MAX_UPLOADS", cls.max_uploads)),
            body_timeout_s=_float(env, "AIROCR_BODY_TIMEOUT_S", cls.body_timeout_s),
            header_timeout_s=_float(env, "AIROCR_HEADER_TIMEOUT_S", cls.header_timeout_s),
            log_level=env.get("AIROCR_LOG_LEVEL", "").strip().lower() or cls.log_level,
            log_format=_choice(env, "AIROCR_LOG_FORMAT", ("json", "text"), cls.log_format),
            demo=_tristate(env, "AIROCR_DEMO"),
            environ=env,
        )

    def admission_limits(self) -> AdmissionLimits:
        return AdmissionLimits(infer_slots=self.infer_concurrency, queue_size=self.queue_size,
                               queue_timeout_s=self.queue_timeout_s, uploads=self.max_uploads,
                               fetches=self.url_concurrency)

    def web_image_limits(self) -> ImageLimits:
        return ImageLimits(self.max_image_bytes, self.min_side, self.max_side,
                           self.max_side * self.max_side, WEB_IMAGE_FORMATS)

    def idcard_limits(self) -> ImageLimits:
        return ImageLimits(self.max_image_bytes, self.min_side, self.max_side,
                           self.max_side * self.max_side, IDCARD_FORMATS)
