"""Request authentication: IAM-style tokens and the official SDK's AK/SK signatures.

Pure logic, no web framework imports; the app reads the raw ASGI request (path, query, headers,
body bytes) and hands it to :func:`authenticate` before parsing anything.

Two modes, chosen from the request's headers:

* ``Authorization: SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...`` (what
  ``huaweicloudsdkocr`` sends; see ``shared/spec/sdk-wire-format.md`` section 3);
* ``X-Auth-Token: <token>`` (what the raw examples in the API reference use), checked against
  ``AIROCR_AUTH_TOKENS``.

When no credential at all is configured, authentication is off and every request is allowed.

Every failure is an :class:`AuthError` (HTTP 401, ``error_code`` ``APIG.0301`` like Huawei's API
gateway). Messages say what is wrong with the request but never echo secrets, signatures or
expected values.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote, unquote_to_bytes

__all__ = [
    "ALGORITHM",
    "AuthConfig",
    "AuthError",
    "authenticate",
    "canonical_query_string",
    "canonical_uri",
    "parse_access_keys",
]

ALGORITHM = "SDK-HMAC-SHA256"
ERROR_CODE = "APIG.0301"
_MSG_PREFIX = "Incorrect IAM authentication information: "

EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
_UNSIGNED_PAYLOAD = "unsigned-payload"
_SDK_DATE_RE = re.compile(r"\d{8}T\d{6}Z")
_SDK_DATE_FORMAT = "%Y%m%dT%H%M%SZ"
_HEX64_RE = re.compile(r"[0-9a-f]{64}")
# Schemes the SDK can be configured to use that we recognise (and refuse) as "signed request".
_OTHER_SDK_SCHEMES = ("SDK-HMAC-SM3", "SDK-ECDSA-P256-SHA256", "SDK-SM2-SM3", "V11-HMAC-SHA256")
_REQUIRED_SIGNED = ("host", "x-sdk-date")


class AuthError(Exception):
    """Authentication failure, rendered by the app as a 401 ``{"error_code", "error_msg"}`` body.

    ``reason`` is a short stable identifier for logs and tests; it is not sent to the client.
    """

    status_code = 401

    def __init__(self, reason: str, detail: str, error_code: str = ERROR_CODE) -> None:
        self.reason = reason
        self.error_code = error_code
        self.error_msg = _MSG_PREFIX + detail
        super().__init__(self.error_msg)


# --------------------------------------------------------------------------------------------------
# configuration


def parse_access_keys(text: str, *, separator: str, source: str) -> dict[str, str]:
    """Parse ``AK:SK`` entries split by ``separator``; blank entries and ``#`` lines are skipped.

    Only the first ``:`` splits, so a secret key may itself contain ``:``. Errors name the source and
    entry number, never the secret.
    """
    keys: dict[str, str] = {}
    for n, raw in enumerate(text.split(separator), start=1):
        entry = raw.strip()
        if not entry or entry.startswith("#"):
            continue
        ak, sep, sk = entry.partition(":")
        ak, sk = ak.strip(), sk.strip()
        if not sep or not ak or not sk:
            raise ValueError(f"{source}: entry {n} is not of the form AK:SK")
        if any(c.isspace() for c in ak) or "," in ak:
            raise ValueError(f"{source}: entry {n}: access key contains whitespace or ','")
        if ak in keys and keys[ak] != sk:
            raise ValueError(f"{source}: access key {ak!r} is listed twice with different secret keys")
        keys[ak] = sk
    return keys


@dataclass(frozen=True, repr=False)
class AuthConfig:
    """Configured credentials. ``repr`` never shows tokens or secret keys."""

    tokens: frozenset[str] = frozenset()
    access_keys: Mapping[str, str] = field(default_factory=dict)
    max_clock_skew_s: int = 900

    def __post_init__(self) -> None:
        # Freeze the mapping so a shared config cannot be mutated behind the app's back.
        object.__setattr__(self, "access_keys", types.MappingProxyType(dict(self.access_keys)))

    @property
    def enabled(self) -> bool:
        """True when any credential is configured; otherwise every request is allowed."""
        return bool(self.tokens) or bool(self.access_keys)

    def __repr__(self) -> str:
        return (
            f"AuthConfig(tokens=<{len(self.tokens)}>, access_keys={sorted(self.access_keys)!r}, "
            f"max_clock_skew_s={self.max_clock_skew_s})"
        )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> AuthConfig:
        """Read ``AIROCR_AUTH_TOKENS``, ``AIROCR_ACCESS_KEYS``, ``AIROCR_ACCESS_KEYS_FILE`` and
        ``AIROCR_MAX_CLOCK_SKEW_S``. Raises ``ValueError`` on malformed input (fail at startup)."""
        env = os.environ if environ is None else environ
        tokens = frozenset(t.strip() for t in env.get("AIROCR_AUTH_TOKENS", "").split(",") if t.strip())
        keys = parse_access_keys(env.get("AIROCR_ACCESS_KEYS", ""), separator=",", source="AIROCR_ACCESS_KEYS")
        path = env.get("AIROCR_ACCESS_KEYS_FILE", "").strip()
        if path:
            try:
                text = Path(path).read_text(encoding="utf-8")
            except OSError as exc:
                raise ValueError(f"AIROCR_ACCESS_KEYS_FILE: cannot read {path}: {exc.strerror}") from None
            for ak, sk in parse_access_keys(text, separator="\n", source=path).items():
                if ak in keys and keys[ak] != sk:
                    raise ValueError(f"access key {ak!r} has different secret keys in AIROCR_ACCESS_KEYS and {path}")
                keys[ak] = sk
        skew_raw = env.get("AIROCR_MAX_CLOCK_SKEW_S", "").strip()
        try:
            skew = int(skew_raw) if skew_raw else 900
        except ValueError:
            raise ValueError("AIROCR_MAX_CLOCK_SKEW_S must be an integer number of seconds") from None
        if skew <= 0:
            raise ValueError("AIROCR_MAX_CLOCK_SKEW_S must be positive")
        return cls(tokens=tokens, access_keys=keys, max_clock_skew_s=skew)


# --------------------------------------------------------------------------------------------------
# canonicalisation (mirrors huaweicloudsdkcore.signer.signer.Signer)


def canonical_uri(raw_path: bytes) -> str:
    """Percent-decode the whole path, split on ``/``, re-encode each segment with ``quote(safe='~')``
    and make sure it ends in ``/``.

    Works on bytes so that any encoding round-trips exactly. Note that an encoded ``%2F`` becomes a
    segment separator, as in the SDK.
    """
    segments = unquote_to_bytes(raw_path).split(b"/")
    path = "/".join(quote(seg, safe="~") for seg in segments)
    return path if path.endswith("/") else path + "/"


def canonical_query_string(query_string: bytes) -> str:
    """Decode ``k=v`` pairs, sort them, re-encode with ``quote(safe='~')`` and join with ``&``.

    ``+`` is kept literally (the SDK encodes spaces as ``%20``); a key without ``=`` has an empty
    value, which is how the SDK would have signed it.
    """
    pairs: list[tuple[bytes, bytes]] = []
    for part in query_string.split(b"&"):
        if not part:
            continue
        k, _, v = part.partition(b"=")
        pairs.append((unquote_to_bytes(k), unquote_to_bytes(v)))
    pairs.sort()
    return "&".join(f"{quote(k, safe='~')}={quote(v, safe='~')}" for k, v in pairs)


def string_to_sign(canonical_request: str, sdk_date: str) -> str:
    digest = hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()
    return f"{ALGORITHM}\n{sdk_date}\n{digest}"


def sign(secret_key: str, string_to_sign_: str) -> str:
    """Lower-case hex HMAC-SHA256 keyed with the raw SK (no key derivation)."""
    return hmac.new(secret_key.encode("utf-8"), string_to_sign_.encode("utf-8"), hashlib.sha256).hexdigest()


# --------------------------------------------------------------------------------------------------
# verification


@dataclass(frozen=True)
class _SignedAuthorization:
    access_key: str
    signed_headers: tuple[str, ...]
    signed_headers_raw: str
    signature: str


def _parse_authorization(value: str) -> _SignedAuthorization:
    """Parse ``SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex``."""
    scheme, _, params = value.strip().partition(" ")
    if scheme != ALGORITHM:
        if scheme in _OTHER_SDK_SCHEMES:
            raise AuthError(
                "unsupported_algorithm",
                f"signing algorithm {scheme} is not supported, use {ALGORITHM} (the SDK default)",
            )
        raise AuthError("malformed_authorization", f"Authorization header is not an {ALGORITHM} signature")
    fields: dict[str, str] = {}
    for item in params.split(","):
        name, eq, val = item.strip().partition("=")
        if not eq or name not in ("Access", "SignedHeaders", "Signature") or name in fields:
            raise AuthError("malformed_authorization", "malformed Authorization header")
        fields[name] = val.strip()
    if len(fields) != 3 or not all(fields.values()):
        raise AuthError("malformed_authorization", "Authorization header must have Access, SignedHeaders and Signature")
    names = tuple(fields["SignedHeaders"].split(";"))
    if any(not n or n != n.lower() for n in names) or len(set(names)) != len(names):
        raise AuthError("malformed_authorization", "malformed SignedHeaders in Authorization header")
    signature = fields["Signature"].lower()
    if not _HEX64_RE.fullmatch(signature):
        raise AuthError("malformed_authorization", "malformed Signature in Authorization header")
    return _SignedAuthorization(fields["Access"], names, fields["SignedHeaders"], signature)


def _header_map(headers: Sequence[tuple[bytes, bytes]]) -> dict[str, list[bytes]]:
    out: dict[str, list[bytes]] = {}
    for name, value in headers:
        out.setdefault(name.decode("latin-1").lower(), []).append(value)
    return out


def _single(hmap: Mapping[str, list[bytes]], name: str) -> str | None:
    """The header's value decoded as UTF-8 and stripped; ``None`` if absent. Repeats are refused
    because the SDK signs exactly one value per name, and two values make the request ambiguous."""
    values = hmap.get(name)
    if not values:
        return None
    if len(values) > 1:
        raise AuthError("duplicate_header", f"header {name} is repeated")
    try:
        return values[0].decode("utf-8").strip()
    except UnicodeDecodeError:
        raise AuthError("malformed_header", f"header {name} is not valid UTF-8") from None


def _parse_sdk_date(value: str | None) -> datetime:
    if value is None:
        raise AuthError("missing_header", "X-Sdk-Date header is missing")
    if not _SDK_DATE_RE.fullmatch(value):
        raise AuthError("malformed_date", "X-Sdk-Date must be UTC in the form YYYYMMDDTHHMMSSZ")
    try:
        return datetime.strptime(value, _SDK_DATE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        raise AuthError("malformed_date", "X-Sdk-Date is not a valid date") from None


def _payload_hash(hmap: Mapping[str, list[bytes]], body: bytes) -> str:
    """Body hash as the SDK signs it. ``X-Sdk-Content-Sha256`` is honoured only when it equals the
    real hash; ``UNSIGNED-PAYLOAD`` is refused because it would leave the body unauthenticated."""
    actual = hashlib.sha256(body).hexdigest()
    if not body:
        return EMPTY_SHA256
    declared = _single(hmap, "x-sdk-content-sha256")
    if declared is None:
        return actual
    if declared.lower() == _UNSIGNED_PAYLOAD:
        raise AuthError("unsigned_payload", "unsigned payloads are not accepted, the body must be signed")
    if declared.lower() != actual:
        raise AuthError("payload_hash_mismatch", "X-Sdk-Content-Sha256 does not match the body")
    return declared


def _verify_signature(
    cfg: AuthConfig,
    authorization: str,
    hmap: Mapping[str, list[bytes]],
    *,
    method: str,
    raw_path: bytes,
    query_string: bytes,
    body: bytes | None,
    path_project_id: str,
    now: datetime,
) -> str:
    auth = _parse_authorization(authorization)
    for required in _REQUIRED_SIGNED:
        if required not in auth.signed_headers:
            raise AuthError("header_not_signed", f"{required} must be among the SignedHeaders")
    canonical_headers = []
    for name in auth.signed_headers:
        value = _single(hmap, name)
        if value is None:
            raise AuthError("missing_signed_header", f"signed header {name} is missing from the request")
        canonical_headers.append(f"{name}:{value}\n")
    sdk_date_value = _single(hmap, "x-sdk-date")
    sdk_date = _parse_sdk_date(sdk_date_value)

    secret_key = cfg.access_keys.get(auth.access_key)
    if secret_key is None:
        raise AuthError("unknown_access_key", "Get secretKey failed, the access key is not known")
    if body is None:  # headers-only pre-check: the signature covers the body, verified once it is read
        return auth.access_key

    canonical_request = "\n".join(
        [
            method.upper(),
            canonical_uri(raw_path),
            canonical_query_string(query_string),
            "".join(canonical_headers),
            auth.signed_headers_raw,
            _payload_hash(hmap, body),
        ]
    )
    assert sdk_date_value is not None  # checked by _parse_sdk_date
    expected = sign(secret_key, string_to_sign(canonical_request, sdk_date_value))
    if not hmac.compare_digest(expected.encode("ascii"), auth.signature.encode("ascii")):
        raise AuthError("bad_signature", "verify aksk signature fail")

    # Checked only after the signature, so that the clock hint goes only to real key holders.
    skew = timedelta(seconds=cfg.max_clock_skew_s)
    if abs(now - sdk_date) > skew:
        raise AuthError(
            "expired",
            f"request expired: X-Sdk-Date is more than {cfg.max_clock_skew_s} s from server time "
            f"{now.strftime(_SDK_DATE_FORMAT)}; check the client clock",
        )

    project_header = _single(hmap, "x-project-id")
    if project_header is None:
        raise AuthError(
            "missing_project_id",
            "X-Project-Id header is missing; set project_id in BasicCredentials",
        )
    if not hmac.compare_digest(project_header.encode("utf-8"), path_project_id.encode("utf-8")):
        raise AuthError("project_id_mismatch", "X-Project-Id does not match the project id in the URL")
    return auth.access_key


def _token_principal(token: str) -> str:
    """A loggable name for a token that does not reveal it."""
    return "token:" + hashlib.sha256(token.encode("utf-8")).hexdigest()[:12]


def _verify_token(cfg: AuthConfig, token: str) -> str:
    if not token:
        raise AuthError("bad_token", "X-Auth-Token is empty")
    candidate = token.encode("utf-8")
    matched = False
    for known in cfg.tokens:  # compare against all, constant time each, no early exit
        matched |= hmac.compare_digest(candidate, known.encode("utf-8"))
    if not matched:
        raise AuthError("bad_token", "decrypt token fail, the token is not valid")
    return _token_principal(token)


def authenticate(
    cfg: AuthConfig,
    *,
    method: str,
    raw_path: bytes,
    query_string: bytes,
    headers: Sequence[tuple[bytes, bytes]],
    body: bytes | None,
    path_project_id: str,
    now: datetime | None = None,
) -> str:
    """Return the principal (the AK, or ``token:<hash prefix>``) or raise :class:`AuthError`.

    ``raw_path``, ``query_string`` and ``headers`` are the ASGI scope's ``raw_path``,
    ``query_string`` and ``headers``; ``body`` is the full raw body; ``path_project_id`` is the
    decoded ``{project_id}`` path parameter. If ``cfg.enabled`` is false, everything is allowed and
    ``"anonymous"`` is returned.

    ``body=None`` checks what the headers alone can show, before the body is read: a token fully;
    a signature's form, signed headers, date and access key (the signature itself covers the body,
    so it is verified on a second call with the body). Failures are the same as the full check's.

    A request carrying an ``Authorization: SDK-...`` or ``V11-...`` header is treated as signed
    (any ``X-Auth-Token`` beside it is ignored); otherwise ``X-Auth-Token`` is checked.
    """
    if not cfg.enabled:
        return "anonymous"
    if now is None:
        now = datetime.now(UTC)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    hmap = _header_map(headers)
    authorization = _single(hmap, "authorization")
    if authorization is not None and authorization.startswith(("SDK-", "V11-")):
        return _verify_signature(
            cfg,
            authorization,
            hmap,
            method=method,
            raw_path=raw_path,
            query_string=query_string,
            body=body,
            path_project_id=path_project_id,
            now=now,
        )
    token = _single(hmap, "x-auth-token")
    if token is not None:
        return _verify_token(cfg, token)
    if authorization is not None:
        raise AuthError(
            "unsupported_scheme",
            f"Authorization scheme is not supported; sign with {ALGORITHM} or send X-Auth-Token",
        )
    raise AuthError(
        "missing_credentials",
        f"no credentials: send X-Auth-Token or an {ALGORITHM} Authorization header",
    )
