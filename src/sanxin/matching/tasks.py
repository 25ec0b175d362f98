"""Background tasks of matching (thin: they call domain functions).

``queue_embedding(obj)`` is what the directory and projects domain functions call after they
change an organization profile, a project or an offer: once the transaction commits, the
record's embedding is computed (only if its text changed). With a broker that is a Celery
task; without one it runs in a daemon thread of the process (the model takes seconds to
load; a save must not wait for it), or in the caller's thread when
``SANXIN_MATCHING_EMBED_IN_THREAD`` is False (tests). ``embed_stale_task`` is the nightly
catch-up: whatever is stale (also after a model change) is embedded, so matching is correct
even where no hook called ``queue_embedding``.
"""

from __future__ import annotations

import functools
import threading

from django.conf import settings
from django.db import connections, transaction

from sanxin.config.celery import app
from sanxin.directory.models import Offer, Organization
from sanxin.matching.domain.embeddings import embed_record, embed_stale, embeddings_enabled
from sanxin.matching.enums import RecordKind
from sanxin.projects.models import Project

KINDS = {
    Organization: RecordKind.ORGANIZATION,
    Project: RecordKind.PROJECT,
    Offer: RecordKind.OFFER,
}


@app.task
def embed_record_task(kind: str, pk: int) -> bool:
    return embed_record(kind=kind, pk=pk)


@app.task
def embed_stale_task() -> dict[str, int]:
    return embed_stale()


def _in_thread(kind: str, pk: int) -> None:
    try:
        embed_record(kind=kind, pk=pk)
    finally:
        connections.close_all()  # this thread's connections only


def _dispatch(kind: str, pk: int) -> None:
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        embed_record_task.delay(kind, pk)
    elif getattr(settings, "SANXIN_MATCHING_EMBED_IN_THREAD", True):
        threading.Thread(
            target=_in_thread, args=(kind, pk), name=f"sanxin-embed-{kind}-{pk}", daemon=True
        ).start()
    else:
        embed_record(kind=kind, pk=pk)


def queue_embedding(obj: Organization | Project | Offer) -> None:
    """(Re)compute ``obj``'s embedding after the current transaction commits."""
    kind = KINDS.get(type(obj))
    if kind is None:
        raise TypeError(f"no embeddings for {type(obj).__name__}")
    if not embeddings_enabled():
        return
    transaction.on_commit(functools.partial(_dispatch, kind, obj.pk))
