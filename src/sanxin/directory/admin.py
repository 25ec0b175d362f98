"""Django admin for platform staff."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

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


class CapacityInline(admin.TabularInline):
    model = Capacity
    extra = 0


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_en", "name_zh", "name_vi", "org_type", "country", "province")
    list_filter = ("org_type", "country", "confidentiality", "is_demo")
    search_fields = ("slug", "name_en", "name_zh", "name_vi", "short_name")
    filter_horizontal = ("segments", "capabilities")
    list_select_related = ("province",)
    inlines = (CapacityInline, ContactInline)


@admin.register(Alliance)
class AllianceAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_en", "name_zh", "secretariat")
    filter_horizontal = ("fields", "regions")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
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
class OfferAdmin(admin.ModelAdmin):
    list_display = ("title_en", "title_zh", "organization", "kind", "status")
    list_filter = ("kind", "status")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("timestamp", "actor_label", "action", "object_type", "object_label")
    list_filter = ("action", "object_type")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "person", "prefix", "created", "expires", "revoked")
    readonly_fields = ("key_hash", "prefix")
