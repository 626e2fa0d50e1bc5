"""``GET /demo``: a page to try both routes in a browser (plain HTML + JavaScript, no CDN).

The page is served to loopback clients by default; ``AIROCR_DEMO=1`` serves it to everyone (it is
static: the requests it sends go through the same routes, auth and limits as any other client's),
``AIROCR_DEMO=0`` turns it off.
"""

from __future__ import annotations

import ipaddress
from functools import cache
from importlib import resources

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException

from airocr.service.config import Settings


@cache
def demo_html() -> str:
    return resources.files("airocr.service").joinpath("static/demo.html").read_text("utf-8")


def _loopback(host: str | None) -> bool:
    try:
        return host is not None and ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host in ("localhost", "testclient")


def demo_allowed(settings: Settings, client_host: str | None) -> bool:
    return settings.demo if settings.demo is not None else _loopback(client_host)


def demo_router(settings: Settings) -> APIRouter:
    router = APIRouter()

    @router.get("/demo", response_class=HTMLResponse, include_in_schema=False)
    async def demo(request: Request) -> HTMLResponse:
        if not demo_allowed(settings, request.client.host if request.client else None):
            raise HTTPException(404)  # answered as every unknown path is: 404 APIG.0101
        return HTMLResponse(demo_html(), headers={"Cache-Control": "no-store"})

    return router
