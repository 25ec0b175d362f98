"""Organizations an import creates credit the open data set they were found in — on their page,
in the directory list, in the API and in exports; organizations people entered credit nothing."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from sanxin.common.enums import Confidentiality
from sanxin.directory.models import Organization
from sanxin.projects.interfaces.import_runner import import_file
from tests.conftest import client_for
from tests.factories import OrganizationFactory
from tests.projects.gem_files import CITATION, gem_workbook, unit

pytestmark = pytest.mark.integration

LICENCE = "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"


@pytest.fixture
def imported(world, tmp_path):
    existing = OrganizationFactory(
        slug="evn", name_en="Vietnam Electricity", confidentiality=Confidentiality.PUBLIC
    )
    book = gem_workbook(
        tmp_path / "Global-Coal-Plant-Tracker-January-2099.xlsx",
        [
            unit("G1", "L1", "Jinsha power station", Owner="Sichuan Energy Investment Group"),
            unit(
                "G2",
                "L2",
                "Hai Duong power station",
                **{"Country/Area": "Vietnam", "Owner": "Vietnam Electricity"},
            ),
        ],
    )
    import_file(book, source="gem")
    return Organization.objects.get(name_en="Sichuan Energy Investment Group"), existing


def test_a_created_organization_keeps_the_citation_an_existing_one_is_left_alone(imported):
    created, existing = imported
    existing.refresh_from_db()
    assert (created.source_dataset, existing.source_dataset) == (CITATION, "")


def test_the_organization_page_and_the_directory_list_credit_the_data_set(world, imported):
    created, existing = imported
    client = client_for(world, "member")
    page = client.get(reverse("org_detail", args=[created.slug])).content.decode()
    assert f'<span lang="en">{CITATION}</span>' in page
    assert "Found in open data:" in page
    own = client.get(reverse("org_detail", args=[existing.slug])).content.decode()
    assert CITATION not in own
    listing = client.get(reverse("org_list"), {"q": "Sichuan Energy"}).content.decode()
    assert "Some organizations shown were found in open data:" in listing
    assert listing.count(f'<span lang="en">{CITATION}</span>') == 1


def test_the_credit_is_translated(world, imported):
    created, _ = imported
    client = client_for(world, "member")
    url = reverse("org_detail", args=[created.slug]).replace("/en/", "/zh-hans/", 1)
    page = client.get(url).content.decode()
    assert "来自公开数据：" in page


def test_the_api_gives_the_citation_and_the_credit_line(world, imported):
    created, existing = imported
    client = client_for(world, "member")
    body = client.get(f"/api/organizations/{created.slug}").json()
    assert (body["source_dataset"], body["attribution"]) == (CITATION, f"{CITATION}. {LICENCE}")
    own = client.get(f"/api/organizations/{existing.slug}").json()
    assert (own["source_dataset"], own["attribution"]) == ("", None)


def test_the_export_has_the_source_column(world, imported):
    client = client_for(world, "member")
    response = client.get(reverse("org_export", args=["csv"]), {"q": "Sichuan Energy"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    column = rows[0].index("source_dataset")
    assert [r[column] for r in rows[1:]] == [CITATION]
