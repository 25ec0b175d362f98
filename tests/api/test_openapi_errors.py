"""The OpenAPI schema documents the error answers each operation can give."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


def test_an_operation_whose_query_names_an_object_documents_404(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    dashboard = paths["/api/insights/dashboard"]["get"]["responses"]
    assert {"200", "401", "403", "404", "422"} <= set(dashboard)
    assert "404" in paths["/api/insights/reports"]["post"]["responses"]  # the body names it
    assert "404" not in paths["/api/me"]["get"]["responses"]  # nothing to name, nothing to miss
