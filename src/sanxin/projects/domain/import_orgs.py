"""Owners of imported plants → organizations: reuse one that matches, else create it.

The index is loaded once per import (one query for the organizations the importer may see,
one for every slug in use) and grows as the import creates organizations, so the same owner
spelled differently in two rows, or in two files, becomes one organization.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.text import slugify

from sanxin.common.audit import diff
from sanxin.common.enums import Confidentiality
from sanxin.common.i18n import fold
from sanxin.common.models import AuditEntry
from sanxin.directory.domain.organizations import refresh_search_text
from sanxin.directory.enums import OrgType
from sanxin.directory.models import Organization
from sanxin.projects.domain.owners import (
    Stake,
    acronym,
    is_chinese,
    is_placeholder,
    local_slot,
    org_keys,
    short_name_key,
)
from sanxin.projects.models import OwnerAlias

#: An organization found (its id) or about to be created (unsaved).
OrgRef = int | Organization

_NAME_FIELDS = ("name_en", "name_zh", "name_vi", "short_name")
_MAX_NAME = Organization._meta.get_field("name_en").max_length


def audit_entry(action: str, *, actor: Any, obj: Any, old=None, new=None) -> AuditEntry:
    """An unsaved audit entry, exactly as ``log_action`` writes it (for ``bulk_create``)."""
    is_person = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry(
        actor=actor if is_person else None,
        actor_label=actor.get_username() if is_person else "system",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_label=str(obj)[:300],
        changes=diff(old, new),
    )


def org_id(ref: OrgRef | None) -> int | None:
    if ref is None:
        return None
    return ref if isinstance(ref, int) else ref.pk


class OrganizationIndex:
    """Organizations by key: their names, then the other spellings imports found them under."""

    def __init__(self, scope: QuerySet[Organization]) -> None:
        self.by_key: dict[str, OrgRef] = {}
        for pk, *names in scope.order_by("pk").values_list("pk", *_NAME_FIELDS):
            *full, short = names
            for k in (*org_keys(*full), short_name_key(short)):
                if k:
                    self.by_key.setdefault(k, pk)
        aliases = OwnerAlias.objects.filter(organization__in=scope.values("pk"))
        for k, pk in aliases.values_list("key", "organization_id"):
            self.by_key.setdefault(k, pk)
        self.slugs: set[str] = set(Organization.objects.values_list("slug", flat=True))
        self.pending: list[Organization] = []
        self.new_aliases: list[tuple[str, OrgRef]] = []
        self.created = 0

    def resolve(self, stake: Stake, country: str, dataset: str = "") -> OrgRef | None:
        """The organization for an owner (None for "to be determined", "other" …); one the
        import creates keeps the citation of ``dataset``, the data set it was first found in."""
        if stake.is_placeholder:
            return None
        name = "" if is_placeholder(stake.name) else stake.name.strip()
        local = "" if is_placeholder(stake.local) else stake.local.strip()
        keys = org_keys(name, local)
        found = next((self.by_key[k] for k in keys if k in self.by_key), None)
        if found is not None:
            for k in keys:  # remember this spelling, in this import and the next ones
                if k not in self.by_key:
                    self.by_key[k] = found
                    self.new_aliases.append((k, found))
            return found
        org = self._new(name, local, country)
        org.source_dataset = dataset[:200]
        for k in keys:
            self.by_key[k] = org
        self.pending.append(org)
        return org

    def _new(self, name: str, local: str, country: str) -> Organization:
        """The data set's name in English (unless written in Chinese), the local name in the
        language of its script; the country is the script's, else the plant's."""
        org = Organization(
            org_type=OrgType.ENTERPRISE,
            confidentiality=Confidentiality.PUBLIC,
            country=country,
        )
        if name:
            setattr(org, "name_zh" if is_chinese(name) else "name_en", name[:_MAX_NAME])
        if local:
            field = f"name_{local_slot(local, country)}"
            if not getattr(org, field):
                setattr(org, field, local[:_MAX_NAME])
        org.short_name = acronym(name) or acronym(local)
        if org.name_zh:
            org.country = "CN"
        elif org.name_vi:
            org.country = "VN"
        org.slug = self._slug(org.name_en or org.name_vi or org.name_zh)
        refresh_search_text(org)
        return org

    def _slug(self, base: str) -> str:
        root = slugify(fold(base))[:60] or "org"
        slug, n = root, 2
        while slug in self.slugs:
            slug, n = f"{root}-{n}", n + 1
        self.slugs.add(slug)
        return slug

    def flush(self, actor: Any) -> int:
        """Save the organizations and spellings found since the last flush; returns how many
        organizations were created."""
        new = self.pending
        self.pending = []
        if new:
            Organization.objects.bulk_create(new, batch_size=500)
        if self.new_aliases:
            OwnerAlias.objects.bulk_create(
                [
                    OwnerAlias(key=k[:300], organization_id=org_id(ref))
                    for k, ref in self.new_aliases
                ],
                batch_size=500,
                ignore_conflicts=True,
            )
            self.new_aliases = []
        if not new:
            return 0
        AuditEntry.objects.bulk_create(
            [
                audit_entry(
                    "sanxin.organization.imported",
                    actor=actor,
                    obj=org,
                    new={
                        f: getattr(org, f)
                        for f in (
                            *_NAME_FIELDS,
                            "country",
                            "org_type",
                            "confidentiality",
                            "source_dataset",
                        )
                    },
                )
                for org in new
            ],
            batch_size=500,
        )
        self.created += len(new)
        return len(new)
