"""Input and output schemas of the matching API."""

from __future__ import annotations

from ninja import Field, Schema


class ReasonOut(Schema):
    code: str
    text: str = Field(description="The reason in the request's language")
    query: str = Field("", description="For a passage: the sentence of the query")
    candidate: str = Field("", description="For a passage: the candidate's sentence")


class SuggestionOut(Schema):
    key: str = Field(description="The record as the matcher names it: the feedback target")
    id: int = Field(description="The recommended organization, project, offer or registration")
    name: str
    score: float = Field(description="Fit in [0, 1], calibrated per query")
    role: str = ""
    reasons: list[ReasonOut]
    feedback: bool | None = Field(None, description="Your own answer, if you gave one")


class RoleOut(Schema):
    key: str
    role: str
    suggestions: list[SuggestionOut]


class AssignmentOut(Schema):
    role: str
    role_key: str
    organization: int | None
    name: str
    score: float
    confirmed: bool
    reasons: list[ReasonOut]


class AlternativeOut(Schema):
    rank: int
    total: float
    assignments: list[AssignmentOut]


class ConsortiumProposalsOut(Schema):
    status: str
    open_roles: list[str]
    problems: list[str]
    alternatives: list[AlternativeOut]


class InvitationsOut(Schema):
    alliance: str
    missing: list[str]
    suggestions: list[SuggestionOut]


class FeedbackIn(Schema):
    subject: str = Field(max_length=40, description="p<project id> or o<organization id>")
    target: str = Field(max_length=60, description="The suggestion's key")
    interested: bool


class FeedbackOut(Schema):
    subject: str
    target: str
    interested: bool


class AssignmentIn(Schema):
    role: str
    organization: int


class ConsortiumInviteIn(Schema):
    assignments: list[AssignmentIn]


class InvitedOut(Schema):
    id: int
    role: str
    organization: int
    status: str
