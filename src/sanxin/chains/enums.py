"""States of the chain coverage."""

from django.db import models
from django.utils.translation import pgettext_lazy


class CoverageStatus(models.TextChoices):
    COVERED = "covered", pgettext_lazy("chain coverage", "Covered")
    THIN = "thin", pgettext_lazy("chain coverage", "Thin")
    GAP = "gap", pgettext_lazy("chain coverage", "Gap")


#: A node with at least one organization but fewer than this many is "thin" (see docs/chains.md).
THIN_BELOW = 2

#: How many organizations to recommend inviting for one gap or thin node.
INVITE_LIMIT = 10
