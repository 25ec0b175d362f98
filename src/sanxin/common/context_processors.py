"""Template context every page gets."""

from __future__ import annotations

from django.conf import settings


def platform(request):
    from sanxin.directory.domain.access import viewer_for  # noqa: PLC0415 - apps load first
    from sanxin.directory.models import Alliance  # noqa: PLC0415

    viewer = viewer_for(getattr(request, "user", None))
    managed = (
        Alliance.objects.all()
        if viewer.is_admin
        else Alliance.objects.filter(pk__in=viewer.secretariat_alliance_ids)
        if viewer.secretariat_alliance_ids
        else Alliance.objects.none()
    )
    return {
        "viewer": viewer,
        "viewer_managed_alliances": managed,
        "sanxin_languages": settings.LANGUAGES,
    }
