"""`sanxin match`: the engine's JSON command, and `sanxin match embed` for the platform."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from sanxin.cli import main
from sanxin.matching.models import StoredEmbedding
from tests.conftest import client_for
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import PersonFactory


@pytest.mark.integration
def test_match_embed_computes_the_stale_records(world, matchmaking, embedder, capsys):
    assert main(["match", "embed", "3"]) == 0
    assert json.loads(capsys.readouterr().out)["organization"] == 3
    assert StoredEmbedding.objects.count() == 3
    assert main(["match", "embed"]) == 0
    counts = json.loads(capsys.readouterr().out)
    assert counts == {"organization": 5, "project": 1, "offer": 0, "removed": 0}


@pytest.mark.unit
def test_match_file_runs_the_engine(tmp_path, capsys):
    data = {
        "taxonomy": {"wind": None, "wind-gearboxes": "wind"},
        "organizations": [
            {"id": "gears", "names": {"en": "Gearbox maker"}, "capabilities": ["wind-gearboxes"]},
            {"id": "owner", "names": {"en": "Developer"}},
        ],
        "projects": [
            {
                "id": "wf",
                "titles": {"en": "Wind farm"},
                "project_type": "wind",
                "owner": "owner",
                "roles": [{"role": "equipment_supplier", "capabilities": ["wind-gearboxes"]}],
            }
        ],
    }
    path = tmp_path / "records.json"
    path.write_text(json.dumps(data))
    assert main(["match", str(path), "partners", "wf", "--no-embeddings"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [r["owner"] for r in out["equipment_supplier"]] == ["gears"]


@pytest.mark.integration
def test_the_participant_list_loads_the_meeting_panel(world, matchmaking):
    event = EventFactory(alliance=world.alliance)
    RegistrationFactory(event=event, person=world.member)
    other = RegistrationFactory(event=event, person=PersonFactory(organization=matchmaking.gears))
    client = client_for(world, "member")
    page = client.get(reverse("event_participants", args=[event.pk])).content.decode()
    assert reverse("match_event_meetings", args=[event.pk]) in page
    panel = client.get(reverse("match_event_meetings", args=[event.pk])).content.decode()
    assert reverse("request_create", args=[event.pk, other.pk]) in panel
    # the secretariat sees the list, but is not registered: no panel for them
    page = client_for(world, "secretariat").get(reverse("event_participants", args=[event.pk]))
    assert reverse("match_event_meetings", args=[event.pk]) not in page.content.decode()
