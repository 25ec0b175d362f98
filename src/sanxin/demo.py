"""The whole demo, in one transaction: the alliances and members, their projects and
their appraisals, chain leaders on the industry chain maps, a symposium.

Everything is fictional and marked as demo data; see each app's ``demo`` package.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from sanxin.appraisals.demo import load_demo_appraisals
from sanxin.chains.demo import load_demo as load_demo_chains
from sanxin.directory.demo.loader import DemoSummary, load_demo
from sanxin.directory.models import Alliance
from sanxin.events.demo import load_demo_event
from sanxin.projects.demo.loader import MAIN_ALLIANCE_SLUG, load_demo_projects


def load_everything(*, today: dt.date | None = None) -> list[object]:
    """Load the demo if the database holds no alliance yet; returns the summaries to print."""
    today = today or timezone.localdate()
    with transaction.atomic():
        summary: DemoSummary = load_demo(today=today)
        if summary.already_loaded:
            return [summary]
        projects = load_demo_projects(today=today)
        appraisals = load_demo_appraisals()
        event = load_demo_event(today=today)
        chains = load_demo_chains(alliance=Alliance.objects.get(slug=MAIN_ALLIANCE_SLUG))
        return [summary, projects, appraisals, chains, *([event] if event is not None else [])]
