"""The Redis cache backend that reuses its client (needs SANXIN_TEST_CACHE_URL, a Redis db)."""

from __future__ import annotations

import os

import pytest

from sanxin.common.redis_cache import SanxinRedisCache

CACHE_URL = os.environ.get("SANXIN_TEST_CACHE_URL", "")
pytestmark = pytest.mark.skipif(
    not CACHE_URL, reason="needs SANXIN_TEST_CACHE_URL (a Redis database); .ci/run provides one"
)


@pytest.fixture
def redis_cache():
    backend = SanxinRedisCache(CACHE_URL, {"KEY_PREFIX": "sanxin-test-backend"})
    backend.clear()
    yield backend
    backend.clear()


def test_it_reads_writes_counts_and_forgets(redis_cache):
    assert redis_cache.get("missing") is None
    redis_cache.set("page", ({"t": 1}, b"<html>"), timeout=60)
    assert redis_cache.get("page") == ({"t": 1}, b"<html>")
    assert redis_cache.add("n", 41, timeout=None)
    assert not redis_cache.add("n", 0, timeout=None)
    assert redis_cache.incr("n") == 42
    assert redis_cache.get_many(["n", "page", "missing"]) == {
        "n": 42,
        "page": ({"t": 1}, b"<html>"),
    }
    redis_cache.delete("page")
    assert redis_cache.get("page") is None
    with pytest.raises(ValueError):
        redis_cache.incr("missing")


def test_one_client_serves_every_operation(redis_cache):
    redis_cache.set("a", 1, timeout=60)
    client = redis_cache._cache.get_client("a", write=True)
    redis_cache.get("a")
    redis_cache.incr("a")
    assert redis_cache._cache.get_client("a") is client
