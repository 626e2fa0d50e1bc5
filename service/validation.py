"""Strict request-body parsing: JSON object in, typed dataclass out, AIS.0101 otherwise.

The cloud API rejects wrong types ("true" for a boolean) instead of coercing them, and so
do we; unknown keys are ignored for forward compatibility.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from airocr.service.errors import BAD_FORMAT, ApiError, bad_parameter

EXTRACT_TYPES = ("image_size", "contact_info")
SIDES = ("front", "back")


def parse_json_object(body: bytes) -> dict[str, Any]:
    if not body.strip():
        raise bad_parameter("The request body is empty; send a JSON object.")
    try:
        doc = json.loads(body)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        raise bad_parameter("The request body is not valid JSON.") from exc
    if not isinstance(doc, dict):
        raise bad_parameter("The request body must be a JSON object.")
    return doc


def _bool(doc: Mapping[str, Any], key: str, default: bool) -> bool:
    value = doc.get(key)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise bad_parameter(f"{key} must be a boolean (true or false).")
    return value


def _flags(doc: Mapping[str, Any], cls: type) -> dict[str, bool]:
    """Every boolean option of the request class ``cls``, read strictly from ``doc`` (its default when absent)."""
    return {f.name: _bool(doc, f.name, f.default) for f in fields(cls) if f.type in ("bool", bool)}


def _image_source(doc: Mapping[str, Any]) -> tuple[str | None, str | None]:
    image, url = doc.get("image"), doc.get("url")
    if image is not None and not isinstance(image, str):
        raise bad_parameter("image must be a Base64 string.")
    if url is not None and not isinstance(url, str):
        raise bad_parameter("url must be a string.")
    image = image or None
    url = url.strip() if url else None
    if image and url:
        raise bad_parameter("Set either image or url, not both.")
    if not image and not url:
        raise bad_parameter("Set either image or url.")
    if image and image.lstrip().startswith("data:"):
        raise ApiError(400, BAD_FORMAT, "Send the raw Base64 string without a data: prefix.")
    return image, url


@dataclass(frozen=True)
class ImageSource:
    """Where a request's image comes from: raw Base64 ``image`` or a ``url`` (exactly one is set)."""

    image: str | None
    url: str | None


@dataclass(frozen=True)
class WebImageRequest(ImageSource):
    detect_direction: bool = False
    extract_type: tuple[str, ...] = ()
    detect_font: bool = False
    detect_text_direction: bool = True

    @classmethod
    def parse(cls, doc: Mapping[str, Any]) -> WebImageRequest:
        image, url = _image_source(doc)
        extract = doc.get("extract_type")
        if extract is None:
            extract = []
        if not isinstance(extract, list) or not all(isinstance(x, str) for x in extract):
            raise bad_parameter("extract_type must be an array of strings.")
        unknown = sorted(set(extract) - set(EXTRACT_TYPES))
        if unknown:
            raise bad_parameter(f"extract_type has unknown values {unknown}; allowed: {list(EXTRACT_TYPES)}.")
        return cls(image=image, url=url, extract_type=tuple(dict.fromkeys(extract)), **_flags(doc, cls))


@dataclass(frozen=True)
class ThaiIdCardRequest(ImageSource):
    side: str | None = None  # None = auto
    return_portrait_image: bool = False
    return_portrait_location: bool = False
    return_idcard_type: bool = False
    return_text_location: bool = False

    @classmethod
    def parse(cls, doc: Mapping[str, Any]) -> ThaiIdCardRequest:
        image, url = _image_source(doc)
        side = doc.get("side")
        if side is not None and not isinstance(side, str):
            raise bad_parameter("side must be a string: front, back or empty.")
        side = (side or "").strip().lower() or None
        if side is not None and side not in SIDES:
            raise bad_parameter("side must be front, back or empty.")
        return cls(image=image, url=url, side=side, **_flags(doc, cls))
