"""An in-memory vector index: one float32 matrix, ids beside it, updated in place.

Rows are added, replaced and removed one at a time (a removal moves the last row into the gap,
so the matrix stays dense); searching is one matrix-vector product. Every index carries the
model name, and refuses vectors of another dimension or files of another model, so vectors of
two models are never compared. ``save``/``load`` use one ``.npy`` file for the matrix and a
JSON header; :meth:`VectorIndex.from_blobs` builds an index from stored per-record bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from sanxin.engines.matching.embed import stored_vectors


class IndexVersionError(ValueError):
    """Vectors or a file from another model (or of another dimension) were offered."""


class VectorIndex:
    """Vectors of one model, by id."""

    def __init__(self, model: str, dim: int, *, capacity: int = 1024) -> None:
        self.model = model
        self.dim = dim
        self._matrix = np.zeros((max(capacity, 1), dim), dtype=np.float32)
        self._ids: list[str] = []
        self._rows: dict[str, int] = {}
        self.version = 0
        """Bumped by every change; callers cache derived data against it."""

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    @property
    def ids(self) -> list[str]:
        """Ids in row order (a copy)."""
        return list(self._ids)

    @property
    def matrix(self) -> np.ndarray:
        """The live rows, ``(len(self), dim)``; a view, valid until the next change."""
        return self._matrix[: len(self._ids)]

    def row(self, item_id: str) -> int:
        return self._rows[item_id]

    def vector(self, item_id: str) -> np.ndarray:
        return self._matrix[self._rows[item_id]].copy()

    def _check(self, vector: np.ndarray) -> np.ndarray:
        vector = np.asarray(vector, dtype=np.float32)
        if vector.shape[-1] != self.dim:
            msg = f"vector of dimension {vector.shape[-1]}, index {self.model!r} holds {self.dim}"
            raise IndexVersionError(msg)
        return vector

    def _grow(self, need: int) -> None:
        if need > self._matrix.shape[0]:
            size = max(need, 2 * self._matrix.shape[0])
            grown = np.zeros((size, self.dim), dtype=np.float32)
            grown[: len(self._ids)] = self.matrix
            self._matrix = grown

    def upsert(self, item_id: str, vector: np.ndarray, *, model: str | None = None) -> None:
        """Add ``item_id`` or replace its vector. ``model``, when given, must be the index's."""
        if model is not None and model != self.model:
            raise IndexVersionError(f"vector of model {model!r}, index holds {self.model!r}")
        vector = self._check(vector)
        row = self._rows.get(item_id)
        if row is None:
            self._grow(len(self._ids) + 1)
            row = len(self._ids)
            self._ids.append(item_id)
            self._rows[item_id] = row
        self._matrix[row] = vector
        self.version += 1

    def upsert_many(self, ids: Iterable[str], matrix: np.ndarray) -> None:
        ids = list(ids)
        matrix = self._check(matrix).reshape(len(ids), self.dim)
        new = [i for i in dict.fromkeys(ids) if i not in self._rows]
        self._grow(len(self._ids) + len(new))
        for item_id in new:
            self._rows[item_id] = len(self._ids)
            self._ids.append(item_id)
        rows = np.fromiter((self._rows[i] for i in ids), dtype=np.int64, count=len(ids))
        self._matrix[rows] = matrix
        self.version += 1

    def remove(self, item_id: str) -> bool:
        """Drop ``item_id``; False when it was not there."""
        row = self._rows.pop(item_id, None)
        if row is None:
            return False
        last = len(self._ids) - 1
        if row != last:
            moved = self._ids[last]
            self._matrix[row] = self._matrix[last]
            self._ids[row] = moved
            self._rows[moved] = row
        self._ids.pop()
        self._matrix[last] = 0.0
        self.version += 1
        return True

    def scores(self, vector: np.ndarray) -> np.ndarray:
        """Cosine of every row with ``vector`` (rows in :attr:`ids` order)."""
        return self.matrix @ self._check(vector)

    def search(self, vector: np.ndarray, k: int = 20) -> list[tuple[str, float]]:
        """The ``k`` nearest ids by cosine, best first."""
        scores = self.scores(vector)
        k = min(k, len(scores))
        if k <= 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self._ids[i], float(scores[i])) for i in top]

    def save(self, path: Path | str) -> None:
        """Write ``PATH.npy`` (the matrix) and ``PATH.json`` (model, ids)."""
        path = Path(path)
        np.save(path.with_suffix(".npy"), self.matrix, allow_pickle=False)
        header = {"model": self.model, "dim": self.dim, "ids": self._ids}
        path.with_suffix(".json").write_text(json.dumps(header), encoding="utf-8")

    @classmethod
    def load(cls, path: Path | str, *, model: str) -> VectorIndex:
        """Read what :meth:`save` wrote; ``model`` must match the stored model name."""
        path = Path(path)
        header = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        if header["model"] != model:
            raise IndexVersionError(f"{path} holds {header['model']!r}, not {model!r}")
        matrix = np.load(path.with_suffix(".npy"), allow_pickle=False)
        ids = [str(i) for i in header["ids"]]
        if matrix.shape != (len(ids), header["dim"]):
            raise IndexVersionError(f"{path}: matrix {matrix.shape} does not match its ids")
        index = cls(model, int(header["dim"]), capacity=len(ids))
        index._matrix[: len(ids)] = matrix
        index._ids = ids
        index._rows = {item_id: row for row, item_id in enumerate(ids)}
        index.version = 1
        return index

    @classmethod
    def from_blobs(
        cls, model: str, dim: int, rows: Iterable[tuple[str, bytes]], *, query: bool = False
    ) -> tuple[VectorIndex, list[str]]:
        """Build an index from stored ``RecordEmbedding.to_bytes`` blobs (what a database
        column holds). Rows of another model are skipped and their ids returned, so the caller
        can queue them for re-embedding. ``query=True`` indexes the query vectors."""
        ids: list[str] = []
        vectors: list[np.ndarray] = []
        stale: list[str] = []
        for item_id, blob in rows:
            stored, passage, query_vector = stored_vectors(blob)
            if stored != model or passage.shape[0] != dim:
                stale.append(item_id)
                continue
            ids.append(item_id)
            vectors.append(query_vector if query else passage)
        index = cls(model, dim, capacity=len(ids))
        if ids:
            index.upsert_many(ids, np.stack(vectors))
        return index, stale
