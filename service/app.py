"""FastAPI application: the two OCR routes, auth, limits and error mapping.

The layer is thin on purpose: read the raw body (needed for AK/SK signatures), check
auth, validate, decode the image, call :mod:`engine`, shape the JSON. Every error leaves
as ``{"error_code", "error_msg"}`` with an ``X-Request-Id`` header, never a traceback.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from airocr.engine.errors import EngineError
from airocr.engine.fonts import FontClassifier
from airocr.engine.imageio import DecodedImage, decode_image, load_image
from airocr.engine.limits import ImageLimits
from airocr.engine.models import ModelStore, RuntimeOptions
from airocr.engine.pipeline import WebImagePipeline
from airocr.engine.thaiid.reader import ThaiIdReader
from airocr.service import schemas
from airocr.service.auth import AuthConfig, AuthError, authenticate
from airocr.service.config import Settings
from airocr.service.demo import demo_router
from airocr.service.errors import (
    BAD_FORMAT,
    BAD_PARAMETER,
    BAD_SIZE,
    NO_SUCH_API,
    RECOGNITION_FAILED,
    THROTTLED,
    ApiError,
    from_engine_error,
)
from airocr.service.fetch import FetchError, UrlPolicy, fetch_url
from airocr.service.observability import Metrics, ObservabilityMiddleware, configure_logging
from airocr.service.thai_idcard import IdCardReader, run_thai_idcard
from airocr.service.validation import ThaiIdCardRequest, WebImageRequest, parse_json_object
from airocr.service.web_image import WebImageEngines, contact_extractor, run_web_image

log = logging.getLogger("airocr")


@dataclass
class Engines:
    """Everything loaded at start-up; sessions are created once and shared."""

    web: WebImageEngines
    idcard: IdCardReader | None = None
    store: ModelStore | None = None  # the models they were built from (None when built by hand)

    @classmethod
    def load(cls, settings: Settings) -> Engines:
        runtime = RuntimeOptions(intra_op_threads=settings.threads, int8=settings.int8)
        store = ModelStore(settings.model_dir, runtime)
        ocr = WebImagePipeline.from_store(store)
        fonts = FontClassifier.from_store(store)
        idcard = ThaiIdReader.from_store(store, pipeline=ocr)
        return cls(web=WebImageEngines(ocr=ocr, fonts=fonts, contact=contact_extractor()), idcard=idcard,
                   store=store)


@dataclass
class AppState:
    settings: Settings
    auth: AuthConfig
    engines: Engines | None = None
    gate: asyncio.Semaphore | None = None
    metrics: Metrics = field(default_factory=Metrics)


def create_app(settings: Settings | None = None, engines: Engines | None = None) -> FastAPI:
    """Build the ASGI app. Models load in the lifespan unless ``engines`` is given."""
    settings = settings or Settings.from_env()
    state = AppState(settings=settings, auth=AuthConfig.from_env(settings.environ or None), engines=engines)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if settings.environ.get("AIROCR_MANAGED_LOGGING") == "1":  # set by `airocr serve` for every worker
            configure_logging(settings.log_level, settings.log_format)
        state.gate = asyncio.Semaphore(settings.infer_concurrency)
        if state.engines is None:
            state.engines = await run_in_threadpool(Engines.load, settings)
        if state.engines.store is not None:
            state.metrics.set_models(state.engines.store.loaded())
        if not state.auth.enabled:
            log.warning("airocr: no credentials configured (AIROCR_AUTH_TOKENS / AIROCR_ACCESS_KEYS): "
                        "the API is OPEN to anyone who can reach it")
        yield

    app = FastAPI(title="airocr", version="0.1.0", lifespan=lifespan,
                  description="Self-hosted Thailand ID Card and Web Image OCR (Huawei Cloud OCR compatible).")
    app.state.airocr = state
    app.add_middleware(ObservabilityMiddleware, metrics=state.metrics)
    app.add_middleware(RequestIdMiddleware)  # outermost: the id is set before anything else runs
    app.include_router(demo_router(settings))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = NO_SUCH_API if exc.status_code in (404, 405) else BAD_PARAMETER
        msg = ("The API does not exist or has not been published in the environment."
               if exc.status_code == 404 else str(exc.detail))
        return _error_response(request, ApiError(exc.status_code, code, msg))

    @app.get("/health")
    async def health() -> JSONResponse:
        ready = state.engines is not None
        return JSONResponse({"status": "ok" if ready else "loading"}, status_code=200 if ready else 503)

    @app.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(state.metrics.exposition(), media_type=CONTENT_TYPE_LATEST)

    @app.post("/v2/{project_id}/ocr/web-image", response_model=schemas.WebImageResponse,
              responses=schemas.ERROR_RESPONSES, openapi_extra=schemas.request_body(schemas.WebImageRequest),
              summary="Web Image: text lines of any picture, with optional extraction")
    async def web_image(project_id: str, request: Request) -> JSONResponse:
        return await _handle(request, project_id, state, _web_image_job)

    @app.post("/v2/{project_id}/ocr/thailand-id-card", response_model=schemas.ThaiIdCardResponse,
              responses=schemas.ERROR_RESPONSES, openapi_extra=schemas.request_body(schemas.ThaiIdCardRequest),
              summary="Thailand ID Card: the fields of a card's front or back")
    async def thailand_id_card(project_id: str, request: Request) -> JSONResponse:
        return await _handle(request, project_id, state, _thai_idcard_job)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = schemas.finish_openapi(get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    return app


# -- request handling -----------------------------------------------------------------------------
Job = Callable[[AppState, dict[str, Any]], Callable[[], dict[str, Any]]]


async def _handle(request: Request, project_id: str, state: AppState, job: Job) -> JSONResponse:
    try:
        body = await _read_body(request, state.settings.max_body_bytes)
        scope = request.scope
        authenticate(state.auth, method=request.method, raw_path=scope.get("raw_path") or scope["path"].encode(),
                     query_string=scope.get("query_string", b""), headers=scope["headers"], body=body,
                     path_project_id=project_id)
        work = job(state, parse_json_object(body))
        if state.engines is None or state.gate is None:
            raise ApiError(503, RECOGNITION_FAILED, "The service is still loading its models.")
        try:
            await asyncio.wait_for(state.gate.acquire(), timeout=state.settings.queue_timeout_s)
        except TimeoutError as exc:
            raise ApiError(429, THROTTLED, "The request is throttled: too many requests in the queue.") from exc
        try:
            result = await run_in_threadpool(work)
        finally:
            state.gate.release()
        return JSONResponse({"result": result})
    except AuthError as exc:
        return _error_response(request, ApiError(exc.status_code, exc.error_code, exc.error_msg))
    except ApiError as exc:
        return _error_response(request, exc)
    except EngineError as exc:
        return _error_response(request, from_engine_error(exc))
    except Exception:  # noqa: BLE001 - the client gets a clean 500, the log gets the traceback
        log.exception("request %s failed", request.scope.get("airocr_request_id"))
        return _error_response(request, ApiError(500, RECOGNITION_FAILED))


def _web_image_job(state: AppState, doc: dict[str, Any]) -> Callable[[], dict[str, Any]]:
    req = WebImageRequest.parse(doc)
    limits = state.settings.web_image_limits()

    def work() -> dict[str, Any]:
        assert state.engines is not None
        image = _load_input(req.image, req.url, limits, state.settings)
        return run_web_image(state.engines.web, req, image)

    return work


def _thai_idcard_job(state: AppState, doc: dict[str, Any]) -> Callable[[], dict[str, Any]]:
    req = ThaiIdCardRequest.parse(doc)
    limits = state.settings.idcard_limits()

    def work() -> dict[str, Any]:
        assert state.engines is not None
        if state.engines.idcard is None:
            raise ApiError(503, RECOGNITION_FAILED, "The Thailand ID card reader is not loaded.")
        image = _load_input(req.image, req.url, limits, state.settings)
        return run_thai_idcard(state.engines.idcard, req, image)

    return work


def _load_input(image_b64: str | None, url: str | None, limits: ImageLimits, settings: Settings) -> DecodedImage:
    if image_b64 is not None:
        return load_image(image_b64, limits)
    assert url is not None
    policy = UrlPolicy(settings.url_allowlist, settings.url_timeout_s, limits.max_bytes, settings.url_max_redirects)
    try:
        blob = fetch_url(url, policy)
    except FetchError as exc:
        code = BAD_SIZE if exc.kind == "too_large" else BAD_PARAMETER
        raise ApiError(400, code, f"url: {exc.message}") from exc
    if not blob:
        raise ApiError(400, BAD_FORMAT, "url: the server returned an empty body.")
    return decode_image(blob, limits)


async def _read_body(request: Request, limit: int) -> bytes:
    length = request.headers.get("content-length")
    if length is not None:
        if not length.isdigit():
            raise ApiError(400, BAD_PARAMETER, "Invalid Content-Length.")
        if int(length) > limit:
            raise ApiError(413, BAD_SIZE, f"The request body exceeds {limit} bytes.")
    chunks: list[bytes] = []
    total = 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > limit:
            raise ApiError(413, BAD_SIZE, f"The request body exceeds {limit} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)


def _error_response(request: Request, exc: ApiError) -> JSONResponse:
    return JSONResponse(exc.body(), status_code=exc.status_code)


class RequestIdMiddleware:
    """Give every response an ``X-Request-Id`` (the SDK reads it from the header)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # Behind Ray Serve the proxy has given the request its id already (see ray_serve.ReplicaHeader).
        request_id = scope.get("airocr_upstream_request_id") or uuid.uuid4().hex
        scope["airocr_request_id"] = request_id
        started = False

        async def send_with_id(message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"x-request-id"]
                headers.append((b"x-request-id", request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:  # noqa: BLE001
            log.exception("unhandled error in request %s", request_id)
            if started:
                raise
            body = ApiError(500, RECOGNITION_FAILED).body()
            await JSONResponse(body, status_code=500, headers={"X-Request-Id": request_id})(scope, receive, send)

