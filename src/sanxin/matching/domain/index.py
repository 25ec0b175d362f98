"""The process's matcher: every record in memory, kept current from the database.

On each use, a few aggregate queries (count and latest change of each table that feeds the
matcher) tell whether anything changed. When something did, the records are read again and
only those that differ — or whose stored embedding is newer — are upserted into the engine
(its vector index and columns), removed records are removed, and ties and feedback are
replaced. An embedding of another model, or of an older text, is not used (the record is
matched on words and structure until the background task recomputes it). Participants of an
event are loaded when that event is asked about.

Callers hold the lock while they query (``with using_matcher() as matcher:``): the engine's
columns are rebuilt lazily and are not safe to rebuild from two threads at once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max

from sanxin.directory.models import Capability, Membership, Offer, Organization
from sanxin.engines.matching import E5_MODEL, Feedback, Matcher, RecordEmbedding
from sanxin.events.models import Meeting, Registration
from sanxin.matching.domain.records import (
    load_taxonomy,
    offer_records,
    organization_records,
    participant_records,
    project_records,
    record_text,
    text_hash,
    ties,
)
from sanxin.matching.enums import KEY_PREFIX, RecordKind
from sanxin.matching.models import Feedback as FeedbackRow
from sanxin.matching.models import StoredEmbedding
from sanxin.projects.models import ConsortiumRole, Project

_LOCK = threading.RLock()


@dataclass
class State:
    matcher: Matcher
    stamp: tuple = ()
    taxonomy_stamp: tuple = ()
    records: dict[str, Any] = field(default_factory=dict)
    embedded: dict[str, str] = field(default_factory=dict)
    events: dict[str, tuple] = field(default_factory=dict)
    participants: dict[str, dict[str, Any]] = field(default_factory=dict)


_STATE: list[State] = []


def _agg(queryset, column: str = "updated") -> tuple:
    row = queryset.aggregate(n=Count("pk"), t=Max(column))
    return (row["n"], row["t"])


def current_stamp() -> tuple:
    """What changed since the last look: count and latest change of each source table."""
    return (
        _agg(Organization.objects),
        _agg(Project.objects),
        _agg(Offer.objects),
        _agg(ConsortiumRole.objects),
        _agg(Membership.objects),
        _agg(Meeting.objects),
        _agg(StoredEmbedding.objects),
        _agg(FeedbackRow.objects),
    )


def _taxonomy_stamp() -> tuple:
    return (Capability.objects.count(),)


def _embeddings(kind: str, keys: set[str]) -> dict[str, tuple[str, bytes | None]]:
    """``{key: (token, bytes)}`` of stored embeddings of ``kind`` for the given keys."""
    prefix = KEY_PREFIX[kind]
    ids = [int(k[1:]) for k in keys]
    rows = StoredEmbedding.objects.filter(kind=kind, object_id__in=ids).values_list(
        "object_id", "model", "text_hash", "vectors"
    )
    return {f"{prefix}{pk}": (f"{model}:{digest}", bytes(blob)) for pk, model, digest, blob in rows}


def _tokens(kind: str) -> dict[str, str]:
    prefix = KEY_PREFIX[kind]
    return {
        f"{prefix}{pk}": f"{model}:{digest}"
        for pk, model, digest in StoredEmbedding.objects.filter(kind=kind).values_list(
            "object_id", "model", "text_hash"
        )
    }


def _usable(record: Any, token: str | None, model: str) -> bool:
    return token == f"{model}:{text_hash(record_text(record))}"


def _sync_kind(state: State, kind: str, records: dict[str, Any], upsert, remove) -> None:
    matcher = state.matcher
    tokens = _tokens(kind)
    prefix = KEY_PREFIX[kind]
    wanted = {k for k in records if _usable(records[k], tokens.get(k), matcher.model)}
    changed = {
        key
        for key, rec in records.items()
        if state.records.get(key) != rec
        or state.embedded.get(key, "") != (tokens[key] if key in wanted else "")
    }
    blobs = _embeddings(kind, changed & wanted) if changed & wanted else {}
    for key in sorted(changed):
        emb = None
        if key in blobs:
            token, blob = blobs[key]
            emb = RecordEmbedding.from_bytes(blob)
            state.embedded[key] = token
        else:
            state.embedded.pop(key, None)
        upsert(records[key], emb)
        state.records[key] = records[key]
    for key in [k for k in state.records if k.startswith(prefix) and k not in records]:
        remove(key)
        state.records.pop(key, None)
        state.embedded.pop(key, None)


def _sync(state: State) -> None:
    m = state.matcher
    orgs = organization_records()
    _sync_kind(state, RecordKind.ORGANIZATION, orgs, m.upsert_organization, m.remove_organization)
    _sync_kind(state, RecordKind.PROJECT, project_records(), m.upsert_project, m.remove_project)
    _sync_kind(state, RecordKind.OFFER, offer_records(), m.upsert_offer, m.remove_offer)
    m.replace_ties(ties())
    m.replace_feedback(
        Feedback(by=subject, target=target, interested=interested)
        for subject, target, interested in FeedbackRow.objects.order_by(
            "updated", "id"
        ).values_list("subject", "target", "interested")
    )
    state.events.clear()  # participants reread their organizations' records


def _state() -> State:
    taxonomy_stamp = _taxonomy_stamp()
    if not _STATE or _STATE[0].taxonomy_stamp != taxonomy_stamp:
        _STATE[:] = [State(Matcher(load_taxonomy(), model=E5_MODEL), taxonomy_stamp=taxonomy_stamp)]
    state = _STATE[0]
    stamp = current_stamp()
    if stamp != state.stamp:
        _sync(state)
        state.stamp = stamp
    return state


def _sync_event(state: State, event_id: int) -> str:
    key = f"e{event_id}"
    row = Registration.objects.filter(event_id=event_id).aggregate(n=Count("pk"), t=Max("updated"))
    stamp = (row["n"], row["t"])
    if state.events.get(key) == stamp:
        return key
    m = state.matcher
    people = participant_records(event_id)
    held = state.participants.setdefault(key, {})
    for pid in [p for p in held if p not in people]:
        m.remove_participant(key, pid)
        held.pop(pid)
    for pid, person in people.items():
        if held.get(pid) != person or pid not in m.event_corpora.get(key, {}):
            m.upsert_participant(key, person)
            held[pid] = person
    state.events[key] = stamp
    return key


@contextmanager
def using_matcher(*, event_id: int | None = None) -> Iterator[Matcher]:
    """The current matcher, locked for the caller (and the event's participants loaded)."""
    with _LOCK:
        state = _state()
        if event_id is not None:
            _sync_event(state, event_id)
        yield state.matcher


def forget_matcher() -> None:
    """Drop the process's matcher (the next use rebuilds it from the database)."""
    with _LOCK:
        _STATE.clear()
