"""``sanxin schedule FILE``: read a JSON instance, print a JSON schedule.

Usage: ``sanxin schedule FILE [--time-limit SECONDS] [--workers N]``; FILE ``-`` reads stdin.
Exit status 0 with the schedule on stdout; 2 with a message on stderr when the arguments or the
instance are wrong. The schema is in ``docs/scheduling.md``.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

from sanxin.engines.scheduling.capacity import plan_capacity
from sanxin.engines.scheduling.instance import InstanceError, parse_instance
from sanxin.engines.scheduling.problem import compile_problem
from sanxin.engines.scheduling.solver import SolveOptions, solve_problem

USAGE = "usage: sanxin schedule FILE [--time-limit SECONDS] [--workers N]  (FILE - reads stdin)"


class UsageError(Exception):
    """The command line was wrong; the message says how to call it."""


def _number(flag: str, text: str, *, integer: bool) -> float:
    try:
        value = int(text) if integer else float(text)
    except ValueError:
        kind = "a whole number" if integer else "a number of seconds"
        raise UsageError(f"{flag} needs {kind}, not {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise UsageError(f"{flag} must be greater than 0, not {text!r}")
    return value


def parse_args(argv: list[str]) -> tuple[str, SolveOptions]:
    files: list[str] = []
    options: dict[str, Any] = {}
    args = list(argv)
    while args:
        arg = args.pop(0)
        flag, eq, inline = arg.partition("=")
        if flag in ("--time-limit", "--workers"):
            if not eq:
                if not args:
                    raise UsageError(f"{flag} needs a value")
                inline = args.pop(0)
            if flag == "--time-limit":
                options["time_limit"] = _number(flag, inline, integer=False)
            else:
                options["num_workers"] = int(_number(flag, inline, integer=True))
        elif arg.startswith("-") and arg != "-":
            raise UsageError(f"unknown option {arg!r}")
        else:
            files.append(arg)
    if len(files) != 1:
        raise UsageError("one FILE is needed" if not files else f"one FILE only, not {files}")
    return files[0], SolveOptions(**options)


def _read(name: str) -> object:
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read {name!r}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{name!r} is not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = "stdin" if name == "-" else name
        msg = f"{where} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        raise UsageError(msg) from None


def main(argv: list[str]) -> int:
    """Run the command; return its exit status."""
    if any(a in ("-h", "--help") for a in argv):
        sys.stdout.write(USAGE + "\n")
        return 0
    try:
        name, options = parse_args(argv)
        problem = compile_problem(parse_instance(_read(name)))
    except (UsageError, InstanceError) as exc:
        sys.stderr.write(f"sanxin schedule: error: {exc}\n")
        if isinstance(exc, UsageError):
            sys.stderr.write(USAGE + "\n")
        return 2
    schedule = solve_problem(problem, options)
    out = schedule.to_dict()
    out["warnings"] = [
        {"code": w.code, "subject": w.subject, "message": w.message}
        for w in plan_capacity(problem).warnings
    ]
    sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
