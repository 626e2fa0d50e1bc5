"""Web Image: engine results → the API's ``result`` object."""

from __future__ import annotations

from typing import Any

from engine.geometry import to_int_location
from engine.imageio import DecodedImage
from engine.pipeline import OcrResult, PipelineOptions, WebImagePipeline
from service.validation import WebImageRequest


def run_web_image(pipeline: WebImagePipeline, req: WebImageRequest, image: DecodedImage,
                  extras: Any = None) -> dict[str, Any]:
    """OCR one decoded image as the request asks and build the response ``result``."""
    options = PipelineOptions(detect_direction=req.detect_direction,
                              detect_text_direction=req.detect_text_direction,
                              keep_crops=req.detect_font)
    ocr = pipeline.run(image.bgr, options)
    blocks = [
        {"words": b.text, "confidence": round(float(b.confidence), 4), "location": to_int_location(b.quad)}
        for b in ocr.blocks
    ]
    if req.detect_font and extras is not None and getattr(extras, "fonts", None) is not None:
        for block, fonts in zip(blocks, extras.fonts(ocr.crops), strict=True):
            block["font_list"] = [name for name, _ in fonts]
            block["font_scores"] = [round(float(score), 4) for _, score in fonts]
    extracted: dict[str, Any] = {}
    if "contact_info" in req.extract_type and extras is not None and getattr(extras, "contact", None):
        extracted["contact_info"] = extras.contact([b.text for b in ocr.blocks])
    if "image_size" in req.extract_type:
        extracted["image_size"] = {"height": image.height, "width": image.width}
    return {"words_block_count": len(blocks), "words_block_list": blocks, "extracted_data": extracted}


def ocr_summary(result: OcrResult) -> dict[str, Any]:
    return {"blocks": len(result.blocks), "rotation_deg": result.rotation_deg}
