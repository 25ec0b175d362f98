"""REST endpoints of the member directory (filled in by the API work)."""

from ninja import Router

router = Router(tags=["directory"])
