"""Scoring one query against a corpus: signals as arrays, a weighted sum, the top k.

Signals, each in [0, 1] for every candidate (``docs/matching.md`` has the reasoning):

- ``semantic``: cosine of the query's e5 query vector with the candidate's passage vector,
  calibrated per query (:mod:`~sanxin.engines.matching.calibrate`);
- ``keywords``: BM25 weight of the query's keyword features found in the candidate, over the
  weight of all the query's features;
- ``capabilities``: the taxonomy fit, in whichever direction applies (the query's needs met by
  what the candidate provides, or the candidate's needs met by what the query provides);
- ``region``: same province 1.0, works in the province 0.9, same country 0.6, a cross-border
  corridor 0.35, else 0;
- ``size``: closeness of typical project sizes on a log scale (or, for a financier, how much of
  the debt its ticket covers); 0.5 when unknown.

Their weighted mean (over the signals the query has) is multiplied by the organization-type fit
for the role (0 removes a candidate) and by feedback, then the relationship bonus is added.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sanxin.engines.matching.calibrate import calibrate
from sanxin.engines.matching.corpus import Columns, Corpus
from sanxin.engines.matching.roles import TYPE_FIT
from sanxin.engines.matching.taxonomy import BROADER, EXACT, RELATED

DEFAULT_CORRIDORS: frozenset[frozenset[str]] = frozenset({frozenset({"CN", "VN"})})
"""Country pairs with an established cross-border corridor (China–Vietnam)."""


@dataclass(frozen=True, slots=True)
class Weights:
    """Weights of the signals; see ``docs/matching.md`` for how they were set."""

    semantic: float = 0.35
    keywords: float = 0.35
    capabilities: float = 0.10
    region: float = 0.10
    size: float = 0.05
    relationship: float = 0.10
    """Added on top for past cooperation (1.0) or a meeting (0.5) with the query's anchors."""
    interested: float = 1.15
    not_interested: float = 0.1
    met_before: float = 0.85
    """Multiplier for a meeting suggestion with someone already met and no live project."""

    @classmethod
    def for_roles(cls) -> Weights:
        """Weights for partners in a project's role: a role is defined by what it needs, so
        capabilities count more than in free matching (reasoned, see ``docs/matching.md``)."""
        return cls(semantic=0.30, keywords=0.25, capabilities=0.25, region=0.12, size=0.08)

    def signal_weights(self) -> dict[str, float]:
        return {
            "semantic": self.semantic,
            "keywords": self.keywords,
            "capabilities": self.capabilities,
            "region": self.region,
            "size": self.size,
        }


@dataclass(frozen=True)
class Query:
    """What is searched for. ``vector``: the e5 query vector; ``sentences``/
    ``sentence_vectors``: its passages, for the passage reasons. ``role``: the role candidates
    would take (type fit by the candidate's organization type); ``org_type``: the querying
    organization's type when the candidates are roles. ``anchors``: organizations whose past
    ties with a candidate count. ``exclude``: organizations never returned."""

    text: str = ""
    features: Mapping[str, float] = field(default_factory=dict)
    vector: np.ndarray | None = None
    sentences: tuple[str, ...] = ()
    sentence_vectors: np.ndarray | None = None
    provides: frozenset[str] = frozenset()
    needs: frozenset[str] = frozenset()
    country: str = ""
    province: str = ""
    size_mw: float | None = None
    debt: float | None = None
    role: str | None = None
    org_type: str | None = None
    anchors: frozenset[str] = frozenset()
    subject: str | None = None
    exclude: frozenset[str] = frozenset()
    local_country: str | None = None


@dataclass(frozen=True, slots=True)
class Signals:
    """Every signal for every candidate of one query (rows in the corpus' column order)."""

    columns: Columns
    values: dict[str, np.ndarray]
    type_fit: np.ndarray
    feedback: np.ndarray
    relationship: np.ndarray
    total: np.ndarray
    eligible: np.ndarray


def column(matrix: Any, c: int | None, n: int) -> np.ndarray:
    """Column ``c`` of a CSC matrix as a dense vector (zeros for a column it does not have),
    read straight from its index arrays."""
    out = np.zeros(n)
    if c is None or c >= matrix.shape[1]:
        return out
    start, end = matrix.indptr[c], matrix.indptr[c + 1]
    out[matrix.indices[start:end]] = matrix.data[start:end]
    return out


def semantic_signal(cols: Columns, query: Query) -> np.ndarray | None:
    if query.vector is None or not np.any(query.vector) or not np.any(cols.has_vector):
        return None
    cos = cols.vectors @ query.vector.astype(np.float32)
    signal = calibrate(cos, cos[cols.has_vector])
    signal[~cols.has_vector] = 0.0
    return signal


def keyword_signal(cols: Columns, query: Query) -> np.ndarray | None:
    if not query.features:
        return None
    idx, weights = [], []
    total = 0.0
    n = len(cols.ids)
    for feat, weight in query.features.items():
        col = cols.vocabulary.get(feat)
        # A feature no candidate has still counts in the total (the query asked for it) at the
        # rarest idf; one every candidate has tells nothing either way.
        idf = float(cols.idf[col]) if col is not None else math.log1p((n + 0.5) / 0.5)
        w = min(weight, 1.0) * idf
        total += w
        if col is not None:
            idx.append(col)
            weights.append(w)
    if total <= 0:
        return None
    if not idx:
        return np.zeros(n)
    # Only the query's columns: cost grows with how common its words are, not with the corpus.
    found = np.zeros(n)
    kw = cols.keywords
    for c, w in zip(idx, weights, strict=True):
        start, end = kw.indptr[c], kw.indptr[c + 1]
        found[kw.indices[start:end]] += w * kw.data[start:end]
    return np.minimum(found / total, 1.0)


def capability_signal(corpus: Corpus, cols: Columns, query: Query) -> np.ndarray | None:
    tax = corpus.taxonomy
    n = len(cols.ids)
    out: np.ndarray | None = None
    if query.needs:
        forward = np.zeros(n)
        for need in query.needs:
            best = np.zeros(n)
            family = tax.family(need)
            options = [(need, cols.provides_closure, EXACT)]
            options += [(a, cols.provides_direct, BROADER) for a in tax.ancestors(need)]
            if family is not None:
                options.append((family, cols.provides_closure, RELATED))
            for code, matrix, score in options:
                best = np.maximum(best, score * column(matrix, cols.cap_codes.get(code), n))
            forward += best
        out = forward / len(query.needs)
    if query.provides and cols.needs.nnz:
        scores = np.zeros(cols.needs.shape[1])
        for code, c in cols.cap_codes.items():
            if c < scores.shape[0]:
                m = tax.match(code, query.provides)
                scores[c] = m.score if m else 0.0
        backward = cols.needs @ scores
        out = backward if out is None else np.maximum(out, backward)
    return out


def region_signal(cols: Columns, query: Query, corridors: frozenset[frozenset[str]]) -> Any:
    if not query.country and not query.province:
        return None
    n = len(cols.ids)
    out = np.zeros(n)
    if query.country:
        c = cols.country_codes.get(query.country)
        out = np.maximum(out, 0.6 * column(cols.active_countries, c, n))
        partners = {x for pair in corridors if query.country in pair for x in pair}
        partners.discard(query.country)
        for other in partners:
            c = cols.country_codes.get(other)
            out = np.maximum(out, 0.35 * column(cols.active_countries, c, n))
    if query.province:
        p = cols.province_codes.get(query.province)
        out = np.maximum(out, 0.9 * column(cols.active_provinces, p, n))
        if p is not None:
            out[cols.home_province == p] = 1.0
    return out


def size_signal(cols: Columns, query: Query) -> np.ndarray | None:
    if query.debt and query.role == "financier":
        cover = np.minimum(cols.ticket / query.debt, 1.0)
        return np.where(np.isnan(cover), 0.5, cover)
    if not query.size_mw or query.size_mw <= 0:
        return None
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.abs(np.log(cols.size / query.size_mw))
    close = np.exp(-ratio / math.log(10))
    return np.where(np.isfinite(close), close, 0.5)


def type_signal(cols: Columns, query: Query) -> np.ndarray:
    if query.role in TYPE_FIT:
        table = TYPE_FIT[query.role]
        fits = np.array([table.get(t, 0.0) for t in cols.type_codes] or [1.0])
        return fits[cols.org_types]
    if query.org_type is not None:
        org_type = query.org_type
        fits = np.array(
            [TYPE_FIT[r].get(org_type, 0.0) if r in TYPE_FIT else 1.0 for r in cols.role_codes]
            or [1.0]
        )
        return fits[cols.roles]
    return np.ones(len(cols.ids))


def owner_values(cols: Columns, values: Mapping[str, float], default: float) -> np.ndarray:
    """A per-organization value spread over the candidates by their owner."""
    table = np.full(len(cols.owner_codes), default)
    for owner, value in values.items():
        code = cols.owner_codes.get(owner)
        if code is not None:
            table[code] = value
    return table[cols.owners]


def compute(
    corpus: Corpus,
    query: Query,
    *,
    weights: Weights,
    relationship: Mapping[str, float],
    feedback: Mapping[str, float],
    corridors: frozenset[frozenset[str]] = DEFAULT_CORRIDORS,
    mask: np.ndarray | None = None,
) -> Signals:
    """All signals and the total for every candidate. ``relationship`` and ``feedback`` map
    organization (or item) ids to the relationship strength and the feedback multiplier."""
    cols = corpus.columns()
    n = len(cols.ids)
    values: dict[str, np.ndarray] = {}
    for name, signal in (
        ("semantic", semantic_signal(cols, query)),
        ("keywords", keyword_signal(cols, query)),
        ("capabilities", capability_signal(corpus, cols, query)),
        ("region", region_signal(cols, query, corridors)),
        ("size", size_signal(cols, query)),
    ):
        if signal is not None:
            values[name] = signal
    wmap = weights.signal_weights()
    wsum = sum(wmap[k] for k in values) or 1.0
    base = sum((wmap[k] * v for k, v in values.items()), np.zeros(n)) / wsum
    fit = type_signal(cols, query)
    fb = owner_values(cols, feedback, 1.0)
    for target, mult in feedback.items():
        if target in corpus.vectors:
            fb[corpus.vectors.row(target)] = mult
    rel = owner_values(cols, relationship, 0.0)
    total = np.minimum((base * fit * fb + weights.relationship * rel), 1.0)
    eligible = fit > 0
    if query.exclude:
        excluded = [cols.owner_codes[o] for o in query.exclude if o in cols.owner_codes]
        eligible &= ~np.isin(cols.owners, excluded)
    if query.local_country is not None:
        eligible &= cols.home_country == cols.country_codes.get(query.local_country, -2)
    if mask is not None:
        eligible &= mask
    return Signals(cols, values, fit, fb, rel, total, eligible)


def top(signals: Signals, k: int) -> list[int]:
    """Rows of the ``k`` best eligible candidates, best first (ties by id)."""
    rows = np.flatnonzero(signals.eligible)
    if rows.size == 0 or k <= 0:
        return []
    scores = signals.total[rows]
    if rows.size > k:
        keep = np.argpartition(-scores, k - 1)[:k]
        rows, scores = rows[keep], scores[keep]
    ids = signals.columns.ids
    order = sorted(range(rows.size), key=lambda i: (-scores[i], ids[rows[i]]))
    return [int(rows[i]) for i in order]
