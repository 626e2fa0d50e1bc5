"""Fixtures shared by the model tests (the session-wide store and pipeline are in tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def finder(pipeline):
    """The card finder of the service's ID card reader (a module may define its own ``finder``)."""
    from airocr.engine.thaiid.reader import ThaiIdReader

    return ThaiIdReader.from_model_dir(pipeline=pipeline).finder
