"""The secretariat edits its alliance's chains: the chain's names, nodes and chain leaders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanxin.chains.domain.coverage import member_organizations
from sanxin.chains.domain.editing import (
    add_node,
    mark_leader,
    remove_node,
    unmark_leader,
    update_node,
    update_template,
)
from sanxin.chains.interfaces.forms import LeaderForm, NodeForm, TemplateForm, apply_errors
from sanxin.chains.views.helpers import edited_chain, node_of, viewer
from sanxin.directory.domain.access import visible_organizations
from sanxin.directory.views.helpers import get_visible


def _detail_url(alliance, template) -> str:
    return reverse("chain_detail", args=[alliance.slug, template.slug])


def _node_url(alliance, template, key: str) -> str:
    return reverse("chain_node", args=[alliance.slug, template.slug, key])


@login_required
def chain_edit(request, alliance: str, slug: str):
    alliance_obj, template = edited_chain(request, alliance, slug)
    if request.method == "POST":
        form = TemplateForm(request.POST)
        if form.is_valid():
            try:
                update_template(
                    actor=request.user,
                    alliance=alliance_obj,
                    template=template,
                    data=form.cleaned_data,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The chain was saved."))
                return redirect(_detail_url(alliance_obj, template))
    else:
        form = TemplateForm(
            initial={
                f: getattr(template, f)
                for f in (
                    "name_en",
                    "name_zh",
                    "name_vi",
                    "description_en",
                    "description_zh",
                    "description_vi",
                    "project_types",
                )
            }
        )
    context = {"nav": "chains", "alliance": alliance_obj, "template": template, "form": form}
    return render(request, "chains/chain_edit.html", context)


def _node_form_page(request, alliance_obj, template, node=None):
    if request.method == "POST":
        form = NodeForm(request.POST)
        if form.is_valid():
            try:
                if node is None:
                    saved = add_node(
                        actor=request.user,
                        alliance=alliance_obj,
                        template=template,
                        data=form.data_for_domain(),
                    )
                else:
                    saved = update_node(
                        actor=request.user,
                        alliance=alliance_obj,
                        template=template,
                        key=node.key,
                        data=form.data_for_domain(),
                    )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The link of the chain was saved."))
                return redirect(_node_url(alliance_obj, template, saved.key))
    elif node is None:
        form = NodeForm()
    else:
        form = NodeForm(
            initial={
                "name_en": node.name_en,
                "name_zh": node.name_zh,
                "name_vi": node.name_vi,
                "stage": node.stage,
                "position": node.position,
                "project_types": node.project_types,
                "capabilities": [c.code for c in node.capabilities.all()],
            }
        )
    context = {
        "nav": "chains",
        "alliance": alliance_obj,
        "template": template,
        "node": node,
        "form": form,
    }
    return render(request, "chains/node_edit.html", context)


@login_required
def chain_node_add(request, alliance: str, slug: str):
    alliance_obj, template = edited_chain(request, alliance, slug)
    return _node_form_page(request, alliance_obj, template)


@login_required
def chain_node_edit(request, alliance: str, slug: str, key: str):
    alliance_obj, template = edited_chain(request, alliance, slug)
    return _node_form_page(request, alliance_obj, template, node_of(template, key))


@login_required
def chain_node_delete(request, alliance: str, slug: str, key: str):
    alliance_obj, template = edited_chain(request, alliance, slug)
    node = node_of(template, key)
    if request.method == "POST":
        try:
            remove_node(actor=request.user, alliance=alliance_obj, template=template, key=key)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(_node_url(alliance_obj, template, key))
        messages.success(request, _("The link was removed from the chain."))
        return redirect(_detail_url(alliance_obj, template))
    context = {"nav": "chains", "alliance": alliance_obj, "template": template, "node": node}
    return render(request, "chains/node_delete.html", context)


@login_required
@require_POST
def chain_leader_mark(request, alliance: str, slug: str, key: str):
    alliance_obj, template = edited_chain(request, alliance, slug)
    node_of(template, key)
    form = LeaderForm(
        request.POST, organizations=member_organizations(viewer(request), alliance_obj)
    )
    if not form.is_valid():
        messages.error(request, _("Choose a member organization of the alliance."))
    else:
        try:
            mark_leader(
                actor=request.user,
                alliance=alliance_obj,
                template=template,
                key=key,
                organization=form.cleaned_data["organization"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The chain leader was marked."))
    return redirect(_node_url(alliance_obj, template, key))


@login_required
@require_POST
def chain_leader_unmark(request, alliance: str, slug: str, key: str, org: str):
    alliance_obj, template = edited_chain(request, alliance, slug)
    node_of(template, key)
    organization = get_visible(visible_organizations(viewer(request)), slug=org)
    unmark_leader(
        actor=request.user,
        alliance=alliance_obj,
        template=template,
        key=key,
        organization=organization,
    )
    messages.success(request, _("The chain-leader mark was removed."))
    return redirect(_node_url(alliance_obj, template, key))
