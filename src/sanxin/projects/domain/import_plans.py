"""A plant record → the values of its project, phases and consortium (no writes).

- One project per plant; its units become phases when there are two or more (a single unit's
  identifier stays in the project's ``external_ids``).
- The project's capacity is the sum of its units that are not cancelled or retired (all units
  when every one is), in MW.
- Owners: each organization named in the owner cells, with its stake. When the units of a
  plant have different owners, a stake is weighted by the units' capacity. The owner is the
  largest stakeholder (the first named when stakes are unknown); "to be determined" and
  "other" owners are never organizations. Several owners, or a stake below 100 %, become
  confirmed investor roles in the consortium with their share.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sanxin.projects.domain.import_orgs import OrganizationIndex, OrgRef
from sanxin.projects.domain.import_records import (
    PlantRecord,
    RowNote,
    StageState,
    plant_stage,
    unit_stage,
)
from sanxin.projects.domain.import_regions import RegionIndex
from sanxin.projects.domain.owners import is_chinese, local_slot, scale_to_hundred
from sanxin.projects.enums import CapacityUnit, Stage

_TITLE_MAX = 300
_NAME_MAX = 200
_CITY_MAX = 120
_NOTE_MAX = 500
_TWO = Decimal("0.01")
_SIX = Decimal("0.000001")
_THREE = Decimal("0.001")
#: Unit names that say nothing ("--" is GEM's "the only unit").
_NO_NAME = frozenset({"", "-", "--", "unit", "n/a"})


@dataclass
class PhasePlan:
    key: str
    name: str
    capacity: Decimal | None
    stage: str


@dataclass
class ProjectPlan:
    record: PlantRecord
    digest: str
    fields: dict
    state: StageState
    note: str
    owner: OrgRef | None = None
    phases: list[PhasePlan] = field(default_factory=list)
    # (organization, share %) of the consortium's imported investor roles
    roles: list[tuple[OrgRef, Decimal | None]] = field(default_factory=list)


def _ref_key(ref: OrgRef | None):
    return None if ref is None else ref if isinstance(ref, int) else id(ref)


def _q(value: Decimal | None, exp: Decimal) -> Decimal | None:
    if value is None:
        return None
    try:
        return value.quantize(exp, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return None


def _titles(record: PlantRecord) -> dict[str, str]:
    """The data set's name goes to English (unless written in Chinese), the local one to the
    language of its script."""
    out = {"title_en": "", "title_zh": "", "title_vi": ""}
    name = (record.title or "").strip()[:_TITLE_MAX]
    local = (record.title_local or "").strip()[:_TITLE_MAX]
    if name:
        out["title_zh" if is_chinese(name) else "title_en"] = name
    if local:
        slot = f"title_{local_slot(local, record.country)}"
        out[slot] = out[slot] or local
    return out


def _capacity(record: PlantRecord) -> Decimal | None:
    units = record.units
    if not units:
        return _q(record.capacity, _THREE)
    live = [
        u.capacity
        for u in units
        if u.capacity is not None
        and unit_stage(u.status).stage not in (Stage.CANCELLED, Stage.RETIRED)
    ]
    values = live or [u.capacity for u in units if u.capacity is not None]
    return _q(sum(values, Decimal(0)), _THREE) if values else None


def _note(record: PlantRecord) -> str:
    if not record.units:
        return f"{record.dataset}: in operation"[:_NOTE_MAX]
    counts = Counter(u.status for u in record.units)
    parts = ", ".join(f"{status} ×{n}" if n > 1 else status for status, n in counts.items())
    return f"{record.dataset}: {parts}"[:_NOTE_MAX]


class Planner:
    """Plans projects from records, resolving owners and provinces as it goes."""

    def __init__(self, orgs: OrganizationIndex, regions: RegionIndex) -> None:
        self.orgs = orgs
        self.regions = regions

    def plan(self, record: PlantRecord, digest: str, warnings: list[RowNote]) -> ProjectPlan:
        fields = {
            **_titles(record),
            "project_type": record.project_type,
            "country": record.country,
            "city": (record.city or "")[:_CITY_MAX],
            "external_ids": dict(record.external_ids),
            "source_dataset": record.dataset[:200],
            "province_id": self._province(record, warnings),
            **self._location(record, warnings),
        }
        capacity = _capacity(record)
        fields["capacity"] = capacity
        fields["capacity_unit"] = CapacityUnit.MW if capacity is not None else ""
        state = (
            plant_stage([u.status for u in record.units])
            if record.units
            else StageState(Stage.OPERATION, Stage.OPERATION)
        )
        plan = ProjectPlan(
            record=record, digest=digest, fields=fields, state=state, note=_note(record)
        )
        if len(record.units) > 1:
            plan.phases = [
                PhasePlan(
                    key=u.key,
                    name="" if u.name.strip().casefold() in _NO_NAME else u.name[:_NAME_MAX],
                    capacity=_q(u.capacity, _THREE),
                    stage=unit_stage(u.status).stage,
                )
                for u in record.units
            ]
        elif record.units:
            fields["external_ids"]["gem_unit"] = record.units[0].key
        self._owners(plan, warnings)
        return plan

    def _province(self, record: PlantRecord, warnings: list[RowNote]) -> int | None:
        if not record.province:
            return None
        region = self.regions.find(record.province, record.country)
        if region is False:
            warnings.append(
                RowNote(record.row, record.sheet, "unknown_province", {"value": record.province})
            )
            return None
        return region.pk if region else None

    def _location(self, record: PlantRecord, warnings: list[RowNote]) -> dict:
        lat, lon = record.latitude, record.longitude
        if lat is None or lon is None:
            return {"latitude": None, "longitude": None}
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            warnings.append(RowNote(record.row, record.sheet, "bad_coordinates"))
            return {"latitude": None, "longitude": None}
        return {"latitude": _q(lat, _SIX), "longitude": _q(lon, _SIX)}

    # --- owners ---------------------------------------------------------------------------

    def _cells(self, record: PlantRecord) -> list[tuple[list, Decimal | None]]:
        """Per unit (or the plant): [(organization or None, share)], and the unit's capacity."""
        sources = [(u.owners, u.capacity) for u in record.units] or [(record.owners, None)]
        cells = []
        for owners, capacity in sources:
            resolve = self.orgs.resolve
            items = [(resolve(s, record.country, record.dataset), s.share) for s in owners]
            if len(items) == 1 and items[0][1] is None:
                items = [(items[0][0], Decimal(100))]
            cells.append((items, capacity))
        return cells

    @staticmethod
    def _merge(cells: list[tuple[list, Decimal | None]]) -> list[tuple[OrgRef | None, object]]:
        # A unit that names no owner says nothing about the plant's owners: leave it out.
        keyed = [([(_ref_key(r), s) for r, s in items], cap) for items, cap in cells if items]
        refs = {_ref_key(r): r for items, _cap in cells for r, _s in items}
        if not keyed:
            return []
        if all(k == keyed[0][0] for k, _cap in keyed):
            return [(refs[k], s) for k, s in keyed[0][0]]
        order = list(dict.fromkeys(k for items, _cap in keyed for k, _s in items))
        total = sum((cap for _items, cap in keyed if cap), Decimal(0))
        known = total > 0 and all(
            cap and all(s is not None for _k, s in items) for items, cap in keyed
        )
        if not known:
            return [(refs[k], None) for k in order]
        shares = dict.fromkeys(order, Decimal(0))
        for items, cap in keyed:
            for k, s in items:
                shares[k] += cap * s
        return [(refs[k], _q(shares[k] / total, _TWO)) for k in order]

    def _owners(self, plan: ProjectPlan, warnings: list[RowNote]) -> None:
        record = plan.record
        merged = self._merge(self._cells(record))
        placeholders = any(r is None for r, _s in merged)
        by_org: dict[object, list] = {}
        for ref, share in merged:
            if ref is None:
                continue
            k = _ref_key(ref)
            if k in by_org:  # the same organization named twice: add its stakes
                prev = by_org[k][1]
                by_org[k][1] = None if prev is None or share is None else prev + share
            else:
                by_org[k] = [ref, share]
        roles = [(ref, share) for ref, share in by_org.values()]
        known = [s for _r, s in roles if s is not None]
        if len(known) == len(roles) and known:
            scaled = scale_to_hundred(known)
            if scaled != known:
                total = sum(known, Decimal(0))
                warnings.append(
                    RowNote(record.row, record.sheet, "shares_scaled", {"total": total})
                )
                roles = [(r, s) for (r, _old), s in zip(roles, scaled, strict=True)]
        if not roles:
            return
        best = max(
            range(len(roles)),
            key=lambda i: (roles[i][1] if roles[i][1] is not None else Decimal(-1), -i),
        )
        plan.owner = roles[best][0]
        single_full = len(roles) == 1 and (roles[0][1] is None or roles[0][1] >= 100)
        if not single_full or placeholders:
            plan.roles = [(r, _q(s, _TWO)) for r, s in roles]
