"""The engine's input errors as translated messages keyed by input field.

The engine (``sanxin.engines.appraisal``) speaks English and names the offending key
(``InputError.field``, e.g. ``tax_rate[3]``). This table turns each of its messages into a
message in the user's language, keyed by the input field (``tax_rate``), so the form, the API
and any importer show the same errors. Rates are fractions in the engine: their ranges are
shown in percent, which reads right both in the form (which asks for percent) and in the API.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _

from sanxin.engines.appraisal import InputError

#: Inputs that are fractions (0.06 = 6 %).
RATE_FIELDS = frozenset(
    {
        "capacity_factor",
        "availability",
        "curtailment",
        "degradation_per_year",
        "depreciable_fraction",
        "salvage_fraction",
        "interest_rate",
        "om_escalation",
        "tariff_escalation",
        "discount_rate",
        "equity_discount_rate",
        "debt_fraction",
        "tax_rate",
        "storage_round_trip_efficiency",
        "capex_schedule",
    }
)

_RANGE = re.compile(r"^must be in ([\[(])([^,]+), ([^\])]+)([\])]); got")
_BETWEEN = re.compile(r"^must be between (-?\d+) and (-?\d+)(?:;|$)")


def field_key(field: str) -> str:
    """The input field an engine error is about: ``tax_rate[3]`` → ``tax_rate``."""
    key = re.split(r"[\[.]", field, maxsplit=1)[0]
    return NON_FIELD_ERRORS if key in ("", "input") else key


def _bound(text: str, percent: bool) -> str | None:
    value = float(text)
    if math.isinf(value):
        return None
    if percent:
        return f"{value * 100:g} %"
    return f"{value:g}"


#: (lower bound open, upper bound open, which bounds exist) → message.
_RANGE_MESSAGES: dict[tuple[bool, bool, str], Callable[[], str]] = {
    (True, False, "low"): lambda: _("Enter a value above %(low)s."),
    (False, False, "low"): lambda: _("Enter a value of at least %(low)s."),
    (False, True, "high"): lambda: _("Enter a value below %(high)s."),
    (False, False, "high"): lambda: _("Enter a value of at most %(high)s."),
    (True, True, "both"): lambda: _("Enter a value above %(low)s and below %(high)s."),
    (True, False, "both"): lambda: _("Enter a value above %(low)s and at most %(high)s."),
    (False, True, "both"): lambda: _("Enter a value of at least %(low)s and below %(high)s."),
    (False, False, "both"): lambda: _("Enter a value from %(low)s to %(high)s."),
}


def _range_message(match: re.Match, field: str) -> str:
    percent = field in RATE_FIELDS
    low, high = _bound(match.group(2), percent), _bound(match.group(3), percent)
    low_open = match.group(1) == "(" and low is not None
    high_open = match.group(4) == ")" and high is not None
    if low is None and high is None:
        return _("Enter a number.")
    which = "both" if low is not None and high is not None else ("low" if high is None else "high")
    return _RANGE_MESSAGES[(low_open, high_open, which)]() % {"low": low, "high": high}


def _years_in(message: str) -> str:
    found = re.search(r"\((-?\d+)\)", message)
    return found.group(1) if found else "?"


#: (message prefix, translation) in the order they are tried; a callable gets the error.
_PREFIXES: tuple[tuple[str, Callable[[InputError], str]], ...] = (
    ("is required", lambda e: _("This field is required.")),
    ("must be a number", lambda e: _("Enter a number.")),
    ("must be a finite number", lambda e: _("Enter a finite number.")),
    ("must be a whole number", lambda e: _("Enter a whole number.")),
    ("must be one of", lambda e: _("Select a valid choice.")),
    ("must be a list of numbers", lambda e: _("Enter a list of numbers.")),
    (
        "list must have one rate per year",
        lambda e: (
            _("Give one rate, or one rate for each of the %(years)s operating years.")
            % {"years": _years_in(e.message)}
        ),
    ),
    (
        'must be "3+3"',
        lambda e: _(
            "Choose “3+3”, or give the exempt years, the half-rate years and the first year."
        ),
    ),
    ("unknown key", lambda e: _("Unknown field.")),
    ("must not be negative", lambda e: _("Must not be negative.")),
    ("must be a JSON object", lambda e: _("Send the inputs as a JSON object.")),
    (
        "give energy_year1_kwh, capacity_factor or full_load_hours",
        lambda e: _("Give the energy of year 1, the capacity factor or the full-load hours."),
    ),
    (
        "give only one of",
        lambda e: _(
            "Give only one of the energy of year 1, the capacity factor and the full-load hours."
        ),
    ),
    (
        "needs one share per construction year",
        lambda e: _("Give one share for each construction year."),
    ),
    ("shares must sum to 1", lambda e: _("The shares must add up to 100 %.")),
    (
        "must be between 1 and years",
        lambda e: (
            _(
                "With debt, the loan term must be at least 1 year and at most the operating "
                "life (%(years)s years)."
            )
            % {"years": _years_in(e.message)}
        ),
    ),
    (
        "must be between 0 and loan_years - 1",
        lambda e: (
            _("The grace period must be shorter than the loan term (at most %(years)s years).")
            % {"years": _years_in(e.message)}
        ),
    ),
    (
        "must be a string such as",
        lambda e: _("Enter a region code such as CN-GD, CN or VN."),
    ),
    (
        "must be a three-letter code",
        lambda e: _("Enter a three-letter currency code such as CNY, VND or USD."),
    ),
    (
        "no emission factor for",
        lambda e: _(
            "No grid emission factor is known for this region and year: use a Chinese province "
            "(CN-GD), a grid region (CN-GRID-SOUTH), CN or VN, or enter the factor."
        ),
    ),
)


def _known(error: InputError) -> str | None:
    message = error.message
    match = _RANGE.match(message)
    if match:
        return _range_message(match, field_key(error.field))
    between = _BETWEEN.match(message)
    if between:
        values = {"low": between.group(1), "high": between.group(2)}
        return _("Enter a whole number from %(low)s to %(high)s.") % values
    for prefix, make in _PREFIXES:
        if message.startswith(prefix):
            return make(error)
    return None


def translate(error: InputError) -> tuple[str, str]:
    """``(field, message)`` for an engine error, the message in the active language."""
    known = _known(error)
    if known is None:
        # A message this table does not know yet (a newer engine): still keyed, in English.
        known = _("Invalid value (%(detail)s).") % {"detail": error.message}
    return field_key(error.field), known


def is_translated(error: InputError) -> bool:
    """Whether the table knows the error's message (the tests check every engine message)."""
    return _known(error) is not None
