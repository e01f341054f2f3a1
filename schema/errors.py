"""How errors leave the API: client errors keep a stable code, everything else is masked."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator

from graphql.error import GraphQLError
from strawberry.extensions import SchemaExtension

from errors import ClientError

log = logging.getLogger("maillage.errors")


def expected(error: GraphQLError) -> bool:
    """A client's error (the document, its values, a refusal), not an incident."""
    original = error.original_error
    return (
        original is None
        or isinstance(original, ClientError)
        or (isinstance(original, GraphQLError) and original.original_error is None)
    )


def log_client_errors(errors: list[GraphQLError]) -> None:
    """One INFO line per client error; unexpected errors are logged by `present`, once, with
    the reference the client is given."""
    for error in errors:
        if not expected(error):
            continue
        original = error.original_error
        if isinstance(original, ClientError):
            code = original.code
        elif original is not None:
            code = "BAD_REQUEST"
        else:
            code = str((error.extensions or {}).get("code") or "GRAPHQL_VALIDATION")
        log.info("client error %s: %s", code, error.message)


def present(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if original is None:
        # Parse and validation errors: about the document, safe to show.
        extensions = {"code": "GRAPHQL_VALIDATION", **(error.extensions or {})}
        return _copy(error, error.message, extensions)
    if isinstance(original, ClientError):
        return _copy(error, str(original), original.extensions())
    if isinstance(original, GraphQLError) and original.original_error is None:
        return _copy(error, error.message, {"code": "BAD_REQUEST"})
    reference = uuid.uuid4().hex[:12]
    log.error("unexpected error ref=%s path=%s", reference, error.path, exc_info=original)
    return _copy(
        error,
        f"Unexpected error (reference {reference}).",
        {"code": "INTERNAL", "reference": reference},
    )


def _copy(error: GraphQLError, message: str, extensions: dict[str, object]) -> GraphQLError:
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions=extensions,
    )


class ErrorPolicy(SchemaExtension):
    """Applies `present` to every error of the operation's result."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if result is not None and errors:
            result.errors = [present(error) for error in errors]
