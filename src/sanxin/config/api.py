"""The REST API: one django-ninja router per app, token or session auth, JSON errors with codes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from sanxin import __version__


class TokenAuth(HttpBearer):
    """``Authorization: Bearer sx_…`` with a personal API token."""

    def authenticate(self, request, token):
        from sanxin.directory.domain.people import person_for_token  # noqa: PLC0415

        person = person_for_token(token)
        if person is not None:
            request.user = person
        return person


def anonymous_read(request):
    """Anonymous visitors may read (they see public rows only); writing needs a sign-in."""
    return request.method in ("GET", "HEAD", "OPTIONS")


api = NinjaAPI(
    title="Sanxin API",
    version=__version__,
    description=_("Members, offers and requests of new-energy industry alliances."),
    urls_namespace="api",
    # Browser sessions are checked for CSRF by SessionAuth; tokens need no CSRF.
    auth=[TokenAuth(), SessionAuth(csrf=True), anonymous_read],
)


def _error(request, status: int, code: str, message: str, errors=None):
    body = {"code": code, "message": message}
    if errors is not None:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return _error(request, 422, "invalid", _("Please correct the errors below."), errors)


@api.exception_handler(NinjaValidationError)
def on_schema_error(request, exc: NinjaValidationError):
    errors: dict[str, list[str]] = {}
    for item in exc.errors:
        loc = ".".join(str(p) for p in item.get("loc", ()) if p not in ("body", "payload"))
        errors.setdefault(loc or "__all__", []).append(str(item.get("msg", "")))
    return _error(request, 422, "invalid", _("Please correct the errors below."), errors)


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return _error(request, 403, "forbidden", _("You do not have permission to do this."))


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _error(request, 404, "not_found", _("Not found, or you may not see it."))


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return _error(request, 401, "unauthenticated", _("Sign in or send a valid API token."))


def _register_routers() -> None:
    from sanxin.directory.api import router as directory_router  # noqa: PLC0415

    api.add_router("/", directory_router)


_register_routers()
