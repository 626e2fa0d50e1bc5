"""The OpenAPI document describes the contract the routes enforce, and schemathesis finds no 5xx."""

from __future__ import annotations

import dataclasses

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from airocr.service import schemas, validation
from airocr.service.app import create_app
from airocr.service.config import Settings

ROUTES = {"/v2/{project_id}/ocr/web-image": ("WebImageRequest", validation.WebImageRequest),
          "/v2/{project_id}/ocr/thailand-id-card": ("ThaiIdCardRequest", validation.ThaiIdCardRequest)}


@pytest.fixture(scope="module")
def app(engines_with_idcard):
    return create_app(Settings.from_env({}), engines=engines_with_idcard)


@pytest.fixture(scope="module")
def openapi(app):
    return app.openapi()


def test_both_routes_document_their_body_and_errors(openapi):
    components = openapi["components"]["schemas"]
    for path, (name, _) in ROUTES.items():
        post = openapi["paths"][path]["post"]
        assert post["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/" + name)
        assert {"image", "url"} <= set(components[name]["properties"])
        assert {"200", "400", "401", "429"} <= set(post["responses"])
        assert "422" not in post["responses"]
        assert post["responses"]["400"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
    assert components["WebImageRequest"]["properties"]["extract_type"]["items"]["enum"] == ["image_size",
                                                                                              "contact_info"]


@pytest.mark.parametrize("model, parsed", [(schemas.WebImageRequest, validation.WebImageRequest),
                                           (schemas.ThaiIdCardRequest, validation.ThaiIdCardRequest)])
def test_documented_fields_and_defaults_are_the_parsed_ones(model, parsed):
    documented = {name: field.default for name, field in model.model_fields.items()}
    enforced = {f.name: f.default for f in dataclasses.fields(parsed)}
    assert set(documented) == set(enforced)
    for name in ("image", "url"):
        documented.pop(name), enforced.pop(name)
    assert {k: (tuple(v) if isinstance(v, list) else v) for k, v in documented.items()} == enforced


@pytest.fixture(scope="module")
def api_schema(app):
    return schemathesis.openapi.from_asgi("/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_error_for_any_documented_request(case):
    case.call_and_validate(checks=[not_a_server_error])
