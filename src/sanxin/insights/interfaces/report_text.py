"""Labels and number formatting shared by the PDF and the Excel report."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sanxin.events.enums import OutcomeResult
from sanxin.insights.interfaces.report_data import ReportData


def rounded(value: object, places: int) -> object:
    """Decimals rounded half up to ``places`` (Django's number_format would cut them)."""
    if isinstance(value, Decimal):
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if isinstance(value, float):
        return round(value, places)
    return value


def num(value: object, places: int = 0) -> str:
    """A number in the active language's format, rounded half up; None as a dash."""
    if value is None:
        return "—"
    return number_format(
        rounded(value, places), decimal_pos=places, use_l10n=True, force_grouping=True
    )


def key_figures(data: ReportData) -> list[tuple[str, object, str]]:
    """(label, value, kind) rows of the key figures; kind: count, tco2, money, capacity."""
    f = data.figures
    rows: list[tuple[str, object, str]] = [
        (_("Projects"), f.projects_total, "count"),
        (_("New projects in the period"), f.new_in_period, "count"),
        (_("Stage changes in the period"), f.stage_moves_in_period, "count"),
        (
            _("Investment (%(currency)s, converted)") % {"currency": f.investment.currency},
            f.investment.total_cny,
            "money",
        ),
    ]
    for series in f.capacity:
        rows.append((_("Capacity (%(unit)s)") % {"unit": series.label}, series.total, "capacity"))
    rows += [
        (_("tCO2 avoided per year (latest appraisals)"), f.carbon.tco2_per_year, "tco2"),
        (_("Projects with an appraisal"), f.carbon.appraised, "count"),
        (
            _("tCO2 target for %(year)s") % {"year": f.carbon.target_year},
            f.carbon.target,
            "tco2",
        ),
        (_("Member organizations"), f.members.members, "count"),
        (_("Events in the period"), len(f.events), "count"),
    ]
    return rows


def event_columns(outcomes_visible: bool) -> list[str]:
    columns = [_("Event"), _("Dates"), _("Projects launched")]
    if outcomes_visible:
        columns += [
            _("Participants"),
            _("Meetings held"),
            *[str(label) for label in OutcomeResult.labels],
        ]
    return columns


def event_rows(data: ReportData) -> list[list[object]]:
    out = []
    for e in data.figures.events:
        dates = f"{e.start_date:%Y-%m-%d}"
        if e.end_date != e.start_date:
            dates += f" – {e.end_date:%Y-%m-%d}"
        row: list[object] = [e.title, dates, e.projects]
        if data.figures.outcomes_visible:
            row += [e.registrations, e.held, *[e.outcomes[k] for k in OutcomeResult.values]]
        out.append(row)
    return out


def member_rows(data: ReportData) -> list[tuple[str, int]]:
    m = data.figures.members
    return [
        (_("Member organizations"), m.members),
        (
            _("Profiles confirmed in the last %(days)s days") % {"days": m.stale_after_days},
            m.confirmed_recently,
        ),
        (_("Profiles not confirmed for longer"), m.stale),
        (_("Profiles never confirmed"), m.never_confirmed),
        (_("Profiles updated in the period"), m.updated_in_period),
        (_("Members who joined in the period"), m.joined_in_period),
        (_("Offers and requests posted in the period"), m.offers_in_period),
    ]


def project_columns() -> list[str]:
    return [
        _("Project"),
        _("Owner"),
        _("Type"),
        _("Stage"),
        _("Region"),
        _("Capacity"),
        _("Unit"),
        _("Investment"),
        _("Currency"),
    ]


def period_text(data: ReportData) -> str:
    scope = data.figures.scope
    return _("%(start)s to %(end)s") % {
        "start": scope.start.isoformat(),
        "end": scope.end.isoformat(),
    }


def title_text(data: ReportData) -> str:
    return _("Alliance report: %(alliance)s") % {"alliance": data.alliance.name}


def total_label() -> str:
    return pgettext("sum", "Total")


def zero_if_none(value: Decimal | None) -> Decimal:
    return Decimal(0) if value is None else value
