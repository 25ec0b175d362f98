"""Personal API tokens: list, create (shown once), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanxin.common.models import ApiToken
from sanxin.directory.domain.people import create_api_token, revoke_api_token
from sanxin.directory.interfaces.forms import TokenForm, apply_errors


@login_required
def token_list(request):
    new_key = None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                _token, new_key = create_api_token(
                    actor=request.user,
                    name=form.cleaned_data["name"],
                    valid_days=form.cleaned_data["valid_days"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                form = TokenForm()
    else:
        form = TokenForm()
    return render(
        request,
        "directory/tokens.html",
        {"form": form, "tokens": ApiToken.objects.filter(person=request.user), "new_key": new_key},
    )


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, person=request.user)
    revoke_api_token(actor=request.user, token=token)
    messages.success(request, _("The token was revoked; it no longer works."))
    return redirect("token_list")
