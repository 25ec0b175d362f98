"""What a reader of real data hands to the importer, and how its values map to ours.

A reader (``interfaces/gem_reader.py``, ``interfaces/gppd_reader.py``) turns a file into
``PlantRecord``s: one per power plant (a GEM location of one tracker, or a GPPD plant), each
with its units. Rows it cannot use become ``RowNote``s with a reason code; the message is
chosen and translated when shown (``REASONS``).

Statuses (GEM) → our stages, and why:

==================  ======================  ==================================================
GEM status          stage                   why
==================  ======================  ==================================================
announced           proposed                publicly proposed in a corporate or government plan
pre-permit          proposed                seeking permits, land or finance: still a proposal
pre-construction    proposed                the same, in trackers without a permit split
permitted           agreement signed        approved (核准); in China and Vietnam approval
                                            follows the investment agreement
construction        construction started
operating           in operation
mothballed          on hold                 idle but kept; returns to "in operation"
shelved             on hold                 no progress for 2 years; returns to "proposed"
cancelled           cancelled               furthest stage reached: proposed
retired             retired                 taken out of service after operating
==================  ======================  ==================================================

"… - inferred 2 y / 4 y" statuses (GEM infers them from a lack of news) count as the status
they name. We never claim financing or commissioning: the trackers do not record them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sanxin.projects.domain.owners import Stake
from sanxin.projects.enums import PIPELINE, Stage

S = Stage

#: Bump when the mapping below changes, so that a re-import updates every record.
MAPPING_VERSION = 1

#: GEM status → (stage, furthest stage reached, stage to resume from a hold).
GEM_STATUSES: dict[str, tuple[str, str, str]] = {
    "announced": (S.PROPOSED, S.PROPOSED, ""),
    "pre-permit": (S.PROPOSED, S.PROPOSED, ""),
    "pre-construction": (S.PROPOSED, S.PROPOSED, ""),
    "permitted": (S.AGREEMENT, S.AGREEMENT, ""),
    "construction": (S.CONSTRUCTION, S.CONSTRUCTION, ""),
    "operating": (S.OPERATION, S.OPERATION, ""),
    "mothballed": (S.ON_HOLD, S.OPERATION, S.OPERATION),
    "shelved": (S.ON_HOLD, S.PROPOSED, S.PROPOSED),
    "cancelled": (S.CANCELLED, S.PROPOSED, ""),
    "retired": (S.RETIRED, S.OPERATION, ""),
}

#: Why a row was skipped, or what was noted about it (``RowNote.code`` → message).
REASONS: dict[str, Promise] = {
    "no_location": _("The row has no GEM location ID, so it cannot be matched on re-import."),
    "no_unit": _("The row has no GEM unit ID."),
    "no_name": _("The row has no plant name."),
    "no_id": _("The row has no plant identifier (gppd_idnr)."),
    "bad_status": _("“%(value)s” is not a status of the tracker (announced … retired)."),
    "bad_capacity": _("“%(value)s” is not a capacity in MW."),
    "bad_country": _("“%(value)s” is neither China nor Vietnam."),
    "duplicate": _("The same plant is already in row %(row)s."),
    "other_alliance": _(
        "This plant was imported into another alliance; only that alliance's secretariat or a "
        "platform admin may update it."
    ),
    "bad_coordinates": _("The coordinates are out of range; the location was left empty."),
    "unknown_province": _("“%(value)s” is not a known province; the province was left empty."),
    "shares_scaled": _("The owners' stakes add up to %(total)s %%; they were scaled to 100 %%."),
    "not_gem": _(
        "This workbook has no Global Energy Monitor data sheet: no sheet has the columns "
        "%(columns)s. Upload a tracker workbook as published."
    ),
    "not_gppd": _(
        "This file is not the Global Power Plant Database: it lacks the columns %(columns)s."
    ),
    "bad_file": _("The file cannot be read: %(detail)s"),
    "too_many_rows": _("The file has more than %(max)s rows; it is not one of the data sets."),
    "no_permission": _("The person who started this import may no longer import data."),
    "crashed": _("The import stopped because of an error: %(detail)s"),
    "file_missing": _("The uploaded file is gone; upload it again."),
}


def reason_text(code: str, params: dict | None = None) -> str:
    """The message of a reason code in the active language."""
    template = REASONS.get(code)
    if template is None:
        return code
    try:
        return str(template) % (params or {})
    except (KeyError, TypeError, ValueError):
        return str(template)


@dataclass(frozen=True)
class RowNote:
    """A skipped row (or a warning about one): where, and why."""

    row: int
    sheet: str
    code: str
    params: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        params = {
            k: v if isinstance(v, str | int | float | bool) or v is None else str(v)
            for k, v in self.params.items()
        }
        return {"row": self.row, "sheet": self.sheet, "code": self.code, "params": params}


@dataclass
class UnitRecord:
    key: str
    name: str
    capacity: Decimal | None
    status: str  # a GEM status (a key of GEM_STATUSES)
    owners: tuple[Stake, ...]
    start_year: int | None = None
    row: int = 0


@dataclass
class PlantRecord:
    """One plant, ready to become (or update) a project."""

    key: str  # the SourceRecord key: "coal:L100000100431" or "WRI1075566"
    source: str  # DataSource value
    dataset: str  # the data set's citation
    row: int  # the plant's first row in the file
    sheet: str
    title: str
    title_local: str
    project_type: str
    country: str
    province: str = ""
    city: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    external_ids: dict = field(default_factory=dict)
    units: list[UnitRecord] = field(default_factory=list)
    # GPPD has no units and no status (its plants are in operation): the plant's own values.
    owners: tuple[Stake, ...] = ()
    capacity: Decimal | None = None
    rows: int = 1  # how many rows of the file it came from

    def digest(self) -> str:
        """A fingerprint of everything imported from the record (and of the mapping)."""

        def stakes(owners: tuple[Stake, ...]) -> list:
            return [(s.name, s.local, str(s.share)) for s in owners]

        payload = [
            MAPPING_VERSION,
            self.key,
            self.source,
            self.dataset,
            self.title,
            self.title_local,
            self.project_type,
            self.country,
            self.province,
            self.city,
            str(self.latitude),
            str(self.longitude),
            sorted(self.external_ids.items()),
            stakes(self.owners),
            str(self.capacity),
            [
                (u.key, u.name, str(u.capacity), u.status, stakes(u.owners), u.start_year)
                for u in self.units
            ],
        ]
        blob = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class StageState:
    stage: str
    furthest: str
    resume: str = ""


def unit_stage(status: str) -> StageState:
    stage, furthest, resume = GEM_STATUSES[status]
    return StageState(stage, furthest, resume)


def _later(a: str, b: str) -> str:
    """The further of two pipeline stages."""
    return a if PIPELINE.index(a) >= PIPELINE.index(b) else b


def plant_stage(statuses: list[str]) -> StageState:
    """The plant's stage from its units' statuses.

    A plant with any unit still in the pipeline is at the most advanced such unit's stage
    (Phase 1 operating, Phase 2 under construction: the plant is in operation); otherwise it
    is on hold if any unit is, else retired if any unit ran, else cancelled. The furthest
    stage is the furthest any unit reached.
    """
    if not statuses:
        return StageState(S.OPERATION, S.OPERATION)
    states = [unit_stage(s) for s in statuses]
    furthest = S.PROPOSED
    for state in states:
        furthest = _later(furthest, state.furthest)
    live = [s.stage for s in states if s.stage in PIPELINE]
    if live:
        stage = live[0]
        for other in live[1:]:
            stage = _later(stage, other)
        return StageState(stage, _later(furthest, stage))
    held = [s for s in states if s.stage == S.ON_HOLD]
    if held:
        resume = held[0].resume
        for other in held[1:]:
            resume = _later(resume, other.resume)
        return StageState(S.ON_HOLD, furthest, resume)
    if any(s.stage == S.RETIRED for s in states):
        return StageState(S.RETIRED, furthest)
    return StageState(S.CANCELLED, furthest)


def normalise_status(text: str) -> str | None:
    """A GEM status ("cancelled - inferred 4 y" → "cancelled"), or None when unknown."""
    value = " ".join(str(text or "").casefold().split())
    value = value.split(" - ")[0].strip()
    return value if value in GEM_STATUSES else None
