import numpy as np
import pytest

from sanxin.engines.matching import E5_MODEL, IndexVersionError, RecordEmbedding, VectorIndex
from sanxin.engines.matching.embed import normalise_rows, stored_vectors

pytestmark = pytest.mark.unit


def unit(seed, dim=8):
    return normalise_rows(np.random.default_rng(seed).standard_normal(dim).astype(np.float32))


def test_add_update_remove_and_search():
    index = VectorIndex("m", 8, capacity=1)
    for i in range(5):
        index.upsert(f"v{i}", unit(i))
    assert len(index) == 5
    assert index.search(unit(3), k=1)[0][0] == "v3"
    index.upsert("v3", unit(99))  # replaced in place
    assert len(index) == 5
    assert index.search(unit(99), k=1)[0][0] == "v3"
    assert index.remove("v1") is True
    assert index.remove("v1") is False
    assert sorted(index.ids) == ["v0", "v2", "v3", "v4"]
    # the row moved into the gap keeps its vector
    for item in index.ids:
        expected = unit(99) if item == "v3" else unit(int(item[1:]))
        assert np.allclose(index.vector(item), expected)
    assert index.search(unit(4), k=4)[0][0] == "v4"


def test_versions_bump_on_every_change():
    index = VectorIndex("m", 8)
    index.upsert("a", unit(1))
    v = index.version
    index.remove("a")
    assert index.version > v


def test_vectors_of_another_model_or_dimension_are_refused():
    index = VectorIndex("m", 8)
    with pytest.raises(IndexVersionError):
        index.upsert("a", np.ones(4, dtype=np.float32))
    with pytest.raises(IndexVersionError):
        index.upsert("a", unit(1), model="other")


def test_save_and_load(tmp_path):
    index = VectorIndex(E5_MODEL, 8)
    index.upsert_many(["a", "b", "c"], np.stack([unit(1), unit(2), unit(3)]))
    index.remove("a")
    index.save(tmp_path / "idx")
    loaded = VectorIndex.load(tmp_path / "idx", model=E5_MODEL)
    assert loaded.ids == index.ids
    assert np.allclose(loaded.matrix, index.matrix)
    loaded.upsert("d", unit(4))  # still growable after a load
    assert len(loaded) == 3
    with pytest.raises(IndexVersionError, match="holds"):
        VectorIndex.load(tmp_path / "idx", model="another-model")


def test_record_embedding_round_trip_and_index_from_blobs():
    vecs = np.stack([unit(1), unit(2)])
    emb = RecordEmbedding(E5_MODEL, unit(3), unit(4), ("风电。", "Wind."), vecs)
    back = RecordEmbedding.from_bytes(emb.to_bytes())
    assert back.model == E5_MODEL
    assert back.sentences == ("风电。", "Wind.")
    assert np.allclose(back.sentence_vectors, vecs)
    assert np.allclose(back.query, unit(4))
    model, passage, query = stored_vectors(emb.to_bytes())
    assert model == E5_MODEL
    assert np.allclose(passage, unit(3))
    assert np.allclose(query, unit(4))
    old = RecordEmbedding("old-model", unit(5), unit(5), (), np.zeros((0, 8), np.float32))
    index, stale = VectorIndex.from_blobs(
        E5_MODEL, 8, [("a", emb.to_bytes()), ("b", old.to_bytes())]
    )
    assert index.ids == ["a"]
    assert stale == ["b"]
    assert np.allclose(index.vector("a"), unit(3))
