"""The `sanxin` command, called in-process."""

import json

import pytest

from sanxin.cli import main
from sanxin.directory.models import Membership, Organization

pytestmark = pytest.mark.integration


def test_import_orgs_good_file(world, tmp_path, capsys):
    path = tmp_path / "orgs.csv"
    path.write_text(
        "name_zh,name_en,type,country,province\n"
        "云岭储能科技,Yunling Storage Tech,enterprise,CN,CN-YN\n",
        encoding="utf-8",
    )
    assert main(["import", "orgs", str(path), "--alliance", world.alliance.slug]) == 0
    assert "created 1" in capsys.readouterr().out
    org = Organization.objects.get(name_en="Yunling Storage Tech")
    assert Membership.objects.get(organization=org).alliance == world.alliance


def test_import_orgs_bad_file_saves_nothing(world, tmp_path, capsys):
    path = tmp_path / "orgs.csv"
    path.write_text(
        "name_en,type,country,email\n"
        "Good Co,enterprise,CN,a@example.org\n"
        ",enterprise,CN,not-mail\n",
        encoding="utf-8",
    )
    before = Organization.objects.count()
    assert main(["import", "orgs", str(path)]) == 1
    err = capsys.readouterr().err
    assert "row 3" in err
    assert "nothing was saved" in err
    assert Organization.objects.count() == before


def test_import_missing_file(tmp_path, capsys, db):
    assert main(["import", "orgs", str(tmp_path / "nope.csv")]) == 2
    assert "No such file" in capsys.readouterr().err


def test_unknown_benchmark_lists_the_available_ones(capsys):
    assert main(["bench", "nope"]) == 2
    assert "directory" in capsys.readouterr().err


def test_appraise_from_file(tmp_path, capsys):
    path = tmp_path / "in.json"
    path.write_text(
        json.dumps(
            {
                "technology": "pv",
                "capacity_kw": 1000,
                "capacity_factor": 0.18,
                "capex": 3_500_000,
                "tariff_per_kwh": 0.35,
                "years": 20,
                "discount_rate": 0.06,
                "region": "CN-SC",
            }
        ),
        encoding="utf-8",
    )
    assert main(["appraise", str(path)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["tco2_avoided_year1"] > 0
    assert len(result["cash_flows"]["project_aftertax"]) == len(result["cash_flows"]["year"])
    assert result["irr_project_status"] == "unique"
