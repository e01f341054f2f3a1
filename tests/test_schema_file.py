"""The committed schema.graphql is the schema the service serves."""

from __future__ import annotations

from pathlib import Path

from schema.lint import bare_sdl
from schema.root import schema_sdl

COMMITTED = Path(__file__).resolve().parent.parent / "schema.graphql"


def test_committed_schema_is_current() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == schema_sdl(), (
        "schema.graphql is stale: run `make schema` and commit it"
    )


def test_contract_names_exist() -> None:
    sdl = bare_sdl(schema_sdl())
    for name in (
        "node(id: ID!): Node",
        "nodes(ids: [ID!]!): [Node]!",
        "actor(key: String!): Actor",
        "agreement(key: String!): Agreement",
        "project(key: String!): Project",
        "theme(key: String!): Theme",
        "meta: Meta!",
        "interface Actor implements Node",
        "actors(where: ActorWhere = null, orderBy: [ActorOrder!] = null, first: Int = null",
    ):
        assert name in sdl, name
