"""Stored embeddings: compute them for records whose text changed, skip the unchanged.

A record's embedding is computed from the text the engine reads (``records.record_text``),
stored as the engine's bytes with the model's name and the text's SHA-256. A record is
*stale* when it has no stored embedding, its text changed, or the model is another one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

from sanxin.directory.models import Offer, Organization
from sanxin.engines.matching import E5_MODEL, E5Embedder, Embedder, embed_records
from sanxin.matching.domain.records import (
    offer_records,
    organization_records,
    project_records,
    record_text,
    text_hash,
)
from sanxin.matching.enums import RecordKind
from sanxin.matching.models import StoredEmbedding
from sanxin.projects.models import Project

_LOCK = threading.Lock()
_EMBEDDER: list[Embedder] = []

LOADERS = {
    RecordKind.ORGANIZATION: organization_records,
    RecordKind.PROJECT: project_records,
    RecordKind.OFFER: offer_records,
}


def embeddings_enabled() -> bool:
    return bool(getattr(settings, "SANXIN_MATCHING_EMBEDDINGS", True))


def get_embedder() -> Embedder:
    """The process's model (loaded once, on first use; about 3 s and 115 MB)."""
    with _LOCK:
        if not _EMBEDDER:
            threads = int(getattr(settings, "SANXIN_MATCHING_THREADS", 2))
            _EMBEDDER.append(E5Embedder(threads=threads))
        return _EMBEDDER[0]


def set_embedder(embedder: Embedder) -> None:
    """Use this embedder in the process (a benchmark's or a test session's shared one)."""
    with _LOCK:
        _EMBEDDER[:] = [embedder]


def _records(kind: str, ids: Iterable[int] | None) -> dict[int, str]:
    """``{pk: text}`` of the records of ``kind`` (all, or ``ids``)."""
    return {int(key[1:]): record_text(rec) for key, rec in LOADERS[kind](ids).items()}


def stale_records(kind: str, ids: Iterable[int] | None = None) -> dict[int, str]:
    """Records of ``kind`` whose stored embedding is missing, outdated or of another model."""
    texts = _records(kind, ids)
    stored = {
        pk: (model, digest)
        for pk, model, digest in StoredEmbedding.objects.filter(
            kind=kind, object_id__in=list(texts)
        ).values_list("object_id", "model", "text_hash")
    }
    return {pk: text for pk, text in texts.items() if stored.get(pk) != (E5_MODEL, text_hash(text))}


def _store(kind: str, items: dict[int, str], embedder: Embedder) -> int:
    pks = list(items)
    vectors = embed_records(embedder, [items[pk] for pk in pks])
    with transaction.atomic():
        for pk, emb in zip(pks, vectors, strict=True):
            StoredEmbedding.objects.update_or_create(
                kind=kind,
                object_id=pk,
                defaults={
                    "model": emb.model,
                    "text_hash": text_hash(items[pk]),
                    "dim": int(emb.passage.shape[0]),
                    "sentences": len(emb.sentences),
                    "vectors": emb.to_bytes(),
                },
            )
    return len(pks)


def embed_record(*, kind: str, pk: int) -> bool:
    """Embed one record if its text changed (idempotent). False when nothing was computed."""
    if not embeddings_enabled():
        return False
    stale = stale_records(kind, [pk])
    if not stale:
        return False
    return _store(kind, stale, get_embedder()) > 0


def remove_orphans() -> int:
    """Drop stored embeddings whose record is gone."""
    tables = {
        RecordKind.ORGANIZATION: Organization.objects,
        RecordKind.PROJECT: Project.objects,
        RecordKind.OFFER: Offer.objects,
    }
    removed = 0
    for kind, manager in tables.items():
        gone = StoredEmbedding.objects.filter(kind=kind).exclude(object_id__in=manager.values("pk"))
        removed += gone.delete()[0]
    return removed


def embed_stale(*, batch: int = 16, limit: int | None = None) -> dict[str, int]:
    """Embed every stale record (in batches), drop orphans; counts per kind."""
    counts: dict[str, int] = {}
    if not embeddings_enabled():
        return counts
    budget = limit
    for kind in LOADERS:
        stale = stale_records(kind)
        pks = sorted(stale)
        if budget is not None:
            pks = pks[:budget]
            budget -= len(pks)
        done = 0
        for start in range(0, len(pks), batch):
            chunk = {pk: stale[pk] for pk in pks[start : start + batch]}
            done += _store(kind, chunk, get_embedder())
        counts[kind] = done
    counts["removed"] = remove_orphans()
    return counts
