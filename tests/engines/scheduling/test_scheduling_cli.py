import io
import json

import pytest

from sanxin.engines.scheduling.cli import main

pytestmark = pytest.mark.unit

INSTANCE = {
    "slots": ["d1-09:00", "d1-09:30"],
    "tables": {"d1-09:00": 1, "d1-09:30": 2},
    "participants": [
        {"id": "ann", "max_meetings": 1},
        {"id": "bao"},
        {"id": "chen"},
        {"id": "dung", "available": ["d1-09:00"]},
    ],
    "requests": [
        {"a": "ann", "b": "bao", "weight": 2},
        {"a": "ann", "b": "chen", "weight": 3},
        {"a": "bao", "b": "chen", "weight": 1},
    ],
}


def test_file_in_schedule_out(tmp_path, capsys, validate):
    path = tmp_path / "event.json"
    path.write_text(json.dumps(INSTANCE), encoding="utf-8")

    code = main([str(path), "--time-limit", "2"])

    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert code == 0
    assert captured.err == ""
    validate(INSTANCE, out)
    assert out["objective"] == 4
    assert out["upper_bound"] == 4
    assert sorted((m["a"], m["b"]) for m in out["meetings"]) == [("ann", "chen"), ("bao", "chen")]
    assert out["unplaced"] == [
        {
            "a": "ann",
            "b": "bao",
            "reason": "max_meetings",
            "detail": "'ann' already has the maximum of 1 meetings",
        }
    ]
    assert isinstance(out["seconds"], float)


def test_stdin_is_read_for_a_dash(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(INSTANCE)))

    code = main(["-", "--time-limit=1"])

    assert code == 0
    assert json.loads(capsys.readouterr().out)["objective"] == 4


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        ([], "", "one FILE is needed"),
        (["a.json", "b.json"], "", "one FILE only"),
        (["-", "--fast"], "", "unknown option '--fast'"),
        (["-", "--time-limit"], "", "--time-limit needs a value"),
        (["-", "--time-limit", "soon"], "", "--time-limit needs a number of seconds, not 'soon'"),
        (["-", "--time-limit", "-3"], "", "--time-limit must be greater than 0"),
        (["-", "--workers", "1.5"], "", "--workers needs a whole number"),
        (["/nonexistent/event.json"], "", "cannot read '/nonexistent/event.json'"),
        (["-"], '{"slots": [', "stdin is not valid JSON: Expecting value at line 1 column 12"),
        (["-"], '{"slots": ["a"], "tables": 1, "participants": []}', "field 'requests' is missing"),
        (
            ["-"],
            json.dumps({**INSTANCE, "requests": [{"a": "ann", "b": "zoe"}]}),
            "requests[0].b: unknown participant 'zoe'",
        ),
        (
            ["-"],
            json.dumps(
                {
                    **INSTANCE,
                    "requests": [{"a": "ann", "b": "dung"}],
                    "fixed": [{"a": "ann", "b": "dung", "slot": "d1-09:30"}],
                }
            ),
            "not every participant is available in that slot",
        ),
    ],
)
def test_bad_input_exits_2_with_a_message(monkeypatch, capsys, argv, stdin, message):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))

    code = main(argv)

    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert captured.err.startswith("sanxin schedule: error: ")
    assert message in captured.err


def test_help_prints_usage(capsys):
    assert main(["--help"]) == 0
    assert capsys.readouterr().out.startswith("usage: sanxin schedule FILE")
