from sanxin.insights.models.reports import Report
from sanxin.insights.models.targets import CarbonTarget

__all__ = ["CarbonTarget", "Report"]
