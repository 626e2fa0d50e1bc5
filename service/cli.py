"""The ``airocr`` command: ``airocr serve``, ``airocr web-image FILE...`` and ``airocr thai-id-card FILE...``."""

from __future__ import annotations

import argparse
import ipaddress
import logging
import os
import sys

log = logging.getLogger("airocr")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _checked_settings():  # -> tuple[Settings, str] | int
    """Settings, models checked, and the address to bind; an exit status when start-up must stop."""
    from airocr.engine.errors import ModelIntegrityError
    from airocr.engine.models import default_model_dir, verify_models
    from airocr.service.auth import AuthConfig
    from airocr.service.config import Settings
    from airocr.service.observability import configure_logging

    try:
        settings = Settings.from_env()
        auth = AuthConfig.from_env()
    except ValueError as exc:
        print(f"airocr: configuration error: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.log_format)
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
    return settings, host


def _flags_to_env(args: argparse.Namespace, flags: tuple[tuple[str, str], ...]) -> None:
    """CLI flags become env vars so that every worker process (or replica) sees the same settings."""
    for flag, var in flags:
        value = getattr(args, flag, None)
        if value is not None:
            os.environ[var] = str(value)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from airocr.service.server import HeaderTimeoutH11Protocol

    _flags_to_env(args, (("host", "AIROCR_HOST"), ("port", "AIROCR_PORT"), ("workers", "AIROCR_WORKERS")))
    checked = _checked_settings()
    if isinstance(checked, int):
        return checked
    settings, host = checked
    os.environ["AIROCR_MANAGED_LOGGING"] = "1"  # each worker process sets up the same logging
    uvicorn.run("airocr.service.app:create_app", factory=True, host=host, port=settings.port,
                workers=settings.workers, log_level=settings.log_level, access_log=False, log_config=None,
                http=HeaderTimeoutH11Protocol, server_header=False)
    return 0


def cmd_serve_ray(args: argparse.Namespace) -> int:
    try:
        import ray  # noqa: F401

        from airocr.service.ray_serve import serve_on_ray
    except ImportError:
        print("airocr: serve-ray needs Ray Serve: pip install 'airocr[ray]'", file=sys.stderr)
        return 2
    _flags_to_env(args, (("host", "AIROCR_HOST"), ("port", "AIROCR_PORT")))
    checked = _checked_settings()
    if isinstance(checked, int):
        return checked
    settings, host = checked
    serve_on_ray(args.replicas, host, settings.port, args.cpus_per_replica)
    return 0


def _runner(args: argparse.Namespace, route: str):  # -> BatchRunner
    """The batch runner for ``route`` with the engines loaded as ``airocr serve`` loads them."""
    from airocr.service.app import Engines
    from airocr.service.batch import BatchRunner
    from airocr.service.config import Settings
    from airocr.service.thai_idcard import run_thai_idcard
    from airocr.service.validation import ThaiIdCardRequest, WebImageRequest
    from airocr.service.web_image import run_web_image

    settings = Settings.from_env()
    engines = Engines.load(settings)
    if route == "web-image":
        web = WebImageRequest(image=None, url=None, detect_direction=args.detect_direction,
                              extract_type=tuple(dict.fromkeys(args.extract_type or [])),
                              detect_font=args.detect_font, detect_text_direction=not args.no_text_direction)
        return BatchRunner(lambda image: run_web_image(engines.web, web, image), settings.web_image_limits(),
                           args.jobs)
    card = ThaiIdCardRequest(image=None, url=None, side=args.side, return_portrait_image=args.portrait_image,
                             return_portrait_location=args.portrait_location,
                             return_idcard_type=args.idcard_type, return_text_location=args.text_location)
    return BatchRunner(lambda image: run_thai_idcard(engines.idcard, card, image), settings.idcard_limits(), args.jobs)


def cmd_batch(args: argparse.Namespace) -> int:
    from airocr.service.batch import write_results

    return write_results(_runner(args, args.command), args.files, args.compact, not args.no_progress)


def _batch_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", help="image files, folders (read recursively) or globs")
    parser.add_argument("--jobs", type=int, default=1, help="images read at once (threads; default 1)")
    parser.add_argument("--compact", action="store_true", help="one JSON line for a single file too")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr for batches")
    parser.set_defaults(func=cmd_batch)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="airocr",
                                     description="Self-hosted OCR service (Web Image, Thailand ID Card).")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="start the HTTP service")
    serve.add_argument("--host", default=None, help="bind address (default 127.0.0.1, AIROCR_HOST)")
    serve.add_argument("--port", type=int, default=None, help="port (default 8086, AIROCR_PORT)")
    serve.add_argument("--workers", type=int, default=None, help="worker processes (default 1, AIROCR_WORKERS)")
    serve.set_defaults(func=cmd_serve)
    ray = sub.add_parser("serve-ray", help="serve the same routes on Ray Serve replicas (pip install .[ray])")
    ray.add_argument("--replicas", type=int, default=2, help="replicas of the app (default 2)")
    ray.add_argument("--host", default=None, help="bind address of Serve's HTTP proxy (default 127.0.0.1)")
    ray.add_argument("--port", type=int, default=None, help="port (default 8086, AIROCR_PORT)")
    ray.add_argument("--cpus-per-replica", type=float, default=1.0, help="Ray CPUs each replica reserves")
    ray.set_defaults(func=cmd_serve_ray)
    web = sub.add_parser("web-image", help="OCR images and print the API's JSON (JSON Lines for a batch)")
    web.add_argument("--detect-direction", action="store_true", help="straighten rotated images")
    web.add_argument("--no-text-direction", action="store_true", help="skip the per-line 180° check")
    web.add_argument("--detect-font", action="store_true", help="add font_list/font_scores per block")
    web.add_argument("--extract-type", action="append", choices=["image_size", "contact_info"],
                     help="structured extraction (repeatable)")
    _batch_options(web)
    card = sub.add_parser("thai-id-card", help="read Thai ID cards and print the API's JSON (JSON Lines for a batch)")
    card.add_argument("--side", choices=["front", "back"], default=None, help="the side to read (default: detected)")
    card.add_argument("--portrait-image", action="store_true", help="return_portrait_image")
    card.add_argument("--portrait-location", action="store_true", help="return_portrait_location")
    card.add_argument("--idcard-type", action="store_true", help="return_idcard_type")
    card.add_argument("--text-location", action="store_true", help="return_text_location")
    _batch_options(card)
    return parser


def main(argv: list[str] | None = None) -> int:
    """The command line (``argv``: the arguments; None: this process's own, which may restart the
    process once with huge pages, see :func:`airocr.service.memory.restart_with_hugepages`)."""
    if argv is None:
        from airocr.service.memory import restart_with_hugepages

        restart_with_hugepages()
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
