"""The errors of Maillage, one tree; only `ClientError`s reach API clients unmasked.

MaillageError
├── SettingsError            bad environment value (start-up refuses to run)
├── ServerError              the local Neo4j cannot be provisioned, started or stopped
├── SeedError                seed files are invalid (every problem, with file and record)
├── DatasetMixError          the seed and the synthetic data would share a database
├── ImportFileError          an import file has bad rows (every one, with its line)
└── ClientError              expected failure, shown to the client with a stable code
    ├── DatabaseUnavailable  Neo4j unreachable (code DATABASE_UNAVAILABLE)
    ├── UnauthenticatedError no valid credential where one is needed (UNAUTHENTICATED)
    ├── ForbiddenError       the caller's role may not do this (code FORBIDDEN)
    ├── ValidationError      bad argument (code VALIDATION, with the field path(s))
    ├── BadCursorError       malformed or foreign cursor (code BAD_CURSOR)
    ├── LimitExceededError   over a size/depth/hop limit (code LIMIT_EXCEEDED)
    ├── NotFoundError        no such entity (code NOT_FOUND)
    ├── ConflictError        the key exists already (code CONFLICT)
    └── QueryTimeoutError    the database query ran past its timeout (code TIMEOUT)

A write that failed with DATABASE_UNAVAILABLE or TIMEOUT after its statement may have reached
Neo4j carries `extensions.writeOutcome = "UNKNOWN"`: its idempotency key makes a retry safe.
"""

from __future__ import annotations

from collections.abc import Sequence

FieldProblem = tuple[str, str]
"""(path of the field, e.g. `input.parties.0.actor`, what is wrong with it)."""


class MaillageError(Exception):
    """Root of every error Maillage raises on purpose."""


class SettingsError(MaillageError):
    """An environment variable holds a value Maillage cannot use."""


class ServerError(MaillageError):
    """The local Neo4j server could not be provisioned, started or stopped."""


class SeedError(MaillageError):
    """Seed files failed validation; `problems` lists every one."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in seed data:\n" + "\n".join(problems))


class DatasetMixError(MaillageError):
    """A load would put the seed and the synthetic data set in the same database."""


class ImportFileError(MaillageError):
    """An import file failed validation; `problems` lists every bad row."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the file:\n" + "\n".join(problems))


class ClientError(MaillageError):
    """A failure caused by the request; its message and code are safe to show."""

    code = "BAD_REQUEST"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        problems: Sequence[FieldProblem] = (),
        write_outcome: str | None = None,
    ) -> None:
        super().__init__(message)
        self.field = field
        self.problems = tuple(problems)
        self.write_outcome = write_outcome

    def extensions(self) -> dict[str, object]:
        ext: dict[str, object] = {"code": self.code}
        if self.field is not None:
            ext["field"] = self.field
        if self.problems:
            ext["fields"] = [{"path": path, "message": text} for path, text in self.problems]
        if self.write_outcome is not None:
            ext["writeOutcome"] = self.write_outcome
        return ext


class DatabaseUnavailable(ClientError):
    code = "DATABASE_UNAVAILABLE"


class UnauthenticatedError(ClientError):
    code = "UNAUTHENTICATED"


class ForbiddenError(ClientError):
    code = "FORBIDDEN"


class ValidationError(ClientError):
    code = "VALIDATION"


class BadCursorError(ClientError):
    code = "BAD_CURSOR"


class LimitExceededError(ClientError):
    code = "LIMIT_EXCEEDED"


class NotFoundError(ClientError):
    code = "NOT_FOUND"


class ConflictError(ClientError):
    code = "CONFLICT"


class QueryTimeoutError(ClientError):
    code = "TIMEOUT"
