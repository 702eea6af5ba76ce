"""OpenAPI schema additions shared by every endpoint."""

from __future__ import annotations

from typing import Any

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}

# Every endpoint may answer these; documenting them keeps clients and fuzzers honest.
COMMON_RESPONSES = {
    "400": "The request is not valid; the body says which field and why.",
    "401": "No valid credentials were sent.",
    "403": "Signed in, but this kind of action is not among your role's permissions.",
    "404": "Not found, or not yours to see: the two look the same on purpose.",
}


def add_common_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for status, description in COMMON_RESPONSES.items():
                operation["responses"].setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                )
    return result
