"""Recommendations with their reasons: why a candidate ranks where it does.

Reasons are data (a code and values), not sentences: the pages put them into words in the
reader's language. Codes:

- ``capabilities``: ``matches`` — (need, capability, kind) with kind exact/narrower/broader/
  related;
- ``region``: ``kind`` same_province / works_in_province / same_country / corridor, with the
  ``country``/``province`` concerned;
- ``passage``: the best-matching sentence pair (``query``, ``candidate``, their languages,
  ``cosine``), in any two languages;
- ``keywords``: the shared words;
- ``size``: the candidate's typical size (or ticket) against the need;
- ``cooperation``: past consortia or meetings with the project's owner or members
  (``ties``: kind, with whom, project);
- ``follow_up``: met before, and a live project links them (``projects``);
- ``met_before``: met before, nothing live; ``interested``: someone marked it interesting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sanxin.engines.matching.corpus import Corpus
from sanxin.engines.matching.scoring import Query, Signals, Weights
from sanxin.engines.matching.text import detect_language


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason: a ``code`` (see the module docstring), what it adds to the score
    (``contribution``, 0 for reasons that only explain) and its ``data``."""

    code: str
    contribution: float
    data: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "contribution": round(self.contribution, 4), **self.data}


@dataclass(frozen=True, slots=True)
class Recommendation:
    """A recommended item: ``id`` (an organization, a project, an offer, a participant),
    ``owner`` (its organization), ``role`` (for a project's role), ``score`` in [0, 1],
    each signal's value and the reasons, strongest first."""

    id: str
    kind: str
    owner: str
    score: float
    signals: Mapping[str, float]
    reasons: tuple[Reason, ...]
    role: str | None = None
    ref: str = ""

    def reason(self, code: str) -> Reason | None:
        return next((r for r in self.reasons if r.code == code), None)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "owner": self.owner,
            "score": round(self.score, 4),
            "signals": {k: round(v, 4) for k, v in self.signals.items()},
            "reasons": [r.to_dict() for r in self.reasons],
        }
        if self.role:
            out["role"] = self.role
        if self.ref and self.ref != self.id:
            out["ref"] = self.ref
        return out


def best_passage(query: Query, corpus: Corpus, item_id: str) -> tuple[str, str, float] | None:
    """The pair (query sentence, candidate sentence) with the highest cosine."""
    stored = corpus.sentences.get(item_id)
    if stored is None or query.sentence_vectors is None or not query.sentences:
        return None
    sentences, vectors = stored
    if not sentences:
        return None
    sims = query.sentence_vectors.astype(np.float32) @ vectors.astype(np.float32).T
    qi, ci = np.unravel_index(int(np.argmax(sims)), sims.shape)
    return query.sentences[qi], sentences[ci], float(sims[qi, ci])


def shared_keywords(query: Query, corpus: Corpus, item_id: str, limit: int = 6) -> list[str]:
    """Shared keyword features, rarest first, shown as words (folded and bigram forms only
    when the plain word is not shared)."""
    cols = corpus.columns()
    theirs = corpus.features_of(item_id)
    shared = [f for f in query.features if f in theirs]
    shown: list[str] = []
    seen: set[str] = set()
    idf = cols.idf
    shared.sort(key=lambda f: -float(idf[cols.vocabulary[f]]) if f in cols.vocabulary else 0.0)
    for f in shared:
        word = f.lstrip("~").replace("_", " ")
        if word in seen:
            continue
        seen.add(word)
        shown.append(word)
        if len(shown) >= limit:
            break
    return shown


def region_reason(signals: Signals, row: int, query: Query) -> Reason | None:
    value = signals.values.get("region")
    if value is None or value[row] <= 0:
        return None
    item = signals.columns.items[row]
    v = float(value[row])
    if v >= 1.0:
        kind = "same_province"
    elif v >= 0.9:
        kind = "works_in_province"
    elif v >= 0.6:
        kind = "same_country"
    else:
        kind = "corridor"
    data = {"kind": kind, "country": item.country or query.country, "province": query.province}
    if kind == "corridor":
        data["countries"] = sorted({query.country, item.country} - {""})
    return Reason("region", v, data)


def build(
    corpus: Corpus,
    query: Query,
    signals: Signals,
    rows: list[int],
    *,
    weights: Weights,
    ties: Mapping[str, list[dict[str, Any]]] | None = None,
    extra: Mapping[str, list[Reason]] | None = None,
) -> list[Recommendation]:
    """Recommendations for the given rows with their reasons. ``ties`` maps an organization
    to the past ties that explain its relationship bonus; ``extra`` adds reasons by item id."""
    cols = signals.columns
    wmap = weights.signal_weights()
    wsum = sum(wmap[k] for k in signals.values) or 1.0
    out: list[Recommendation] = []
    for row in rows:
        item = cols.items[row]
        values = {k: float(v[row]) for k, v in signals.values.items()}
        share = {k: wmap[k] * v / wsum for k, v in values.items()}
        reasons: list[Reason] = []
        needs = query.needs or item.needs
        provides = item.provides if query.needs else query.provides
        matches = [
            (m.need, m.capability, m.kind)
            for need in sorted(needs)
            if (m := corpus.taxonomy.match(need, provides)) is not None
        ]
        if matches:
            reasons.append(
                Reason("capabilities", share.get("capabilities", 0.0), {"matches": matches})
            )
        region = region_reason(signals, row, query)
        if region is not None:
            reasons.append(Reason("region", share.get("region", 0.0), region.data))
        passage = best_passage(query, corpus, item.id)
        if passage is not None:
            q, c, cosine = passage
            data = {
                "query": q,
                "candidate": c,
                "query_language": detect_language(q),
                "candidate_language": detect_language(c),
                "cosine": round(cosine, 4),
            }
            reasons.append(Reason("passage", share.get("semantic", 0.0), data))
        words = shared_keywords(query, corpus, item.id)
        if words:
            reasons.append(Reason("keywords", share.get("keywords", 0.0), {"words": words}))
        if "size" in values and (item.size_mw is not None or item.ticket is not None):
            data = (
                {"ticket": item.ticket, "debt": query.debt}
                if query.role == "financier" and query.debt
                else {"typical_mw": item.size_mw, "project_mw": query.size_mw}
            )
            reasons.append(Reason("size", share["size"], data))
        rel = float(signals.relationship[row])
        if rel > 0 and ties is not None and item.owner in ties:
            bonus = weights.relationship * rel
            reasons.append(Reason("cooperation", bonus, {"ties": ties[item.owner]}))
        if signals.feedback[row] > 1.0:
            reasons.append(Reason("interested", 0.0, {}))
        reasons.extend((extra or {}).get(item.id, ()))
        reasons.sort(key=lambda r: -r.contribution)
        out.append(
            Recommendation(
                id=item.id,
                kind=item.kind,
                owner=item.owner,
                score=float(signals.total[row]),
                signals={**values, "type_fit": float(signals.type_fit[row]), "relationship": rel},
                reasons=tuple(reasons),
                role=item.role,
                ref=item.ref or item.id,
            )
        )
    return out
