"""Document the API's error answers and its anonymous reads in the OpenAPI schema.

Every error of the API has the same JSON body (``config.api._error``): a ``code``, a translated
``message`` and, for 422, ``errors`` by field. The handlers are global, so the operations do not
declare them one by one; this adds them to the schema where they can happen, so clients (and
schemathesis in the tests) know every status an operation may answer.
"""

from __future__ import annotations

from typing import Any

ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "properties": {
        "code": {"type": "string", "description": "Stable machine-readable code."},
        "message": {"type": "string", "description": "What went wrong, in the user's language."},
        "errors": {
            "type": "object",
            "description": "For 422: messages by field (``__all__`` for the whole request).",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["code", "message"],
}

#: status → (description, when: "always", "names" (a parameter or body), "update", "input")
ERRORS: dict[str, tuple[str, str]] = {
    "400": ("The request body is not valid JSON.", "input"),
    "401": ("Not signed in, or the API token is wrong, expired or revoked.", "always"),
    "403": ("Signed in, but not allowed to do this (or the CSRF token is missing).", "always"),
    "404": ("No such object, or the caller may not see it.", "names"),
    "409": ("Someone saved after the version sent; ``changes`` says who changed what.", "update"),
    "422": ("The input is not valid; ``errors`` says what to fix, field by field.", "input"),
}
METHODS = ("get", "post", "put", "patch", "delete")


def _applies(when: str, method: str, operation: dict[str, Any]) -> bool:
    params = operation.get("parameters", [])
    if when == "always":
        return True
    if when == "names":  # a parameter or the body may name an object (`?alliance=slug`)
        return any(p.get("in") in ("path", "query") for p in params) or "requestBody" in operation
    if when == "update":
        return method in ("patch", "put")
    # Input errors: query parameters or a body to validate.
    return bool(params) or "requestBody" in operation or method != "get"


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error responses (and the ``Error`` component) to an OpenAPI schema in place."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for item in schema.get("paths", {}).values():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            if method == "get" and operation.get("security") and {} not in operation["security"]:
                # Reading is open to anonymous visitors (they see public rows only): the
                # OpenAPI way to say a security requirement is optional is an empty one.
                operation["security"].append({})
            responses = operation.setdefault("responses", {})
            declared = {str(code) for code in responses}  # ninja keys them as numbers
            for status, (description, when) in ERRORS.items():
                if str(status) not in declared and _applies(when, method, operation):
                    responses[status] = {"description": description, "content": content}
    return schema
