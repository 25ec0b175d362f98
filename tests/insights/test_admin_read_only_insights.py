"""The Django admin shows targets and reports but never changes them: that would skip the
domain's checks and the audit log."""

from decimal import Decimal

import pytest
from django.urls import reverse

from sanxin.insights.domain.reports import request_report
from sanxin.insights.domain.targets import set_target
from tests.conftest import client_for

pytestmark = pytest.mark.integration


def test_targets_and_reports_are_read_only(world):
    admin = client_for(world, "admin")
    target = set_target(
        actor=world.secretariat, alliance=world.alliance, year=2030, tco2_per_year="9"
    )
    report = request_report(
        actor=world.member,
        alliance=world.alliance,
        start=None,
        end=None,
        language="vi",
        file_format="pdf",
    )
    for name, obj in (("carbontarget", target), ("report", report)):
        assert admin.get(reverse(f"admin:insights_{name}_changelist")).status_code == 200
        change = reverse(f"admin:insights_{name}_change", args=[obj.pk])
        page = admin.get(change)
        assert (page.status_code, 'name="_save"' in page.content.decode()) == (200, False)
        assert admin.post(change, {}).status_code == 403
        assert admin.get(reverse(f"admin:insights_{name}_add")).status_code == 403
        delete = reverse(f"admin:insights_{name}_delete", args=[obj.pk])
        assert admin.post(delete, {"post": "yes"}).status_code == 403
    target.refresh_from_db()
    assert target.tco2_per_year == Decimal("9.0")
