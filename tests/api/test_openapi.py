"""The OpenAPI document at /api/v1/openapi.json and the self-contained docs page."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db

EXPECTED = {
    "/api/v1/frameworks": {"get", "post"},
    "/api/v1/frameworks/{framework_id}": {"get"},
    "/api/v1/frameworks/{framework_id}/status": {"post"},
    "/api/v1/frameworks/{framework_id}/adopt": {"post"},
    "/api/v1/frameworks/{framework_id}/competencies": {"get", "post"},
    "/api/v1/competencies/{competency_id}": {"get"},
    "/api/v1/scales": {"get"},
    "/api/v1/scales/{scale_id}": {"get"},
    "/api/v1/role-profiles": {"get"},
    "/api/v1/role-profiles/{profile_id}": {"get"},
    "/api/v1/role-profiles/{profile_id}/requirements": {"put"},
    "/api/v1/org-units": {"get"},
    "/api/v1/org-units/{org_unit_id}": {"get"},
    "/api/v1/officers": {"get", "post"},
    "/api/v1/officers/{officer_id}": {"get", "patch"},
    "/api/v1/assessments": {"get", "post"},
    "/api/v1/assessments/{assessment_id}": {"get"},
    "/api/v1/assessments/{assessment_id}/validate": {"post"},
    "/api/v1/audit": {"get"},
    "/api/v1/tokens": {"get", "post"},
    "/api/v1/tokens/{token_id}": {"delete"},
}


@pytest.fixture
def schema(client: Client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_document_lists_every_path_and_method(schema):
    assert schema["openapi"].startswith("3.")
    paths = {path: set(ops) for path, ops in schema["paths"].items()}
    assert EXPECTED.items() <= paths.items()
    # and every bounded context's router is mounted
    for prefix in ("strategy", "needs", "catalogue", "delivery"):
        assert any(p.startswith(f"/api/v1/{prefix}/") for p in paths), prefix


def test_every_operation_requires_authentication(schema):
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            assert op.get("security"), f"{method} {path} is open"


def test_lists_declare_the_pagination_envelope(schema):
    components = schema["components"]["schemas"]
    op = schema["paths"]["/api/v1/officers"]["get"]
    params = {p["name"]: p for p in op["parameters"]}
    assert params["limit"]["schema"]["maximum"] == 200
    assert "offset" in params
    ref = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(components[ref]["properties"]) == {"items", "count"}


def test_docs_page_loads_nothing_from_another_host(client: Client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r"https?://", html) == []
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert '"validatorUrl": null' in html
    assert '"url": "/api/v1/openapi.json"' in html


def test_docs_assets_ship_with_the_installation():
    for asset in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js", "ninja/swagger-ui.css"):
        assert finders.find(asset), asset
