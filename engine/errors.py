"""Engine-level errors.

The engine knows nothing about HTTP: each error carries a stable ``kind`` that the
service maps to the API's own error codes (``AIS.0101`` …) and HTTP statuses.
"""

from __future__ import annotations


class EngineError(Exception):
    """Base class for errors caused by the input, not by a bug."""

    kind = "invalid_input"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidImageData(EngineError):
    """The payload is not Base64, not an image, or in a format we do not accept."""

    kind = "bad_format"


class ImageSizeError(EngineError):
    """The image (bytes or pixels) is outside the configured limits."""

    kind = "bad_size"


class NoTextFound(EngineError):
    """The image holds nothing the endpoint can work on (e.g. no ID card)."""

    kind = "unsupported_content"


class ModelIntegrityError(RuntimeError):
    """A model file is missing or differs from the manifest; the service must not start."""
