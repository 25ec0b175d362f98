"""Test settings: the production settings with a scratch data dir and fast hashing."""

import os
import tempfile

os.environ.setdefault("SANXIN_DATA_DIR", tempfile.mkdtemp(prefix="sanxin-test-"))
os.environ.setdefault("SANXIN_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")

from sanxin.config.settings import *

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only, tests only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
LANGUAGE_CODE = "en"
# Saving a profile, offer or project would load the embedding model in a thread; the matching
# tests switch it on (with one shared model) where they need it.
SANXIN_MATCHING_EMBEDDINGS = False
