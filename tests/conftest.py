"""Shared fixtures (the real models, loaded once per test session) and the test groups.

Tests are grouped by what they load, one folder each, and marked after it: ``unit`` (no model),
``models`` (the shipped ONNX models) and ``http`` (the app over HTTP, the SDK, the demo page, Ray
Serve). ``pytest -m unit`` runs the quick group alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

GROUPS = ("unit", "models", "http")


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        group = Path(str(item.path)).parent.name
        if group in GROUPS:
            item.add_marker(getattr(pytest.mark, group))


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
