"""Write planned plants as projects, in bulk: create, update, or leave unchanged.

Queries do not grow with the rows: a batch of plants costs a fixed number of queries (the
source records, organizations and regions are loaded once per import; a batch adds its
projects, records, phases, roles, stage changes and audit entries with ``bulk_create``).

A record whose digest matches the one stored at its last import is unchanged and is not even
planned, so re-importing a file writes nothing at all — no audit entries either. A changed
record updates the project's imported values (title, type, place, capacity, owner, stage),
its imported phases and its imported consortium roles; what people added by hand (other
phases, roles, milestones, documents …) stays. A stage that changes is recorded like any
other stage change and told to the project's watchers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxin.common.enums import Confidentiality
from sanxin.common.models import AuditEntry
from sanxin.directory.domain.access import Viewer, visible_organizations
from sanxin.directory.models import Membership, Organization
from sanxin.projects.domain.import_orgs import OrganizationIndex, audit_entry, org_id
from sanxin.projects.domain.import_plans import Planner, ProjectPlan
from sanxin.projects.domain.import_records import PlantRecord, RowNote
from sanxin.projects.domain.import_regions import RegionIndex
from sanxin.projects.domain.notifications import notify_watchers
from sanxin.projects.domain.projects import refresh_search_text
from sanxin.projects.enums import PIPELINE, ConsortiumRoleType, ConsortiumStatus, Stage
from sanxin.projects.models import (
    ConsortiumRole,
    ImportRun,
    Phase,
    Project,
    ProjectStageChange,
    SourceRecord,
    Watcher,
)

#: The project fields an import sets (and may change on a later import).
IMPORTED_FIELDS: tuple[str, ...] = (
    "title_en",
    "title_zh",
    "title_vi",
    "project_type",
    "country",
    "province_id",
    "city",
    "latitude",
    "longitude",
    "capacity",
    "capacity_unit",
    "owner_id",
    "external_ids",
    "source_dataset",
)
_STAGE_FIELDS = ("stage", "furthest_stage", "resume_stage", "stage_since")
_BATCH = 500


@dataclass
class Existing:
    record_id: int
    project_id: int
    digest: str
    alliance_id: int | None
    owner_id: int | None


@dataclass
class BatchResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[RowNote] = field(default_factory=list)
    warnings: list[RowNote] = field(default_factory=list)


def _later(a: str, b: str) -> str:
    if a not in PIPELINE:
        return b
    if b not in PIPELINE:
        return a
    return a if PIPELINE.index(a) >= PIPELINE.index(b) else b


class ProjectImporter:
    """Imports records of one source for ``actor`` (None: the system) into ``alliance``."""

    def __init__(
        self, *, actor: Any, viewer: Viewer | None, source: str, alliance, run: ImportRun | None
    ) -> None:
        self.actor = actor if viewer is not None else None
        self.viewer = viewer
        self.source = source
        self.alliance = alliance
        self.run = run
        self.today = timezone.localdate()
        self._orgs: OrganizationIndex | None = None
        self._planner: Planner | None = None
        self.existing: dict[str, Existing] = {
            key: Existing(*rest)
            for key, *rest in SourceRecord.objects.filter(source=source).values_list(
                "key", "pk", "project_id", "digest", "project__alliance_id", "project__owner_id"
            )
        }
        self.member_orgs: set[int] = set()
        if viewer is not None and not viewer.is_admin and viewer.secretariat_alliance_ids:
            self.member_orgs = set(
                Membership.objects.filter(
                    alliance_id__in=viewer.secretariat_alliance_ids
                ).values_list("organization_id", flat=True)
            )

    @property
    def orgs(self) -> OrganizationIndex:
        """The organizations to match owners with, loaded when a record needs them first."""
        if self._orgs is None:
            scope: QuerySet[Organization] = (
                Organization.objects.all()
                if self.viewer is None or self.viewer.is_admin
                else visible_organizations(self.viewer)
            )
            self._orgs = OrganizationIndex(scope)
        return self._orgs

    @property
    def planner(self) -> Planner:
        if self._planner is None:
            self._planner = Planner(self.orgs, RegionIndex())
        return self._planner

    @property
    def organizations_created(self) -> int:
        return self._orgs.created if self._orgs is not None else 0

    def _may_update(self, found: Existing) -> bool:
        v = self.viewer
        if v is None or v.is_admin:
            return True
        if found.alliance_id is not None and found.alliance_id in v.secretariat_alliance_ids:
            return True
        return found.owner_id is not None and found.owner_id in self.member_orgs

    def apply(self, records: list[PlantRecord]) -> BatchResult:
        """Import one batch (call inside a transaction)."""
        result = BatchResult()
        creates: list[ProjectPlan] = []
        updates: list[tuple[ProjectPlan, Existing]] = []
        for record in records:
            digest = record.digest()
            found = self.existing.get(record.key)
            if found is not None and found.digest == digest:
                result.unchanged += 1
            elif found is not None and not self._may_update(found):
                result.skipped.append(RowNote(record.row, record.sheet, "other_alliance"))
            elif found is None:
                creates.append(self.planner.plan(record, digest, result.warnings))
            else:
                updates.append((self.planner.plan(record, digest, result.warnings), found))
        if self._orgs is not None:
            self._orgs.flush(self.actor)
        if creates:
            self._create(creates)
            result.created += len(creates)
        if updates:
            changed = self._update(updates)
            result.updated += changed
            result.unchanged += len(updates) - changed
        return result

    # --- creating -------------------------------------------------------------------------

    def _new_project(self, plan: ProjectPlan) -> Project:
        fields = dict(plan.fields)
        project = Project(
            **fields,
            owner_id=org_id(plan.owner),
            alliance=self.alliance,
            confidentiality=Confidentiality.PUBLIC,
            source=self.source,
            stage=plan.state.stage,
            furthest_stage=plan.state.furthest,
            resume_stage=plan.state.resume,
            stage_since=None,
            created_by=self.actor,
        )
        refresh_search_text(project)
        return project

    def _create(self, plans: list[ProjectPlan]) -> None:
        projects = [self._new_project(plan) for plan in plans]
        Project.objects.bulk_create(projects, batch_size=_BATCH)
        records, phases, roles, changes, audit = [], [], [], [], []
        for plan, project in zip(plans, projects, strict=True):
            records.append(
                SourceRecord(
                    project=project,
                    source=self.source,
                    key=plan.record.key,
                    digest=plan.digest,
                    run=self.run,
                )
            )
            phases += [
                Phase(
                    project=project,
                    number=n,
                    name_en=ph.name,
                    capacity=ph.capacity,
                    capacity_unit="MW" if ph.capacity is not None else "",
                    stage=ph.stage,
                    external_ids={"gem_unit": ph.key},
                )
                for n, ph in enumerate(plan.phases, start=1)
            ]
            roles += [self._role(project.pk, ref, share) for ref, share in plan.roles]
            changes.append(
                ProjectStageChange(
                    project=project,
                    from_stage="",
                    to_stage=project.stage,
                    on=self.today,
                    note=plan.note,
                    actor=self.actor,
                )
            )
            audit.append(
                audit_entry(
                    "sanxin.project.imported",
                    actor=self.actor,
                    obj=project,
                    new={
                        **{f: getattr(project, f) for f in IMPORTED_FIELDS},
                        "stage": project.stage,
                        "alliance_id": project.alliance_id,
                        "confidentiality": project.confidentiality,
                        "phases": len(plan.phases),
                        "consortium": _roles_label(plan.roles),
                    },
                )
            )
        SourceRecord.objects.bulk_create(records, batch_size=_BATCH)
        Phase.objects.bulk_create(phases, batch_size=_BATCH)
        ConsortiumRole.objects.bulk_create(roles, batch_size=_BATCH)
        ProjectStageChange.objects.bulk_create(changes, batch_size=_BATCH)
        AuditEntry.objects.bulk_create(audit, batch_size=_BATCH)
        for plan, project, record in zip(plans, projects, records, strict=True):
            self.existing[plan.record.key] = Existing(
                record.pk, project.pk, plan.digest, project.alliance_id, project.owner_id
            )

    def _role(self, project_id: int, ref, share) -> ConsortiumRole:
        return ConsortiumRole(
            project_id=project_id,
            organization_id=org_id(ref),
            role=ConsortiumRoleType.INVESTOR,
            status=ConsortiumStatus.CONFIRMED,
            share=share,
            source=self.source,
            responded_on=self.today,
        )

    # --- updating -------------------------------------------------------------------------

    def _update(self, updates: list[tuple[ProjectPlan, Existing]]) -> int:
        ids = [found.project_id for _plan, found in updates]
        # Row locks: an edit saved meanwhile waits, then sees the new version (no lost update).
        projects = Project.objects.select_for_update(of=("self",)).in_bulk(ids)
        phases: dict[int, list[Phase]] = {}
        for phase in Phase.objects.filter(project_id__in=ids).order_by("number"):
            phases.setdefault(phase.project_id, []).append(phase)
        roles: dict[int, list[ConsortiumRole]] = {}
        for role in ConsortiumRole.objects.filter(
            project_id__in=ids, role=ConsortiumRoleType.INVESTOR
        ):
            roles.setdefault(role.project_id, []).append(role)
        watched = set(
            Watcher.objects.filter(project_id__in=ids).values_list("project_id", flat=True)
        )
        sync = _Sync()
        changed = 0
        moved: list[tuple[Project, str]] = []
        records: list[SourceRecord] = []
        for plan, found in updates:
            project = projects[found.project_id]
            old = {f: getattr(project, f) for f in (*IMPORTED_FIELDS, *_STAGE_FIELDS)}
            for name, value in plan.fields.items():
                setattr(project, name, value)
            project.owner_id = org_id(plan.owner)
            previous = project.stage
            if plan.state.stage != project.stage:
                project.stage = plan.state.stage
                project.stage_since = self.today
            project.resume_stage = plan.state.resume
            project.furthest_stage = _later(project.furthest_stage, plan.state.furthest)
            new = {f: getattr(project, f) for f in (*IMPORTED_FIELDS, *_STAGE_FIELDS)}
            old_parts = {
                "phases": _phases_label(phases.get(project.pk, [])),
                "consortium": _existing_roles_label(roles.get(project.pk, []), self.source),
            }
            touched = sync.phases(project, plan, phases.get(project.pk, []))
            touched |= sync.roles(project, plan, roles.get(project.pk, []), self)
            if old != new or touched:
                changed += 1
                if any(old[f] != new[f] for f in IMPORTED_FIELDS):
                    # the details changed: a form opened before the import must not overwrite them
                    project.version += 1
                    old["version"], new["version"] = project.version - 1, project.version
                project.updated = timezone.now()
                refresh_search_text(project)
                sync.projects.append(project)
                new_parts = {
                    "phases": [f"{ph.key} {ph.capacity} {ph.stage}" for ph in plan.phases],
                    "consortium": _roles_label(plan.roles),
                }
                sync.audit.append(
                    audit_entry(
                        "sanxin.project.import.updated",
                        actor=self.actor,
                        obj=project,
                        old={**old, **old_parts},
                        new={**new, **new_parts},
                    )
                )
            if project.stage != previous:
                sync.changes.append(
                    ProjectStageChange(
                        project=project,
                        from_stage=previous,
                        to_stage=project.stage,
                        on=self.today,
                        note=plan.note,
                        actor=self.actor,
                    )
                )
                sync.audit.append(
                    audit_entry(
                        "sanxin.project.stage.changed",
                        actor=self.actor,
                        obj=project,
                        old={"stage": previous},
                        new={"stage": project.stage, "stage_since": self.today, "note": plan.note},
                    )
                )
                if project.pk in watched:
                    moved.append((project, previous))
            records.append(SourceRecord(pk=found.record_id, digest=plan.digest, run=self.run))
            found.digest = plan.digest
        sync.save()
        SourceRecord.objects.bulk_update(records, ["digest", "run"], batch_size=_BATCH)
        for project, previous in moved:
            _tell_watchers(project, previous, self.today)
        return changed


def _roles_label(roles) -> list[str]:
    return sorted(f"{org_id(ref)}:{share if share is not None else '?'}" for ref, share in roles)


def _existing_roles_label(roles: list[ConsortiumRole], source: str) -> list[str]:
    return _roles_label([(r.organization_id, r.share) for r in roles if r.source == source])


def _phases_label(phases: list[Phase]) -> list[str]:
    return [
        f"{p.external_ids['gem_unit']} {p.capacity} {p.stage}"
        for p in phases
        if p.external_ids.get("gem_unit")
    ]


class _Sync:
    """Collects the writes of an update batch and saves them in bulk."""

    def __init__(self) -> None:
        self.projects: list[Project] = []
        self.audit: list[AuditEntry] = []
        self.changes: list[ProjectStageChange] = []
        self.new_phases: list[Phase] = []
        self.changed_phases: list[Phase] = []
        self.gone_phases: list[int] = []
        self.new_roles: list[ConsortiumRole] = []
        self.changed_roles: list[ConsortiumRole] = []
        self.gone_roles: list[int] = []

    def phases(self, project: Project, plan: ProjectPlan, existing: list[Phase]) -> set[str]:
        """Imported phases (those with a ``gem_unit``) follow the file; others stay."""
        imported = {
            p.external_ids.get("gem_unit"): p for p in existing if p.external_ids.get("gem_unit")
        }
        wanted = {ph.key for ph in plan.phases}
        gone = [p for key, p in imported.items() if key not in wanted]
        number = max((p.number for p in existing if p not in gone), default=0)
        touched = bool(gone)
        self.gone_phases += [p.pk for p in gone]
        for ph in plan.phases:
            phase = imported.get(ph.key)
            unit = "MW" if ph.capacity is not None else ""
            if phase is None:
                number += 1
                self.new_phases.append(
                    Phase(
                        project=project,
                        number=number,
                        name_en=ph.name,
                        capacity=ph.capacity,
                        capacity_unit=unit,
                        stage=ph.stage,
                        external_ids={"gem_unit": ph.key},
                    )
                )
                touched = True
            elif (phase.name_en, phase.capacity, phase.capacity_unit, phase.stage) != (
                ph.name,
                ph.capacity,
                unit,
                ph.stage,
            ):
                phase.name_en, phase.capacity, phase.capacity_unit = ph.name, ph.capacity, unit
                phase.stage = ph.stage
                self.changed_phases.append(phase)
                touched = True
        return {"phases"} if touched else set()

    def roles(
        self, project: Project, plan: ProjectPlan, existing: list[ConsortiumRole], importer
    ) -> set[str]:
        """Imported investor roles follow the owners in the file; roles added by hand stay."""
        by_org = {r.organization_id: r for r in existing}
        wanted = {org_id(ref): share for ref, share in plan.roles}
        touched = False
        for role in existing:
            if role.source == importer.source and role.organization_id not in wanted:
                self.gone_roles.append(role.pk)
                touched = True
        for oid, share in wanted.items():
            role = by_org.get(oid)
            if role is None:
                self.new_roles.append(importer._role(project.pk, oid, share))
                touched = True
            elif role.source == importer.source and role.share != share:
                role.share = share
                self.changed_roles.append(role)
                touched = True
        return {"consortium"} if touched else set()

    def save(self) -> None:
        if self.projects:
            Project.objects.bulk_update(
                self.projects,
                [*IMPORTED_FIELDS, *_STAGE_FIELDS, "search_text", "updated", "version"],
                batch_size=_BATCH,
            )
        Phase.objects.filter(pk__in=self.gone_phases).delete()
        Phase.objects.bulk_update(
            self.changed_phases,
            ["name_en", "capacity", "capacity_unit", "stage"],
            batch_size=_BATCH,
        )
        Phase.objects.bulk_create(self.new_phases, batch_size=_BATCH)
        ConsortiumRole.objects.filter(pk__in=self.gone_roles).delete()
        ConsortiumRole.objects.bulk_update(self.changed_roles, ["share"], batch_size=_BATCH)
        ConsortiumRole.objects.bulk_create(self.new_roles, batch_size=_BATCH)
        ProjectStageChange.objects.bulk_create(self.changes, batch_size=_BATCH)
        AuditEntry.objects.bulk_create(self.audit, batch_size=_BATCH)


def _tell_watchers(project: Project, previous: str, on) -> None:
    def message() -> tuple[str, str]:
        subject = _("%(project)s is now “%(stage)s”") % {
            "project": project.title,
            "stage": Stage(project.stage).label,
        }
        body = _("On %(date)s %(who)s moved %(project)s from “%(old)s” to “%(new)s”.") % {
            "date": on.isoformat(),
            "who": project.source_dataset or "Sanxin",
            "project": project.title,
            "old": Stage(previous).label,
            "new": Stage(project.stage).label,
        }
        return subject, body

    notify_watchers(project=project, action="sanxin.project.stage.changed", message=message)
