"""Import organizations and their memberships from CSV or Excel, all or nothing.

Every row is read, matched to an existing organization (by slug, else by exact name) and then
run through the same domain functions as the UI inside one transaction. A dry run, or a file
with any error, rolls that transaction back: nothing is saved, and every problem is reported
as (row, column, message) in the user's language. Empty cells leave an existing value as it is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanxin.directory.domain.access import visible_organizations
from sanxin.directory.domain.common import acting_viewer, require, snapshot
from sanxin.directory.domain.imports import (
    Lookups,
    can_import_organizations,
    country_code,
    import_alliances,
    import_membership,
    key,
)
from sanxin.directory.domain.organizations import (
    EDITABLE_FIELDS,
    create_organization,
    update_organization,
)
from sanxin.directory.interfaces.tabular import Table, TabularError, read_table
from sanxin.directory.models import Alliance, Organization

LANGS = ("zh", "en", "vi")
NAME_COLUMNS = tuple(f"name_{lang}" for lang in LANGS)
TEXT_COLUMNS = tuple(
    f"{base}_{lang}" for base in ("situation", "advantages", "ideas") for lang in LANGS
)


_OPTIONAL = gettext_lazy("Optional.")


@dataclass(frozen=True)
class Column:
    key: str
    #: the model field the column sets (None: a membership column)
    field: str | None
    help: Promise = _OPTIONAL
    title: Promise | None = None

    @property
    def label(self) -> str:
        if self.title is not None:
            return capfirst(self.title)
        return capfirst(Organization._meta.get_field(self.field).verbose_name)


COLUMNS: tuple[Column, ...] = (
    Column("slug", "slug", gettext_lazy("Optional. Matches an existing organization to update.")),
    *(Column(c, c, gettext_lazy("At least one of the three names.")) for c in NAME_COLUMNS),
    Column("short_name", "short_name"),
    Column(
        "type",
        "org_type",
        gettext_lazy("A code such as soe, or the type's name in any language (国有企业)."),
    ),
    Column("country", "country", gettext_lazy("ISO code (CN, VN) or the country's name.")),
    Column(
        "province",
        "province",
        gettext_lazy(
            "A code (CN-SC, VN-01) or the name in any language; Vietnam's 63 provinces "
            "before July 2025 are accepted too."
        ),
    ),
    Column(
        "segments",
        "segments",
        gettext_lazy("Top-level capabilities (codes or names), separated by ; or ,"),
    ),
    Column("capabilities", "capabilities", gettext_lazy("Codes or names, separated by ; or ,")),
    *(Column(c, c) for c in TEXT_COLUMNS),
    Column("website", "website"),
    Column("email", "email"),
    Column("phone", "phone"),
    Column(
        "confidentiality",
        "confidentiality",
        gettext_lazy("public, alliance or own (or their names); new ones default to alliance."),
    ),
    Column(
        "membership_role",
        None,
        gettext_lazy("chair, vice_chair, member or observer (or their names)."),
        gettext_lazy("Membership role"),
    ),
    Column("member_since", None, gettext_lazy("A date: YYYY-MM-DD."), gettext_lazy("Member since")),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)
#: Columns an export writes that an import reads past.
EXPORT_ONLY = ("alliances", "source_dataset")
_FIELD_TO_COLUMN = {c.field: c.key for c in COLUMNS if c.field} | {
    "role": "membership_role",
    "since": "member_since",
}
_FORMULA = re.compile(r"^'(?=[=+\-@])")


class RowError(NamedTuple):
    row: int
    column: str
    message: str


@dataclass
class RowPlan:
    row: int
    data: dict[str, Any]
    membership: dict[str, Any]
    existing: Organization | None = None
    matched_by: str = ""
    #: True when the row cannot be run at all (it matches several organizations, repeats…)
    skip: bool = False
    #: "create", "update" or "unchanged", known once the row has run
    action: str = ""
    slug: str = ""
    name: str = ""
    changes: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    dry_run: bool
    alliance: Alliance | None = None
    rows: list[RowPlan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rollback(Exception):  # noqa: N818 - control flow, not an error
    pass


# --- reading cells ---------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return _FORMULA.sub("", str(value).strip())


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a date, no time
        except ValueError:
            continue
    raise ValueError(
        _("“%(value)s” is not a date; write it as YYYY-MM-DD, e.g. 2023-05-01.") % {"value": text}
    )


def _choice(mapping: dict[str, str], text: str) -> str:
    code = mapping.get(key(text))
    if code is None:
        choices = ", ".join(sorted(set(mapping.values())))
        raise ValueError(
            _("“%(value)s” is not one of the accepted values; use one of: %(choices)s.")
            % {"value": text, "choices": choices}
        )
    return code


def _header_map(header: list[str], errors: list[RowError]) -> dict[int, str]:
    aliases = {key(k): k for k in COLUMN_KEYS} | {"org_type": "type", "role": "membership_role"}
    for column in COLUMNS:
        for language in ("en", "zh-hans", "vi"):
            with translation.override(language):
                aliases.setdefault(key(str(column.label)), column.key)
    out: dict[int, str] = {}
    for index, title in enumerate(header):
        if not title:
            continue
        k = aliases.get(key(title)) or aliases.get(key(title).replace(" ", "_"))
        if k is None:
            if key(title) not in EXPORT_ONLY:
                errors.append(
                    RowError(
                        1,
                        title,
                        _("Unknown column; the columns are: %(cols)s.")
                        % {"cols": ", ".join(COLUMN_KEYS)},
                    )
                )
            continue
        if k in out.values():
            errors.append(RowError(1, title, _("This column appears twice.")))
            continue
        out[index] = k
    if not set(NAME_COLUMNS) & set(out.values()) and "slug" not in out.values():
        errors.append(
            RowError(
                1,
                "name_zh / name_en / name_vi",
                _("The file needs at least one name column: %(cols)s.")
                % {"cols": ", ".join(NAME_COLUMNS)},
            )
        )
    return out


def _country(text: str) -> str:
    code = country_code(text)
    if code is None:
        raise ValueError(
            _("“%(value)s” is not a country; write its ISO code (CN, VN) or its name.")
            % {"value": text}
        )
    return code


#: column → (key in the row's data, or "membership." + key; reader of the cell's text)
_READERS: dict[str, tuple[str, Any]] = {
    "type": ("org_type", lambda lk, text: _choice(lk.org_types, text)),
    "country": ("country", lambda lk, text: _country(text)),
    "segments": ("segments", lambda lk, text: lk.capability_list(text, segment=True)),
    "capabilities": ("capabilities", lambda lk, text: lk.capability_list(text, segment=False)),
    "confidentiality": ("confidentiality", lambda lk, text: _choice(lk.confidentiality, text)),
    "membership_role": ("membership.role", lambda lk, text: _choice(lk.roles, text)),
    "member_since": ("membership.since", lambda lk, text: _date(text)),
    "website": ("website", lambda lk, text: text if "://" in text else f"https://{text}"),
}


def _parse(number: int, cells: dict[str, Any], lookups: Lookups, errors: list[RowError]) -> RowPlan:
    plan = RowPlan(row=number, data={}, membership={})
    for column, value in cells.items():
        text = _text(value)
        if not text or column == "province":
            continue
        target, reader = _READERS.get(column, (column, lambda lk, text: text))
        try:
            parsed = reader(lookups, value if column == "member_since" else text)
        except ValueError as exc:
            errors.append(RowError(number, column, str(exc)))
            continue
        if target.startswith("membership."):
            plan.membership[target.removeprefix("membership.")] = parsed
        else:
            plan.data[target] = parsed
    province = _text(cells.get("province"))
    if province:
        try:
            region = lookups.region(province, plan.data.get("country"))
        except ValueError as exc:
            errors.append(RowError(number, "province", str(exc)))
        else:
            plan.data["province"] = region
            plan.data.setdefault("country", region.country)
    return plan


# --- matching rows to existing organizations ----------------------------------------------

_NAMES = "name_zh / name_en / name_vi"


def _find(plan: RowPlan, candidates: list[Organization]) -> str | None:
    """Set ``plan.existing`` from the candidates; returns an error message or None."""
    slug = plan.data.get("slug")
    for org in candidates:
        if slug and org.slug == slug:
            plan.existing, plan.matched_by = org, "slug"
            return None
    found = {
        o.pk: o
        for o in candidates
        for c in NAME_COLUMNS
        if plan.data.get(c) and getattr(o, c) == plan.data[c]
    }
    if len(found) > 1:
        return _(
            "The names match several organizations (%(slugs)s); put the right one's short "
            "code in the slug column."
        ) % {"slugs": ", ".join(sorted(o.slug for o in found.values()))}
    if found:
        plan.existing, plan.matched_by = next(iter(found.values())), "name"
    return None


def _match(plans: list[RowPlan], scope, errors: list[RowError]) -> None:
    cond = Q()
    for column in ("slug", *NAME_COLUMNS):
        values = {p.data[column] for p in plans if p.data.get(column)}
        if values:
            cond |= Q(**{f"{column}__in": values})
    candidates = list(scope.filter(cond)) if cond else []
    seen: dict[Any, int] = {}
    for plan in plans:
        problem = _find(plan, candidates)
        if problem:
            errors.append(RowError(plan.row, _NAMES, problem))
            plan.skip = True
            continue
        identity = (
            [("pk", plan.existing.pk)]
            if plan.existing
            else [(c, plan.data[c]) for c in ("slug", *NAME_COLUMNS) if plan.data.get(c)]
        )
        earlier = next((seen[i] for i in identity if i in seen), None)
        if earlier is not None:
            message = _("This organization is already in row %(row)s; keep one row for it.")
            errors.append(RowError(plan.row, "", message % {"row": earlier}))
            plan.skip = True
        for ident in identity:
            seen.setdefault(ident, plan.row)
        if plan.existing is not None:
            continue
        failed = {e.column for e in errors if e.row == plan.row}
        if not any(plan.data.get(c) for c in NAME_COLUMNS):
            message = _("Give the organization a name in at least one language.")
            errors.append(RowError(plan.row, _NAMES, message))
            plan.skip = True
        elif not plan.data.get("country") and not failed & {"country", "province"}:
            message = _("Give the country of a new organization (CN, VN or its name).")
            errors.append(RowError(plan.row, "country", message))
            plan.skip = True


# --- running the rows ---------------------------------------------------------------------


def _validation_errors(row: int, exc: ValidationError) -> list[RowError]:
    if not hasattr(exc, "error_dict"):
        return [RowError(row, "", m) for m in exc.messages]
    return [
        RowError(row, _FIELD_TO_COLUMN.get(f, "" if f == "__all__" else f), m)
        for f, messages in exc.message_dict.items()
        for m in messages
    ]


def _run_row(plan: RowPlan, actor: Any, alliance: Alliance | None) -> None:
    if plan.existing is None:
        org = create_organization(actor=actor, data=plan.data)
        plan.action = "create"
    else:
        plan.data.pop("slug", None)  # the slug of an existing organization never changes
        old = snapshot(plan.existing, EDITABLE_FIELDS)
        org = update_organization(actor=actor, organization=plan.existing, data=plan.data)
        new = snapshot(org, EDITABLE_FIELDS)
        plan.changes = [_FIELD_TO_COLUMN.get(k, k) for k in EDITABLE_FIELDS if old[k] != new[k]]
        plan.action = "update" if plan.changes else "unchanged"
    if alliance is not None:
        membership = import_membership(
            actor=actor,
            alliance=alliance,
            organization=org,
            role=plan.membership.get("role"),
            since=plan.membership.get("since"),
        )
        if membership is not None and plan.action != "create":
            plan.changes.append("membership")
            plan.action = "update"
    plan.slug, plan.name = org.slug, org.name


def _run(result: ImportResult, actor: Any) -> None:
    """Run every good row inside one transaction; roll it back on a dry run or any error."""
    errors = result.errors
    # A row whose cells could not all be read still runs without them, so that the domain's
    # checks of its other cells are reported too (but not twice for the same cell).
    failed = {(e.row, e.column) for e in errors}
    try:
        with transaction.atomic():
            for plan in result.rows:
                if plan.skip:
                    continue
                try:
                    with transaction.atomic():  # a savepoint, so later rows still get checked
                        _run_row(plan, actor, result.alliance)
                except ValidationError as exc:
                    errors.extend(
                        e
                        for e in _validation_errors(plan.row, exc)
                        if (e.row, e.column) not in failed
                    )
                except PermissionDenied:
                    name = plan.existing.name if plan.existing else ""
                    message = _("This row matches “%(name)s”, which you may not change.")
                    errors.append(RowError(plan.row, "", message % {"name": name}))
            if result.dry_run or errors:
                raise _Rollback
    except _Rollback:
        pass


def _read_rows(result: ImportResult, table: Table) -> None:
    errors = result.errors
    columns = _header_map(table.header, errors)
    lookups = Lookups()
    no_alliance = _(
        "No alliance was chosen for this import, so there is no membership to set; choose "
        "an alliance or leave this column empty."
    )
    for number, cells in table.rows:
        named = {columns[i]: v for i, v in enumerate(cells) if i in columns}
        plan = _parse(number, named, lookups, errors)
        if plan.membership and result.alliance is None:
            errors.extend(
                RowError(number, column, no_alliance)
                for column in ("membership_role", "member_since")
                if _text(named.get(column))
            )
        result.rows.append(plan)
    if not table.rows and not errors:
        errors.append(RowError(2, "", _("The file has no rows to import below its header.")))


def import_organizations(
    *, actor: Any, table: Table, alliance: Alliance | None, dry_run: bool
) -> ImportResult:
    """Import ``table``; saves everything, or (dry run, or any error) nothing.

    ``actor`` None is the system (the CLI). A secretariat's import always goes to its alliance.
    """
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_import_organizations(viewer))
        if alliance is None and not viewer.is_admin:
            alliance = import_alliances(viewer).first()
        require(alliance is None or import_alliances(viewer).filter(pk=alliance.pk).exists())
    result = ImportResult(dry_run=dry_run, alliance=alliance)
    _read_rows(result, table)
    scope = Organization.objects.all() if viewer is None else visible_organizations(viewer)
    _match(result.rows, scope, result.errors)
    _run(result, actor)
    order = {k: i for i, k in enumerate(COLUMN_KEYS)}
    result.errors.sort(key=lambda e: (e.row, order.get(e.column, -1)))
    for plan in result.rows:
        result.created += plan.action == "create"
        result.updated += plan.action == "update"
        result.unchanged += plan.action == "unchanged"
    return result


def import_organizations_file(
    path: Path, *, alliance_slug: str | None, dry_run: bool, actor: Any = None
) -> ImportResult:
    """The CLI's entry point: ``sanxin import orgs FILE [--alliance SLUG] [--dry-run]``."""
    result = ImportResult(dry_run=dry_run)
    alliance = None
    if alliance_slug:
        alliance = Alliance.objects.filter(slug=alliance_slug).first()
        if alliance is None:
            result.errors.append(
                RowError(
                    0, "alliance", _("There is no alliance “%(slug)s”.") % {"slug": alliance_slug}
                )
            )
            return result
    try:
        table = read_table(Path(path))
    except TabularError as exc:
        result.errors.append(RowError(0, "", str(exc)))
        return result
    return import_organizations(actor=actor, table=table, alliance=alliance, dry_run=dry_run)
