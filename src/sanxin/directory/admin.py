"""Django admin for platform staff: reference data is edited here; business records are only
looked at (see ``sanxin.common.admin_views``); people's accounts can be managed, not deleted."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from sanxin.common.admin_views import ReadOnlyAdmin, ReadOnlyInline
from sanxin.common.models import ApiToken, AuditEntry
from sanxin.directory.models import (
    Alliance,
    AllianceField,
    Capability,
    Capacity,
    Contact,
    Membership,
    Offer,
    Organization,
    Person,
    Region,
)


class CapacityInline(ReadOnlyInline):
    model = Capacity


class ContactInline(ReadOnlyInline):
    model = Contact


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ("slug", "name_en", "name_zh", "name_vi", "org_type", "country", "province")
    list_filter = ("org_type", "country", "confidentiality", "is_demo")
    search_fields = ("slug", "name_en", "name_zh", "name_vi", "short_name")
    filter_horizontal = ("segments", "capabilities")
    list_select_related = ("province",)
    inlines = (CapacityInline, ContactInline)


@admin.register(Alliance)
class AllianceAdmin(ReadOnlyAdmin):
    list_display = ("slug", "name_en", "name_zh", "secretariat")
    filter_horizontal = ("fields", "regions")


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("alliance", "organization", "role", "status", "since")
    list_filter = ("alliance", "role", "status")
    list_select_related = ("alliance", "organization")


@admin.register(Person)
class PersonAdmin(UserAdmin):
    list_display = ("username", "display_name", "organization", "role", "is_superuser")
    list_filter = ("role", "is_superuser", "is_active")
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Sanxin", {"fields": ("display_name", "organization", "role", "language")}),
    )

    def has_delete_permission(self, request, obj=None):
        # A person's name stays on what they did; deactivate the account instead.
        return False


@admin.register(Capability)
class CapabilityAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_zh", "name_vi", "parent", "position")
    list_filter = ("parent",)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_zh", "name_vi", "scheme", "successor")
    list_filter = ("country", "scheme")


@admin.register(AllianceField)
class AllianceFieldAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_zh", "name_vi")


@admin.register(Offer)
class OfferAdmin(ReadOnlyAdmin):
    list_display = ("title_en", "title_zh", "organization", "kind", "status")
    list_filter = ("kind", "status")


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("timestamp", "actor_label", "action", "object_type", "object_label")
    list_filter = ("action", "object_type")


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("name", "person", "prefix", "created", "expires", "revoked")
    readonly_fields = ("key_hash", "prefix")
