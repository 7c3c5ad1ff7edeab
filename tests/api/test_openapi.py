"""The OpenAPI document: public, OpenAPI 3, every endpoint in it with its security."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    ("/api/articles", "post"),
    ("/api/claims", "get"),
    ("/api/claims/{claim_id}", "get"),
    ("/api/claims/{claim_id}/verdict", "post"),
    ("/api/conflicts", "get"),
    ("/api/stories", "get"),
}


@pytest.fixture
def document() -> dict:
    response = Client().get("/api/openapi.json")  # anonymous: a CMS developer reads it before having a key
    assert response.status_code == 200
    return response.json()


def test_it_is_an_openapi_3_document_with_every_endpoint(document):
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] and document["info"]["version"]
    found = {(path, method) for path, operations in document["paths"].items() for method in operations}
    assert found == ENDPOINTS


def test_it_resolves_every_schema_reference(document):
    schemas = document["components"]["schemas"]

    def refs(node):
        if isinstance(node, dict):
            if "$ref" in node:
                yield node["$ref"]
            for value in node.values():
                yield from refs(value)
        elif isinstance(node, list):
            for value in node:
                yield from refs(value)

    found = set(refs(document["paths"]))
    assert found, "the operations refer to their schemas"
    for ref in found:
        assert ref.startswith("#/components/schemas/") and ref.rsplit("/", 1)[1] in schemas, ref


def test_it_documents_bearer_authentication_and_the_answers(document):
    schemes = document["components"]["securitySchemes"]
    assert any(s.get("type") == "http" and s.get("scheme") == "bearer" for s in schemes.values())
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert operation["security"], (path, method)
            assert {"200", "401", "403"} <= set(operation["responses"]), (path, method)
    verdict = document["paths"]["/api/claims/{claim_id}/verdict"]["post"]
    assert "409" in verdict["responses"]
    body = document["paths"]["/api/articles"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert [option.get("type") for option in body["oneOf"]] == ["object", "array"]


def test_it_keeps_the_docs_page_behind_the_login(editor):
    assert Client().get("/api/docs").status_code == 302
    browser = Client()
    browser.force_login(editor)
    response = browser.get("/api/docs")
    assert response.status_code == 200 and b"swagger" in response.content.lower()


def test_it_validates_against_the_openapi_specification(document):
    from openapi_spec_validator import validate

    validate(document)  # raises, naming the part at fault, on a document that breaks the specification
