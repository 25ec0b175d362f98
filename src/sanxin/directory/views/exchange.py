"""Import and export of organizations and memberships (CSV and Excel)."""

from django.http import Http404


def org_import(request):
    raise Http404


def org_export(request, fmt: str):
    raise Http404
