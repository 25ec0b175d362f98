"""The matcher: records in, ranked recommendations with reasons out.

A :class:`Matcher` holds the organizations, projects, offers and event participants it is
given (``upsert_*``/``remove_*``, one record at a time, so a background task can keep it
current), the past ties between organizations and the users' feedback, and answers:

- :meth:`Matcher.partners_for_project`: organizations for each open role of a project;
- :meth:`Matcher.projects_for_organization`: project roles an organization could take;
- :meth:`Matcher.offers_for_organization`: offers and requests that suit an organization;
- :meth:`Matcher.meetings_for_participant`: whom a participant should meet at an event;
- :meth:`Matcher.organizations_to_invite`: non-members that fill a missing chain link.

Embeddings are computed elsewhere (a background task calls :func:`embed.embed_record` and
stores the bytes) and passed in; a matcher given an ``embedder`` computes missing ones itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from sanxin.engines.matching.corpus import Corpus
from sanxin.engines.matching.embed import E5_MODEL, Embedder, RecordEmbedding, embed_record
from sanxin.engines.matching.items import (
    offer_item,
    organization_item,
    participant_item,
    role_items,
    role_key,
)
from sanxin.engines.matching.reasons import Reason, Recommendation, build
from sanxin.engines.matching.records import (
    Feedback,
    Offer,
    Organization,
    Participant,
    Project,
    Tie,
    all_text,
)
from sanxin.engines.matching.roles import role_needs
from sanxin.engines.matching.scoring import DEFAULT_CORRIDORS, Query, Weights, compute, top
from sanxin.engines.matching.taxonomy import EMPTY_TAXONOMY, EXACT, Taxonomy
from sanxin.engines.matching.text import features


class UnknownRecordError(KeyError):
    """An id the matcher does not hold."""


@dataclass(frozen=True, slots=True)
class Invitations:
    """Chain links no member covers, and the non-members that would fill them."""

    missing: tuple[str, ...]
    recommendations: tuple[Recommendation, ...]


class Matcher:
    """Recommendations over one alliance's records (see the module docstring)."""

    def __init__(
        self,
        taxonomy: Taxonomy = EMPTY_TAXONOMY,
        *,
        embedder: Embedder | None = None,
        model: str = E5_MODEL,
        dim: int = 384,
        weights: Weights | None = None,
        role_weights: Weights | None = None,
        corridors: frozenset[frozenset[str]] = DEFAULT_CORRIDORS,
    ) -> None:
        if embedder is not None:
            model, dim = embedder.name, embedder.dim
        self.taxonomy = taxonomy
        self.embedder = embedder
        self.model, self.dim = model, dim
        self.weights = weights or Weights()
        self.role_weights = role_weights or Weights.for_roles()
        self.corridors = corridors
        self.organizations: dict[str, Organization] = {}
        self.projects: dict[str, Project] = {}
        self.offers: dict[str, Offer] = {}
        self.participants: dict[str, dict[str, Participant]] = {}
        self.org_corpus = self._corpus()
        self.role_corpus = self._corpus()
        self.offer_corpus = self._corpus()
        self.event_corpora: dict[str, Corpus] = {}
        self._project_embeddings: dict[str, RecordEmbedding] = {}
        self._participant_embeddings: dict[tuple[str, str], RecordEmbedding] = {}
        self._role_items: dict[str, list[str]] = {}
        self._ties: dict[str, list[Tie]] = defaultdict(list)
        self._feedback: dict[str, dict[str, bool]] = defaultdict(dict)

    def _corpus(self) -> Corpus:
        return Corpus(self.taxonomy, model=self.model, dim=self.dim)

    def _embedding(self, text: str, given: RecordEmbedding | None) -> RecordEmbedding | None:
        if given is not None:
            return given
        if self.embedder is not None and text.strip():
            return embed_record(self.embedder, text)
        return None

    # --- records -------------------------------------------------------------------------

    def upsert_organization(
        self, org: Organization, embedding: RecordEmbedding | None = None
    ) -> None:
        item = organization_item(org)
        self.organizations[org.id] = org
        self.org_corpus.upsert(item, self._embedding(item.text, embedding))
        for event, people in self.participants.items():
            for person in people.values():
                if person.organization == org.id:
                    self._index_participant(event, person)

    def remove_organization(self, org_id: str) -> bool:
        self.organizations.pop(org_id, None)
        return self.org_corpus.remove(org_id)

    def upsert_project(self, project: Project, embedding: RecordEmbedding | None = None) -> None:
        self.remove_project(project.id)
        text = all_text(project.titles, project.texts)
        emb = self._embedding(text, embedding)
        self.projects[project.id] = project
        if emb is not None:
            self._project_embeddings[project.id] = emb
        keys = []
        for item in role_items(project):
            keys.append(item.id)
            self.role_corpus.upsert(item, emb)
        self._role_items[project.id] = keys

    def remove_project(self, project_id: str) -> bool:
        found = self.projects.pop(project_id, None) is not None
        self._project_embeddings.pop(project_id, None)
        for key in self._role_items.pop(project_id, []):
            self.role_corpus.remove(key)
        return found

    def upsert_offer(self, offer: Offer, embedding: RecordEmbedding | None = None) -> None:
        item = offer_item(offer, self.organizations.get(offer.organization))
        self.offers[offer.id] = offer
        self.offer_corpus.upsert(item, self._embedding(item.text, embedding))

    def remove_offer(self, offer_id: str) -> bool:
        self.offers.pop(offer_id, None)
        return self.offer_corpus.remove(offer_id)

    def upsert_participant(
        self, event: str, participant: Participant, embedding: RecordEmbedding | None = None
    ) -> None:
        """Register a participant of ``event``; without texts of their own they are matched
        on their organization's profile."""
        self.participants.setdefault(event, {})[participant.id] = participant
        text = all_text(participant.texts)
        emb = self._embedding(text, embedding) if text else None
        if emb is not None:
            self._participant_embeddings[(event, participant.id)] = emb
        self._index_participant(event, participant)

    def _index_participant(self, event: str, person: Participant) -> None:
        item = participant_item(person, self.organizations.get(person.organization))
        own = self._participant_embeddings.get((event, person.id))
        emb = own or self._org_embedding(person.organization)
        corpus = self.event_corpora.setdefault(event, self._corpus())
        corpus.upsert(item, emb)

    def remove_participant(self, event: str, participant_id: str) -> bool:
        self.participants.get(event, {}).pop(participant_id, None)
        self._participant_embeddings.pop((event, participant_id), None)
        corpus = self.event_corpora.get(event)
        return corpus.remove(participant_id) if corpus else False

    def add_tie(self, tie: Tie) -> None:
        self._ties[tie.a].append(tie)
        self._ties[tie.b].append(tie)

    def add_ties(self, ties: Iterable[Tie]) -> None:
        for tie in ties:
            self.add_tie(tie)

    def set_feedback(self, feedback: Feedback) -> None:
        self._feedback[feedback.by][feedback.target] = feedback.interested

    def replace_ties(self, ties: Iterable[Tie]) -> None:
        """Forget every tie and hold these instead (a caller re-reading its rows)."""
        self._ties = defaultdict(list)
        self.add_ties(ties)

    def replace_feedback(self, feedback: Iterable[Feedback]) -> None:
        """Forget all feedback and hold this instead (later entries win)."""
        self._feedback = defaultdict(dict)
        for entry in feedback:
            self.set_feedback(entry)

    # --- helpers -------------------------------------------------------------------------

    def _org_embedding(self, org_id: str) -> RecordEmbedding | None:
        corpus = self.org_corpus
        if org_id not in corpus.query_vectors:
            return None
        sentences, vectors = corpus.sentences.get(org_id, ((), np.zeros((0, self.dim))))
        return RecordEmbedding(
            self.model,
            corpus.vectors.vector(org_id),
            corpus.query_vectors[org_id],
            sentences,
            vectors.astype(np.float32),
        )

    def _relationships(
        self, anchors: frozenset[str]
    ) -> tuple[dict[str, float], dict[str, list[dict[str, Any]]]]:
        strength: dict[str, float] = {}
        why: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for anchor in sorted(anchors):
            for tie in self._ties.get(anchor, ()):
                other = tie.b if tie.a == anchor else tie.a
                if other in anchors:
                    continue
                value = 1.0 if tie.kind == "consortium" else 0.5
                strength[other] = max(strength.get(other, 0.0), value)
                why[other].append(
                    {"kind": tie.kind, "with": anchor, "project": tie.project, "event": tie.event}
                )
        return strength, dict(why)

    def _feedback_of(self, subject: str | None) -> dict[str, float]:
        if subject is None:
            return {}
        w = self.weights
        return {
            target: w.interested if yes else w.not_interested
            for target, yes in self._feedback.get(subject, {}).items()
        }

    def _query(self, text: str, emb: RecordEmbedding | None, **fields: Any) -> Query:
        return Query(
            text=text,
            features=features(text) if text else {},
            vector=emb.query if emb is not None else None,
            sentences=emb.sentences if emb is not None else (),
            sentence_vectors=emb.sentence_vectors if emb is not None else None,
            **fields,
        )

    def _run(
        self,
        corpus: Corpus,
        query: Query,
        k: int,
        *,
        relationship: dict[str, float],
        ties: dict[str, list[dict[str, Any]]],
        feedback: dict[str, float],
        mask_fn: Any = None,
        extra: dict[str, list[Reason]] | None = None,
        weights: Weights | None = None,
        allowed: Collection[str] | None = None,
    ) -> list[Recommendation]:
        if not len(corpus):
            return []
        weights = weights or self.weights
        cols = corpus.columns()
        mask = mask_fn(cols) if mask_fn is not None else None
        if allowed is not None:
            seen = np.fromiter(
                ((item.ref or item.id) in allowed for item in cols.items),
                dtype=bool,
                count=len(cols.items),
            )
            mask = seen if mask is None else (mask & seen)
        signals = compute(
            corpus,
            query,
            weights=weights,
            relationship=relationship,
            feedback=feedback,
            corridors=self.corridors,
            mask=mask,
        )
        rows = top(signals, k)
        return build(corpus, query, signals, rows, weights=weights, ties=ties, extra=extra)

    # --- recommenders --------------------------------------------------------------------

    def partners_for_project(
        self,
        project_id: str,
        *,
        k: int = 10,
        roles: Iterable[str] | None = None,
        allowed: Collection[str] | None = None,
    ) -> dict[str, list[Recommendation]]:
        """For each open role (keyed as :func:`role_key`), the ``k`` best organizations.
        The owner and organizations that declined are never proposed; a ``local_partner``
        must come from the host country. ``allowed``: only these organization ids (what the
        asking person may see). Feedback counts from the owner and about the project
        (``Feedback(by=project_id, ...)``)."""
        project = self._get(self.projects, project_id)
        wanted = set(roles) if roles is not None else None
        text = all_text(project.titles, project.texts)
        emb = self._project_embeddings.get(project.id)
        anchors = frozenset(filter(None, {project.owner, *project.members}))
        relationship, ties = self._relationships(anchors)
        feedback = {**self._feedback_of(project.owner), **self._feedback_of(project.id)}
        out: dict[str, list[Recommendation]] = {}
        for index, role in enumerate(project.roles):
            key = role_key(project, index)
            if role.filled_by is not None or (wanted is not None and key not in wanted):
                continue
            role_text = "\n".join(filter(None, (text, all_text(role.texts))))
            query = self._query(
                role_text,
                emb,
                needs=role.capabilities or role_needs(role.role, project.project_type),
                country=project.country,
                province=project.province,
                size_mw=project.capacity_mw,
                debt=project.debt,
                role=role.role,
                anchors=anchors,
                subject=project.owner,
                exclude=frozenset(filter(None, {project.owner, *project.declined})),
                local_country=project.country if role.role == "local_partner" else None,
            )
            out[key] = self._run(
                self.org_corpus,
                query,
                k,
                relationship=relationship,
                ties=ties,
                feedback=feedback,
                weights=self.role_weights,
                allowed=allowed,
            )
        return out

    def _org_query(self, org: Organization, emb: RecordEmbedding | None, **fields: Any) -> Query:
        return self._query(
            all_text(org.names, org.texts),
            emb,
            provides=org.capabilities,
            needs=org.needs,
            country=org.country,
            province=org.province,
            size_mw=org.typical_mw,
            subject=org.id,
            exclude=frozenset({org.id}),
            **fields,
        )

    def projects_for_organization(
        self, org_id: str, *, k: int = 10, allowed: Collection[str] | None = None
    ) -> list[Recommendation]:
        """Live projects with an open role the organization could take (best role per
        project), excluding its own projects and those it declined or already joined;
        ``allowed``: only these project ids."""
        org = self._get(self.organizations, org_id)
        query = self._org_query(org, self._org_embedding(org_id), org_type=org.org_type)
        relationship, ties = self._relationships(frozenset({org_id}))
        skip = {
            pid for pid, p in self.projects.items() if org_id in p.declined or org_id in p.members
        }

        def mask(cols: Any) -> np.ndarray:
            keep = cols.live.copy()
            for row, item in enumerate(cols.items):
                if item.ref in skip:
                    keep[row] = False
            return keep

        ranked = self._run(
            self.role_corpus,
            query,
            k * 4,
            relationship=relationship,
            ties=ties,
            feedback=self._feedback_of(org_id),
            mask_fn=mask,
            allowed=allowed,
        )
        best: dict[str, Recommendation] = {}
        for rec in ranked:
            best.setdefault(rec.ref, rec)
        return list(best.values())[:k]

    def organizations_for_organization(
        self, org_id: str, *, k: int = 10, allowed: Collection[str] | None = None
    ) -> list[Recommendation]:
        """Other organizations that suit an organization (what it needs against what they
        provide, and the other way round; its words and meaning against their profiles);
        ``allowed``: only these organization ids."""
        org = self._get(self.organizations, org_id)
        query = self._org_query(org, self._org_embedding(org_id))
        relationship, ties = self._relationships(frozenset({org_id}))
        return self._run(
            self.org_corpus,
            query,
            k,
            relationship=relationship,
            ties=ties,
            feedback=self._feedback_of(org_id),
            allowed=allowed,
        )

    def offers_for_organization(
        self,
        org_id: str,
        *,
        k: int = 10,
        kind: str | None = None,
        allowed: Collection[str] | None = None,
    ) -> list[Recommendation]:
        """Open offers and requests (or one ``kind``) of other organizations that suit it;
        ``allowed``: only these offer ids."""
        org = self._get(self.organizations, org_id)
        query = self._org_query(org, self._org_embedding(org_id))
        relationship, ties = self._relationships(frozenset({org_id}))
        return self._run(
            self.offer_corpus,
            query,
            k,
            relationship=relationship,
            ties=ties,
            feedback=self._feedback_of(org_id),
            mask_fn=lambda cols: cols.live & ((cols.kinds == kind) if kind else True),
            allowed=allowed,
        )

    def meetings_for_participant(
        self,
        event: str,
        participant_id: str,
        *,
        k: int = 10,
        allowed: Collection[str] | None = None,
    ) -> list[Recommendation]:
        """Other participants of ``event`` worth meeting. Having met before does not remove
        anyone: with a live project between the two organizations it is a follow-up (a
        relationship bonus and a ``follow_up`` reason); without one, a mild novelty discount
        (``Weights.met_before``) and a ``met_before`` reason."""
        people = self.participants.get(event, {})
        person = self._get(people, participant_id)
        org_id = person.organization
        org = self.organizations.get(org_id) or Organization(id=org_id)
        emb = self._participant_embeddings.get((event, participant_id))
        emb = emb or self._org_embedding(org_id)
        text = "\n".join(filter(None, (all_text(person.texts), all_text(org.names, org.texts))))
        query = replace(
            self._org_query(org, emb),
            text=text,
            features=features(text),
            needs=person.seeks | org.needs,
        )
        relationship: dict[str, float] = {}
        feedback = self._feedback_of(org_id)
        ties: dict[str, list[dict[str, Any]]] = defaultdict(list)
        extra: dict[str, list[Reason]] = defaultdict(list)
        live = self._live_links(org_id)
        for tie in self._ties.get(org_id, ()):
            other = tie.b if tie.a == org_id else tie.a
            ties[other].append({"kind": tie.kind, "project": tie.project, "event": tie.event})
            if tie.kind == "consortium":
                relationship[other] = 1.0
        for pid, other_person in people.items():
            other = other_person.organization
            met = [t for t in ties.get(other, []) if t["kind"] == "meeting"]
            if not met:
                continue
            if live.get(other):
                relationship[other] = 1.0
                extra[pid].append(
                    Reason("follow_up", self.weights.relationship, {"projects": live[other]})
                )
            else:
                feedback[pid] = feedback.get(pid, 1.0) * self.weights.met_before
                extra[pid].append(Reason("met_before", 0.0, {"meetings": met}))
        return self._run(
            self.event_corpora[event],
            query,
            k,
            relationship=relationship,
            ties={o: t for o, t in ties.items() if relationship.get(o)},
            feedback=feedback,
            extra=extra,
            allowed=allowed,
        )

    def _live_links(self, org_id: str) -> dict[str, list[str]]:
        """Organizations that share a live project with ``org_id`` (owner or member), or a
        tie about a live project, with those projects."""
        links: dict[str, list[str]] = defaultdict(list)
        for p in self.projects.values():
            team = set(filter(None, {p.owner, *p.members}))
            if p.live and org_id in team:
                for other in team - {org_id}:
                    links[other].append(p.id)
        for tie in self._ties.get(org_id, ()):
            p = self.projects.get(tie.project or "")
            other = tie.b if tie.a == org_id else tie.a
            if p is not None and p.live and p.id not in links[other]:
                links[other].append(p.id)
        return {o: sorted(v) for o, v in links.items() if v}

    def missing_links(
        self, links: Iterable[str], *, members: Collection[str] | None = None
    ) -> tuple[str, ...]:
        """Chain links (capability codes) that no member organization provides
        (``members``: these organization ids are the members, not the records' flags)."""
        members = [
            o.capabilities
            for o in self.organizations.values()
            if (o.member if members is None else o.id in members)
        ]
        missing = []
        for link in links:
            covered = any(
                (m := self.taxonomy.match(link, caps)) is not None and m.score >= EXACT
                for caps in members
            )
            if not covered:
                missing.append(link)
        return tuple(missing)

    def organizations_to_invite(
        self,
        *,
        links: Iterable[str],
        text: str = "",
        country: str = "",
        province: str = "",
        k: int = 10,
        members: Collection[str] | None = None,
        allowed: Collection[str] | None = None,
    ) -> Invitations:
        """Non-members that fill the chain links no member covers, near ``country``/
        ``province`` and close to ``text`` (the alliance's focus), best first. ``members``:
        the member organization ids (else the records' ``member`` flags); ``allowed``: only
        these candidates."""
        missing = self.missing_links(links, members=members)
        if not missing:
            return Invitations((), ())
        emb = self._embedding(text, None) if text else None
        query = self._query(text, emb, needs=frozenset(missing), country=country, province=province)
        recs = self._run(
            self.org_corpus,
            query,
            k,
            relationship={},
            ties={},
            feedback={},
            mask_fn=lambda cols: (
                _outsiders(cols, members) & (cols.provides_direct.getnnz(axis=1) > 0)
            ),
            allowed=allowed,
        )
        return Invitations(missing, tuple(r for r in recs if r.signals.get("capabilities", 0)))

    @staticmethod
    def _get(table: dict[str, Any], key: str) -> Any:
        try:
            return table[key]
        except KeyError:
            raise UnknownRecordError(key) from None


def _outsiders(cols: Any, members: Collection[str] | None) -> np.ndarray:
    if members is None:
        return ~cols.member
    return np.fromiter(
        (item.owner not in members for item in cols.items), dtype=bool, count=len(cols.items)
    )
