"""The scheduler's input: typed, frozen dataclasses and their validation.

An :class:`Instance` is validated when it is built, whether from Python or from JSON through
:func:`parse_instance`; every problem raises :class:`InstanceError` with a message that names
the offending field (``participants[3].available[1]: unknown slot 'd2-09:00'``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

Id = str | int
"""Participant, slot, party and interpreter ids are strings or integers, echoed back as given."""


class InstanceError(ValueError):
    """The instance is malformed; the message says what is wrong and where."""


@dataclass(frozen=True, slots=True)
class Participant:
    """A person who meets others.

    ``available`` is the set of slot ids the person can attend (``None``: every slot).
    ``max_meetings`` caps the person's meetings (``None``: no cap). Participants sharing a
    ``party`` id are a delegation: they attend every meeting of the party together, so the party
    is available only when all of them are and its cap is the smallest of theirs.
    ``languages`` are those the person speaks (empty: unknown, no interpreter is ever needed).
    """

    id: Id
    available: frozenset[Id] | None = None
    max_meetings: int | None = None
    party: Id | None = None
    languages: tuple[str, ...] = ()

    @property
    def party_id(self) -> Id:
        return self.id if self.party is None else self.party


@dataclass(frozen=True, slots=True)
class Request:
    """An accepted request for a meeting between participants ``a`` and ``b``.

    ``weight`` (> 0) is what the meeting is worth (priority, match score). ``interpreter`` names
    the language pair an interpreter must cover; when ``None`` it is derived from the
    participants' languages (see ``docs/scheduling.md``).
    """

    a: Id
    b: Id
    weight: float = 1.0
    interpreter: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Interpreter:
    """An interpreter for one language pair, available in some slots (``None``: all)."""

    id: Id
    languages: tuple[str, str]
    available: frozenset[Id] | None = None


@dataclass(frozen=True, slots=True)
class FixedMeeting:
    """A published meeting of the request between ``a`` and ``b``: kept in ``slot`` (and at
    ``table`` when given) on a re-solve, unless the instance allows moves."""

    a: Id
    b: Id
    slot: Id
    table: int | None = None


@dataclass(frozen=True, slots=True)
class Instance:
    """A scheduling problem. ``slots`` are in time order; ``tables[i]`` is the number of
    tables in ``slots[i]``."""

    slots: tuple[Id, ...]
    tables: tuple[int, ...]
    participants: tuple[Participant, ...]
    requests: tuple[Request, ...]
    interpreters: tuple[Interpreter, ...] = ()
    fixed: tuple[FixedMeeting, ...] = ()
    allow_moves: bool = False
    participant_index: Mapping[Id, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _validate(self)
        index = {p.id: i for i, p in enumerate(self.participants)}
        object.__setattr__(self, "participant_index", index)


def _is_id(value: object) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool)


def _check_ids(values: Iterable[object], where: str, known: set[Id] | None = None) -> None:
    seen: set[object] = set()
    for i, value in enumerate(values):
        if not _is_id(value):
            raise InstanceError(
                f"{where}[{i}]: an id must be a string or an integer, not {value!r}"
            )
        if value in seen:
            raise InstanceError(f"{where}[{i}]: {value!r} is listed twice")
        if known is not None and value not in known:
            raise InstanceError(f"{where}[{i}]: unknown slot {value!r}")
        seen.add(value)


def _check_pair(pair: object, where: str) -> None:
    ok = (
        isinstance(pair, tuple)
        and len(pair) == 2
        and all(isinstance(x, str) and x for x in pair)
        and pair[0] != pair[1]
    )
    if not ok:
        raise InstanceError(f"{where}: a language pair is two different language codes")


def _validate(inst: Instance) -> None:  # noqa: PLR0912 - one flat list of checks reads best
    if not inst.slots:
        raise InstanceError("slots: at least one slot is needed")
    _check_ids(inst.slots, "slots")
    slot_set = set(inst.slots)
    if len(inst.tables) != len(inst.slots):
        raise InstanceError("tables: one number per slot is needed")
    for slot, n in zip(inst.slots, inst.tables, strict=True):
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise InstanceError(f"tables[{slot!r}]: a whole number >= 0 is needed, not {n!r}")
    _check_ids((p.id for p in inst.participants), "participants[].id")
    ids = {p.id for p in inst.participants}
    for i, p in enumerate(inst.participants):
        where = f"participants[{i}] ({p.id!r})"
        if p.available is not None:
            _check_ids(sorted(p.available, key=str), f"{where}.available", slot_set)
        if p.max_meetings is not None and (
            not isinstance(p.max_meetings, int)
            or isinstance(p.max_meetings, bool)
            or p.max_meetings < 0
        ):
            raise InstanceError(f"{where}.max_meetings: a whole number >= 0 or null is needed")
        if p.party is not None and not _is_id(p.party):
            raise InstanceError(f"{where}.party: an id must be a string or an integer")
        if not all(isinstance(lang, str) and lang for lang in p.languages):
            raise InstanceError(f"{where}.languages: language codes are non-empty strings")
    party_of = {p.id: p.party_id for p in inst.participants}
    for i, r in enumerate(inst.requests):
        where = f"requests[{i}]"
        for side in ("a", "b"):
            value = getattr(r, side)
            if value not in ids:
                raise InstanceError(f"{where}.{side}: unknown participant {value!r}")
        if party_of[r.a] == party_of[r.b]:
            raise InstanceError(
                f"{where}: {r.a!r} and {r.b!r} are the same party {party_of[r.a]!r};"
                " a party cannot meet itself"
            )
        w = r.weight
        if not isinstance(w, int | float) or isinstance(w, bool) or not math.isfinite(w) or w <= 0:
            raise InstanceError(f"{where}.weight: a finite number > 0 is needed, not {w!r}")
        if r.interpreter is not None:
            _check_pair(r.interpreter, f"{where}.interpreter")
    _check_ids((t.id for t in inst.interpreters), "interpreters[].id")
    for i, t in enumerate(inst.interpreters):
        _check_pair(t.languages, f"interpreters[{i}].languages")
        if t.available is not None:
            _check_ids(sorted(t.available, key=str), f"interpreters[{i}].available", slot_set)
    for i, f in enumerate(inst.fixed):
        where = f"fixed[{i}]"
        for side in ("a", "b"):
            if getattr(f, side) not in ids:
                raise InstanceError(f"{where}.{side}: unknown participant {getattr(f, side)!r}")
        if f.slot not in slot_set:
            raise InstanceError(f"{where}.slot: unknown slot {f.slot!r}")
        if f.table is not None and (
            not isinstance(f.table, int) or isinstance(f.table, bool) or f.table < 1
        ):
            raise InstanceError(f"{where}.table: a table number >= 1 is needed")


# --------------------------------------------------------------------------- JSON

_TOP_KEYS = {"slots", "tables", "participants", "requests", "interpreters", "fixed", "allow_moves"}
_PARTICIPANT_KEYS = {"id", "available", "max_meetings", "party", "languages"}
_REQUEST_KEYS = {"a", "b", "weight", "interpreter"}
_INTERPRETER_KEYS = {"id", "languages", "available"}
_FIXED_KEYS = {"a", "b", "slot", "table"}


def _obj(value: object, where: str, keys: set[str], required: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise InstanceError(f"{where}: an object is needed")
    unknown = sorted(set(value) - keys, key=str)
    if unknown:
        raise InstanceError(f"{where}: unknown field {unknown[0]!r} (known: {sorted(keys)})")
    for key in required:
        if key not in value:
            raise InstanceError(f"{where}: field {key!r} is missing")
    return dict(value)


def _list(value: object, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise InstanceError(f"{where}: a list is needed")
    return value


def _id(value: object, where: str) -> Id:
    if not _is_id(value):
        raise InstanceError(f"{where}: an id must be a string or an integer, not {value!r}")
    return value  # type: ignore[return-value]


def _id_set(value: object, where: str) -> frozenset[Id] | None:
    if value is None:
        return None
    items = [_id(v, f"{where}[{i}]") for i, v in enumerate(_list(value, where))]
    return frozenset(items)


def _lang_pair(value: object, where: str) -> tuple[str, str]:
    items = _list(value, where)
    if len(items) != 2 or not all(isinstance(x, str) and x for x in items):
        raise InstanceError(f"{where}: a language pair is a list of two language codes")
    a, b = sorted(items)
    return (a, b)


def parse_instance(data: object) -> Instance:
    """Build an :class:`Instance` from decoded JSON; raise :class:`InstanceError` if malformed."""
    top = _obj(data, "instance", _TOP_KEYS, ("slots", "tables", "participants", "requests"))
    slots = tuple(_id(s, f"slots[{i}]") for i, s in enumerate(_list(top["slots"], "slots")))
    raw_tables = top["tables"]
    if isinstance(raw_tables, Mapping):
        unknown = [k for k in raw_tables if k not in {str(s) for s in slots}]
        if unknown:
            raise InstanceError(f"tables: unknown slot {unknown[0]!r}")
        missing = [s for s in slots if str(s) not in raw_tables]
        if missing:
            raise InstanceError(f"tables: no number for slot {missing[0]!r}")
        tables = tuple(raw_tables[str(s)] for s in slots)
    elif isinstance(raw_tables, int) and not isinstance(raw_tables, bool):
        tables = (raw_tables,) * len(slots)
    else:
        raise InstanceError("tables: a number, or an object mapping each slot to a number")
    participants = []
    for i, raw in enumerate(_list(top["participants"], "participants")):
        where = f"participants[{i}]"
        p = _obj(raw, where, _PARTICIPANT_KEYS, ("id",))
        languages = _list(p.get("languages", []), f"{where}.languages")
        participants.append(
            Participant(
                id=_id(p["id"], f"{where}.id"),
                available=_id_set(p.get("available"), f"{where}.available"),
                max_meetings=p.get("max_meetings"),
                party=None if p.get("party") is None else _id(p["party"], f"{where}.party"),
                languages=tuple(languages),
            )
        )
    requests = []
    for i, raw in enumerate(_list(top["requests"], "requests")):
        where = f"requests[{i}]"
        r = _obj(raw, where, _REQUEST_KEYS, ("a", "b"))
        pair = r.get("interpreter")
        requests.append(
            Request(
                a=_id(r["a"], f"{where}.a"),
                b=_id(r["b"], f"{where}.b"),
                weight=r.get("weight", 1.0),
                interpreter=None if pair is None else _lang_pair(pair, f"{where}.interpreter"),
            )
        )
    interpreters = []
    for i, raw in enumerate(_list(top.get("interpreters", []), "interpreters")):
        where = f"interpreters[{i}]"
        t = _obj(raw, where, _INTERPRETER_KEYS, ("id", "languages"))
        interpreters.append(
            Interpreter(
                id=_id(t["id"], f"{where}.id"),
                languages=_lang_pair(t["languages"], f"{where}.languages"),
                available=_id_set(t.get("available"), f"{where}.available"),
            )
        )
    fixed = []
    for i, raw in enumerate(_list(top.get("fixed", []), "fixed")):
        where = f"fixed[{i}]"
        f = _obj(raw, where, _FIXED_KEYS, ("a", "b", "slot"))
        fixed.append(
            FixedMeeting(
                a=_id(f["a"], f"{where}.a"),
                b=_id(f["b"], f"{where}.b"),
                slot=_id(f["slot"], f"{where}.slot"),
                table=f.get("table"),
            )
        )
    allow_moves = top.get("allow_moves", False)
    if not isinstance(allow_moves, bool):
        raise InstanceError("allow_moves: true or false is needed")
    return Instance(
        slots=slots,
        tables=tables,
        participants=tuple(participants),
        requests=tuple(requests),
        interpreters=tuple(interpreters),
        fixed=tuple(fixed),
        allow_moves=allow_moves,
    )


def instance_to_dict(inst: Instance) -> dict[str, Any]:
    """The JSON form of an instance (the inverse of :func:`parse_instance`)."""

    def slots_of(available: frozenset[Id] | None) -> list[Id] | None:
        return None if available is None else [s for s in inst.slots if s in available]

    participants = []
    for p in inst.participants:
        item: dict[str, Any] = {"id": p.id}
        if p.available is not None:
            item["available"] = slots_of(p.available)
        if p.max_meetings is not None:
            item["max_meetings"] = p.max_meetings
        if p.party is not None:
            item["party"] = p.party
        if p.languages:
            item["languages"] = list(p.languages)
        participants.append(item)
    requests = []
    for r in inst.requests:
        req: dict[str, Any] = {"a": r.a, "b": r.b, "weight": r.weight}
        if r.interpreter is not None:
            req["interpreter"] = list(r.interpreter)
        requests.append(req)
    out: dict[str, Any] = {
        "slots": list(inst.slots),
        "tables": {str(s): n for s, n in zip(inst.slots, inst.tables, strict=True)},
        "participants": participants,
        "requests": requests,
    }
    if inst.interpreters:
        out["interpreters"] = [
            {"id": t.id, "languages": list(t.languages)}
            | ({} if t.available is None else {"available": slots_of(t.available)})
            for t in inst.interpreters
        ]
    if inst.fixed:
        out["fixed"] = [
            {"a": f.a, "b": f.b, "slot": f.slot} | ({} if f.table is None else {"table": f.table})
            for f in inst.fixed
        ]
    if inst.allow_moves:
        out["allow_moves"] = True
    return out
