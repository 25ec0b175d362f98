"""A searchable set of items (organizations, project roles, offers, participants) as columns.

Every record kind becomes an :class:`Item`: its text, the capabilities it provides and needs,
where it is and works, its size, its organization type or role. A :class:`Corpus` keeps the
items with their vectors (a :class:`~sanxin.engines.matching.index.VectorIndex`, updated in
place) and builds, on the first search after a change, the columns that scoring reads as whole
arrays: sparse capability and keyword matrices, region codes, sizes. So a search over 100,000
organizations is a handful of matrix-vector products, not a Python loop.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse

from sanxin.engines.matching.embed import RecordEmbedding
from sanxin.engines.matching.index import IndexVersionError, VectorIndex
from sanxin.engines.matching.taxonomy import Taxonomy
from sanxin.engines.matching.text import features

BM25_K1 = 1.2
BM25_B = 0.75


@dataclass(frozen=True, slots=True)
class Item:
    """One searchable thing; ``owner`` is the organization it belongs to (itself for an
    organization). ``role`` is set for a project's open role; ``org_type`` for organizations."""

    id: str
    kind: str
    owner: str
    text: str = ""
    provides: frozenset[str] = frozenset()
    needs: frozenset[str] = frozenset()
    country: str = ""
    province: str = ""
    countries: frozenset[str] = frozenset()
    provinces: frozenset[str] = frozenset()
    size_mw: float | None = None
    ticket: float | None = None
    org_type: str = ""
    role: str | None = None
    member: bool = True
    live: bool = True
    ref: str = ""
    """The record the item stands for (a project id for a project's role items)."""


@dataclass(slots=True)
class Columns:
    """The corpus as arrays, rows in the vector index's order."""

    ids: list[str]
    items: list[Item]
    vectors: np.ndarray
    has_vector: np.ndarray
    owners: np.ndarray  # int codes into owner_codes
    owner_codes: dict[str, int]
    home_country: np.ndarray  # int codes into country_codes, -1 where unknown
    home_province: np.ndarray  # int codes into province_codes, -1 where unknown
    active_countries: sparse.csc_matrix  # items × country codes
    active_provinces: sparse.csc_matrix
    country_codes: dict[str, int]
    province_codes: dict[str, int]
    provides_closure: sparse.csc_matrix  # items × capability codes (with ancestors)
    provides_direct: sparse.csc_matrix
    needs: sparse.csr_matrix  # items × capability codes, rows sum to 1 (or 0)
    cap_codes: dict[str, int]
    size: np.ndarray  # NaN where unknown
    ticket: np.ndarray
    org_types: np.ndarray  # int codes into type_codes
    type_codes: dict[str, int]
    roles: np.ndarray  # int codes into role_codes
    role_codes: dict[str, int]
    kinds: np.ndarray  # object array
    member: np.ndarray
    live: np.ndarray
    keywords: sparse.csc_matrix  # items × vocabulary, BM25 document weights
    vocabulary: dict[str, int]
    idf: np.ndarray


def _rows_matrix(
    rows: list[list[int]], n_cols: int, values: list[list[float]] | None = None
) -> Any:
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(r) for r in rows])
    indices = np.fromiter((c for r in rows for c in r), dtype=np.int32, count=int(indptr[-1]))
    if values is None:
        data = np.ones(indices.shape[0], dtype=np.float32)
    else:
        data = np.fromiter((v for r in values for v in r), dtype=np.float32, count=indices.shape[0])
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), max(n_cols, 1)))


class Corpus:
    """Items of one kind with their vectors; ``model``/``dim`` name the embedding model."""

    def __init__(self, taxonomy: Taxonomy, *, model: str, dim: int) -> None:
        self.taxonomy = taxonomy
        self.vectors = VectorIndex(model, dim)
        self.query_vectors: dict[str, np.ndarray] = {}
        self.sentences: dict[str, tuple[tuple[str, ...], np.ndarray]] = {}
        self.items: dict[str, Item] = {}
        self._features: dict[str, dict[str, float]] = {}
        self._columns: Columns | None = None
        self._built_at = -1

    def __len__(self) -> int:
        return len(self.items)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self.items

    def upsert(self, item: Item, embedding: RecordEmbedding | None = None) -> None:
        """Add or replace an item. Without an embedding it has no vector (the semantic signal
        is then 0 for it) until one is given."""
        if embedding is not None and embedding.model != self.vectors.model:
            msg = f"embedding of model {embedding.model!r}, corpus holds {self.vectors.model!r}"
            raise IndexVersionError(msg)
        self.items[item.id] = item
        self._features[item.id] = features(item.text) if item.text else {}
        if embedding is None:
            self.vectors.upsert(item.id, np.zeros(self.vectors.dim, dtype=np.float32))
            self.query_vectors.pop(item.id, None)
            self.sentences.pop(item.id, None)
        else:
            self.vectors.upsert(item.id, embedding.passage)
            self.query_vectors[item.id] = embedding.query
            self.sentences[item.id] = (
                embedding.sentences,
                embedding.sentence_vectors.astype(np.float16),
            )

    def upsert_vectors(self, items: Iterable[Item], matrix: np.ndarray) -> None:
        """Add many items with passage vectors only (bulk loads, benchmarks)."""
        items = list(items)
        for item in items:
            self.items[item.id] = item
            self._features[item.id] = features(item.text) if item.text else {}
        self.vectors.upsert_many([i.id for i in items], matrix)

    def remove(self, item_id: str) -> bool:
        if item_id not in self.items:
            return False
        del self.items[item_id]
        self._features.pop(item_id, None)
        self.query_vectors.pop(item_id, None)
        self.sentences.pop(item_id, None)
        self.vectors.remove(item_id)
        return True

    def features_of(self, item_id: str) -> dict[str, float]:
        return self._features.get(item_id, {})

    def columns(self) -> Columns:
        """The columns, rebuilt when the corpus changed since the last call."""
        if self._columns is None or self._built_at != self.vectors.version:
            self._columns = self._build()
            self._built_at = self.vectors.version
        return self._columns

    def _build(self) -> Columns:
        ids = self.vectors.ids
        items = [self.items[i] for i in ids]
        tax = self.taxonomy
        codes: dict[str, int] = {c: n for n, c in enumerate(tax.parents)}

        def code(table: dict[str, int], key: str) -> int:
            return table.setdefault(key, len(table))

        owner_codes: dict[str, int] = {}
        country_codes: dict[str, int] = {}
        province_codes: dict[str, int] = {}
        type_codes: dict[str, int] = {}
        role_codes: dict[str, int] = {}
        closure_rows, direct_rows, need_rows, need_vals = [], [], [], []
        country_rows, province_rows = [], []
        for it in items:
            direct_rows.append(sorted({code(codes, c) for c in it.provides}))
            closure_rows.append(sorted({code(codes, c) for c in tax.closure(it.provides)}))
            need = sorted({code(codes, c) for c in it.needs})
            need_rows.append(need)
            need_vals.append([1.0 / len(need)] * len(need) if need else [])
            country_rows.append(
                sorted({code(country_codes, c) for c in (*it.countries, it.country) if c})
            )
            province_rows.append(
                sorted({code(province_codes, p) for p in (*it.provinces, it.province) if p})
            )
            code(owner_codes, it.owner)
        matrix = self.vectors.matrix
        return Columns(
            ids=ids,
            items=items,
            vectors=matrix,
            has_vector=np.any(matrix != 0, axis=1),
            owners=np.fromiter((owner_codes[i.owner] for i in items), np.int64, len(items)),
            owner_codes=owner_codes,
            home_country=np.array(
                [country_codes.get(i.country, -1) if i.country else -1 for i in items], np.int64
            ),
            home_province=np.array(
                [province_codes.get(i.province, -1) if i.province else -1 for i in items],
                np.int64,
            ),
            active_countries=_rows_matrix(country_rows, len(country_codes)).tocsc(),
            active_provinces=_rows_matrix(province_rows, len(province_codes)).tocsc(),
            country_codes=country_codes,
            province_codes=province_codes,
            provides_closure=_rows_matrix(closure_rows, len(codes)).tocsc(),
            provides_direct=_rows_matrix(direct_rows, len(codes)).tocsc(),
            needs=_rows_matrix(need_rows, len(codes), need_vals),
            cap_codes=codes,
            size=np.array([math.nan if i.size_mw is None else i.size_mw for i in items]),
            ticket=np.array([math.nan if i.ticket is None else i.ticket for i in items]),
            org_types=np.array([code(type_codes, i.org_type) for i in items], np.int64),
            type_codes=type_codes,
            roles=np.array([code(role_codes, i.role or "") for i in items], np.int64),
            role_codes=role_codes,
            kinds=np.array([i.kind for i in items], dtype=object),
            member=np.array([i.member for i in items], dtype=bool),
            live=np.array([i.live for i in items], dtype=bool),
            **self._keyword_columns(ids),
        )

    def _keyword_columns(self, ids: list[str]) -> dict[str, Any]:
        vocabulary: dict[str, int] = {}
        rows: list[list[int]] = []
        tfs: list[list[float]] = []
        for item_id in ids:
            feats = self._features.get(item_id, {})
            rows.append([vocabulary.setdefault(f, len(vocabulary)) for f in feats])
            tfs.append(list(feats.values()))
        n = len(ids)
        lengths = np.array([sum(t) for t in tfs], dtype=np.float64)
        avg = float(lengths.mean()) if n and lengths.mean() > 0 else 1.0
        df = np.zeros(max(len(vocabulary), 1))
        for r in rows:
            df[r] += 1
        idf = np.log1p((n - df + 0.5) / (df + 0.5))
        values = []
        for tf, length in zip(tfs, lengths, strict=True):
            norm = BM25_K1 * (1 - BM25_B + BM25_B * length / avg)
            values.append([t * (BM25_K1 + 1) / (t + norm) for t in tf])
        return {
            "keywords": _rows_matrix(rows, len(vocabulary), values).tocsc(),
            "vocabulary": vocabulary,
            "idf": idf,
        }
