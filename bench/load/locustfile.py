"""The request mix of `sanxin bench load`: members browsing, searching and using the API.

Read by locust in its own process; the bench passes what it set up through environment
variables (SANXIN_LOAD_USERS: "user:password,…", SANXIN_LOAD_TOKEN, SANXIN_LOAD_SLUGS,
SANXIN_LOAD_PROJECTS, SANXIN_LOAD_EVENT, SANXIN_LOAD_REGISTRATIONS, SANXIN_LOAD_RATE: requests
per second per simulated user, SANXIN_LOAD_WARM_UP: seconds before the measured window,
SANXIN_LOAD_WARM_UP_FILE: where the warm-up's figures are written when it ends). Members
registered at the symposium also browse its
participants and their meeting requests, and send requests (the mix's writes).
"""

from __future__ import annotations

import json
import os
import random
import re
from collections import Counter
from pathlib import Path

import gevent
from locust import constant_throughput, events, task
from locust.contrib.fasthttp import FastHttpUser

ACCOUNTS = [a.split(":", 1) for a in os.environ.get("SANXIN_LOAD_USERS", "").split(",") if a]
TOKEN = os.environ.get("SANXIN_LOAD_TOKEN", "")
SLUGS = os.environ.get("SANXIN_LOAD_SLUGS", "").split(",")
PROJECTS = os.environ.get("SANXIN_LOAD_PROJECTS", "").split(",")
EVENT = os.environ.get("SANXIN_LOAD_EVENT", "")
REGISTRATIONS = os.environ.get("SANXIN_LOAD_REGISTRATIONS", "").split(",")
#: Demo accounts registered at the symposium (the secretariat organises it instead).
PARTICIPANTS = {"battery.member", "gearbox.admin", "epc.partner"}
WORDS = ("battery", "风电", "gearbox", "储能", "điện gió", "EPC", "recycling", "Sichuan", "光伏")
LANGS = ("en", "zh-hans", "vi")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


WARM_UP = float(os.environ.get("SANXIN_LOAD_WARM_UP", "0"))

#: X-Cache answers (hit / miss / none) per request name, written where SANXIN_LOAD_CACHE_STATS says
CACHE_ANSWERS: dict[str, Counter] = {}


@events.test_start.add_listener
def _measure_after_the_warm_up(environment, **kwargs):
    if WARM_UP > 0:
        gevent.spawn_later(WARM_UP, _end_warm_up, environment)


def _end_warm_up(environment):
    """Write the warm-up's figures (its errors included), then start the measured window."""
    stats = environment.stats
    total = stats.total
    warm_up = {
        "seconds": WARM_UP,
        "requests": total.num_requests,
        "errors": total.num_failures,
        "p50_ms": total.get_response_time_percentile(0.5),
        "p95_ms": total.get_response_time_percentile(0.95),
        "failures": [
            {"request": f"{e.method} {e.name}", "error": str(e.error), "count": e.occurrences}
            for e in stats.errors.values()
        ],
    }
    stats.reset_all()
    CACHE_ANSWERS.clear()
    Path(os.environ["SANXIN_LOAD_WARM_UP_FILE"]).write_text(json.dumps(warm_up), encoding="utf-8")


@events.request.add_listener
def _count_cache_answer(name, response=None, **kwargs):
    answer = (response.headers.get("X-Cache") if response is not None else None) or "none"
    CACHE_ANSWERS.setdefault(name, Counter())[answer] += 1


@events.quitting.add_listener
def _write_cache_answers(**kwargs):
    path = os.environ.get("SANXIN_LOAD_CACHE_STATS")
    if path:
        Path(path).write_text(
            json.dumps({name: dict(c) for name, c in CACHE_ANSWERS.items()}), encoding="utf-8"
        )


class Member(FastHttpUser):
    wait_time = constant_throughput(float(os.environ.get("SANXIN_LOAD_RATE", "4")))

    def on_start(self):
        username, password = random.choice(ACCOUNTS)
        self.participant = username in PARTICIPANTS
        page = self.client.get("/en/accounts/login/", name="sign-in page")
        token = CSRF.search(page.text or "")
        self.client.post(
            "/en/accounts/login/",
            data={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/en/accounts/login/"},
            name="sign in",
        )
        self.lang = random.choice(LANGS)
        # signing in gives a new CSRF token: the first page after it carries the one to post with
        home = self.client.get(f"/{self.lang}/", name="home")
        token = CSRF.search(home.text or "")
        self.csrf = token.group(1) if token else ""

    @task(3)
    def home(self):
        self.client.get(f"/{self.lang}/", name="home")

    @task(5)
    def directory(self):
        self.client.get(f"/{self.lang}/directory/?page={random.randint(1, 5)}", name="directory")

    @task(5)
    def search(self):
        self.client.get(
            f"/{self.lang}/directory/", params={"q": random.choice(WORDS)}, name="search"
        )

    @task(4)
    def organization(self):
        self.client.get(f"/{self.lang}/o/{random.choice(SLUGS)}/", name="organization page")

    @task(3)
    def projects(self):
        self.client.get(f"/{self.lang}/projects/", name="project list")

    @task(2)
    def board(self):
        self.client.get(f"/{self.lang}/projects/board/", name="pipeline board")

    @task(4)
    def project(self):
        self.client.get(f"/{self.lang}/projects/{random.choice(PROJECTS)}/", name="project page")

    @task(3)
    def api_organizations(self):
        self.client.get(
            "/api/organizations",
            headers={"Authorization": f"Bearer {TOKEN}"},
            name="API organizations",
        )

    @task(3)
    def api_projects(self):
        self.client.get(
            "/api/projects", headers={"Authorization": f"Bearer {TOKEN}"}, name="API projects"
        )

    @task(2)
    def participants(self):
        self.client.get(
            f"/{self.lang}/events/{EVENT}/participants/?page={random.randint(1, 5)}",
            name="event participants",
        )

    @task(2)
    def meeting_requests(self):
        self.client.get(f"/{self.lang}/events/{EVENT}/requests/", name="my meeting requests")

    @task(1)
    def send_meeting_request(self):
        if not self.participant:
            # each task is one of the member's requests per second: one that sent nothing would
            # lower the offered rate; the organiser looks at the event's requests instead
            self.meeting_requests()
            return
        url = f"/{self.lang}/events/{EVENT}/participants/{random.choice(REGISTRATIONS)}/request/"
        with self.client.post(
            url,
            data={"priority": "want", "message": "Load test: shall we meet?"},
            headers={"Referer": f"{self.host}{url}", "X-CSRFToken": self.csrf},
            name="send meeting request",
            catch_response=True,
        ) as response:
            # sent (a redirect to my requests), or refused in the form because this pair
            # already has a request (the same random pair drawn twice): both are right answers
            if response.status_code in (200, 302):
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")
