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
from starlette.requests import ClientDisconnect

from airocr.engine.errors import EngineError
from airocr.engine.fonts import FontClassifier
from airocr.engine.imageio import DecodedImage, decode_image, load_image
from airocr.engine.limits import ImageLimits
from airocr.engine.models import ModelStore, RuntimeOptions
from airocr.engine.pipeline import WebImagePipeline
from airocr.engine.thaiid.reader import ThaiIdReader
from airocr.service import schemas
from airocr.service.admission import Admission
from airocr.service.auth import AuthConfig, AuthError, authenticate
from airocr.service.config import Settings
from airocr.service.demo import demo_router
from airocr.service.errors import (
    BAD_FORMAT,
    BAD_PARAMETER,
    BAD_SIZE,
    NO_SUCH_API,
    RECOGNITION_FAILED,
    ApiError,
    from_engine_error,
)
from airocr.service.fetch import FetchError, UrlPolicy, fetch_url
from airocr.service.memory import release_memory, tune_allocator
from airocr.service.observability import Metrics, ObservabilityMiddleware, configure_logging, route_label
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
    metrics: Metrics = field(default_factory=Metrics)
    admission: Admission | None = None


def create_app(settings: Settings | None = None, engines: Engines | None = None) -> FastAPI:
    """Build the ASGI app. Models load in the lifespan unless ``engines`` is given."""
    settings = settings or Settings.from_env()
    state = AppState(settings=settings, auth=AuthConfig.from_env(settings.environ or None), engines=engines)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if settings.environ.get("AIROCR_MANAGED_LOGGING") == "1":  # set by `airocr serve` for every worker
            configure_logging(settings.log_level, settings.log_format)
        state.admission = Admission(settings.admission_limits())
        state.metrics.queue_depth.set_function(lambda: state.admission.waiting if state.admission else 0)
        tune_allocator()
        if state.engines is None:
            state.engines = await run_in_threadpool(Engines.load, settings)
        if state.engines.store is not None:
            state.metrics.set_models(state.engines.store.loaded())
            log.info("airocr: models %s run on %s", ", ".join(state.engines.store.loaded()),
                     state.engines.store.provider())
        if not state.auth.enabled:
            log.warning("airocr: no credentials configured (AIROCR_AUTH_TOKENS / AIROCR_ACCESS_KEYS): "
                        "the API is OPEN to anyone who can reach it")
        yield

    # redirect_slashes=False: Starlette would build the redirect from the client's Host header.
    app = FastAPI(title="airocr", version="0.1.0", lifespan=lifespan, redirect_slashes=False,
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
        body: dict[str, object] = {"status": "ok" if ready else "loading"}
        store = state.engines.store if state.engines is not None else None
        if store is not None:
            body.update(provider=store.provider(), models=store.loaded())
        return JSONResponse(body, status_code=200 if ready else 503)

    @app.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(state.metrics.exposition(), media_type=CONTENT_TYPE_LATEST)

    @app.post("/v2/{project_id}/ocr/web-image", response_model=schemas.WebImageResponse,
              responses=schemas.ERROR_RESPONSES, openapi_extra=schemas.request_body(schemas.WebImageRequest),
              summary="Web Image: text lines of any picture, with optional extraction")
    async def web_image(project_id: str, request: Request) -> Response:
        return await _handle(request, project_id, state, _web_image_job)

    @app.post("/v2/{project_id}/ocr/thailand-id-card", response_model=schemas.ThaiIdCardResponse,
              responses=schemas.ERROR_RESPONSES, openapi_extra=schemas.request_body(schemas.ThaiIdCardRequest),
              summary="Thailand ID Card: the fields of a card's front or back")
    async def thailand_id_card(project_id: str, request: Request) -> Response:
        return await _handle(request, project_id, state, _thai_idcard_job)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = schemas.finish_openapi(get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    return app


# -- request handling -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Work:
    """A validated request: the ``url`` to fetch first (if any), then ``run(blob)`` in the slot."""

    url: str | None
    limits: ImageLimits
    run: Callable[[bytes | None], dict[str, Any]]
    info: dict[str, Any] = field(default_factory=dict)  # what the request log may show (image size)


Job = Callable[[AppState, dict[str, Any]], Work]
CLIENT_GONE = 499  # nginx's "client closed request": nobody reads it, the log shows it


async def _handle(request: Request, project_id: str, state: AppState, job: Job) -> Response:
    try:
        if state.engines is None or state.admission is None:
            raise ApiError(503, RECOGNITION_FAILED, "The service is still loading its models.")
        admission = state.admission
        _authenticate(request, state, project_id, None)  # headers alone: refuse before reading the body
        async with admission.upload():
            body = await _read_body(request, state.settings)
        doc = await run_in_threadpool(_authenticate_and_parse, request, state, project_id, body)
        del body
        work = job(state, doc)
        del doc
        request.scope["airocr_log_fields"] = work.info
        route = route_label(request.url.path)
        with state.metrics.timed_stage(route, "fetch"):
            blob = await _fetch(work, state) if work.url is not None else None
        async with admission.inference() as waited_s:
            state.metrics.observe_stage(route, "queue", waited_s)
            if await request.is_disconnected():
                return Response(status_code=CLIENT_GONE)
            with state.metrics.timed_stage(route, "inference"):
                result = await run_in_threadpool(_run_and_release, work, blob)
        return JSONResponse({"result": result})
    except AuthError as exc:
        _log_auth_failure(request, exc)
        return _error_response(request, ApiError(exc.status_code, exc.error_code, exc.error_msg))
    except ApiError as exc:
        return _error_response(request, exc)
    except EngineError as exc:
        return _error_response(request, from_engine_error(exc))
    except Exception:  # noqa: BLE001 - the client gets a clean 500, the log gets the traceback
        log.exception("request %s failed", request.scope.get("airocr_request_id"))
        return _error_response(request, ApiError(500, RECOGNITION_FAILED))


def _authenticate(request: Request, state: AppState, project_id: str, body: bytes | None) -> None:
    scope = request.scope
    authenticate(state.auth, method=request.method, raw_path=scope.get("raw_path") or scope["path"].encode(),
                 query_string=scope.get("query_string", b""), headers=scope["headers"], body=body,
                 path_project_id=project_id)


def _authenticate_and_parse(request: Request, state: AppState, project_id: str, body: bytes) -> dict[str, Any]:
    """The full check (signatures cover the body), then the JSON: off the event loop, both hash or
    parse up to ``AIROCR_MAX_BODY_BYTES``."""
    _authenticate(request, state, project_id, body)
    return parse_json_object(body)


def _run_and_release(work: Work, blob: bytes | None) -> dict[str, Any]:
    """Run in the slot, then give the freed memory back. An input error leaves as its API error
    without its traceback, whose frames would keep the request's arrays alive past the trim."""
    error: ApiError | None = None
    try:
        result = work.run(blob)
    except EngineError as exc:
        error, result = from_engine_error(exc), {}
    finally:
        del blob
        release_memory()
    if error is not None:
        raise error
    return result


async def _fetch(work: Work, state: AppState) -> bytes:
    """Download ``work.url`` outside the inference slots, under its own concurrency limit."""
    assert work.url is not None and state.admission is not None
    settings = state.settings
    policy = UrlPolicy(settings.url_allowlist, settings.url_timeout_s, work.limits.max_bytes,
                       settings.url_max_redirects)
    async with state.admission.fetch():
        try:
            blob = await run_in_threadpool(fetch_url, work.url, policy)
        except FetchError as exc:
            log.info("url fetch refused or failed: kind=%s detail=%s", exc.kind, exc.detail)
            code = BAD_SIZE if exc.kind == "too_large" else BAD_PARAMETER
            raise ApiError(400, code, f"url: {exc.message}") from exc
    if not blob:
        raise ApiError(400, BAD_FORMAT, "url: the server returned an empty body.")
    return blob


def _work(req: WebImageRequest | ThaiIdCardRequest, limits: ImageLimits,
          engine_call: Callable[[DecodedImage], dict[str, Any]]) -> Work:
    """A request's work: decode its image (from ``image`` or the fetched ``url``), then the engine."""
    info: dict[str, Any] = {}

    def run(blob: bytes | None) -> dict[str, Any]:
        return engine_call(_decode(req.image, blob, limits, info))

    return Work(req.url, limits, run, info)


def _web_image_job(state: AppState, doc: dict[str, Any]) -> Work:
    req = WebImageRequest.parse(doc)
    assert state.engines is not None
    web = state.engines.web
    return _work(req, state.settings.web_image_limits(), lambda image: run_web_image(web, req, image))


def _thai_idcard_job(state: AppState, doc: dict[str, Any]) -> Work:
    req = ThaiIdCardRequest.parse(doc)
    assert state.engines is not None
    reader = state.engines.idcard
    if reader is None:
        raise ApiError(503, RECOGNITION_FAILED, "The Thailand ID card reader is not loaded.")
    return _work(req, state.settings.idcard_limits(), lambda image: run_thai_idcard(reader, req, image))


def _decode(image_b64: str | None, blob: bytes | None, limits: ImageLimits, info: dict[str, Any]) -> DecodedImage:
    """The request's image; its size goes to ``info`` for the request's log line."""
    if image_b64 is not None:
        image = load_image(image_b64, limits)
    else:
        assert blob is not None
        image = decode_image(blob, limits)
    info.update(image_width=image.width, image_height=image.height)
    return image


async def _read_body(request: Request, settings: Settings) -> bytes:
    """The whole body, at most ``max_body_bytes`` (413) and within ``body_timeout_s`` (408)."""
    limit = settings.max_body_bytes
    length = request.headers.get("content-length")
    if length is not None:
        if not length.isdigit():
            raise ApiError(400, BAD_PARAMETER, "Invalid Content-Length.")
        if int(length) > limit:
            raise ApiError(413, BAD_SIZE, f"The request body exceeds {limit} bytes.")
    chunks: list[bytes] = []
    total = 0
    try:
        async with asyncio.timeout(settings.body_timeout_s):
            async for chunk in request.stream():
                total += len(chunk)
                if total > limit:
                    raise ApiError(413, BAD_SIZE, f"The request body exceeds {limit} bytes.")
                chunks.append(chunk)
    except TimeoutError as exc:
        raise ApiError(408, BAD_PARAMETER, f"The body was not received within {settings.body_timeout_s:g} s.") from exc
    except ClientDisconnect as exc:
        raise ApiError(400, BAD_PARAMETER, "The client closed the connection before sending the body.") from exc
    return b"".join(chunks)


def _log_auth_failure(request: Request, exc: AuthError) -> None:
    """One structured line per refused request: why, and from where; never the credentials."""
    client = request.client.host if request.client else "-"
    fields = {"reason": exc.reason, "error_code": exc.error_code, "client": client, "method": request.method,
              "path": request.url.path, "request_id": request.scope.get("airocr_request_id", "-")}
    log.warning("auth_failed " + " ".join(f"{k}={v}" for k, v in fields.items()), extra={"airocr": fields})


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

