"""Directory list, organization page, edit, create, confirm and history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanxin.common.audit import history_for, recent_history
from sanxin.common.concurrency import EditConflictError
from sanxin.common.page_cache import cached_per_viewer
from sanxin.directory.domain.access import (
    can_create_organizations,
    can_edit_organization,
    visible_organizations,
)
from sanxin.directory.domain.organizations import (
    confirm_profile,
    create_organization,
    set_capacities,
    set_contacts,
    update_organization,
)
from sanxin.directory.domain.queries import OrgFilters, organization_page, search_organizations
from sanxin.directory.enums import MembershipRole, OrgType
from sanxin.directory.interfaces.forms import (
    COUNTRY_CHOICES,
    CapacityFormSet,
    ContactFormSet,
    OrganizationForm,
    apply_errors,
    formset_rows,
)
from sanxin.directory.models import Capability, Organization, Region
from sanxin.directory.views.helpers import get_visible, paginate, viewer


def _filters(request) -> OrgFilters:
    g = request.GET
    return OrgFilters(
        q=g.get("q", "")[:200],
        org_type=g.get("type", ""),
        segment=g.get("segment", ""),
        capability=g.get("capability", ""),
        country=g.get("country", ""),
        province=g.get("province", ""),
        role=g.get("role", ""),
        alliance=g.get("alliance", ""),
        stale=g.get("stale") == "1",
    )


@cached_per_viewer
def org_list(request):
    filters = _filters(request)
    v = viewer(request)
    page = paginate(request, search_organizations(v, filters))
    context = {
        "nav": "directory",
        "page": page,
        "filters": filters,
        "org_types": OrgType.choices,
        "roles": MembershipRole.choices,
        "segments": Capability.objects.filter(parent__isnull=True),
        "capabilities": Capability.objects.select_related("parent").exclude(parent=None),
        "countries": COUNTRY_CHOICES[1:3],
        "provinces": Region.objects.exclude(scheme="vn63"),
        "can_create": can_create_organizations(v),
    }
    if request.htmx:
        return render(request, "directory/_org_results.html", context)
    return render(request, "directory/org_list.html", context)


@cached_per_viewer
def org_detail(request, slug: str):
    v = viewer(request)
    try:
        org = organization_page(v, slug)
    except Organization.DoesNotExist:
        from django.http import Http404  # noqa: PLC0415

        raise Http404 from None
    can_edit = can_edit_organization(v, org)
    return render(
        request,
        "directory/org_detail.html",
        {
            "nav": "directory",
            "org": org,
            "can_edit": can_edit,
            "history": recent_history(org, 10) if can_edit else None,
        },
    )


def _edit(request, org: Organization | None):
    v = viewer(request)
    if org is None and not can_create_organizations(v):
        raise PermissionDenied
    if org is not None and not can_edit_organization(v, org):
        raise PermissionDenied
    initial_caps = (
        [{"value": c.value, "unit": c.unit, "label": c.label} for c in org.capacities.all()]
        if org
        else []
    )
    initial_contacts = (
        [
            {"name": c.name, "title": c.title, "email": c.email, "phone": c.phone}
            for c in org.contacts.all()
        ]
        if org
        else []
    )
    if request.method == "POST":
        form = OrganizationForm(request.POST, request.FILES, instance=org)
        capacities = CapacityFormSet(request.POST, prefix="cap", initial=initial_caps)
        contacts = ContactFormSet(request.POST, prefix="contact", initial=initial_contacts)
        if form.is_valid() and capacities.is_valid() and contacts.is_valid():
            try:
                with transaction.atomic():
                    data = form.data_for_domain()
                    if org is None:
                        org = create_organization(actor=request.user, data=data)
                    else:
                        org = update_organization(
                            actor=request.user,
                            organization=org,
                            data=data,
                            expected_version=form.expected_version(),
                        )
                    set_capacities(
                        actor=request.user, organization=org, rows=formset_rows(capacities)
                    )
                    set_contacts(actor=request.user, organization=org, rows=formset_rows(contacts))
            except ValidationError as exc:
                apply_errors(form, exc)
                if org is not None and org.pk is None:
                    org = None
            except EditConflictError as conflict:
                form.add_error(None, conflict.message())
                form.show_current_version(conflict.current)
            else:
                messages.success(request, _("The profile was saved."))
                return redirect("org_detail", slug=org.slug)
        messages.error(request, _("The profile was not saved. Please correct the errors below."))
    else:
        form = OrganizationForm(instance=org)
        capacities = CapacityFormSet(prefix="cap", initial=initial_caps)
        contacts = ContactFormSet(prefix="contact", initial=initial_contacts)
    return render(
        request,
        "directory/org_edit.html",
        {
            "nav": "directory",
            "org": org,
            "form": form,
            "capacities": capacities,
            "contacts": contacts,
        },
    )


@login_required
def org_edit(request, slug: str):
    org = get_visible(visible_organizations(viewer(request)), slug=slug)
    return _edit(request, org)


@login_required
def org_create(request):
    return _edit(request, None)


@login_required
@require_POST
def org_confirm(request, slug: str):
    org = get_visible(visible_organizations(viewer(request)), slug=slug)
    confirm_profile(actor=request.user, organization=org)
    messages.success(request, _("Thank you: the profile is confirmed as up to date."))
    return redirect("org_detail", slug=org.slug)


@login_required
def org_history(request, slug: str):
    v = viewer(request)
    org = get_visible(visible_organizations(v), slug=slug)
    if not can_edit_organization(v, org):
        raise PermissionDenied
    page = paginate(request, history_for(org), per_page=50)
    return render(
        request, "directory/org_history.html", {"nav": "directory", "org": org, "page": page}
    )
