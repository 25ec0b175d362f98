from sanxin.projects.models.consortium import ConsortiumRole
from sanxin.projects.models.documents import Document
from sanxin.projects.models.followups import FollowUp
from sanxin.projects.models.funding import ExchangeRate, FundingEntry, FundingSource
from sanxin.projects.models.imports import ImportRun, OwnerAlias, SourceRecord
from sanxin.projects.models.milestones import Milestone
from sanxin.projects.models.phases import Phase
from sanxin.projects.models.project import Project, ProjectStageChange
from sanxin.projects.models.watchers import Notification, Watcher

__all__ = [
    "ConsortiumRole",
    "Document",
    "ExchangeRate",
    "FollowUp",
    "FundingEntry",
    "FundingSource",
    "ImportRun",
    "Milestone",
    "Notification",
    "OwnerAlias",
    "Phase",
    "Project",
    "ProjectStageChange",
    "SourceRecord",
    "Watcher",
]
