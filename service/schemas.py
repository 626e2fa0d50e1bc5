"""The API contract as Pydantic models, for ``/docs`` and ``/openapi.json``.

The routes read the raw body (AK/SK signatures are computed over its bytes) and parse it with
:mod:`airocr.service.validation`, which answers the cloud API's own error codes; these models
document the same contract. ``tests/test_openapi.py`` checks that both name the same fields and
defaults, and runs schemathesis against the schema.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Point = list[int]  # [x, y] in the original image's pixels
Quad = list[Point]  # four points: top-left, top-right, bottom-right, bottom-left

IMAGE_DOC = ("The image, raw Base64 (no data: prefix); JPG, PNG, BMP, TIFF (ID card), plus TGA, WebP, ICO, PCX, "
             "GIF for Web Image; at most 10 MB, each side 15-8192 px. Give image or url, not both.")
URL_DOC = "An http(s) URL the service fetches the image from (subject to the service's URL policy)."


class _Request(BaseModel):
    model_config = ConfigDict(extra="allow")  # unknown keys are ignored, as by the cloud API

    image: str | None = Field(None, description=IMAGE_DOC)
    url: str | None = Field(None, description=URL_DOC)


class WebImageRequest(_Request):
    """Body of ``POST /v2/{project_id}/ocr/web-image``."""

    detect_direction: bool = Field(False, description="Straighten pages rotated by any angle.")
    detect_text_direction: bool = Field(True, description="Check each line for being upside down.")
    extract_type: list[Literal["image_size", "contact_info"]] = Field(
        [], description="Structured extraction to add in extracted_data ([] = none).")
    detect_font: bool = Field(False, description="Add font_list and font_scores to every block.")


class ThaiIdCardRequest(_Request):
    """Body of ``POST /v2/{project_id}/ocr/thailand-id-card``."""

    side: Literal["front", "back", ""] | None = Field(None, description="The side to read; empty = detected.")
    return_portrait_image: bool = Field(False, description="Add portrait_image (Base64 JPEG).")
    return_portrait_location: bool = Field(False, description="Add portrait_location.")
    return_idcard_type: bool = Field(False, description="Add idcard_type: normal, copy or screen.")
    return_text_location: bool = Field(False, description="Add text_location: a quad per returned field.")


class WordsBlock(BaseModel):
    words: str
    confidence: float = Field(ge=0, le=1)
    location: Quad
    font_list: list[str] | None = Field(None, description="With detect_font: the five most likely families.")
    font_scores: list[float] | None = Field(None, description="With detect_font: their probabilities.")


class ContactInfo(BaseModel):
    name: str
    phone: str
    province: str
    city: str
    district: str
    detail_address: str


class ImageSize(BaseModel):
    height: int
    width: int


class ExtractedData(BaseModel):
    contact_info: ContactInfo | None = None
    image_size: ImageSize | None = None


class WebImageResult(BaseModel):
    words_block_count: int
    words_block_list: list[WordsBlock]
    extracted_data: ExtractedData


class WebImageResponse(BaseModel):
    result: WebImageResult


class ThaiIdCardResult(BaseModel):
    """Only the fields that were read are present; ``confidence`` has one entry per returned field."""

    side: Literal["front", "back"]
    type: Literal["normal", "pink"] | None = None
    id_number: str | None = Field(None, description="As printed: 1 2345 67890 12 3.")
    name_th: str | None = None
    name_en: str | None = Field(None, description="Pink cards.")
    ref_number: str | None = Field(None, description="Pink cards.")
    first_name_en: str | None = None
    last_name_en: str | None = None
    date_of_birth_th: str | None = None
    date_of_birth_en: str | None = None
    religion_th: str | None = None
    address_th: str | None = None
    date_of_issue_th: str | None = None
    date_of_issue_en: str | None = None
    date_of_expiry_th: str | None = None
    date_of_expiry_en: str | None = None
    serial_number: str | None = None
    card_number: str | None = Field(None, description="Back.")
    laser_number: str | None = Field(None, description="Back.")
    confidence: dict[str, float]
    portrait_image: str | None = Field(None, description="With return_portrait_image: Base64 JPEG.")
    portrait_location: Quad | None = None
    idcard_type: Literal["normal", "copy", "screen"] | None = None
    text_location: dict[str, Quad] | None = None


class ThaiIdCardResponse(BaseModel):
    result: ThaiIdCardResult


class ErrorBody(BaseModel):
    error_code: str = Field(description="AIS.01xx or APIG.0xxx, as the cloud API.")
    error_msg: str


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "AIS.0101 bad parameter, AIS.0102 bad format or Base64, "
                                             "AIS.0103 image size out of range, AIS.0104 no usable content"},
    401: {"model": ErrorBody, "description": "APIG.0301 authentication required or failed"},
    404: {"model": ErrorBody, "description": "APIG.0101 no such API"},
    413: {"model": ErrorBody, "description": "AIS.0101 request body too large"},
    429: {"model": ErrorBody, "description": "APIG.0308 throttled: the queue is full"},
    500: {"model": ErrorBody, "description": "AIS.0105 recognition failed"},
    503: {"model": ErrorBody, "description": "AIS.0105 models still loading"},
}


def request_body(model: type[BaseModel]) -> dict[str, Any]:
    """``openapi_extra`` documenting ``model`` as the JSON request body of a route that reads raw bytes."""
    return {"requestBody": {"required": True, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{model.__name__}"}}}}}


def finish_openapi(openapi: dict[str, Any]) -> dict[str, Any]:
    """Put the request models (and what they refer to) into the document's components, and drop
    FastAPI's 422 answers: a bad body is answered with the API's own 400 codes, never a 422."""
    schemas = openapi.setdefault("components", {}).setdefault("schemas", {})
    for model in (WebImageRequest, ThaiIdCardRequest):
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    for path in openapi.get("paths", {}).values():
        for operation in path.values():
            operation.get("responses", {}).pop("422", None)
    return openapi
