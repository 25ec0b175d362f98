"""Fixtures of the common tests."""

from __future__ import annotations

import os

import pytest
from django.core.cache import cache

CACHE_URL = os.environ.get("SANXIN_TEST_CACHE_URL", "")


@pytest.fixture
def page_cache(settings):
    """The page cache on: on the shared Redis cache when SANXIN_TEST_CACHE_URL names a Redis
    database (``.ci/run`` sets it for the PostgreSQL run), else on Django's memory cache."""
    if CACHE_URL:
        settings.CACHES = {
            "default": {
                "BACKEND": "sanxin.common.redis_cache.SanxinRedisCache",
                "LOCATION": CACHE_URL,
                "KEY_PREFIX": "sanxin-test",
            }
        }
    settings.SANXIN_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()
