"""`make eval`: the judged set through the GraphQL API on the seed graph, scored.

    .venv/bin/python -m bench.eval.run [--label after]

Uses the test instance (NEO4J_INSTANCE=test; the seed graph is loaded, which changes nothing
when it is there) and the reference day of the tests, so figures repeat. Prints NDCG@5 per
expertise question, success@1/3/5, MRR and NDCG@5 per search text, the means, for the set
and then for the held-out questions, and writes
bench/results/eval-<label>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

from app import create_app
from bench.eval import judged
from graph import expertise as graph_expertise
from graph import migrations
from graph.db import Db, open_driver
from seeds import loader
from settings import Settings

RESULTS = Path(__file__).parent.parent / "results"
REFERENCE_DAY = dt.date(2026, 6, 1)  # the tests' reference day: recency repeats
FIRST = 10

_NODE = (
    "node { ... on Actor { key } ... on Agreement { key } ... on Project { key } "
    "... on Theme { key } ... on Sector { key } }"
)
SEARCH = "query ($text: String!) { search(text: $text, first: FIRST) { kind NODE } }"
SEARCH = SEARCH.replace("FIRST", str(FIRST)).replace("NODE", _NODE)
EXPERTISE = """query ($theme: String!, $sector: String, $region: String, $kindNames: [String!]) {
  expertise(theme: $theme, sector: $sector, region: $region, kindNames: $kindNames, first: FIRST)
  { actor { key } } }""".replace("FIRST", str(FIRST))
EXPERTISE_BEFORE = """query ($theme: String!, $sector: String, $region: String) {
  expertise(theme: $theme, sector: $sector, region: $region, first: FIRST) { actor { key } }
}""".replace("FIRST", str(FIRST))
ASK = "query ($q: String!) { ask(question: $q, first: FIRST) { hits { actor { key } } } }"
ASK = ASK.replace("FIRST", str(FIRST))


def eval_settings() -> Settings:
    settings = Settings.from_env()
    if settings.provisioned and "NEO4J_INSTANCE" not in os.environ:
        settings = settings.with_instance("test")
    return settings


async def _post(client: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> Any:
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    return response.json()


def _unknown_field(body: Any) -> bool:
    return any(
        "Cannot query field" in e.get("message", "") or "Unknown argument" in e.get("message", "")
        for e in body.get("errors") or ()
    )


async def ask(client: httpx.AsyncClient, q: judged.Question) -> tuple[list[str], str | None]:
    """The ranked keys the API answers `q` with, and its error message if any."""
    args = q.arguments
    if q.field == "search":
        body = await _post(client, SEARCH, {"text": args["text"]})
        rows = (body.get("data") or {}).get("search") or []
        ranked = [f"{row['kind'].lower()}:{row['node']['key']}" for row in rows]
    elif "question" in args:
        body = await _post(client, ASK, {"q": args["question"]})
        if _unknown_field(body):  # before `ask`: the sentence typed as a theme
            body = await _post(client, EXPERTISE_BEFORE, {"theme": args["question"]})
            rows = (body.get("data") or {}).get("expertise") or []
        else:
            rows = ((body.get("data") or {}).get("ask") or {}).get("hits") or []
        ranked = [row["actor"]["key"] for row in rows]
    else:
        variables = {
            "theme": args["theme"],
            "sector": args.get("sector"),
            "region": args.get("region"),
            "kindNames": args.get("kinds"),
        }
        body = await _post(client, EXPERTISE, variables)
        if _unknown_field(body):  # before kinds by name: a kind typed in words finds nothing
            if variables.pop("kindNames"):
                return [], "kinds by name not understood"
            body = await _post(client, EXPERTISE_BEFORE, variables)
        rows = (body.get("data") or {}).get("expertise") or []
        ranked = [row["actor"]["key"] for row in rows]
    errors = body.get("errors")
    if not errors:
        return ranked, None
    code = (errors[0].get("extensions") or {}).get("code")
    return ranked, f"{code}: {errors[0]['message']}" if code in PASSING else errors[0]["message"]


# Errors that say how busy the database was, not how good the answer is.
PASSING = frozenset({"TIMEOUT", "DATABASE_UNAVAILABLE"})


async def evaluate(
    client: httpx.AsyncClient, held_out: bool = False, second_chance: bool = False
) -> list[judged.Scored]:
    """Each question asked once and scored; with `second_chance`, a question answered by a
    timeout or an unavailable database is asked once more (a cold plan on a busy machine), so a
    quality figure does not measure the machine's load."""
    out = []
    for q in judged.questions(held_out):
        ranked, error = await ask(client, q)
        if second_chance and error and error.split(":", 1)[0] in PASSING:
            ranked, error = await ask(client, q)
        out.append(judged.score(q, ranked, error))
    return out


def report(scored: list[judged.Scored], label: str) -> dict[str, Any]:
    for s in scored:
        m = s.metrics
        if s.question.field == "expertise":
            figures = f"ndcg@5 {m['ndcg@5']:.3f}"
        else:
            figures = (
                f"s@1 {m['success@1']:.0f} s@3 {m['success@3']:.0f} s@5 {m['success@5']:.0f} "
                f"mrr {m['mrr']:.3f} ndcg@5 {m['ndcg@5']:.3f}"
            )
        text = next(iter(s.question.arguments.values()))
        extra = f"  [{s.error}]" if s.error else ""
        print(f"{s.question.id:<5} {figures:<48} {text[:50]!r} -> {s.ranked[:3]}{extra}")
    summary = {f: judged.overall(scored, f) for f in ("expertise", "search")}
    print(f"{label}: expertise {summary['expertise']}")
    print(f"{label}: search    {summary['search']}")
    return summary


async def run(label: str) -> None:
    settings = replace(eval_settings(), debug_cypher=False)
    driver = open_driver(settings)
    try:
        db = Db(driver, settings.neo4j_database, 300.0)
        await migrations.apply(db)
        await loader.load(db)
        # The tests share this database: mark it as theirs, as their session fixture does.
        await db.write("MERGE (:MaillageTestDatabase {key: 'marker'})")
    finally:
        await driver.close()
    graph_expertise.today = lambda: REFERENCE_DAY
    app = create_app(settings)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://eval") as client:
            results = {}
            for part in (False, True):
                scored = await evaluate(client, part)
                name = "held-out" if part else "set"
                results[name] = {
                    "overall": report(scored, f"{label} {name}"),
                    "questions": [
                        {"id": s.question.id, "field": s.question.field,
                         "arguments": dict(s.question.arguments), "ranked": s.ranked,
                         "error": s.error, **s.metrics}
                        for s in scored
                    ],
                }  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"eval-{label}.json"
    path.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"written: {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", default="latest", help="names bench/results/eval-<label>.json")
    args = parser.parse_args()
    asyncio.run(run(args.label))


if __name__ == "__main__":
    main()
