"""Records from JSON: the shape ``sanxin match`` reads (``docs/matching.md``).

Field names are those of the dataclasses in :mod:`~sanxin.engines.matching.records`; lists
become frozensets where the record holds a set; unknown fields are errors, so a typo is
reported rather than silently ignored. Errors name the place: ``organizations[2].org_typ:
unknown field``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sanxin.engines.matching.records import (
    Feedback,
    Offer,
    Organization,
    Participant,
    Project,
    RecordError,
    Role,
    Tie,
)
from sanxin.engines.matching.taxonomy import Taxonomy, TaxonomyError

SETS = {
    "countries",
    "provinces",
    "capabilities",
    "needs",
    "members",
    "declined",
    "seeks",
}
TEXTS = {"names", "texts", "titles"}


def _record(cls: type, data: Any, where: str) -> Any:
    if not isinstance(data, dict):
        raise RecordError(f"{where}: expected an object")
    fields = {f.name for f in dataclasses.fields(cls)}
    values: dict[str, Any] = {}
    for key, raw in data.items():
        value = raw
        if key not in fields:
            raise RecordError(f"{where}.{key}: unknown field")
        if key in SETS:
            if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
                raise RecordError(f"{where}.{key}: expected a list of strings")
            value = frozenset(raw)
        elif key in TEXTS:
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                raise RecordError(f"{where}.{key}: expected {{language: text}}")
        elif key == "roles":
            if not isinstance(raw, list):
                raise RecordError(f"{where}.roles: expected a list")
            value = tuple(_record(Role, r, f"{where}.roles[{i}]") for i, r in enumerate(raw))
        values[key] = value
    if "id" in fields and not isinstance(values.get("id"), str):
        raise RecordError(f"{where}.id: a string id is needed")
    try:
        return cls(**values)
    except TypeError as exc:
        raise RecordError(f"{where}: {exc}") from None


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise RecordError(f"{key}: expected a list")
    return value


@dataclasses.dataclass(frozen=True, slots=True)
class Dataset:
    taxonomy: Taxonomy
    organizations: tuple[Organization, ...]
    projects: tuple[Project, ...]
    offers: tuple[Offer, ...]
    participants: dict[str, tuple[Participant, ...]]
    ties: tuple[Tie, ...]
    feedback: tuple[Feedback, ...]


KEYS = {"taxonomy", "organizations", "projects", "offers", "participants", "ties", "feedback"}


def parse_dataset(data: Any) -> Dataset:
    """A :class:`Dataset` from decoded JSON; raises :class:`RecordError`."""
    if not isinstance(data, dict):
        raise RecordError("expected a JSON object")
    for key in data:
        if key not in KEYS:
            raise RecordError(f"{key}: unknown field")
    raw_tax = data.get("taxonomy", {})
    if not isinstance(raw_tax, dict):
        raise RecordError("taxonomy: expected {code: parent or null}")
    try:
        taxonomy = Taxonomy(parents=raw_tax)
    except TaxonomyError as exc:
        raise RecordError(f"taxonomy: {exc}") from None
    people = data.get("participants", {})
    if not isinstance(people, dict):
        raise RecordError("participants: expected {event: [participants]}")
    return Dataset(
        taxonomy=taxonomy,
        organizations=tuple(
            _record(Organization, o, f"organizations[{i}]")
            for i, o in enumerate(_list(data, "organizations"))
        ),
        projects=tuple(
            _record(Project, p, f"projects[{i}]") for i, p in enumerate(_list(data, "projects"))
        ),
        offers=tuple(
            _record(Offer, o, f"offers[{i}]") for i, o in enumerate(_list(data, "offers"))
        ),
        participants={
            str(event): tuple(
                _record(Participant, p, f"participants.{event}[{i}]")
                for i, p in enumerate(_list(people, event))
            )
            for event in people
        },
        ties=tuple(_record(Tie, t, f"ties[{i}]") for i, t in enumerate(_list(data, "ties"))),
        feedback=tuple(
            _record(Feedback, f, f"feedback[{i}]") for i, f in enumerate(_list(data, "feedback"))
        ),
    )
