"""The REST API: one django-ninja router per app, token or session auth, JSON errors with codes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.utils import DataError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from sanxin import __version__
from sanxin.common.concurrency import EditConflictError
from sanxin.config.openapi_errors import document_errors


class TokenAuth(HttpBearer):
    """``Authorization: Bearer sx_…`` with a personal API token."""

    def authenticate(self, request, token):
        from sanxin.directory.domain.people import person_for_token  # noqa: PLC0415

        person = person_for_token(token)
        if person is None:
            # A wrong, expired or revoked token is refused; it never falls back to anonymous.
            raise AuthenticationError
        request.user = person
        return person


class BrowserSessionAuth(SessionAuth):
    """The signed-in browser session; SessionAuth checks the CSRF token on writes.

    Without a signed-in user it steps aside, so an anonymous write answers 401, not a CSRF 403.
    """

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


def anonymous_read(request):
    """Anonymous visitors may read (they see public rows only); writing needs a sign-in."""
    return request.method in ("GET", "HEAD", "OPTIONS")


class SanxinAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return document_errors(schema)


api = SanxinAPI(
    title="Sanxin API",
    version=__version__,
    description=_("Members, offers and requests of new-energy industry alliances."),
    urls_namespace="api",
    # Browser sessions are checked for CSRF by SessionAuth; tokens need no CSRF.
    auth=[TokenAuth(), BrowserSessionAuth(csrf=True), anonymous_read],
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


#: Parts of a pydantic error location that name where a value came from, not which field.
_LOC_SOURCES = ("body", "payload", "query", "path", "filters", "header", "cookie", "form")


@api.exception_handler(NinjaValidationError)
def on_schema_error(request, exc: NinjaValidationError):
    errors: dict[str, list[str]] = {}
    for item in exc.errors:
        loc = ".".join(str(p) for p in item.get("loc", ()) if p not in _LOC_SOURCES)
        errors.setdefault(loc or "__all__", []).append(str(item.get("msg", "")))
    return _error(request, 422, "invalid", _("Please correct the errors below."), errors)


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def on_out_of_range(request, exc):
    """A number too large for the database (e.g. an id of 30 digits): the input's fault."""
    message = _("A number in the request is too large.")
    return _error(request, 422, "invalid", message, {"__all__": [message]})


@api.exception_handler(EditConflictError)
def on_conflict(request, exc: EditConflictError):
    return api.create_response(request, exc.as_json(), status=409)


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return _error(request, 403, "forbidden", _("You do not have permission to do this."))


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _error(request, 404, "not_found", _("Not found, or you may not see it."))


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return _error(request, 401, "unauthenticated", _("Sign in or send a valid API token."))


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    if exc.status_code == 403 and "CSRF" in str(exc):
        message = _("The CSRF token is missing or wrong. Reload the page, or use an API token.")
        return _error(request, 403, "csrf_failed", message)
    if exc.status_code == 400:
        return _error(request, 400, "bad_request", _("The request body is not valid JSON."))
    return _error(request, exc.status_code, "error", str(exc))


def _register_routers() -> None:
    from sanxin.appraisals.api import router as appraisals_router  # noqa: PLC0415
    from sanxin.chains.api import router as chains_router  # noqa: PLC0415
    from sanxin.directory.api import router as directory_router  # noqa: PLC0415
    from sanxin.events.api import router as events_router  # noqa: PLC0415
    from sanxin.insights.api import router as insights_router  # noqa: PLC0415
    from sanxin.matching.api import router as matching_router  # noqa: PLC0415
    from sanxin.projects.api import router as projects_router  # noqa: PLC0415
    from sanxin.projects.api_inbox import router as inbox_router  # noqa: PLC0415

    api.add_router("/", directory_router)
    api.add_router("/", projects_router)
    api.add_router("/", inbox_router)
    api.add_router("/", events_router)
    api.add_router("/", appraisals_router)
    api.add_router("/", matching_router)
    api.add_router("/", chains_router)
    api.add_router("/", insights_router)


_register_routers()
