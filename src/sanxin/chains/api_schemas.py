"""Schemas of the chains API (they only parse; the domain validates)."""

from __future__ import annotations

from ninja import Field, Schema

from sanxin.projects.enums import ProjectType


class ChainRegionQuery(Schema):
    country: str = Field("", max_length=2, description="ISO country code, e.g. CN or VN")
    province: str = Field("", max_length=20, description="province code, e.g. CN-SC")


class TemplateOut(Schema):
    slug: str
    name: str
    name_en: str
    name_zh: str
    name_vi: str
    description: str
    own_copy: bool = Field(description="true: the alliance's own edited copy of the template")
    project_types: list[str]


class NodeOut(Schema):
    key: str
    stage: int
    position: int
    name: str
    name_en: str
    name_zh: str
    name_vi: str
    capabilities: list[str]
    project_types: list[str]


class TemplateDetail(TemplateOut):
    nodes: list[NodeOut]


class ChainOrgRef(Schema):
    slug: str
    name: str
    country: str
    province: str | None = None


class NodeCoverageOut(Schema):
    key: str
    name: str
    stage: int
    status: str = Field(description="covered | thin | gap")
    organization_count: int
    project_count: int
    leaders: list[ChainOrgRef]


class CoverageOut(Schema):
    slug: str
    name: str
    country: str
    province: str | None
    thin_below: int = Field(description="a node with fewer member organizations is thin")
    nodes: list[NodeCoverageOut]


class CandidateOut(ChainOrgRef):
    overlap: int = Field(description="how many of the node's capabilities it has")
    region_match: str = Field(description='"province", "country" or "" (elsewhere)')


class ChainProjectRef(Schema):
    id: int
    title: str
    project_type: str
    stage: str


class NodeDetailOut(NodeCoverageOut):
    """A node; ``projects`` lists the first 100 of its ``project_count`` projects."""

    organizations: list[ChainOrgRef]
    invite_candidates: list[CandidateOut]
    projects: list[ChainProjectRef]


class NodeIn(Schema):
    name_en: str | None = Field(None, max_length=200)
    name_zh: str | None = Field(None, max_length=200)
    name_vi: str | None = Field(None, max_length=200)
    stage: int | None = Field(None, ge=1, le=100)
    position: int | None = Field(None, ge=0, le=1000)
    capabilities: list[str] | None = Field(None, description="capability codes")
    project_types: list[str] | None = Field(
        None, description=f"project types: {', '.join(ProjectType.values)}"
    )


class TemplateIn(Schema):
    name_en: str | None = Field(None, max_length=200)
    name_zh: str | None = Field(None, max_length=200)
    name_vi: str | None = Field(None, max_length=200)
    description_en: str | None = None
    description_zh: str | None = None
    description_vi: str | None = None
    project_types: list[str] | None = None


class LeaderIn(Schema):
    organization: str = Field(max_length=80, description="the organization's short code")
