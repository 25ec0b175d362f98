"""Shared by the readers of real data files: the result, the error, reading cells."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sanxin.projects.domain.import_records import PlantRecord, RowNote

#: Rows of China and Vietnam are imported; every other country's rows are only counted.
COUNTRIES: dict[str, str] = {
    "china": "CN",
    "chn": "CN",
    "cn": "CN",
    "vietnam": "VN",
    "viet nam": "VN",
    "vnm": "VN",
    "vn": "VN",
}
#: A file with more rows than this is refused (the largest tracker has about 15,000).
MAX_ROWS = 500_000


class SourceFileError(Exception):
    """The file is not the data set it claims to be; ``code`` names the reason."""

    def __init__(self, code: str, params: dict | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.params = params or {}

    @property
    def message(self) -> str:
        from sanxin.projects.domain.import_records import reason_text  # noqa: PLC0415

        return reason_text(self.code, self.params)


@dataclass
class ReadResult:
    dataset: str
    records: list[PlantRecord] = field(default_factory=list)
    skipped: list[RowNote] = field(default_factory=list)
    rows_total: int = 0  # rows of China and Vietnam
    rows_other: int = 0  # rows of other countries (not imported)


def header_key(value: Any) -> str:
    return " ".join(str(value or "").casefold().split())


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return " ".join(str(value).split())


def number(value: Any) -> Decimal | None:
    """A number cell as Decimal; None when empty; raises ValueError when not a number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        result = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    else:
        cleaned = str(value).strip().replace(",", "")
        if cleaned.casefold() in ("unknown", "n/a", "na", "-", "--"):
            return None
        try:
            result = Decimal(cleaned)
        except InvalidOperation as exc:
            raise ValueError(value) from exc
    if not result.is_finite():
        raise ValueError(value)
    return result


def optional_number(value: Any) -> Decimal | None:
    try:
        return number(value)
    except ValueError:
        return None


def year(value: Any) -> int | None:
    found = optional_number(value)
    if found is None or not 1800 <= found <= 2200:
        return None
    return int(found)


def country_code(value: Any) -> str | None:
    return COUNTRIES.get(header_key(value))
