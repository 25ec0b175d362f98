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


def _on_sqlite() -> bool:
    from django.conf import settings as django_settings

    return django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


# schemathesis calls the WSGI app directly, so Django's request signals close the connection the
# test's transaction lives on — harmless on SQLite's in-memory test database, fatal on
# PostgreSQL. The API is the same on both, so the fuzzing runs in the SQLite pass of .ci/run.
pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not _on_sqlite(), reason="fuzzed in the SQLite pass of .ci/run"),
]

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
