"""Shared fixtures: the real models, loaded once per test session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def model_store():
    from airocr.engine.models import ModelStore, RuntimeOptions

    return ModelStore(None, RuntimeOptions(intra_op_threads=2))


@pytest.fixture(scope="session")
def pipeline(model_store):
    from airocr.engine.pipeline import WebImagePipeline

    return WebImagePipeline.from_store(model_store)


@pytest.fixture(scope="session")
def engines(pipeline, model_store):
    from airocr.engine.fonts import FontClassifier
    from airocr.service.app import Engines
    from airocr.service.web_image import WebImageEngines, contact_extractor

    fonts = FontClassifier.from_store(model_store)
    return Engines(web=WebImageEngines(ocr=pipeline, fonts=fonts, contact=contact_extractor()), store=model_store)


@pytest.fixture(scope="session")
def engines_with_idcard(engines, pipeline, model_store):
    from airocr.engine.thaiid.reader import ThaiIdReader

    engines.idcard = ThaiIdReader.from_store(model_store, pipeline=pipeline)
    return engines
