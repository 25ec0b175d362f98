"""States and kinds of cooperation projects."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProjectType(models.TextChoices):
    WIND = "wind", _("Wind power")
    PV = "pv", _("Solar PV")
    HYDRO = "hydro", _("Hydropower")
    PUMPED_STORAGE = "pumped_storage", _("Pumped storage")
    BATTERY_STORAGE = "battery_storage", _("Battery storage")
    RENEWABLE_STORAGE = "renewable_storage", _("Renewables + storage")
    CELL_MANUFACTURING = "cell_manufacturing", _("Cell / battery manufacturing base")
    EQUIPMENT_MANUFACTURING = "equipment_manufacturing", _("Equipment manufacturing")
    BATTERY_RECYCLING = "battery_recycling", _("Battery recycling")
    GRID = "grid", _("Grid / transmission")
    CHARGING = "charging", _("Charging")
    HYDROGEN = "hydrogen", _("Hydrogen")
    # Power plants in the real data (Global Energy Monitor, WRI Global Power Plant Database).
    COAL = "coal", _("Coal power")
    GAS = "gas", _("Gas power")
    OIL = "oil", _("Oil power")
    NUCLEAR = "nuclear", _("Nuclear power")
    BIOENERGY = "bioenergy", _("Bioenergy power")
    GEOTHERMAL = "geothermal", _("Geothermal power")
    OTHER = "other", pgettext_lazy("project type", "Other")


class Stage(models.TextChoices):
    """Declared in pipeline order; ``PIPELINE`` below is the order landing ratios rely on."""

    IDEA = "idea", _("Idea")
    PROPOSED = "proposed", _("Proposed")
    AGREEMENT = "agreement_signed", _("Agreement signed")
    FINANCING = "financing_closed", _("Financing closed")
    CONSTRUCTION = "construction_started", _("Construction started")
    COMMISSIONING = "commissioning", _("Commissioning")
    OPERATION = "in_operation", _("In operation")
    ON_HOLD = "on_hold", _("On hold")
    CANCELLED = "cancelled", pgettext_lazy("project stage", "Cancelled")
    # After operation: a plant taken out of service (imported data has many).
    RETIRED = "retired", pgettext_lazy("project stage", "Retired")


#: The pipeline from idea to operation, in order (on hold, cancelled and retired are outside it).
PIPELINE: tuple[str, ...] = (
    Stage.IDEA,
    Stage.PROPOSED,
    Stage.AGREEMENT,
    Stage.FINANCING,
    Stage.CONSTRUCTION,
    Stage.COMMISSIONING,
    Stage.OPERATION,
)


def stages_from(stage: str) -> tuple[str, ...]:
    """``stage`` and every pipeline stage after it."""
    return PIPELINE[PIPELINE.index(stage) :]


class CapacityUnit(models.TextChoices):
    MW = "MW", "MW"
    MWH = "MWh", "MWh"
    GWH_YR = "GWh/yr", _("GWh/yr")
    T_YR = "t/yr", _("t/yr")


class Currency(models.TextChoices):
    CNY = "CNY", _("Chinese yuan (CNY)")
    USD = "USD", _("US dollar (USD)")
    VND = "VND", _("Vietnamese dong (VND)")


#: Exchange rates are stored as "how many CNY for one unit of the currency".
BASE_CURRENCY = Currency.CNY


class DataSource(models.TextChoices):
    MANUAL = "manual", _("Entered on Sanxin")
    GEM = "gem", _("Global Energy Monitor")
    GPPD = "gppd", _("WRI Global Power Plant Database")


class ConsortiumRoleType(models.TextChoices):
    INVESTOR = "investor", _("Investor")
    DEVELOPER = "developer", _("Developer")
    EPC = "epc", _("EPC contractor")
    EQUIPMENT = "equipment_supplier", _("Equipment supplier")
    FINANCIER = "financier", _("Financier")
    OM = "om", _("O&M")
    OFFTAKER = "offtaker", _("Offtaker")
    LOCAL_PARTNER = "local_partner", _("Local partner")
    GOVERNMENT = "government_agency", _("Government agency")
    RECYCLER = "recycler", _("Recycler")


class ConsortiumStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    INVITED = "invited", pgettext_lazy("consortium status", "Invited")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")


#: Consortium statuses whose organization takes part (sees the project, counts for shares).
ENGAGED_STATUSES: tuple[str, ...] = (ConsortiumStatus.INVITED, ConsortiumStatus.CONFIRMED)


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", pgettext_lazy("milestone status", "Done")
    CANCELLED = "cancelled", pgettext_lazy("milestone status", "Cancelled")


#: A milestone in one of these statuses is still to be reached (and may be overdue).
OPEN_MILESTONE_STATUSES: tuple[str, ...] = (MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS)


class FundingKind(models.TextChoices):
    EQUITY = "equity", _("Equity")
    LOAN = "loan", _("Loan")
    GRANT = "grant", _("Grant / subsidy")
    BOND = "bond", _("Bond")
    OTHER = "other", pgettext_lazy("funding kind", "Other")


class FundingEntryKind(models.TextChoices):
    COMMITTED = "committed", _("Committed")
    ARRIVED = "arrived", _("Arrived")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("follow-up status", "Open")
    DONE = "done", pgettext_lazy("follow-up status", "Done")
    CANCELLED = "cancelled", pgettext_lazy("follow-up status", "Cancelled")


class DocumentAudience(models.TextChoices):
    PROJECT = "project", _("Everyone who can see the project")
    TEAM = "team", _("The project team only")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", pgettext_lazy("import status", "Finished")
    FAILED = "failed", pgettext_lazy("import status", "Failed")


#: An import in one of these statuses is still to finish (its page keeps polling).
ACTIVE_IMPORT_STATUSES: tuple[str, ...] = (ImportStatus.QUEUED, ImportStatus.RUNNING)
