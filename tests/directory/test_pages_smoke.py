"""Every page of the directory renders for each role (content is asserted in focused tests)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("role", ["anonymous", "member", "org_admin", "secretariat", "admin"])
def test_main_pages_render(client, world, role):
    person = world.person(role)
    if person is not None:
        client.force_login(person)
    for url in (
        reverse("home"),
        reverse("org_list"),
        reverse("org_list") + "?q=gearbox&type=enterprise",
        reverse("offer_list"),
        reverse("org_detail", args=[world.public_org.slug]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"<main" in response.content
