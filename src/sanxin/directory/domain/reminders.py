"""Remind organization admins when their profile has not been confirmed for a year."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sanxin.common.audit import log_action
from sanxin.directory.enums import PersonRole
from sanxin.directory.models import Organization, Person

#: Do not remind the same organization more often than this.
REMIND_EVERY = dt.timedelta(days=30)


def stale_organizations(today: dt.date):
    limit = today - dt.timedelta(days=settings.SANXIN_STALE_AFTER_DAYS)
    return Organization.objects.filter(
        Q(last_confirmed__lt=limit) | Q(last_confirmed__isnull=True)
    ).filter(Q(stale_reminded__isnull=True) | Q(stale_reminded__lt=today - REMIND_EVERY))


def remind_stale_profiles(today: dt.date | None = None) -> int:
    """Mail each stale organization's admins (in their language); returns how many orgs."""
    today = today or timezone.localdate()
    count = 0
    for org in stale_organizations(today).order_by("pk"):
        admins = Person.objects.filter(
            organization=org,
            is_active=True,
            role__in=(PersonRole.ORG_ADMIN, PersonRole.SECRETARIAT),
        ).exclude(email="")
        with transaction.atomic():
            for person in admins:
                with translation.override(person.language or settings.LANGUAGE_CODE):
                    send_mail(
                        subject=_("Please confirm the profile of %(org)s") % {"org": org.name},
                        message=_(
                            "The profile of %(org)s on Sanxin was last confirmed on %(date)s. "
                            "Please check it and confirm it is up to date: %(path)s"
                        )
                        % {
                            "org": org.name,
                            "date": org.last_confirmed or "—",
                            "path": settings.SITE_URL + reverse("org_detail", args=[org.slug]),
                        },
                        from_email=None,
                        recipient_list=[person.email],
                    )
            org.stale_reminded = today
            org.save(update_fields=["stale_reminded"])
            log_action(
                "sanxin.organization.stale_reminded",
                actor=None,
                obj=org,
                new={"reminded": today, "recipients": admins.count()},
            )
        count += 1
    return count
