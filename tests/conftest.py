"""Shared fixtures: the real models, loaded once per test session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def pipeline():
    from engine.models import RuntimeOptions
    from engine.pipeline import WebImagePipeline

    return WebImagePipeline.from_model_dir(None, RuntimeOptions(intra_op_threads=2))


@pytest.fixture(scope="session")
def engines(pipeline):
    from engine.fonts import FontClassifier
    from service.app import Engines
    from service.web_image import WebImageEngines, contact_extractor

    fonts = FontClassifier.from_model_dir()
    return Engines(web=WebImageEngines(ocr=pipeline, fonts=fonts, contact=contact_extractor()))


@pytest.fixture(scope="session")
def engines_with_idcard(engines, pipeline):
    from engine.thaiid.reader import ThaiIdReader

    engines.idcard = ThaiIdReader.from_model_dir(pipeline=pipeline)
    return engines
