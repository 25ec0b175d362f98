"""Admin building blocks: business records are looked at in the admin, never changed there.

Changes to organizations, memberships, offers and projects go through the platform's pages and
API, whose domain functions validate, check powers and write the audit log; the admin would
bypass all three. Deleting is refused outright: history is never deleted silently (end a
membership, cancel a project, close an offer instead — each leaves its audit entry).
"""

from __future__ import annotations

from django.contrib import admin
from django.db import models


class ReadOnlyAdmin(admin.ModelAdmin):
    """Browse and search only; no add, change or delete."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
