"""Country names in the reader's language: our names for the region, pycountry's for the rest."""

from __future__ import annotations

import pytest
from django.utils import translation

from sanxin.common.countries import country_choices, country_name


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["China", "Vietnam", "South Korea", "Laos", "Bolivia", "XX"]),
        ("zh-hans", ["中国", "越南", "韩国", "老挝", "波利维亚", "XX"]),
        ("vi", ["Trung Quốc", "Việt Nam", "Hàn Quốc", "Lào", "Bolivia", "XX"]),
    ],
)
def test_names_follow_the_active_language(language, expected):
    with translation.override(language):
        assert [country_name(c) for c in ("CN", "VN", "KR", "LA", "BO", "XX")] == expected


def test_choices_put_china_and_vietnam_first_and_translate_when_shown():
    choices = country_choices()
    assert [code for code, _ in choices[:3]] == ["", "CN", "VN"]
    assert len({code for code, _ in choices}) == len(choices) > 240
    with translation.override("zh-hans"):
        labels = dict(choices)
        assert (str(labels["VN"]), str(labels["JP"])) == ("越南", "日本")


def test_the_directory_shows_a_partner_country_in_the_readers_language(client, world):
    from tests.factories import OrganizationFactory

    OrganizationFactory(slug="seoul-cells", country="KR", confidentiality="public")
    page = client.get("/vi/o/seoul-cells/").content.decode()
    assert "Hàn Quốc" in page
