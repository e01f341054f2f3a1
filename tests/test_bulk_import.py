"""The synthetic graph through Neo4j's offline importer: the graph the Bolt writes give, with
the kept counts right, on an instance of its own (the importer needs it stopped)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bench.processes import free_port
from graph import brokers
from graph.db import Db, open_driver, verify
from graph.loading import NODE_LABELS, REL_SHAPES
from scripts import neo4j_server
from seeds import bulk_files, synth
from seeds.loader import to_batches
from seeds.reader import read_seed
from settings import Settings

ACTORS = 300

_NODES = (
    "MATCH (n) WHERE any(label IN labels(n) WHERE label IN $labels) "
    "RETURN n.key AS key, labels(n) AS labels, properties(n) AS props"
)
_RANKING = (
    "MATCH (s:BrokerScores {key: 'partners'}) "
    "RETURN s.keys AS keys, s.betweenness AS betweenness, s.degrees AS degrees, "
    "s.actors AS actors, s.memberships AS memberships, s.sampledSources AS sampled"
)
_RELS = (
    "MATCH (a)-[r]->(b) WHERE type(r) IN $types "
    "RETURN type(r) AS type, a.key AS source, b.key AS target, properties(r) AS props"
)
# Every kept count against a count of the relationships themselves: the nodes where they differ.
_WRONG_COUNTS = (
    "MATCH (n) WHERE "
    "(n:Actor AND (n.agreementCount IS NULL "
    "OR n.agreementCount <> COUNT { (n)-[:PARTY_TO]->(:Agreement) } "
    "OR n.projectCount <> COUNT { (n)-[:PARTICIPATES_IN]->(:Project) })) "
    "OR (n:Agreement AND coalesce(n.partyCount, -1) <> COUNT { (n)<-[:PARTY_TO]-(:Actor) }) "
    "OR (n:Project AND coalesce(n.participantCount, -1) "
    "<> COUNT { (n)<-[:PARTICIPATES_IN]-(:Actor) }) "
    "OR (n:Theme AND coalesce(n.actorCount, -1) <> COUNT { (n)<-[:HAS_COMPETENCY]-(:Actor) }) "
    "RETURN count(n) AS wrong"
)


def _without_load_id(props: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((name, repr(value)) for name, value in props.items() if name != "loadId"))


async def _ranking(db: Db) -> dict[str, Any]:
    """The stored ranking: its totals, and each ranked actor's degree and rounded score."""
    row = (await db.read(_RANKING))[0]
    scores = zip(row["keys"], row["degrees"], row["betweenness"], strict=True)
    return {
        "scores": {key: (degree, round(between, 6)) for key, degree, between in scores},
        **{name: row[name] for name in ("actors", "memberships", "sampled")},
    }


async def _snapshot(db: Db) -> tuple[dict[Any, Any], Counter[Any], int]:
    nodes = await db.read(_NODES, labels=list(NODE_LABELS))
    rels = await db.read(_RELS, types=list(REL_SHAPES))
    wrong = await db.read(_WRONG_COUNTS)
    return (
        {
            (row["key"], tuple(sorted(row["labels"]))): _without_load_id(row["props"])
            for row in nodes
        },
        Counter(
            (row["type"], row["source"], row["target"], _without_load_id(row["props"]))
            for row in rels
        ),
        wrong[0]["wrong"],
    )


async def _offline_snapshot(scratch: Settings) -> tuple[synth.Report, Any, dict[str, Any]]:
    report = await synth.load_with_settings(scratch, ACTORS, 7)
    driver = open_driver(scratch)
    try:
        await verify(driver, scratch)
        db = Db(driver, scratch.neo4j_database, 60.0)
        return report, await _snapshot(db), await _ranking(db)
    finally:
        await driver.close()


async def test_offline_import_gives_the_graph_the_bolt_writes_give(
    empty_db: Db, settings: Settings, tmp_path: Path
) -> None:
    if not settings.provisioned:
        pytest.skip("the offline importer runs on a local instance (NEO4J_URI is set)")
    scratch = replace(
        settings,
        neo4j_instance="synth",
        neo4j_home=tmp_path,
        neo4j_password=None,
        neo4j_bolt_port=free_port(),
        neo4j_http_port=free_port(),
        neo4j_heap="512m",
        neo4j_pagecache="128m",
    )
    try:
        report, offline, offline_ranking = await _offline_snapshot(scratch)
    finally:
        neo4j_server.stop(scratch)
    await synth.write(empty_db, synth.generate(ACTORS, 7), fresh=True)
    bolt = await _snapshot(empty_db)
    await brokers.refresh(empty_db)  # the ranking read back from the graph

    assert report.method == "offline import"
    assert "offline import" in report.seconds
    assert len(offline[0]) > ACTORS
    assert sum(offline[1].values()) > ACTORS
    assert offline[0] == bolt[0]
    assert offline[1] == bolt[1]
    assert offline[2] == 0
    assert bolt[2] == 0
    # The ranking the import computed from the drawn rows is the one the graph gives.
    assert offline_ranking["sampled"] is None  # exact at this size: comparable score by score
    assert offline_ranking == await _ranking(empty_db)
    assert not _import_folders(tmp_path)  # the files are removed


def _import_folders(home: Path) -> list[Path]:
    return list(home.glob("synth/import/synthetic-*"))


def test_values_the_files_cannot_hold_are_left_for_bolt(tmp_path: Path) -> None:
    """The seed holds empty lists and empty texts: they stay out of the files, and are
    kept (with their node's key) for the writes after the import."""
    batches = to_batches(read_seed())
    files = bulk_files.write(batches, tmp_path, "seed", "load")
    written = sum(len(rows) for rows in batches.nodes.values())
    written += sum(len(rows) for rows in batches.rels.values())
    later_rels = sum(len(rows) for rows in files.later.rels.values())
    assert files.rows + later_rels == written
    assert files.later.nodes  # the seed has empty lists (themes without related themes)
    for rows in files.later.nodes.values():
        for row in rows:
            assert row["props"]
            assert all(not bulk_files.fits(v) for v in row["props"].values())
    header = (tmp_path / "nodes-Actor.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("key:ID(Actor),:LABEL,dataset,loadId,")
    assert "foundedYear:long" in header
    assert "sources:string[]" in header
