"""The whole REST API fuzzed from its OpenAPI schema with schemathesis, anonymously and as a
signed-in member: no server errors, every response as the schema documents it."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """schemathesis calls the WSGI app directly, so Django's request signals would close the
    connection the test's transaction lives on (fatal on PostgreSQL). Django's own test client
    unhooks ``close_old_connections`` for the same reason; so do we, for each test."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


EXAMPLES = 5
#: No server errors, and every answer as documented: status, content type and body schema.
#: (Not "positive data acceptance": the domain rightly refuses some schema-valid input, e.g. an
#: organization without a name in any language, with a 422 that says what to fix.)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _schema():
    from sanxin.config.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/openapi.json", application)


schema = _schema()


@pytest.fixture
def member_token(world):
    from sanxin.directory.domain.people import create_api_token

    _, raw = create_api_token(actor=world.member, name="fuzz")
    return raw


SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)


@schema.parametrize()
@SETTINGS
def test_anonymous(case, db):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@SETTINGS
def test_signed_in_member(case, member_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {member_token}"}, checks=CHECKS)
