"""Entry point of ``sanxin appraise FILE``: JSON input in, JSON result out."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

from sanxin.engines.appraisal.engine import appraise
from sanxin.engines.appraisal.inputs import InputError, parse_input

EXIT_OK = 0
EXIT_BAD_INPUT = 2
USAGE = "usage: sanxin appraise FILE   (FILE is a JSON input; '-' reads standard input)\n"


def _clean(value: Any) -> Any:
    """Replace non-finite floats by null so the output is strict JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(item) for item in value]
    return value


def _read(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    return Path(source).read_text(encoding="utf-8")


def main(argv: list[str]) -> int:
    """Run one appraisal; 0 on success, 2 on bad input (the message names the field)."""
    if len(argv) != 1:
        sys.stderr.write(USAGE)
        return EXIT_BAD_INPUT
    try:
        text = _read(argv[0])
    except OSError as error:
        sys.stderr.write(f"FILE: cannot read {argv[0]!r}: {error.strerror}\n")
        return EXIT_BAD_INPUT
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        sys.stderr.write(
            f"input: not valid JSON (line {error.lineno}, column {error.colno}): {error.msg}\n"
        )
        return EXIT_BAD_INPUT
    try:
        result = appraise(parse_input(data))
    except InputError as error:
        sys.stderr.write(f"invalid input: {error}\n")
        return EXIT_BAD_INPUT
    json.dump(_clean(result.to_dict()), sys.stdout, ensure_ascii=False, indent=2, allow_nan=False)
    sys.stdout.write("\n")
    return EXIT_OK
