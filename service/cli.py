"""The ``airocr`` command: ``airocr serve`` and ``airocr web-image FILE...``."""

from __future__ import annotations

import argparse
import base64
import ipaddress
import json
import logging
import os
import sys
from pathlib import Path

log = logging.getLogger("airocr")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from airocr.engine.errors import ModelIntegrityError
    from airocr.engine.models import default_model_dir, verify_models
    from airocr.service.auth import AuthConfig
    from airocr.service.config import Settings
    from airocr.service.server import HeaderTimeoutH11Protocol

    # CLI flags become env vars so that every worker process sees the same settings.
    for flag, var in (("host", "AIROCR_HOST"), ("port", "AIROCR_PORT"), ("workers", "AIROCR_WORKERS")):
        value = getattr(args, flag)
        if value is not None:
            os.environ[var] = str(value)
    try:
        settings = Settings.from_env()
        auth = AuthConfig.from_env()
    except ValueError as exc:
        print(f"airocr: configuration error: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        verify_models(settings.model_dir or default_model_dir())
    except ModelIntegrityError as exc:
        print(f"airocr: refusing to start: {exc}", file=sys.stderr)
        return 3
    host = settings.host
    if not auth.enabled and not _is_loopback(host):
        log.warning("no credentials configured: binding 127.0.0.1 instead of %s. Set AIROCR_AUTH_TOKENS "
                    "or AIROCR_ACCESS_KEYS to serve other hosts.", host)
        host = "127.0.0.1"
    uvicorn.run("airocr.service.app:create_app", factory=True, host=host, port=settings.port,
                workers=settings.workers, log_level=settings.log_level, access_log=False,
                http=HeaderTimeoutH11Protocol, server_header=False)
    return 0


def cmd_web_image(args: argparse.Namespace) -> int:
    from airocr.engine.errors import EngineError
    from airocr.engine.imageio import load_image
    from airocr.service.app import Engines
    from airocr.service.config import Settings
    from airocr.service.errors import ApiError, from_engine_error
    from airocr.service.validation import WebImageRequest
    from airocr.service.web_image import run_web_image

    settings = Settings.from_env()
    engines = Engines.load(settings)
    status = 0
    for path in args.files:
        doc = {"image": base64.b64encode(Path(path).read_bytes()).decode("ascii"),
               "detect_direction": args.detect_direction, "detect_font": args.detect_font,
               "detect_text_direction": not args.no_text_direction, "extract_type": args.extract_type or []}
        try:
            req = WebImageRequest.parse(doc)
            image = load_image(req.image or "", settings.web_image_limits())
            out = {"result": run_web_image(engines.web, req, image)}
        except EngineError as exc:
            out, status = from_engine_error(exc).body(), 1
        except ApiError as exc:
            out, status = exc.body(), 1
        if len(args.files) > 1:
            out = {"file": str(path), **out}
        print(json.dumps(out, ensure_ascii=False, indent=None if args.compact else 2))
    return status


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="airocr",
                                     description="Self-hosted OCR service (Web Image, Thailand ID Card).")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="start the HTTP service")
    serve.add_argument("--host", default=None, help="bind address (default 127.0.0.1, AIROCR_HOST)")
    serve.add_argument("--port", type=int, default=None, help="port (default 8086, AIROCR_PORT)")
    serve.add_argument("--workers", type=int, default=None, help="worker processes (default 1, AIROCR_WORKERS)")
    serve.set_defaults(func=cmd_serve)
    web = sub.add_parser("web-image", help="OCR image files and print the API's JSON")
    web.add_argument("files", nargs="+", help="image files")
    web.add_argument("--detect-direction", action="store_true", help="straighten rotated images")
    web.add_argument("--no-text-direction", action="store_true", help="skip the per-line 180° check")
    web.add_argument("--detect-font", action="store_true", help="add font_list/font_scores per block")
    web.add_argument("--extract-type", action="append", choices=["image_size", "contact_info"],
                     help="structured extraction (repeatable)")
    web.add_argument("--compact", action="store_true", help="one JSON line per file")
    web.set_defaults(func=cmd_web_image)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
