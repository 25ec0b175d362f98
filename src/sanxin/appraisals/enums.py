"""Choices of the appraisal form and which technologies each project type is appraised as."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanxin.projects.enums import ProjectType


class Technology(models.TextChoices):
    """The engine's technologies (``sanxin.engines.appraisal.inputs.TECHNOLOGIES``)."""

    WIND = "wind", _("Wind power")
    PV = "pv", _("Solar PV")
    HYDRO = "hydro", _("Hydropower")
    STORAGE = "storage", _("Energy storage")
    BIOMASS = "biomass", _("Biomass power")
    GEOTHERMAL = "geothermal", _("Geothermal power")
    OTHER = "other", pgettext_lazy("technology", "Other power generation")


class LoanType(models.TextChoices):
    ANNUITY = "annuity", _("Equal instalments (annuity)")
    EQUAL_PRINCIPAL = "equal_principal", _("Equal principal")


class DepreciationConvention(models.TextChoices):
    FULL_YEAR = "full_year", _("Full year")
    HALF_YEAR = "half_year", _("Half year")


class TaxLosses(models.TextChoices):
    FLOOR = "floor", _("Lost (no negative tax)")
    BENEFIT = "benefit", _("Tax benefit (offset against other income)")
    CARRY_FORWARD = "carry_forward", _("Carried forward")


class TaxHoliday(models.TextChoices):
    NONE = "", pgettext_lazy("tax holiday", "None")
    THREE_THREE = "3+3", _("3 years exempt, then 3 years at half rate")


#: The engine technologies a project of each type may be appraised as (the first is the
#: default). Types missing here (manufacturing, recycling, grid, charging, hydrogen, fossil
#: and nuclear plants) are outside what the appraisal engine covers.
TECHNOLOGIES_FOR_TYPE: dict[str, tuple[str, ...]] = {
    ProjectType.WIND: (Technology.WIND,),
    ProjectType.PV: (Technology.PV,),
    ProjectType.HYDRO: (Technology.HYDRO,),
    ProjectType.PUMPED_STORAGE: (Technology.STORAGE,),
    ProjectType.BATTERY_STORAGE: (Technology.STORAGE,),
    ProjectType.RENEWABLE_STORAGE: (Technology.PV, Technology.WIND, Technology.STORAGE),
    ProjectType.BIOENERGY: (Technology.BIOMASS,),
    ProjectType.GEOTHERMAL: (Technology.GEOTHERMAL,),
    ProjectType.OTHER: (Technology.OTHER,),
}

#: Countries the assumptions library has defaults for.
LIBRARY_COUNTRIES: tuple[str, ...] = ("CN", "VN")
