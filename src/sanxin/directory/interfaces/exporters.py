"""Export the organizations a viewer may see as .xlsx or .csv.

The rows come from :func:`search_organizations` with the directory list's filters, so an export
holds exactly what the viewer's directory shows. The columns are the importer's, so an exported
file can be edited and imported again; values are written so that the importer reads them back
to the same thing (labels in the viewer's language where they are unambiguous, else codes).
A fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from sanxin.common.enums import Confidentiality
from sanxin.directory.domain.access import Viewer, visible_memberships
from sanxin.directory.domain.imports import Lookups
from sanxin.directory.domain.queries import OrgFilters, search_organizations
from sanxin.directory.enums import MembershipRole, MembershipStatus, OrgType
from sanxin.directory.interfaces.importers import COLUMN_KEYS, EXPORT_ONLY
from sanxin.directory.models import Membership, Organization

EXPORT_COLUMNS: tuple[str, ...] = (*COLUMN_KEYS, *EXPORT_ONLY)
#: Text that a spreadsheet would run as a formula (CSV injection); phone numbers are fine.
_RISKY = re.compile(r"^[=@\t\r]|^[+\-](?![\d\s().\-]*$)")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def context_alliance_id(viewer: Viewer, filters: OrgFilters, memberships) -> int | None:
    """The alliance whose membership role and date the export shows, if there is one."""
    if filters.alliance:
        for m in memberships:
            if m.alliance.slug == filters.alliance:
                return m.alliance_id
        return None
    own = viewer.all_alliance_ids
    return next(iter(own)) if len(own) == 1 else None


def organizations_for_export(viewer: Viewer, filters: OrgFilters):
    memberships = (
        visible_memberships(viewer)
        .filter(status=MembershipStatus.ACTIVE)
        .select_related("alliance")
        .order_by("alliance__slug")
    )
    return search_organizations(viewer, filters).prefetch_related(
        "capabilities",
        Prefetch("memberships", queryset=memberships, to_attr="export_memberships"),
    )


def _row(org: Organization, lookups: Lookups, filters: OrgFilters, viewer: Viewer) -> list[Any]:
    memberships: list[Membership] = org.export_memberships
    alliance_id = context_alliance_id(viewer, filters, memberships)
    membership = next((m for m in memberships if m.alliance_id == alliance_id), None)
    values: dict[str, Any] = {
        "type": str(OrgType(org.org_type).label),
        "province": lookups.region_label(org.province) if org.province_id else "",
        "segments": "; ".join(lookups.capability_label(c) for c in org.segments.all()),
        "capabilities": "; ".join(lookups.capability_label(c) for c in org.capabilities.all()),
        "confidentiality": str(Confidentiality(org.confidentiality).label),
        "membership_role": str(MembershipRole(membership.role).label) if membership else "",
        "member_since": membership.since if membership else None,
        "alliances": "; ".join(m.alliance.name for m in memberships),
    }
    return [values[k] if k in values else getattr(org, k) for k in EXPORT_COLUMNS]


def export_rows(viewer: Viewer, filters: OrgFilters) -> list[list[Any]]:
    """The header and one row per organization the viewer may see, filtered like the list."""
    lookups = Lookups()
    orgs = organizations_for_export(viewer, filters)
    return [list(EXPORT_COLUMNS), *(_row(org, lookups, filters, viewer) for org in orgs)]


def _safe(value: Any) -> Any:
    if isinstance(value, str) and _RISKY.match(value):
        return "'" + value
    return value


def export_csv(viewer: Viewer, filters: OrgFilters) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in export_rows(viewer, filters):
        writer.writerow(
            [
                "" if v is None else v.isoformat() if isinstance(v, dt.date) else _safe(v)
                for v in row
            ]
        )
    # With a byte-order mark, Excel opens UTF-8 (Chinese, Vietnamese) correctly.
    return buffer.getvalue().encode("utf-8-sig")


def export_xlsx(viewer: Viewer, filters: OrgFilters) -> bytes:
    from openpyxl import Workbook  # noqa: PLC0415 - only needed for this format
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # noqa: PLC0415
    from openpyxl.styles import Font  # noqa: PLC0415

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Organizations")[:31]
    for number, row in enumerate(export_rows(viewer, filters), start=1):
        for column, raw in enumerate(row, start=1):
            value = ILLEGAL_CHARACTERS_RE.sub("", raw) if isinstance(raw, str) else raw
            cell = sheet.cell(row=number, column=column, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text, never a formula
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            if number == 1:
                cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(fmt: str, today: dt.date) -> str:
    return f"sanxin-organizations-{today.isoformat()}.{fmt}"
