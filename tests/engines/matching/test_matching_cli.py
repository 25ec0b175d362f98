import io
import json

import pytest

from sanxin.engines.matching.cli import main
from sanxin.engines.matching.parse import parse_dataset
from sanxin.engines.matching.records import RecordError

pytestmark = pytest.mark.unit

DATA = {
    "taxonomy": {"wind": None, "wind-gearboxes": "wind", "finance": None,
                 "finance-lending": "finance"},
    "organizations": [
        {"id": "gears", "texts": {"en": "Wind turbine gearbox maker"}, "country": "CN",
         "capabilities": ["wind-gearboxes"]},
        {"id": "bank", "texts": {"en": "Project finance loans"}, "org_type": "financial",
         "country": "VN", "capabilities": ["finance-lending"], "max_ticket": 500},
        {"id": "owner", "names": {"vi": "Chủ đầu tư"}, "country": "VN"},
    ],
    "projects": [
        {"id": "wf", "titles": {"en": "Wind farm needing gearboxes and a loan"}, "country": "VN",
         "project_type": "wind", "owner": "owner", "debt": 100,
         "roles": [{"role": "equipment_supplier", "capabilities": ["wind-gearboxes"]},
                   {"role": "financier", "capabilities": ["finance-lending"]}]},
    ],
    "ties": [{"a": "owner", "b": "gears", "kind": "consortium", "project": "old"}],
}  # fmt: skip


def run(argv, data=DATA, monkeypatch=None):
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(data)))
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setattr("sys.stderr", err)
    code = main(argv)
    return code, out.getvalue(), err.getvalue()


def test_partners_without_embeddings(monkeypatch):
    code, out, _ = run(
        ["-", "partners", "wf", "--no-embeddings", "--k", "1"], monkeypatch=monkeypatch
    )
    assert code == 0
    result = json.loads(out)
    assert [r["id"] for r in result["equipment_supplier"]] == ["gears"]
    assert [r["id"] for r in result["financier"]] == ["bank"]
    codes = [r["code"] for r in result["equipment_supplier"][0]["reasons"]]
    assert "cooperation" in codes


def test_consortium(monkeypatch):
    code, out, _ = run(["-", "consortium", "wf", "--no-embeddings"], monkeypatch=monkeypatch)
    assert code == 0
    best = json.loads(out)["consortia"][0]
    assert [(a["role"], a["organization"]) for a in best["assignments"]] == [
        ("equipment_supplier", "gears"),
        ("financier", "bank"),
    ]


def test_errors_exit_2_with_a_message(monkeypatch):
    code, _, err = run(["-", "partners", "nope", "--no-embeddings"], monkeypatch=monkeypatch)
    assert (code, err) == (2, "sanxin match: error: unknown id 'nope'\n")
    code, _, err = run(["-", "dance", "x"], monkeypatch=monkeypatch)
    assert code == 2
    assert "unknown recommendation 'dance'" in err
    bad = {**DATA, "organizations": [{"id": "x", "org_typ": "soe"}]}
    code, _, err = run(["-", "projects", "x", "--no-embeddings"], bad, monkeypatch=monkeypatch)
    assert (code, err) == (2, "sanxin match: error: organizations[0].org_typ: unknown field\n")


def test_parse_dataset_types():
    data = parse_dataset(DATA)
    assert data.organizations[0].capabilities == frozenset({"wind-gearboxes"})
    assert data.projects[0].roles[1].role == "financier"
    assert data.taxonomy.ancestors("wind-gearboxes") == ("wind",)
    with pytest.raises(RecordError, match=r"projects\[0\]\.roles: expected a list"):
        parse_dataset({"projects": [{"id": "p", "roles": "epc"}]})
    with pytest.raises(RecordError, match="taxonomy: 'a': unknown parent 'b'"):
        parse_dataset({"taxonomy": {"a": "b"}})
