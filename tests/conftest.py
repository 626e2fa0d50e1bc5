"""Shared fixtures: the real models, loaded once per test session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def pipeline():
    from airocr.engine.models import RuntimeOptions
    from airocr.engine.pipeline import WebImagePipeline

    return WebImagePipeline.from_model_dir(None, RuntimeOptions(intra_op_threads=2))


@pytest.fixture(scope="session")
def engines(pipeline):
    from airocr.engine.fonts import FontClassifier
    from airocr.service.app import Engines
    from airocr.service.web_image import WebImageEngines, contact_extractor

    fonts = FontClassifier.from_model_dir()
    return Engines(web=WebImageEngines(ocr=pipeline, fonts=fonts, contact=contact_extractor()))


@pytest.fixture(scope="session")
def engines_with_idcard(engines, pipeline):
    from airocr.engine.thaiid.reader import ThaiIdReader

    engines.idcard = ThaiIdReader.from_model_dir(pipeline=pipeline)
    return engines
