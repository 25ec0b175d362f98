"""Editing a profile in the browser form: errors keep the input, logos are checked and served."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from sanxin.common.models import AuditEntry

pytestmark = pytest.mark.integration


def _form_data(org, **overrides):
    data = {
        "name_en": org.name_en,
        "name_zh": org.name_zh,
        "name_vi": org.name_vi,
        "org_type": org.org_type,
        "country": org.country,
        "confidentiality": org.confidentiality,
        "cap-TOTAL_FORMS": "1",
        "cap-INITIAL_FORMS": "0",
        "contact-TOTAL_FORMS": "1",
        "contact-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def _png(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 93, 59)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_bad_email_shows_error_and_keeps_input(client, world):
    client.force_login(world.org_admin)
    url = reverse("org_edit", args=[world.member_org.slug])
    response = client.post(
        url, _form_data(world.member_org, email="nope", situation_zh="二十兆瓦级齿轮箱")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["Enter a valid email address."]
    assert "二十兆瓦级齿轮箱" in response.content.decode()
    assert not AuditEntry.objects.filter(action="sanxin.organization.changed").exists()


def test_clearing_every_name_is_refused(client, world):
    client.force_login(world.org_admin)
    url = reverse("org_edit", args=[world.member_org.slug])
    response = client.post(url, _form_data(world.member_org, name_en="", name_zh="", name_vi=""))
    assert response.context["form"].errors["name_en"] == [
        "Give the organization a name in at least one language."
    ]
    world.member_org.refresh_from_db()
    assert world.member_org.name_en == "Member Gearbox Co."


def test_capacity_and_contact_rows_are_saved(client, world):
    client.force_login(world.org_admin)
    url = reverse("org_edit", args=[world.member_org.slug])
    data = _form_data(
        world.member_org,
        **{
            "cap-0-value": "20",
            "cap-0-unit": "MW-class",
            "cap-0-label": "gearboxes",
            "contact-0-name": "Li Hua",
            "contact-0-email": "li.hua@example.org",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302
    assert [str(c) for c in world.member_org.capacities.all()] == ["20 MW-class gearboxes"]
    assert [c.email for c in world.member_org.contacts.all()] == ["li.hua@example.org"]


def test_logo_upload_is_checked_and_served(client, world):
    client.force_login(world.org_admin)
    url = reverse("org_edit", args=[world.member_org.slug])
    gif = SimpleUploadedFile("logo.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/gif")
    response = client.post(url, {**_form_data(world.member_org), "logo": gif})
    assert response.status_code == 200
    assert response.context["form"].errors["logo"]
    png = SimpleUploadedFile("logo.png", _png(), "image/png")
    response = client.post(url, {**_form_data(world.member_org), "logo": png})
    assert response.status_code == 302
    world.member_org.refresh_from_db()
    served = client.get(world.member_org.logo.url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == _png()
    assert client.get("/media/logos/..%2Fsecret_key").status_code == 404
