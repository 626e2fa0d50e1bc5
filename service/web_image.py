"""Web Image: engine results → the API's ``result`` object."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from airocr.engine.geometry import to_int_location
from airocr.engine.imageio import DecodedImage
from airocr.engine.pipeline import PipelineOptions, WebImagePipeline
from airocr.service.validation import WebImageRequest


class FontClassifier(Protocol):
    def top_fonts(self, crops: Sequence[np.ndarray], k: int = 5,
                  texts: Sequence[str] | None = None) -> list[list[tuple[str, float]]]: ...


@dataclass
class WebImageEngines:
    """The OCR pipeline plus the optional extras (font model, contact extraction)."""

    ocr: WebImagePipeline
    fonts: FontClassifier | None = None
    contact: Callable[[Sequence[tuple[str, np.ndarray]]], dict[str, str]] | None = None


def run_web_image(engines: WebImageEngines, req: WebImageRequest, image: DecodedImage) -> dict[str, Any]:
    """OCR one decoded image as the request asks and build the response ``result``."""
    options = PipelineOptions(detect_direction=req.detect_direction,
                              detect_text_direction=req.detect_text_direction,
                              keep_crops=req.detect_font and engines.fonts is not None)
    ocr = engines.ocr.run(image.bgr, options)
    blocks: list[dict[str, Any]] = [
        {"words": b.text, "confidence": round(float(b.confidence), 4), "location": to_int_location(b.quad)}
        for b in ocr.blocks
    ]
    if req.detect_font and engines.fonts is not None and blocks:
        texts = [b.text for b in ocr.blocks]  # the line's script limits its candidate families
        for block, fonts in zip(blocks, engines.fonts.top_fonts(ocr.crops, 5, texts), strict=True):
            block["font_list"] = [name for name, _ in fonts]
            block["font_scores"] = [round(float(score), 4) for _, score in fonts]
    extracted: dict[str, Any] = {}
    if "contact_info" in req.extract_type and engines.contact is not None:
        extracted["contact_info"] = engines.contact([(b.text, b.quad) for b in ocr.blocks])
    if "image_size" in req.extract_type:
        extracted["image_size"] = {"height": image.height, "width": image.width}
    return {"words_block_count": len(blocks), "words_block_list": blocks, "extracted_data": extracted}


def contact_extractor() -> Callable[[Sequence[tuple[str, np.ndarray]]], dict[str, str]]:
    """Contact extraction over recognised blocks: blocks on one printed row are joined first
    (labels and values are often separate blocks). Division data loads once, here."""
    from airocr.engine.contact import extract_contact
    from airocr.engine.contact.divisions import default_index
    from airocr.engine.contact.layout import blocks_to_lines

    default_index()
    return lambda blocks: extract_contact(blocks_to_lines(blocks)).to_dict()
