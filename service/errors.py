"""The API's error format: ``{"error_code", "error_msg"}`` with Huawei's codes.

Codes (see README "Errors"): AIS.0101 bad parameter, AIS.0102 unsupported format or not
Base64, AIS.0103 image size out of range, AIS.0104 no usable content (e.g. no ID card),
AIS.0105 recognition failed (internal), APIG.0301 authentication, APIG.0101 no such API,
APIG.0308 throttled.
"""

from __future__ import annotations

from airocr.engine.errors import EngineError, ImageSizeError, InvalidImageData, NoTextFound

BAD_PARAMETER = "AIS.0101"
BAD_FORMAT = "AIS.0102"
BAD_SIZE = "AIS.0103"
UNSUPPORTED_CONTENT = "AIS.0104"
RECOGNITION_FAILED = "AIS.0105"
NO_SUCH_API = "APIG.0101"
THROTTLED = "APIG.0308"

MESSAGES = {
    BAD_PARAMETER: "The input parameter is invalid.",
    BAD_FORMAT: "The image format is not supported.",
    BAD_SIZE: "The image size does not meet the requirements.",
    UNSUPPORTED_CONTENT: "The image is not supported or the image quality is poor.",
    RECOGNITION_FAILED: "Recognition failed.",
}


class ApiError(Exception):
    """An error the client caused (4xx) or that we report without details (5xx)."""

    def __init__(self, status_code: int, error_code: str, detail: str | None = None) -> None:
        base = MESSAGES.get(error_code, "")
        msg = f"{base} {detail}".strip() if detail and base else (detail or base)
        super().__init__(msg)
        self.status_code = status_code
        self.error_code = error_code
        self.error_msg = msg

    def body(self) -> dict[str, str]:
        return {"error_code": self.error_code, "error_msg": self.error_msg}


def bad_parameter(detail: str) -> ApiError:
    return ApiError(400, BAD_PARAMETER, detail)


def from_engine_error(exc: EngineError) -> ApiError:
    """Map an engine input error to the API's code (the engine knows nothing of HTTP)."""
    if isinstance(exc, InvalidImageData):
        return ApiError(400, BAD_FORMAT, exc.message)
    if isinstance(exc, ImageSizeError):
        return ApiError(400, BAD_SIZE, exc.message)
    if isinstance(exc, NoTextFound):
        return ApiError(400, UNSUPPORTED_CONTENT, exc.message)
    return ApiError(400, BAD_PARAMETER, exc.message)
