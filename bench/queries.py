"""The query mix of `make bench`: each query as Maillage asks it and as the peer asks it.

The peer (bench/peer/server.js) has type definitions for these reads only; a query reads the
same items and fields on both sides (the peer names fields after the graph's properties).
Differences are listed in docs/benchmarks.md.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncDriver

from graph.network import SCAN_ROWS, SUBGRAPH_HEADS, Scope
from graph.search import any_terms, terms

Q1_MAILLAGE = """query Q1($key: String!) { actor(key: $key) { key name kind city { name }
  partners(first: 10) { strength actor { key name kind } } } }"""
Q1_PEER = """query Q1($key: String!) { actors(where: {key: {eq: $key}}) { key nameFr kind
  city { nameFr } partners(first: 10) { strength actor { key nameFr kind } } } }"""

Q2_MAILLAGE = """query Q2 { actors(first: 50, orderBy: [{field: KEY}]) { nodes { key name kind
  agreements(first: 10) { nodes { key title signedOn
    parties { role actor { key name kind } } } } } } }"""
Q2_PEER = """query Q2 { actors(limit: 50, sort: [{key: ASC}]) { key nameFr kind
  agreements(limit: 10, sort: [{key: ASC}]) { key titleFr signedOn
    partiesConnection(sort: [{node: {sortName: ASC}}]) {
      edges { properties { role } node { key nameFr kind } } } } } }"""

Q3_MAILLAGE = """query Q3($kind: ActorKind!, $since: Date!) { actors(first: 20,
  where: {kind: {equals: $kind}, agreements: {some: {signedOn: {gte: $since}}}},
  orderBy: [{field: NAME}]) { nodes { key name kind founded } } }"""
Q3_PEER = """query Q3($kind: String!, $since: Date!) { actors(limit: 20,
  where: {kind: {eq: $kind}, agreements: {some: {signedOn: {gte: $since}}}},
  sort: [{sortName: ASC}, {key: ASC}]) { key nameFr kind foundedYear } }"""

Q4_MAILLAGE = """query Q4($text: String!) { search(text: $text, kinds: [ACTOR], first: 10) {
  score node { ... on Actor { key name kind } } } }"""
Q4_PEER = """query Q4($query: String!) { searchActors(query: $query, first: 10) {
  key nameFr kind } }"""

Q5_MAILLAGE = """query Q5($key: String!) { neighbourhood(key: $key, depth: 2, limit: 100) {
  nodes { key name kind depth } } }"""
Q5_PEER = """query Q5($key: String!) { neighbourhood(key: $key, limit: 100) {
  key nameFr kind } }"""


def _literal(value: Any) -> str:
    """A trusted constant as Cypher text (bench constants only, never client input)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, str) and value.replace("_", "").isalnum():
        return f"'{value}'"
    raise ValueError(f"no literal for {value!r}")


def peer_neighbourhood() -> str:
    """Maillage's depth-2 walk, as the peer's `@cypher` statement: the same levels, ranking and
    link kinds, so both sides answer Q5 with the same actors in the same order. Only `$key` and
    `$limit` (the field's arguments) stay parameters; the scope's defaults are written in."""
    constants = {**Scope().params(), "scanRows": SCAN_ROWS}
    statement = SUBGRAPH_HEADS[2]
    for name in sorted(constants, key=len, reverse=True):
        statement = re.sub(rf"\${name}\b", _literal(constants[name]), statement)
    return (
        statement + "UNWIND range(0, size(levels) - 1) AS depth UNWIND levels[depth] AS a RETURN a"
    )


def answer(query: str, data: dict[str, Any]) -> list[str] | None:
    """What both sides must agree on, for the queries whose answer is fully determined: the
    actors' keys in order. None for the others (ties in scores and strengths)."""
    if query == "Q5":
        nodes = data["neighbourhood"]
        return [n["key"] for n in (nodes["nodes"] if isinstance(nodes, dict) else nodes)]
    if query == "Q3":
        actors = data["actors"]
        return [a["key"] for a in (actors["nodes"] if isinstance(actors, dict) else actors)]
    return None


DESCRIPTIONS = {
    "Q1": "actor by key, one hop of partners",
    "Q2": "50 actors > agreements > parties",
    "Q3": "filter on a relation, sorted",
    "Q4": "full-text search",
    "Q5": "depth-2 neighbourhood",
}
KINDS = ["COMPANY", "ENGINEERING_FIRM", "TECHNICAL_CENTRE", "FEDERATION", "TRAINING_INSTITUTE"]
SINCE = ["2010-01-01", "2015-01-01", "2020-01-01", "2023-01-01"]


@dataclass(frozen=True)
class Request:
    """One request of a query: the same read, as a POST body for each side."""

    maillage: bytes
    peer: bytes


def _body(query: str, variables: dict[str, Any]) -> bytes:
    return json.dumps({"query": query, "variables": variables}).encode()


async def sample(driver: AsyncDriver, database: str, size: int, seed: int) -> dict[str, list[Any]]:
    """Actors with agreements, and words of their names, picked with a fixed seed."""
    records, _, _ = await driver.execute_query(
        "MATCH (a:Actor) WHERE COUNT { (a)-[:PARTY_TO]->() } > 0 "
        "RETURN a.key AS key, a.nameFr AS name ORDER BY a.key",
        database_=database,
    )
    rows = [(record["key"], record["name"]) for record in records]
    if len(rows) < size:
        raise SystemExit(f"the graph holds {len(rows)} actors with agreements; need {size}")
    rng = random.Random(seed)  # noqa: S311 (a reproducible sample, not a secret)
    chosen = rng.sample(rows, size)
    words = [max(name.split(), key=len) for _, name in chosen]
    return {"keys": [key for key, _ in chosen], "words": [w for w in words if len(w) >= 4]}


def requests(picked: dict[str, list[Any]]) -> dict[str, list[Request]]:
    """Each query's requests, cycled through by the load generator."""
    keys, words = picked["keys"], picked["words"]
    mix: dict[str, list[Request]] = {
        "Q1": [Request(_body(Q1_MAILLAGE, {"key": k}), _body(Q1_PEER, {"key": k})) for k in keys],
        "Q2": [Request(_body(Q2_MAILLAGE, {}), _body(Q2_PEER, {}))],
        "Q3": [
            Request(
                _body(Q3_MAILLAGE, {"kind": kind, "since": since}),
                _body(Q3_PEER, {"kind": kind.lower(), "since": since}),
            )
            for kind in KINDS
            for since in SINCE
        ],
        "Q4": [
            Request(
                _body(Q4_MAILLAGE, {"text": word}),
                _body(Q4_PEER, {"query": any_terms(word, terms(word), "actor")}),
            )
            for word in words
        ],
        "Q5": [
            Request(_body(Q5_MAILLAGE, {"key": k}), _body(Q5_PEER, {"key": k})) for k in keys[:16]
        ],
    }
    return mix
