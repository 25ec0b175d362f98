"""Post, change, close and delete cooperation offers and requests."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sanxin.common.audit import log_action
from sanxin.common.i18n import search_blob
from sanxin.directory.domain.access import can_edit_offer, can_post_for
from sanxin.directory.domain.common import (
    acting_viewer,
    assign,
    finish_clean,
    queue_embedding,
    require,
    set_many,
    snapshot,
)
from sanxin.directory.enums import OfferStatus
from sanxin.directory.models import Offer, Organization

EDITABLE_FIELDS: tuple[str, ...] = (
    "kind",
    "title_en",
    "title_zh",
    "title_vi",
    "text_en",
    "text_zh",
    "text_vi",
    "capabilities",
    "regions",
    "valid_until",
    "status",
    "confidentiality",
)


def clean_offer(offer: Offer) -> None:
    errors: dict[str, list[str]] = {}
    if not (offer.title_en or offer.title_zh or offer.title_vi):
        errors["title_en"] = [_("Give a title in at least one language.")]
    finish_clean(
        offer,
        errors,
        exclude=["search_text", "organization", "created_by"],
        validate_constraints=False,
    )


def _refresh_search(offer: Offer) -> None:
    offer.search_text = search_blob(
        offer.title_en, offer.title_zh, offer.title_vi, offer.text_en, offer.text_zh, offer.text_vi
    )


def _m2m(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k in ("capabilities", "regions")}


@transaction.atomic
def post_offer(*, actor: Any, organization: Organization, data: dict[str, Any]) -> Offer:
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_post_for(viewer, organization))
    offer = Offer(organization=organization)
    if actor is not None:
        offer.created_by = actor
    assign(offer, data, EDITABLE_FIELDS)
    clean_offer(offer)
    _refresh_search(offer)
    offer.save()
    set_many(offer, _m2m(data))
    log_action("sanxin.offer.posted", actor=actor, obj=offer, new=snapshot(offer, EDITABLE_FIELDS))
    queue_embedding(offer)
    return offer


@transaction.atomic
def update_offer(*, actor: Any, offer: Offer, data: dict[str, Any]) -> Offer:
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_edit_offer(viewer, offer))
    offer = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=offer.pk)
    )
    old = snapshot(offer, EDITABLE_FIELDS)
    assign(offer, data, EDITABLE_FIELDS)
    clean_offer(offer)
    _refresh_search(offer)
    offer.save()
    set_many(offer, _m2m(data))
    new = snapshot(offer, EDITABLE_FIELDS)
    if old != new:
        log_action("sanxin.offer.changed", actor=actor, obj=offer, old=old, new=new)
    queue_embedding(offer)
    return offer


def close_offer(*, actor: Any, offer: Offer) -> Offer:
    return update_offer(actor=actor, offer=offer, data={"status": OfferStatus.CLOSED})


@transaction.atomic
def delete_offer(*, actor: Any, offer: Offer) -> None:
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_edit_offer(viewer, offer))
    log_action("sanxin.offer.deleted", actor=actor, obj=offer, old=snapshot(offer, EDITABLE_FIELDS))
    offer.delete()
