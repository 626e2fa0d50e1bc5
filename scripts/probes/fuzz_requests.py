"""Thousands of bad or fuzzed requests on both routes: no 5xx, every error JSON with an X-Request-Id.

    python -m scripts.probes.fuzz_requests [--per-route 1100] [--seed 0]

Cases (seeded, reproducible): broken HTTP framing sent over a raw socket, broken JSON, wrong
types for every field, every image format truncated and byte-mutated, decompression bombs,
EXIF/TIFF oddities, and hostile ``url`` values. A reply passes when its status is below 500,
it carries ``X-Request-Id`` and its body is the API's JSON (``result``, or ``error_code`` +
``error_msg``); the server must still answer ``/health`` at the end.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import random
import socket
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from PIL import Image

from scripts.probes import images
from scripts.probes.server import ROUTES, ServerProcess

FORMATS = ("JPEG", "PNG", "BMP", "TIFF", "TGA", "WEBP", "ICO", "PCX", "GIF")
BOOL_FIELDS = {ROUTES[0]: ("detect_direction", "detect_font", "detect_text_direction"),
               ROUTES[1]: ("return_portrait_image", "return_portrait_location", "return_idcard_type",
                           "return_text_location")}
ODD_VALUES = (None, 0, 1, -1, 1.5, 1e308, "", "true", "x" * 3000, [], [1], {}, {"a": 1}, True, False,
              "\u0000", "\ud7ff", 2**70)
URLS = ("http://[::1", "http://[::1]:99999/a.png", "http://host/图片.png", "http://example.com/?q=図",
        "http://例え.テスト/a.png", "http://[::ffff:127.0.0.1]/a.png", "http://[::127.0.0.1]/a.png",
        "http://[64:ff9b::7f00:1]/a.png", "http://[2002:7f00:1::]/a.png", "http://[fe80::1%25eth0]/",
        "http://0x7f000001/", "http://2130706433/", "http://127.1/", "http://0/", "file:///etc/passwd",
        "gopher://127.0.0.1/", "data:image/png;base64,AAAA", "http://user:pw@127.0.0.1/", "http:///a.png",
        "http://a b/", "http://127.0.0.1:0/", "http://169.254.169.254/latest/meta-data/", "//127.0.0.1/a",
        "http://" + "a" * 300 + ".com/", "http://x/" + "%" * 50, "http://x/\r\nHost: evil", " ", "\u200b",
        "http://[::]/", "http://localhost./", "HTTP://LOCALHOST/", "http://10.0.0.1\\@8.8.8.8/",
        "http://xn--/a.png", "http://a..b/", "https://127.0.0.1:443/a.png", "http://" + "x" * 5000)


@dataclass
class Case:
    kind: str
    route: str
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})
    raw: bytes | None = None  # sent as-is over a socket instead of through http.client
    hang_up: bool = False  # raw only: the client closes without waiting for a reply


def _doc(route: str, doc, kind: str = "types") -> Case:
    return Case(kind, route, json.dumps(doc).encode())


def _image_case(kind: str, route: str, blob: bytes, extra: dict | None = None) -> Case:
    return Case(kind, route, json.dumps({"image": base64.b64encode(blob).decode(), **(extra or {})}).encode())


def mutate(blob: bytes, rng: random.Random) -> bytes:
    """One seeded corruption: truncate, flip bytes, insert, duplicate or zero a range."""
    data = bytearray(blob)
    op = rng.choice(("truncate", "flip", "insert", "duplicate", "zero", "header"))
    if op == "truncate":
        return bytes(data[: rng.randrange(0, max(1, len(data)))])
    if op == "flip":
        for _ in range(rng.randint(1, 8)):
            i = rng.randrange(len(data))
            data[i] ^= 1 << rng.randrange(8)
    elif op == "insert":
        i = rng.randrange(len(data) + 1)
        data[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    elif op == "duplicate":
        i = rng.randrange(len(data))
        data[i:i] = data[i : i + rng.randint(1, 256)]
    elif op == "zero":
        i = rng.randrange(len(data))
        data[i : i + rng.randint(1, 64)] = b"\0" * len(data[i : i + rng.randint(1, 64)])
    else:  # a header field set to an extreme
        i = rng.randrange(min(len(data), 64))
        data[i : i + 4] = rng.choice((b"\xff\xff\xff\xff", b"\x00\x00\x00\x00", b"\x7f\xff\xff\xff"))
    return bytes(data)


def base_images(rng: random.Random) -> dict[str, bytes]:
    photo = Image.fromarray(images.random_photo(64, 48, rng.randrange(1 << 30)))
    out = {}
    for fmt in FORMATS:
        kw = {"sizes": [(64, 48)]} if fmt == "ICO" else {}
        out[fmt] = images.encode(photo if fmt != "PCX" else photo.convert("L"), fmt, **kw)
    return out


def framing_cases(route: str) -> Iterator[Case]:
    host = b"Host: 127.0.0.1\r\n"
    line = f"POST {route} HTTP/1.1\r\n".encode()
    for raw in (
        line + host + b"Content-Length: abc\r\n\r\n{}",
        line + host + b"Content-Length: -1\r\n\r\n{}",
        line + host + b"Content-Length: 99999999999999999999\r\n\r\n{}",
        line + host + b"Content-Length: 5\r\nContent-Length: 6\r\n\r\n{}",
        line + host + b"Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
        line + host + b"Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n",
        line + host + b"Transfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
        line + host + b"Content-Length: 2\r\n\r\n{}",
        line + host + b"X-Bad: \xff\xfe\r\nContent-Length: 2\r\n\r\n{}",
        line + host + b"X-Long: " + b"a" * 20000 + b"\r\nContent-Length: 2\r\n\r\n{}",
        line + b"Content-Length: 2\r\n\r\n{}",
        f"POST {route}/ HTTP/1.1\r\n".encode() + host + b"Content-Length: 2\r\n\r\n{}",
        f"GET {route} HTTP/1.1\r\n".encode() + host + b"\r\n",
        f"PUT {route} HTTP/1.1\r\n".encode() + host + b"Content-Length: 2\r\n\r\n{}",
        f"POST {route}?x=%ZZ HTTP/1.1\r\n".encode() + host + b"Content-Length: 2\r\n\r\n{}",
        f"POST {route.replace('probe', '%00')} HTTP/1.1\r\n".encode() + host + b"Content-Length: 2\r\n\r\n{}",
        f"POST //{route} HTTP/1.1\r\n".encode() + host + b"Content-Length: 2\r\n\r\n{}",
        b"POST /" + b"a" * 9000 + b" HTTP/1.1\r\n" + host + b"Content-Length: 2\r\n\r\n{}",
        line + b"Host: evil.example\r\nContent-Length: 2\r\n\r\n{}",
        b"GARBAGE\r\n\r\n",
        line + host + b"Content-Type: text/plain\r\nContent-Length: 2\r\n\r\n{}",
        line + host + b"Content-Encoding: gzip\r\nContent-Length: 2\r\n\r\n{}",
        line + host + b"Expect: 100-continue\r\nContent-Length: 2\r\n\r\n{}",
    ):
        yield Case("framing", route, raw=raw)
    yield Case("framing", route, raw=line + host + b"Content-Length: 10\r\n\r\n{}", hang_up=True)


def json_cases(route: str, rng: random.Random) -> Iterator[Case]:
    for body in (b"", b" ", b"null", b"[]", b"1", b'"x"', b"{", b"{]", b'{"image": }', b"\xff\xfe{}",
                 b"\xef\xbb\xbf{}", b'{"image": "AAAA", "image": 1}', b"[" * 100000 + b"]" * 100000,
                 b'{"a":' * 5000 + b"1" + b"}" * 5000, b'{"image": NaN}', b'{"image": Infinity}',
                 b'{"image": "\\ud800"}', b'{"url": "\\u0000"}', b"{}" * 1000, b'{"x": 1e999999}',
                 b'{"image": ' + b"9" * 5000 + b"}"):
        yield Case("json", route, body)
    for _ in range(40):
        yield Case("json", route, bytes(rng.randrange(256) for _ in range(rng.randint(1, 200))))


def type_cases(route: str, rng: random.Random) -> Iterator[Case]:
    valid = base64.b64encode(images.encode(Image.new("RGB", (40, 30), "white"), "PNG")).decode()
    fields = ("image", "url", *BOOL_FIELDS[route], "extract_type" if route == ROUTES[0] else "side")
    for name in fields:
        for value in ODD_VALUES:
            doc = {"image": valid} if name != "image" else {}
            doc[name] = value
            yield _doc(route, doc)
    for value in (["image_size", 1], ["nope"], "image_size", ["image_size"] * 1000, [None]):
        yield _doc(route, {"image": valid, "extract_type": value})
    for _ in range(20):
        yield _doc(route, {rng.choice(fields): rng.choice(ODD_VALUES) for _ in range(rng.randint(1, 4))})


def image_cases(route: str, rng: random.Random, mutations: int) -> Iterator[Case]:
    bases = base_images(rng)
    for blob in bases.values():
        for cut in (0, 1, 8, 16, 32, len(blob) // 2, len(blob) - 1):
            yield _image_case("truncated", route, blob[:cut])
    for i in range(mutations):
        fmt = FORMATS[i % len(FORMATS)]
        yield _image_case(f"mutated {fmt}", route, mutate(bases[fmt], rng))
    for text in ("!!!", "data:image/png;base64,AAAA", "AAA", "A" * 5, "====", "AAAA" * 10, " \n\t",
                 base64.b64encode(b"GIF89a").decode(), "é" * 10):
        yield _doc(route, {"image": text}, "base64")


def bomb_cases(route: str) -> Iterator[Case]:
    yield _image_case("bomb", route, images.png_bomb(16384))
    yield _image_case("bomb", route, images.png_header_only(8192, 8192))
    yield _image_case("bomb", route, images.png_header_only(100000, 100000))
    yield _image_case("bomb", route, images.png_header_only(1, 10**9))
    yield _image_case("bomb", route, images.ico_with_png(16, images.png_bomb(16384)))
    yield _image_case("bomb", route, images.ico_with_png(16, images.png_header_only(65535, 65535)))
    yield _image_case("bomb", route, images.gif_many_frames(64, 300))
    for fmt in ("JPEG", "PNG", "WEBP"):
        for tag in (0, 2, 6):
            yield _image_case("exif", route, images.encode(Image.new("RGB", (80, 40), "white"), fmt,
                                                           exif=images.exif_block(6, tag)))
    yield _image_case("tiff", route, images.tiff_second_page_without_size())


def url_cases(route: str) -> Iterator[Case]:
    for url in URLS:
        yield _doc(route, {"url": url}, "url")


def generate(route: str, seed: int, total: int) -> list[Case]:
    rng = random.Random(f"{seed}:{route}")
    fixed = [*framing_cases(route), *json_cases(route, rng), *type_cases(route, rng), *bomb_cases(route),
             *url_cases(route)]
    unmutated = len(FORMATS) * 7 + 9  # truncations and bad Base64 texts in image_cases
    return fixed + list(image_cases(route, rng, max(0, total - len(fixed) - unmutated)))


def send(port: int, case: Case, timeout: float = 120.0) -> tuple[int, dict[str, str], bytes]:
    if case.raw is None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        try:
            conn.request("POST", case.route, body=case.body, headers=case.headers)
            resp = conn.getresponse()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
        finally:
            conn.close()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(case.raw)
        if case.hang_up:
            time.sleep(0.2)
            return 0, {}, b""
        resp = http.client.HTTPResponse(sock)
        resp.begin()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()


def problem(status: int, headers: dict[str, str], body: bytes) -> str | None:
    """Why a reply fails the contract, or None (status 0: the client hung up on purpose)."""
    if status == 0:
        return None
    if status >= 500:
        return f"HTTP {status}"
    if not headers.get("x-request-id"):
        return "no X-Request-Id"
    try:
        doc = json.loads(body)
    except ValueError:
        return "body is not JSON"
    if status == 200:
        return None if isinstance(doc, dict) and "result" in doc else "200 without result"
    if not (isinstance(doc, dict) and doc.get("error_code") and doc.get("error_msg")):
        return "error without error_code/error_msg"
    return None


def run(port: int, cases: list[Case]) -> tuple[Counter, list[str]]:
    statuses: Counter = Counter()
    failures = []
    for case in cases:
        try:
            status, headers, body = send(port, case)
        except (OSError, http.client.HTTPException) as exc:
            failures.append(f"{case.kind} {case.route}: no reply ({type(exc).__name__})")
            continue
        statuses[status] += 1
        why = problem(status, headers, body)
        if why:
            failures.append(f"{case.kind} {case.route}: {why}: {body[:120]!r}")
    return statuses, failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-route", type=int, default=1100)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    env = {"AIROCR_URL_TIMEOUT_S": "3", "AIROCR_BODY_TIMEOUT_S": "3"}
    with ServerProcess(env) as server:
        started = time.monotonic()
        cases = [c for route in ROUTES for c in generate(route, args.seed, args.per_route)]
        statuses, failures = run(server.port, cases)
        print(f"{len(cases)} requests in {time.monotonic() - started:.0f} s: statuses {dict(sorted(statuses.items()))}")
        print(f"kinds: {dict(Counter(c.kind.split()[0] for c in cases))}")
        print(f"{len(failures)} failures")
        for line in failures[:40]:
            print("  ", line)
        print(f"server alive: {server.alive()}; RSS {server.rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
