"""The offers & requests board."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanxin.directory.domain.access import can_edit_offer, can_post_for, visible_offers
from sanxin.directory.domain.offers import delete_offer, post_offer, update_offer
from sanxin.directory.domain.queries import search_offers
from sanxin.directory.enums import OfferKind
from sanxin.directory.interfaces.forms import OfferForm, apply_errors
from sanxin.directory.models import Capability, Region
from sanxin.directory.views.helpers import get_visible, paginate, viewer


def offer_list(request):
    v = viewer(request)
    g = request.GET
    offers = search_offers(
        v,
        q=g.get("q", "")[:200],
        kind=g.get("kind", ""),
        capability=g.get("capability", ""),
        region=g.get("region", ""),
    ).order_by("-created", "-id")
    org = getattr(request.user, "organization", None)
    context = {
        "nav": "offers",
        "page": paginate(request, offers),
        "kinds": OfferKind.choices,
        "capabilities": Capability.objects.select_related("parent").exclude(parent=None),
        "regions": Region.objects.exclude(scheme="vn63"),
        "can_post": org is not None and can_post_for(v, org),
    }
    if request.htmx:
        return render(request, "directory/_offer_results.html", context)
    return render(request, "directory/offer_list.html", context)


def offer_detail(request, pk: int):
    v = viewer(request)
    offer = get_visible(search_offers(v, include_closed=True), pk=pk)
    return render(
        request,
        "directory/offer_detail.html",
        {"nav": "offers", "offer": offer, "can_edit": can_edit_offer(v, offer)},
    )


@login_required
def offer_edit(request, pk: int | None = None):
    v = viewer(request)
    offer = None
    if pk is not None:
        offer = get_visible(visible_offers(v).select_related("organization"), pk=pk)
        if not can_edit_offer(v, offer):
            raise PermissionDenied
    else:
        org = request.user.organization
        if org is None or not can_post_for(v, org):
            raise PermissionDenied
    if request.method == "POST":
        form = OfferForm(request.POST, instance=offer)
        if form.is_valid():
            try:
                if offer is None:
                    offer = post_offer(
                        actor=request.user,
                        organization=request.user.organization,
                        data=form.cleaned_data,
                    )
                else:
                    offer = update_offer(actor=request.user, offer=offer, data=form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
                if offer is not None and offer.pk is None:
                    offer = None
            else:
                messages.success(request, _("Saved."))
                return redirect("offer_detail", pk=offer.pk)
        messages.error(request, _("Nothing was saved. Please correct the errors below."))
    else:
        form = OfferForm(instance=offer)
    return render(
        request, "directory/offer_edit.html", {"nav": "offers", "form": form, "offer": offer}
    )


@login_required
@require_POST
def offer_delete(request, pk: int):
    v = viewer(request)
    offer = get_visible(visible_offers(v).select_related("organization"), pk=pk)
    delete_offer(actor=request.user, offer=offer)
    messages.success(request, _("The offer or request was deleted."))
    return redirect("offer_list")
