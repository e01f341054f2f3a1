"""Persisted queries: Apollo's automatic persisted queries (APQ) and an allow-list mode.

A request names its operation by `extensions.persistedQuery = {version: 1, sha256Hash}` (the
SHA-256 of the query text, in hex), with or without the text. MAILLAGE_PERSISTED_QUERIES:
`off` runs only full texts; `apq` remembers texts by hash in a bounded LRU and serves later
hash-only requests; `allowlist` runs only the operations of MAILLAGE_ALLOWLIST_FILE (a JSON
object of hash → query), sent by hash or in full.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from pathlib import Path

from graphql import GraphQLError, GraphQLSyntaxError, parse
from strawberry.extensions import SchemaExtension

from errors import SettingsError
from settings import Settings

APQ_MAX_ENTRIES = 2000
APQ_MAX_CHARACTERS = 8_000_000
"""The APQ registry forgets its least recently used texts beyond either bound."""

_HASH = re.compile(r"^[0-9a-f]{64}$")


def sha256_hex(query: str) -> str:
    return hashlib.sha256(query.encode("utf-8")).hexdigest()


class PersistedQueryError(Exception):
    """A persisted-query request that cannot run; Apollo clients read `message` and `code`."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code

    def as_graphql(self) -> GraphQLError:
        return GraphQLError(str(self), extensions={"code": self.code})


def not_found() -> PersistedQueryError:
    return PersistedQueryError("PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND")


class PersistedQueries:
    """Turns a request's (query, extensions) into the text to run, or refuses it."""

    def __init__(self, mode: str, allowlist: Mapping[str, str] | None = None) -> None:
        self.mode = mode
        self.allowlist = dict(allowlist or {})
        self._cache: OrderedDict[str, str] = OrderedDict()
        self._characters = 0

    @classmethod
    def from_settings(cls, settings: Settings) -> PersistedQueries:
        allowlist = load_allowlist(settings.allowlist_file) if settings.allowlist_file else {}
        return cls(settings.persisted_queries, allowlist)

    def resolve(self, query: str | None, extensions: Mapping[str, object] | None) -> str | None:
        persisted = (extensions or {}).get("persistedQuery")
        if persisted is None:
            if self.mode == "allowlist" and query is not None:
                self._require_listed(sha256_hex(query))
            return query
        digest = _digest(persisted)
        if query is not None:
            if sha256_hex(query) != digest:
                raise PersistedQueryError("provided sha does not match query", "BAD_REQUEST")
            if self.mode == "allowlist":
                self._require_listed(digest)
            elif self.mode == "apq":
                self._remember(digest, query)
            return query
        if self.mode == "off":
            raise PersistedQueryError("PersistedQueryNotSupported", "PERSISTED_QUERY_NOT_SUPPORTED")
        known = self.allowlist.get(digest)
        if known is None and self.mode == "apq":
            known = self._cache.get(digest)
            if known is not None:
                self._cache.move_to_end(digest)
        if known is None:
            raise not_found()
        return known

    def _require_listed(self, digest: str) -> None:
        if digest not in self.allowlist:
            raise PersistedQueryError(
                "This server runs only the operations of its allow-list; this one is not listed.",
                "OPERATION_NOT_ALLOWED",
            )

    def _remember(self, digest: str, query: str) -> None:
        if digest in self._cache:
            self._cache.move_to_end(digest)
            return
        self._cache[digest] = query
        self._characters += len(query)
        while len(self._cache) > APQ_MAX_ENTRIES or self._characters > APQ_MAX_CHARACTERS:
            _, dropped = self._cache.popitem(last=False)
            self._characters -= len(dropped)


class PersistedQueryGate(SchemaExtension):
    """Resolves the operation's text before parsing; a refusal is the operation's only error."""

    def __init__(self, registry: PersistedQueries) -> None:
        self.registry = registry

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        try:
            context.query = self.registry.resolve(context.query, context.operation_extensions)
        except PersistedQueryError as exc:
            raise exc.as_graphql() from None
        yield


def _digest(persisted: object) -> str:
    if not isinstance(persisted, Mapping) or persisted.get("version") != 1:
        raise PersistedQueryError("Unsupported persistedQuery version (use 1).", "BAD_REQUEST")
    digest = persisted.get("sha256Hash")
    if not isinstance(digest, str) or not _HASH.match(digest.lower()):
        raise PersistedQueryError(
            "persistedQuery.sha256Hash must be 64 hexadecimal characters.", "BAD_REQUEST"
        )
    return digest.lower()


def load_allowlist(path: Path) -> dict[str, str]:
    """The allow-list file, checked: each key the SHA-256 of its query, each query parseable."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SettingsError(f"MAILLAGE_ALLOWLIST_FILE {path}: not readable JSON ({exc})") from None
    if not isinstance(raw, dict):
        raise SettingsError(f"MAILLAGE_ALLOWLIST_FILE {path}: must be a JSON object hash → query")
    problems: list[str] = []
    for digest, query in raw.items():
        if not isinstance(query, str) or sha256_hex(query) != digest.lower():
            problems.append(f"{digest[:16]}…: the key is not the SHA-256 of its query")
            continue
        try:
            parse(query)
        except GraphQLSyntaxError as exc:
            problems.append(f"{digest[:16]}…: {exc.message}")
    if problems:
        raise SettingsError(f"MAILLAGE_ALLOWLIST_FILE {path}: " + "; ".join(problems))
    return {digest.lower(): query for digest, query in raw.items()}


def add_to_allowlist(allowlist: Path, document: Path) -> str:
    """Add the exact text of `document` to the allow-list file; its hash is returned."""
    query = document.read_text(encoding="utf-8")
    try:
        parse(query)
    except GraphQLSyntaxError as exc:
        raise SettingsError(f"{document}: not a GraphQL document: {exc.message}") from None
    entries = load_allowlist(allowlist) if allowlist.exists() else {}
    digest = sha256_hex(query)
    entries[digest] = query
    text = json.dumps(entries, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    allowlist.write_text(text, encoding="utf-8")
    return digest
