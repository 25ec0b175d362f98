"""Helpers shared by the chain views: the alliance, the chain and the node of a URL."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from sanxin.chains.domain.access import Viewer, can_edit_chains, chain_alliances, viewer_for
from sanxin.chains.domain.coverage import alliance_templates
from sanxin.chains.models import ChainNode, ChainTemplate
from sanxin.directory.models import Alliance
from sanxin.directory.views.helpers import get_visible


def viewer(request) -> Viewer:
    return viewer_for(request.user)


def alliance_for(request, slug: str) -> Alliance:
    """An alliance whose chain maps the viewer may see, or 404 (never 403)."""
    return get_visible(chain_alliances(viewer(request)), slug=slug)


def chain_for(request, alliance_slug: str, slug: str) -> tuple[Alliance, ChainTemplate]:
    alliance = alliance_for(request, alliance_slug)
    return alliance, get_visible(alliance_templates(alliance), slug=slug)


def edited_chain(request, alliance_slug: str, slug: str) -> tuple[Alliance, ChainTemplate]:
    """A chain the viewer may edit: 404 when hidden, 403 when only visible."""
    alliance, template = chain_for(request, alliance_slug, slug)
    if not can_edit_chains(viewer(request), alliance):
        raise PermissionDenied
    return alliance, template


def node_of(template: ChainTemplate, key: str) -> ChainNode:
    try:
        return ChainNode.objects.get(template=template, key=key)
    except ChainNode.DoesNotExist as exc:
        raise Http404 from exc
