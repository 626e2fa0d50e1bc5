"""Thailand ID Card: engine reading → the API's ``result`` object.

Field names and order follow ``ThailandIdcardResult``; optional parts (portrait, idcard_type,
text_location) appear only when asked for, and every returned field has a confidence.
"""

from __future__ import annotations

from typing import Any, Protocol

from airocr.engine.geometry import to_int_location
from airocr.engine.imageio import DecodedImage
from airocr.service.validation import ThaiIdCardRequest

FRONT_FIELDS = ("id_number", "name_th", "name_en", "ref_number", "first_name_en", "last_name_en",
                "date_of_birth_th", "date_of_birth_en", "religion_th", "address_th", "date_of_issue_th",
                "date_of_issue_en", "date_of_expiry_th", "date_of_expiry_en", "serial_number")
BACK_FIELDS = ("card_number", "laser_number")


class IdCardReader(Protocol):
    def read(self, image_bgr, side: str | None, want_portrait: bool, want_idcard_type: bool) -> Any: ...


def run_thai_idcard(reader: IdCardReader, req: ThaiIdCardRequest, image: DecodedImage) -> dict[str, Any]:
    """Read one card as the request asks and build the response ``result``."""
    want_portrait = req.return_portrait_image or req.return_portrait_location
    reading = reader.read(image.bgr, req.side, want_portrait, req.return_idcard_type)
    result: dict[str, Any] = {"side": reading.side}
    if reading.side == "front" and reading.card_type:
        result["type"] = reading.card_type
    order = FRONT_FIELDS if reading.side == "front" else BACK_FIELDS
    present = [name for name in order if name in reading.fields and reading.fields[name].text]
    for name in present:
        result[name] = reading.fields[name].text
    result["confidence"] = {name: round(float(min(max(reading.fields[name].confidence, 0.0), 1.0)), 4)
                            for name in present}
    if req.return_portrait_image and reading.portrait_b64:
        result["portrait_image"] = reading.portrait_b64
    if req.return_portrait_location and reading.portrait_location is not None:
        result["portrait_location"] = [[int(x), int(y)] for x, y in reading.portrait_location]
    if req.return_idcard_type and reading.idcard_type:
        result["idcard_type"] = reading.idcard_type
    if req.return_text_location:
        result["text_location"] = {name: to_int_location(reading.fields[name].quad_image) for name in present}
    return result
