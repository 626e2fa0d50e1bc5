"""Fetching the ``url`` input: http(s) only, size and time limits, and an SSRF guard.

By default only *public* addresses may be fetched: loopback, private, link-local
(cloud metadata), multicast and reserved ranges are refused, also when written inside an
IPv6 address (IPv4-mapped, IPv4-compatible, NAT64 and 6to4 forms). ``AIROCR_URL_ALLOWLIST``
opens specific hosts or networks (``images.corp.local``, ``*.corp.local``, ``10.20.0.0/16``)
— the usual need on an air-gapped site. Every address a name resolves to is checked, the
connection goes to the checked address (no DNS rebinding), and each redirect is checked again.

Time: one deadline covers name resolution, connecting, the TLS handshake, the headers and the
body of every hop. Each socket operation times out at the time left, and a watchdog shuts the
socket down at the deadline, so a server that trickles a byte at a time is cut off on time too.

Errors say what the client can act on and nothing about the upstream server (no status codes,
exception names or addresses); the details go to the log.
"""

from __future__ import annotations

import concurrent.futures
import http.client
import ipaddress
import logging
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import SplitResult, quote, urljoin, urlsplit, urlunsplit

log = logging.getLogger("airocr.fetch")

MAX_URL_CHARS = 4096
_READ_CHUNK = 65536
_REDIRECTS = (301, 302, 303, 307, 308)
# RFC 3986 characters left as they are when a path or query is percent-encoded (``%`` keeps escapes).
_URL_SAFE = "/%:@!$&'()*+,;=~-._?"
_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")
_resolver = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="airocr-dns")

MESSAGES = {
    "refused": "the url is not allowed (only http/https to public addresses or AIROCR_URL_ALLOWLIST; "
               "the host must resolve).",
    "failed": "the image could not be downloaded.",
    "timeout": "downloading the image timed out.",
    "too_large": "the image at the url exceeds the size limit.",
}


class FetchError(Exception):
    """The URL cannot be fetched; ``kind`` says why (``refused``, ``failed``, ``timeout``, ``too_large``).

    ``message`` is safe to show the client; ``detail`` (logged only) says what happened upstream.
    """

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(MESSAGES[kind])
        self.kind = kind
        self.message = MESSAGES[kind]
        self.detail = detail


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
        """Public, or in an allowlisted network; an IPv6 address that stands for an IPv4 address
        (IPv4-mapped, 6to4, NAT64, IPv4-compatible) is judged by that IPv4 address."""
        ip = ipaddress.ip_address(addr.split("%", 1)[0])
        inner = embedded_ipv4(ip) if isinstance(ip, ipaddress.IPv6Address) else None
        return self._one_allowed(inner if inner is not None else ip)

    def _one_allowed(self, ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        for rule in self.allowlist:
            try:
                if ip in ipaddress.ip_network(rule, strict=False):
                    return True
            except ValueError:
                continue
        return ip.is_global and not ip.is_multicast


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for: IPv4-mapped, 6to4, NAT64 or IPv4-compatible."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if any(ip in net for net in _NAT64) or (ip in _IPV4_COMPATIBLE and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def normalise_url(url: str) -> SplitResult:
    """Parse ``url`` into an ASCII URL: IDNA host, percent-encoded (UTF-8) path and query; refuse what
    cannot be fetched (bad scheme, no host, credentials, a bad port or IPv6 literal)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
        host = parts.hostname
    except ValueError as exc:  # "Invalid IPv6 URL", a port out of range
        raise FetchError("refused", f"malformed url: {exc}") from exc
    if parts.scheme not in ("http", "https"):
        raise FetchError("refused", "scheme is not http or https")
    if not host:
        raise FetchError("refused", "no host")
    if parts.username is not None or parts.password is not None:
        raise FetchError("refused", "credentials in the url")
    try:
        ascii_host = host if host.isascii() else host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise FetchError("refused", "host is not a valid internationalised name") from exc
    if any(c in ascii_host for c in "\\/ \t\r\n%"):
        raise FetchError("refused", "invalid characters in the host")
    netloc = f"[{ascii_host}]" if ":" in ascii_host else ascii_host
    if port is not None:
        netloc += f":{port}"
    return SplitResult(parts.scheme, netloc, quote(parts.path, safe=_URL_SAFE) or "/",
                       quote(parts.query, safe=_URL_SAFE), "")


class _Deadline:
    """The fetch's single clock, and a watchdog that shuts a socket down when it runs out."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds
        self.expired = False
        self._timer: threading.Timer | None = None

    def left(self) -> float:
        remaining = self.end - time.monotonic()
        if remaining <= 0:
            self.expired = True
            raise FetchError("timeout", "deadline passed")
        return remaining

    def watch(self, sock: socket.socket) -> None:
        self.cancel()
        self._timer = threading.Timer(self.left(), self._fire, args=(sock,))
        self._timer.daemon = True
        self._timer.start()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _fire(self, sock: socket.socket) -> None:
        self.expired = True
        try:
            socket.socket.shutdown(sock, socket.SHUT_RDWR)  # wakes a blocked recv, TLS or not
        except OSError:
            pass


class _PinnedConnection(http.client.HTTPConnection):
    """HTTP(S) to a pre-checked IP (the certificate is still verified for the host name), with
    every socket operation under the fetch's deadline."""

    def __init__(self, host: str, ip: str, port: int, deadline: _Deadline, tls: bool) -> None:
        super().__init__(host, port, timeout=deadline.left())
        self._ip, self._deadline, self._tls = ip, deadline, tls

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self._deadline.left())
        self._deadline.watch(sock)
        if self._tls:
            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=self.host)
        self.sock = sock


def fetch_url(url: str, policy: UrlPolicy) -> bytes:
    """Download ``url`` under ``policy``; raise :class:`FetchError` on any refusal or failure."""
    if not isinstance(url, str) or len(url) > MAX_URL_CHARS:
        raise FetchError("refused", "url too long")
    deadline = _Deadline(policy.timeout_s)
    current = normalise_url(url)
    try:
        for _ in range(policy.max_redirects + 1):
            status, location, body = _get_once(current, policy, deadline)
            if status in _REDIRECTS:
                if not location:
                    raise FetchError("failed", f"redirect {status} without a Location header")
                current = normalise_url(urljoin(urlunsplit(current), location))
                continue
            if status != 200:
                raise FetchError("failed", f"upstream answered HTTP {status}")
            return body
        raise FetchError("failed", f"more than {policy.max_redirects} redirects")
    finally:
        deadline.cancel()


def _resolve(host: str, port: int, deadline: _Deadline) -> list[str]:
    future = _resolver.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        infos = future.result(timeout=deadline.left())
    except concurrent.futures.TimeoutError as exc:
        raise FetchError("timeout", f"resolving {host!r} timed out") from exc
    except (OSError, UnicodeError) as exc:
        raise FetchError("refused", f"cannot resolve {host!r}") from exc
    return sorted({str(info[4][0]) for info in infos})


def _checked_address(parts: SplitResult, policy: UrlPolicy, deadline: _Deadline) -> tuple[str, int]:
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    addresses = _resolve(host, port, deadline)
    named_ok = policy.host_allowed(host)
    blocked = [a for a in addresses if not (named_ok or policy.address_allowed(a))]
    if not addresses or blocked:
        raise FetchError("refused", f"{host} resolves to a blocked address {blocked[:1]}")
    return addresses[0], port


def _get_once(parts: SplitResult, policy: UrlPolicy, deadline: _Deadline) -> tuple[int, str, bytes]:
    ip, port = _checked_address(parts, policy, deadline)
    conn = _PinnedConnection(parts.hostname or "", ip, port, deadline, tls=parts.scheme == "https")
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    try:
        conn.putrequest("GET", target, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", parts.netloc)
        conn.putheader("User-Agent", "airocr-fetch/1")
        conn.putheader("Accept", "image/*")
        conn.endheaders()
        resp = conn.getresponse()
        if resp.status in _REDIRECTS or resp.status != 200:
            return resp.status, resp.getheader("location", ""), b""
        length = resp.getheader("content-length", "")
        if length.isdigit() and int(length) > policy.max_bytes:
            raise FetchError("too_large", f"Content-Length {length}")
        return resp.status, "", _read_body(resp, conn, policy, deadline)
    except FetchError:
        raise
    except Exception as exc:  # noqa: BLE001 - socket, TLS and HTTP errors alike: the download failed
        if deadline.expired:
            raise FetchError("timeout", "cut off at the deadline") from exc
        raise FetchError("failed", f"{type(exc).__name__}: {exc}") from exc
    finally:
        conn.close()


def _read_body(resp: http.client.HTTPResponse, conn: _PinnedConnection, policy: UrlPolicy,
               deadline: _Deadline) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while True:
        if conn.sock is not None:
            conn.sock.settimeout(deadline.left())
        chunk = resp.read1(_READ_CHUNK)  # what has arrived, not a full 64 KiB: the clock is checked often
        if not chunk:
            if deadline.expired:
                raise FetchError("timeout", "cut off at the deadline")
            return b"".join(chunks)
        total += len(chunk)
        if total > policy.max_bytes:
            raise FetchError("too_large", f"more than {policy.max_bytes} bytes")
        chunks.append(chunk)
