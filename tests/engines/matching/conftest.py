"""Fixtures of the matching tests: the e5 model once per session, the directory's taxonomy."""

from __future__ import annotations

import numpy as np
import pytest

from sanxin.directory.data.capabilities import TAXONOMY
from sanxin.engines.matching import E5Embedder, Taxonomy


class MemoEmbedder:
    """The real e5 model, remembering each text's vector: the tests build several matchers
    over the same records, and the model is the slow part."""

    def __init__(self, model: E5Embedder) -> None:
        self.model = model
        self.name = model.name
        self.dim = model.dim
        self.memo: dict[tuple[bool, str], np.ndarray] = {}

    def _get(self, texts: list[str], *, is_query: bool) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if (is_query, t) not in self.memo]
        if todo:
            run = self.model.query if is_query else self.model.passage
            for text, vector in zip(todo, run(todo), strict=True):
                self.memo[is_query, text] = vector
        return (
            np.stack([self.memo[is_query, t] for t in texts]) if texts else np.zeros((0, self.dim))
        )

    def query(self, texts: list[str]) -> np.ndarray:
        return self._get(texts, is_query=True)

    def passage(self, texts: list[str]) -> np.ndarray:
        return self._get(texts, is_query=False)


@pytest.fixture(scope="session")
def embedder() -> MemoEmbedder:
    return MemoEmbedder(E5Embedder(threads=2))


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return Taxonomy.from_nodes(TAXONOMY)
