"""How records that came from an open data set are credited (CC BY 4.0).

Imported projects and organizations keep the citation of the data set they came from; every page,
list, export and API answer that shows them credits it with the licence. The citations
themselves (GEM trackers, WRI GPPD) are in ``sanxin.projects.data.sources``.
"""

from __future__ import annotations

LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def credit_line(citation: str) -> str | None:
    """The one-line credit for a citation ("…. CC BY 4.0 (url)"), None when there is none."""
    citation = citation.strip().rstrip(".")
    return f"{citation}. {LICENCE_NAME} ({LICENCE_URL})" if citation else None
