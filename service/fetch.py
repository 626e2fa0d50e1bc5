"""Fetching the ``url`` input: http(s) only, size and time limits, and an SSRF guard.

By default only *public* addresses may be fetched: loopback, private, link-local
(cloud metadata), multicast and reserved ranges are refused. ``AIROCR_URL_ALLOWLIST``
opens specific hosts or networks (``images.corp.local``, ``*.corp.local``,
``10.20.0.0/16``) — the usual need on an air-gapped site. Every address a name resolves
to is checked, the connection goes to the checked address (no DNS rebinding), and
each redirect is checked again.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit


class FetchError(Exception):
    """The URL cannot be fetched; ``kind`` says why (``refused``, ``failed``, ``too_large``)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(frozen=True)
class UrlPolicy:
    allowlist: tuple[str, ...] = ()
    timeout_s: float = 10.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 3

    def host_allowed(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        for rule in self.allowlist:
            rule = rule.lower()
            if rule.startswith("*.") and (host.endswith(rule[1:]) or host == rule[2:]):
                return True
            if host == rule:
                return True
        return False

    def address_allowed(self, addr: str) -> bool:
        ip = ipaddress.ip_address(addr.split("%", 1)[0])
        for rule in self.allowlist:
            try:
                if ip in ipaddress.ip_network(rule, strict=False):
                    return True
            except ValueError:
                continue
        return ip.is_global and not ip.is_multicast


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError("failed", f"cannot resolve host {host!r}") from exc
    return sorted({str(info[4][0]) for info in infos})


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a pre-checked IP while verifying the certificate for the host name."""

    def __init__(self, host: str, ip: str, port: int, timeout: float, context: ssl.SSLContext) -> None:
        super().__init__(host, port, timeout=timeout, context=context)
        self._ip = ip

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def fetch_url(url: str, policy: UrlPolicy) -> bytes:
    """Download ``url`` under ``policy``; raise :class:`FetchError` on any refusal or failure."""
    if not isinstance(url, str) or len(url) > 4096:
        raise FetchError("refused", "url must be a string of at most 4096 characters")
    deadline = time.monotonic() + policy.timeout_s
    current = url
    for _ in range(policy.max_redirects + 1):
        status, headers, body = _get_once(current, policy, deadline)
        if status in (301, 302, 303, 307, 308):
            location = headers.get("location")
            if not location:
                raise FetchError("failed", f"redirect {status} without a Location header")
            current = urljoin(current, location)
            continue
        if status != 200:
            raise FetchError("failed", f"the image server answered HTTP {status}")
        return body
    raise FetchError("failed", f"more than {policy.max_redirects} redirects")


def _get_once(url: str, policy: UrlPolicy, deadline: float) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError("refused", "only http and https URLs are supported")
    if not parts.hostname:
        raise FetchError("refused", "the url has no host")
    if parts.username or parts.password:
        raise FetchError("refused", "credentials in the url are not allowed")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchError("refused", "the url has an invalid port") from exc
    host = parts.hostname
    addresses = _resolve(host, port)
    named_ok = policy.host_allowed(host)
    blocked = [a for a in addresses if not (named_ok or policy.address_allowed(a))]
    if not addresses or blocked:
        raise FetchError("refused", f"fetching from {host} is not allowed (private or reserved address; "
                                    "see AIROCR_URL_ALLOWLIST)")
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError("failed", "timed out fetching the image")
    ip = addresses[0]
    conn: http.client.HTTPConnection
    if parts.scheme == "https":
        conn = _PinnedHTTPSConnection(host, ip, port, remaining, ssl.create_default_context())
    else:
        conn = http.client.HTTPConnection(ip, port, timeout=remaining)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    try:
        conn.putrequest("GET", target, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", parts.netloc.rsplit("@", 1)[-1])
        conn.putheader("User-Agent", "airocr-fetch/1")
        conn.putheader("Accept", "image/*")
        conn.endheaders()
        resp = conn.getresponse()
        headers = {k.lower(): v for k, v in resp.getheaders()}
        length = headers.get("content-length")
        if length and length.isdigit() and int(length) > policy.max_bytes:
            raise FetchError("too_large", "the image at the url exceeds the size limit")
        chunks: list[bytes] = []
        total = 0
        while True:
            if time.monotonic() > deadline:
                raise FetchError("failed", "timed out fetching the image")
            chunk = resp.read(65536)
            if not chunk:
                break
            total += len(chunk)
            if total > policy.max_bytes:
                raise FetchError("too_large", "the image at the url exceeds the size limit")
            chunks.append(chunk)
        return resp.status, headers, b"".join(chunks)
    except FetchError:
        raise
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError("failed", f"could not download the image: {type(exc).__name__}") from exc
    finally:
        conn.close()

