"""The known lane answers an operation seen before exactly as Strawberry's view would.

Three apps on the seed graph: the fast path with its lane, the fast path without it, and normal
execution (MAILLAGE_FAST_PATH=false). Every request goes to all three: the first two must answer
the same bytes, status and headers (the request id aside), and normal execution the same JSON
(its encoder escapes non-ASCII text, so its bytes differ). Requests the lane must leave to the
view (a first sight, refusals of every kind) are checked to be left.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from app import create_app
from graph.plans import PLANS
from lane import KnownLane
from settings import Settings
from tests.test_fastpath import _comparable, _view

pytestmark = pytest.mark.usefixtures("seeded")

ACTOR = "query A($key: String!) { actor(key: $key) { key name kind } }"
LIST = """query L($kind: ActorKind!, $since: Date!, $n: Int) { actors(first: $n,
  where: {kind: {equals: $kind}, agreements: {some: {signedOn: {gte: $since}}}},
  orderBy: [{field: NAME}]) { totalCount pageInfo { hasNextPage } nodes { key name kind } } }"""
NESTED = """{ t: __typename agreement(key: "framework-2025-10-16") { title(lang: EN) signedOn
  parties { role actor { name kind __typename } } } __typename }"""
FRAGMENT = """query F($key: String!) { theme(key: $key) { ...T } }
fragment T on Theme { key labels { fr en } }"""


@dataclass
class Pair:
    lane: httpx.AsyncClient
    view: httpx.AsyncClient
    normal: httpx.AsyncClient
    known: KnownLane


@pytest.fixture
async def pair(settings: Settings) -> AsyncIterator[Pair]:
    roomy = replace(settings, rate_limit=0, debug_cypher=False, max_cost=300)
    apps = [create_app(replace(roomy, fast_path=fast)) for fast in (True, True, False)]
    _view(apps[1]).lane = None
    async with contextlib.AsyncExitStack() as stack:
        clients = []
        for app in apps:
            started = await stack.enter_async_context(LifespanManager(app))
            transport = httpx.ASGITransport(app=started.app)
            client = httpx.AsyncClient(transport=transport, base_url="http://m")
            clients.append(await stack.enter_async_context(client))
        known = _view(apps[0]).lane
        assert known is not None
        yield Pair(clients[0], clients[1], clients[2], known)


def _exact(response: httpx.Response) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    headers = [(k, v) for k, v in response.headers.raw if k.lower() != b"x-request-id"]
    return response.status_code, headers, response.content


async def both(
    pair: Pair,
    query: str | None,
    variables: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    extensions: dict[str, Any] | None = None,
    get: bool = False,
) -> tuple[httpx.Response, bool]:
    """The lane app's response, checked to be the view app's byte for byte, and whether the
    lane answered it."""
    payload: dict[str, Any] = {"query": query, "variables": variables}
    if extensions is not None:
        payload["extensions"] = extensions
    before = pair.known.answered
    responses = []
    for client in (pair.lane, pair.view, pair.normal):
        if get:
            params = {"query": query or "", "variables": json.dumps(variables or {})}
            responses.append(await client.get("/graphql", params=params, headers=headers))
        else:
            responses.append(await client.post("/graphql", json=payload, headers=headers))
    assert _exact(responses[0]) == _exact(responses[1]), query
    assert _comparable(responses[0]) == _comparable(responses[2]), query
    # A new selection's JSON-text statement is planned in the background after its first
    # answer (graph/plans.py); the lane answers a known operation once that has run.
    await PLANS.settled()
    return responses[0], pair.known.answered > before


READS: list[tuple[str, dict[str, Any]]] = [
    ("{ __typename }", {}),
    (ACTOR, {"key": "ctpc"}),
    (ACTOR, {"key": "no-such-actor"}),
    (ACTOR, {"key": "cid"}),
    (LIST, {"kind": "COMPANY", "since": "2015-01-01", "n": 20}),
    (LIST, {"kind": "TECHNICAL_CENTRE", "since": "2010-01-01", "n": 2}),
    (LIST, {"kind": "COMPANY", "since": "2030-01-01", "n": None}),
    (NESTED, {}),
    (FRAGMENT, {"key": "decarbonisation"}),
]


@pytest.mark.parametrize(("query", "variables"), READS)
async def test_known_reads_are_answered_by_the_lane_as_by_the_view(
    pair: Pair, query: str, variables: dict[str, Any]
) -> None:
    first, answered = await both(pair, query, variables)
    assert not answered  # a first sight: Strawberry parses, validates and accepts it
    assert first.status_code == 200
    assert "errors" not in first.json()
    for accept in (None, "application/graphql-response+json", "application/json"):
        headers = {"accept": accept} if accept else None
        _, answered = await both(pair, query, variables, headers=headers)
        assert answered
    _, answered = await both(pair, query, variables, get=True)
    assert answered


async def test_persisted_hashes_are_answered_by_the_lane(pair: Pair) -> None:
    digest = hashlib.sha256(ACTOR.encode()).hexdigest()
    persisted = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    await both(pair, ACTOR, {"key": "ctpc"}, extensions=persisted)
    response, answered = await both(pair, None, {"key": "amica"}, extensions=persisted)
    assert answered
    assert response.json()["data"]["actor"]["key"] == "amica"
    wrong = {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}
    response, answered = await both(pair, None, {"key": "amica"}, extensions=wrong)
    assert not answered
    assert response.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


REFUSED: list[tuple[str, dict[str, Any], dict[str, str] | None, str]] = [
    (ACTOR, {"key": 7}, None, "BAD_REQUEST"),
    (ACTOR, {}, None, "BAD_REQUEST"),
    (LIST, {"kind": "NOT_A_KIND", "since": "2015-01-01"}, None, "BAD_REQUEST"),
    (LIST, {"kind": "COMPANY", "since": "2015-01-01", "n": 100}, None, "LIMIT_EXCEEDED"),
    (LIST, {"kind": "COMPANY", "since": "2015-01-01", "n": 1000}, None, "LIMIT_EXCEEDED"),
    (ACTOR, {"key": "ctpc"}, {"authorization": "Bearer nope"}, "UNAUTHENTICATED"),
    (ACTOR, {"key": "ctpc"}, {"x-maillage-bookmark": "%%%"}, "BAD_REQUEST"),
]


@pytest.mark.parametrize(("query", "variables", "headers", "code"), REFUSED)
async def test_refusals_of_a_known_document_are_left_to_the_view(
    pair: Pair, query: str, variables: dict[str, Any], headers: dict[str, str] | None, code: str
) -> None:
    good = {"key": "ctpc"} if query == ACTOR else {"kind": "COMPANY", "since": "2015-01-01"}
    await both(pair, query, good)
    _, answered = await both(pair, query, good)
    assert answered
    response, answered = await both(pair, query, variables, headers=headers)
    assert not answered
    codes = {error["extensions"]["code"] for error in response.json()["errors"]}
    assert code in codes, response.json()


async def test_what_the_lane_does_not_cover_goes_through_the_view(pair: Pair) -> None:
    """Mutations, global ids, cursors, directives, two reads, other operations of a document:
    remembered as not for the lane, and answered alike."""
    left = [
        ('{ actor(key: "ctpc") { id key } }', {}),
        ('{ actor(key: "ctpc") { key ... on Company { sectors { key } } } }', {}),
        ("{ actors(first: 2) { edges { cursor node { key } } } }", {}),
        ('query ($x: Boolean!) { actor(key: "ctpc") { key name @include(if: $x) } }', {"x": True}),
        ('{ actor(key: "ctpc") { key } theme(key: "training") { key } }', {}),
        ('{ search(text: "ctpc") { kind } }', {}),
        ('mutation { revokeApiKey(id: "nope") { __typename } }', {}),
    ]
    for query, variables in left:
        for _ in range(3):
            _, answered = await both(pair, query, variables)
            assert not answered, query


async def test_an_operation_chosen_by_name(pair: Pair) -> None:
    document = ACTOR + "\nquery B { __typename }"
    for name in ("A", "B", "A", "B"):
        payload = {"query": document, "variables": {"key": "mic"}, "operationName": name}
        responses = [await c.post("/graphql", json=payload) for c in (pair.lane, pair.view)]
        assert _exact(responses[0]) == _exact(responses[1])
    # The text was accepted whole at its first sight: only that request went to the view.
    assert pair.known.answered == 3
    missing = {"query": document, "variables": {"key": "mic"}}
    responses = [await c.post("/graphql", json=missing) for c in (pair.lane, pair.view)]
    assert _exact(responses[0]) == _exact(responses[1])
    assert pair.known.answered == 3  # no operation named in a document of two: the view's


async def test_the_cypher_trace_is_the_views(settings: Settings) -> None:
    traced = replace(settings, rate_limit=0, debug_cypher=True)
    lane_app = create_app(replace(traced, fast_path=True))
    view_app = create_app(replace(traced, fast_path=False))
    second = []
    async with LifespanManager(lane_app) as fast, LifespanManager(view_app) as normal:
        for app in (fast.app, normal.app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                for key in ("ctpc", "cid"):
                    payload = {"query": ACTOR, "variables": {"key": key}}
                    answer = await client.post("/graphql", json=payload)
                second.append(_comparable(answer))
    assert second[0] == second[1]
    assert second[0][1]["extensions"]["cypher"]["roundTrips"] == 1
    lane = _view(lane_app).lane
    assert lane is not None
    assert lane.answered == 1


async def test_get_requests_read_their_parameters_as_the_view(pair: Pair) -> None:
    query = '{ actor(key: "ctpc") { key name } }'
    await both(pair, query)
    before = pair.known.answered
    cases: list[dict[str, str]] = [
        {"query": query},
        {"query": query, "variables": ""},
        {"query": query, "extensions": ""},
        {"query": query, "variables": "{bad"},
        {"query": query, "variables": "[]"},
    ]
    for params in cases:
        responses = [await c.get("/graphql", params=params) for c in (pair.lane, pair.view)]
        assert _exact(responses[0]) == _exact(responses[1]), params
    assert pair.known.answered == before + 1  # only the plain one; the others are the view's


PAGE = "query P($after: String) { actors(first: 2, after: $after) { nodes { key } } }"


async def test_a_refusal_of_the_read_itself_is_answered_by_the_lane_as_by_the_view(
    pair: Pair,
) -> None:
    """A client error raised by the read (a cursor not issued here) is reported by the lane,
    with the view's message, code, path and locations, and no second statement."""
    await both(pair, PAGE, {"after": None})
    response, answered = await both(pair, PAGE, {"after": "not-a-cursor"})
    assert answered
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "BAD_CURSOR"
    assert body["errors"][0]["path"] == ["actors"]


PARTNERS = """query P($key: String!) { actor(key: $key) { key name
  partners(first: 2) { strength actor { key kind } } } }"""
PARTNERS_N = """query Q($key: String!, $n: Int) { actor(key: $key) { key
  partners(first: $n) { actor { key } } } }"""


async def test_a_known_operation_answers_each_request_for_its_own_variables(pair: Pair) -> None:
    """The lane keeps a read's sub-selection, and the statement of a read by key, when no
    variable appears below the root field; every request still gets its own answer."""
    asks: list[tuple[str, dict[str, Any]]] = [
        (PARTNERS, {"key": key}) for key in ("ctpc", "amica", "cid", "no-such-actor", "ctpc")
    ]
    asks += [(PARTNERS_N, {"key": "ctpc", "n": n}) for n in (1, 3, 1, None)]
    asks += [
        (LIST, {"kind": kind, "since": since, "n": n})
        for kind, since, n in (
            ("COMPANY", "2015-01-01", 3),
            ("TECHNICAL_CENTRE", "2010-01-01", 2),
            ("COMPANY", "2010-01-01", 5),
        )
    ]
    for query, variables in asks:
        await both(pair, query, variables)  # first sights, and their statements planned
    answers, answered = [], 0
    for query, variables in asks:
        response, lane = await both(pair, query, variables)
        answered += lane
        answers.append(response.json()["data"])
    assert answered == len(asks)
    assert [a["actor"] and a["actor"]["key"] for a in answers[:5]] == [
        "ctpc", "amica", "cid", None, "ctpc",
    ]  # fmt: skip
    lengths = [len(a["actor"]["partners"]) for a in answers[5:9]]
    assert lengths[:3] == [1, 3, 1]
    assert lengths[3] > 3
    assert len({str(a) for a in answers[9:]}) == 3
