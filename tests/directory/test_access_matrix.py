"""The access matrix: every directory page and action, as each role, with the expected answer.

Roles: anonymous, member of another alliance, member, consortium partner (admin of another
member organization), organization admin, alliance secretariat, platform admin.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import get_resolver, reverse

from sanxin.directory.enums import MembershipStatus
from tests.conftest import ROLES
from tests.factories import MembershipFactory, OfferFactory, OrganizationFactory

pytestmark = pytest.mark.integration

LOGIN = "login"  # expected: redirect to the sign-in page
OK = 200
FORBIDDEN = 403
HIDDEN = 404
DONE = 302  # a POST action that succeeded and redirected


@dataclass(frozen=True)
class Case:
    url: Callable  # (world, extra) -> path
    expect: dict[str, object]
    method: str = "get"


def _all(value):
    return dict.fromkeys(ROLES, value)


def _setup_extra(world):
    offer = OfferFactory(organization=world.member_org, created_by=world.member)
    pending_org = OrganizationFactory(slug="applicant")
    pending = MembershipFactory(
        alliance=world.alliance, organization=pending_org, status=MembershipStatus.PENDING
    )
    return {"offer": offer, "pending": pending}


MEMBERS_ONLY_PAGE = {
    "anonymous": HIDDEN,
    "other_alliance": HIDDEN,
    "member": OK,
    "partner": OK,
    "org_admin": OK,
    "secretariat": OK,
    "admin": OK,
}
EDIT_MEMBER_ORG = {
    "anonymous": LOGIN,
    "other_alliance": HIDDEN,
    "member": FORBIDDEN,
    "partner": FORBIDDEN,
    "org_admin": OK,
    "secretariat": OK,
    "admin": OK,
}
SECRETARIAT_ONLY = {
    "anonymous": LOGIN,
    "other_alliance": FORBIDDEN,
    "member": FORBIDDEN,
    "partner": FORBIDDEN,
    "org_admin": FORBIDDEN,
    "secretariat": OK,
    "admin": OK,
}

MATRIX: dict[str, list[Case]] = {
    "home": [Case(lambda w, x: reverse("home"), _all(OK))],
    "org_list": [Case(lambda w, x: reverse("org_list"), _all(OK))],
    "org_create": [Case(lambda w, x: reverse("org_create"), SECRETARIAT_ONLY)],
    "org_detail": [
        Case(lambda w, x: reverse("org_detail", args=[w.public_org.slug]), _all(OK)),
        Case(lambda w, x: reverse("org_detail", args=[w.member_org.slug]), MEMBERS_ONLY_PAGE),
        Case(
            lambda w, x: reverse("org_detail", args=[w.other_org.slug]),
            {
                "anonymous": HIDDEN,
                "other_alliance": OK,
                "member": HIDDEN,
                "partner": HIDDEN,
                "org_admin": HIDDEN,
                "secretariat": HIDDEN,
                "admin": OK,
            },
        ),
    ],
    "org_edit": [Case(lambda w, x: reverse("org_edit", args=[w.member_org.slug]), EDIT_MEMBER_ORG)],
    "org_history": [
        Case(lambda w, x: reverse("org_history", args=[w.member_org.slug]), EDIT_MEMBER_ORG)
    ],
    "org_confirm": [
        Case(
            lambda w, x: reverse("org_confirm", args=[w.member_org.slug]),
            {**EDIT_MEMBER_ORG, "org_admin": DONE, "secretariat": DONE, "admin": DONE},
            method="post",
        )
    ],
    "alliance_members": [
        Case(lambda w, x: reverse("alliance_members", args=[w.alliance.slug]), SECRETARIAT_ONLY)
    ],
    "alliance_invite": [
        Case(
            lambda w, x: reverse("alliance_invite", args=[w.alliance.slug]),
            {**SECRETARIAT_ONLY, "secretariat": DONE, "admin": DONE},
            method="post",
        )
    ],
    "alliance_apply": [
        Case(
            lambda w, x: reverse("alliance_apply", args=[w.alliance.slug]),
            {
                "anonymous": LOGIN,
                "other_alliance": DONE,
                "member": FORBIDDEN,
                "partner": DONE,
                "org_admin": DONE,
                "secretariat": DONE,
                "admin": FORBIDDEN,
            },
            method="post",
        )
    ],
    "membership_action": [
        Case(
            lambda w, x: reverse("membership_action", args=[x["pending"].pk, "approve"]),
            {
                "anonymous": LOGIN,
                "other_alliance": HIDDEN,
                "member": HIDDEN,
                "partner": HIDDEN,
                "org_admin": HIDDEN,
                "secretariat": DONE,
                "admin": DONE,
            },
            method="post",
        )
    ],
    "offer_list": [Case(lambda w, x: reverse("offer_list"), _all(OK))],
    "offer_detail": [
        Case(lambda w, x: reverse("offer_detail", args=[x["offer"].pk]), MEMBERS_ONLY_PAGE)
    ],
    "offer_create": [
        Case(
            lambda w, x: reverse("offer_create"),
            {**_all(OK), "anonymous": LOGIN, "admin": FORBIDDEN},
        )
    ],
    "offer_edit": [
        Case(
            lambda w, x: reverse("offer_edit", args=[x["offer"].pk]),
            {**EDIT_MEMBER_ORG, "member": OK},
        )
    ],
    "offer_delete": [
        Case(
            lambda w, x: reverse("offer_delete", args=[x["offer"].pk]),
            {
                **EDIT_MEMBER_ORG,
                "member": DONE,
                "org_admin": DONE,
                "secretariat": DONE,
                "admin": DONE,
            },
            method="post",
        )
    ],
    "token_list": [Case(lambda w, x: reverse("token_list"), {**_all(OK), "anonymous": LOGIN})],
}

#: Views whose access is tested elsewhere (named file) or that are Django's own.
TESTED_ELSEWHERE = {
    "org_import": "tests/directory/test_import*.py",
    "org_export": "tests/directory/test_export*.py",
    "token_revoke": "tests/directory/test_tokens.py",
    "logo": "tests/directory/test_org_edit_view.py",
    "project_import": "tests/projects/test_access_matrix_imports.py",
    "project_import_run": "tests/projects/test_access_matrix_imports.py",
}
DJANGO_OWN = {
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "healthz",
}


def _our_url_names() -> set[str]:
    names = set()

    def walk(patterns):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                if getattr(p, "namespace", None) in ("admin", "api"):
                    continue
                walk(p.url_patterns)
            elif p.name:
                names.add(p.name)

    walk(get_resolver().url_patterns)
    return names - {"set_language"}


def test_every_page_is_in_the_matrix():
    from tests.appraisals.test_access_matrix_appraisals import MATRIX as APPRAISALS_MATRIX
    from tests.chains.test_access_matrix_chains import MATRIX as CHAINS_MATRIX
    from tests.events.test_access_matrix_events import MATRIX as EVENTS_MATRIX
    from tests.insights.test_access_matrix_insights import MATRIX as INSIGHTS_MATRIX
    from tests.matching.test_access_matrix_matching import MATRIX as MATCHING_MATRIX
    from tests.projects.test_access_matrix_inbox import MATRIX as INBOX_MATRIX
    from tests.projects.test_access_matrix_projects import MATRIX as PROJECTS_MATRIX

    missing = (
        _our_url_names()
        - set(MATRIX)
        - set(PROJECTS_MATRIX)
        - set(EVENTS_MATRIX)
        - set(APPRAISALS_MATRIX)
        - set(CHAINS_MATRIX)
        - set(MATCHING_MATRIX)
        - set(INSIGHTS_MATRIX)
        - set(INBOX_MATRIX)
        - set(TESTED_ELSEWHERE)
        - DJANGO_OWN
    )
    assert missing == set()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access(client, world, role, name):
    extra = _setup_extra(world)
    person = world.person(role)
    if person is not None:
        client.force_login(person)
    for case in MATRIX[name]:
        url = case.url(world, extra)
        data = {"organization": world.public_org.pk, "role": "member"} if "invite" in url else {}
        response = getattr(client, case.method)(url, data)
        expected = case.expect[role]
        if expected == LOGIN:
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("login"))
        else:
            assert response.status_code == expected, (name, url, role)
            if expected == DONE:
                assert not response["Location"].startswith(reverse("login"))
