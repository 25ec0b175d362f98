"""``sanxin import gem|gppd FILE [--alliance SLUG]``, called in-process."""

import json

import pytest

from sanxin.cli import main
from sanxin.projects.models import ImportRun, Project
from tests.projects.gem_files import CITATION, gem_workbook, gppd_csv, unit

pytestmark = pytest.mark.integration


def test_import_gem_prints_a_json_summary(world, tmp_path, capsys):
    path = gem_workbook(
        tmp_path / "coal.xlsx",
        [unit("G1", "L1", "Jinsha power station"), unit("G2", "L2", "Odd", Status="?")],
    )
    assert main(["import", "gem", str(path), "--alliance", world.alliance.slug]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {k: out[k] for k in ("status", "source", "dataset", "alliance", "created")} == {
        "status": "done",
        "source": "gem",
        "dataset": CITATION,
        "alliance": "three-new",
        "created": 1,
    }
    assert (
        out["attribution"]
        == f"{CITATION}. CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"
    )
    assert out["skipped_rows"] == [
        {
            "sheet": "Units",
            "row": 3,
            "reason": "“?” is not a status of the tracker (announced … retired).",
        }
    ]
    assert Project.objects.get().alliance == world.alliance
    run = ImportRun.objects.get()
    assert (run.actor_label, run.started_by, run.file_name) == ("system", None, "coal.xlsx")
    assert path.exists()  # the command never removes the user's file

    assert main(["import", "gem", str(path), "--alliance", world.alliance.slug]) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 1)


def test_import_gppd(world, tmp_path, capsys):
    path = gppd_csv(
        tmp_path / "gppd.csv",
        [
            {
                "country": "CHN",
                "name": "Sun",
                "gppd_idnr": "W1",
                "capacity_mw": "50",
                "primary_fuel": "Solar",
            }
        ],
    )
    assert main(["import", "gppd", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["status"], out["created"], out["alliance"]) == ("done", 1, None)
    assert Project.objects.get().project_type == "pv"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["gem", "{dir}/missing.xlsx"], "No such file: {dir}/missing.xlsx"),
        (
            ["gem", "{dir}/plants.csv"],
            "Upload the Global Energy Monitor file as published (.xlsx).",
        ),
        (
            ["gppd", "{dir}/coal.xlsx"],
            "Upload the WRI Global Power Plant Database file as published (.csv).",
        ),
        (["gem", "{dir}/coal.xlsx", "--alliance", "nope"], "There is no alliance “nope”."),
        (
            ["gppd", "{dir}/plants.csv"],
            "This file is not the Global Power Plant Database: it "
            "lacks the columns “country”, “name”, “gppd_idnr”, “capacity_mw”, “primary_fuel”.",
        ),
    ],
)
def test_bad_input_exits_2_with_a_message(world, tmp_path, capsys, args, message):
    gem_workbook(tmp_path / "coal.xlsx", [unit("G1", "L1", "A")])
    (tmp_path / "plants.csv").write_text("name,capacity\nA,1\n", encoding="utf-8")
    argv = ["import", *(a.format(dir=tmp_path) for a in args)]
    assert main(argv) == 2
    assert capsys.readouterr().err.strip() == message.format(dir=tmp_path)
    assert not ImportRun.objects.exists()
